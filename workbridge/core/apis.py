"""Core API: API tokens, spreadsheet imports and the audit log."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from workbridge.organizations import services as org_services

from . import importing, selectors
from . import permission_rules as rules
from .api import ActorMixin
from .exceptions import ImportFailed, NotFound, PermissionDenied, ValidationFailed
from .models import AuditLog, ImportJob
from .uploads import validate_upload
from .viewsets import ScopedViewSet


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenView(APIView):
    """Exchange a user name and password for a new API token (the previous one stops working).

    Login rate limiting applies: repeated failures lock the user name for this address.
    """

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer, responses=inline_serializer("Token", {"token": serializers.CharField()})
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            raise PermissionDenied("Wrong user name or password (or too many attempts: wait and try again).")
        token = org_services.api_token_rotate(user=user)
        return Response({"token": token.key})


class ImportJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "filename",
            "status",
            "total_rows",
            "create_count",
            "update_count",
            "error_count",
            "errors",
            "preview",
            "created_at",
            "committed_at",
        ]


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    file = serializers.FileField()
    commit = serializers.BooleanField(default=False, help_text="Import at once when the file has no errors.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [i.kind for i in importing.all_importers()]

    def validate_file(self, upload):
        try:
            validate_upload(upload, purpose="spreadsheet", keep_name=True)
        except ValidationFailed as exc:
            raise serializers.ValidationError(exc.message) from None
        return upload


class ImportJobViewSet(ScopedViewSet):
    """Spreadsheet imports: POST a file to preview it (per-row errors), then POST .../commit/ (all or nothing).

    Errors use HTTP 400 with ``code: import_failed`` and ``errors: [{row, column, reason}]``.
    """

    queryset = ImportJob.objects.none()
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["kind", "status"]
    http_method_names = ["get", "post", "head", "options"]

    @staticmethod
    def selector(*, actor):
        return selectors.import_job_list(actor=actor)

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        importing.get_importer(data["kind"]).check_permission(self.actor)
        job, plan = importing.import_preview(actor=self.actor, kind=data["kind"], uploaded=data["file"])
        if plan.errors:
            raise ImportFailed(
                f"Nothing was imported: {len(plan.errors)} problem(s) in the file.",
                errors=[e.as_dict() for e in plan.errors[: importing.MAX_STORED_ERRORS]],
            )
        if data["commit"]:
            job = importing.import_commit(actor=self.actor, job=job)
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ImportJobSerializer)
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        job = self.get_object()
        if job.status != ImportJob.Status.PREVIEWED:
            raise ValidationFailed("Only a previewed import without errors can be committed.")
        job = importing.import_commit(actor=self.actor, job=job)
        return Response(ImportJobSerializer(job).data)


class AuditLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "organization_id",
            "summary",
            "data",
        ]


class AuditLogViewSet(ScopedViewSet):
    """The audit log: platform admins read everything, organisation admins their organisation's entries."""

    queryset = AuditLog.objects.none()
    serializer_class = AuditLogSerializer
    filterset_fields = ["action", "target_type", "target_id"]
    http_method_names = ["get", "head", "options"]

    @staticmethod
    def selector(*, actor):
        if rules.reads_all_audit(actor):
            return AuditLog.objects.all()
        if rules.reads_own_audit(actor):
            return AuditLog.objects.filter(organization_id=actor.organization_id)
        raise PermissionDenied("Only admins read the audit log.")


class ArchiveIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ArchiveAction(ActorMixin, APIView):
    @extend_schema(request=ArchiveIn, responses={200: dict}, operation_id="archive_action")
    def post(self, request, kind, pk, action):
        """``archive`` (body: reason) or ``restore`` an agreement, project, position, resource or organisation;
        answers {"kind", "id", "archived_at", "archive_reason"}."""
        from .services import record_archive, record_restore

        if action == "archive":
            reason = ArchiveIn(data=request.data)
            reason.is_valid(raise_exception=True)
            obj = record_archive(actor=self.actor, kind=kind, pk=pk, reason=reason.validated_data["reason"])
        elif action == "restore":
            obj = record_restore(actor=self.actor, kind=kind, pk=pk)
        else:
            raise NotFound(_("No such page."))
        return Response(
            {"kind": kind, "id": obj.pk, "archived_at": obj.archived_at, "archive_reason": obj.archive_reason}
        )
