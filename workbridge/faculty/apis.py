"""REST API for dual-qualified teachers (/api/v1/faculty/...). Scoped by core.access; writes call services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.academics.models import Course
from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.organizations.models import Organization

from . import selectors, services
from .models import EnterpriseLecturer, LecturerTeaching, PracticeRecord, Qualification


def _row_data(row) -> dict:
    p = row.progress
    return {
        "teacher": row.teacher.pk,
        "name": row.teacher.name,
        "school": row.teacher.school_id,
        "status": p.status,
        "window_start": p.window_start,
        "window_end": p.window_end,
        "credited_days": p.credited_days,
        "required_days": p.required_days,
        "shortfall_days": p.shortfall_days,
        "expected_days": p.expected_days,
        "projected_days": p.projected_days,
        "drops_below_on": p.drops_below_on,
        "deadline": p.deadline,
        "level": row.recognition.level,
        "checks": [
            {"level": c.level, "kind": c.kind, "required": c.required, "found": c.found, "met": c.met}
            for c in row.recognition.checks
        ],
    }


class RecognitionCheckOut(serializers.Serializer):
    """Schema of one recognition check in _row_data (documentation only)."""

    level = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.FloatField()
    found = serializers.FloatField()
    met = serializers.BooleanField()


class ProgressRowOut(serializers.Serializer):
    """Schema of _row_data (documentation only)."""

    teacher = serializers.IntegerField()
    name = serializers.CharField()
    school = serializers.IntegerField()
    status = serializers.CharField()
    window_start = serializers.DateField()
    window_end = serializers.DateField()
    credited_days = serializers.FloatField()
    required_days = serializers.IntegerField()
    shortfall_days = serializers.IntegerField()
    expected_days = serializers.FloatField()
    projected_days = serializers.FloatField()
    drops_below_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    checks = RecognitionCheckOut(many=True)


@extend_schema_serializer(many=False)
class ProgressListOut(serializers.Serializer):
    results = ProgressRowOut(many=True)


class ProgressViewSet(ActorMixin, viewsets.ViewSet):
    """Practice progress and recognition level per teacher (computed, read-only)."""

    @extend_schema(
        responses=ProgressListOut,
        operation_id="v1_faculty_progress_list",
        parameters=[
            OpenApiParameter("status", str, description="Only teachers with this practice status."),
            OpenApiParameter(
                "format",
                str,
                enum=["json", "xlsx", "csv"],
                description="xlsx or csv: the same rows as a file (the page's export).",
            ),
        ],
    )
    def list(self, request):
        from workbridge.core.listing import EXPORT_FORMATS, export_response

        from .listing import TEACHER_COLUMNS

        rows = selectors.teacher_rows(actor=self.actor, status=request.query_params.get("status"))
        fmt = request.query_params.get("format", "json")
        if fmt in EXPORT_FORMATS:
            return export_response(
                fmt,
                name="teachers-practice",
                title=_("Teachers' enterprise practice"),
                columns=TEACHER_COLUMNS,
                rows=rows,
            )
        return Response({"results": [_row_data(r) for r in rows]})

    @extend_schema(responses=ProgressRowOut, parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    def retrieve(self, request, pk=None):
        return Response(_row_data(selectors.teacher_row(actor=self.actor, teacher_id=pk)))


class PracticeRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeRecord
        fields = [
            "id",
            "teacher",
            "school",
            "enterprise",
            "project",
            "start_date",
            "end_date",
            "days",
            "tasks",
            "status",
            "confirmed_at",
            "enterprise_comment",
        ]
        read_only_fields = ["school", "status", "confirmed_at", "enterprise_comment"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _org(pk, kind) -> Organization:
    org = Organization.objects.filter(pk=pk, kind=kind).first()
    if org is None:
        raise ValidationFailed(f"Unknown {kind} {pk}.", errors={kind: ["unknown"]})
    return org


class PracticeRecordViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = PracticeRecordSerializer
    filterset_fields = ["teacher", "enterprise", "status"]

    def get_queryset(self):
        return selectors.practice_records(actor=self.actor).order_by("-start_date", "pk")

    def create(self, request):
        body = PracticeRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        teacher = selectors.teacher_get(actor=self.actor, pk=d["teacher"].pk)
        record = services.practice_record_submit(
            actor=self.actor,
            teacher=teacher,
            enterprise=_org(d["enterprise"].pk, "enterprise"),
            start_date=d["start_date"],
            end_date=d["end_date"],
            days=d["days"],
            tasks=d["tasks"],
            project=d.get("project"),
        )
        return Response(PracticeRecordSerializer(record).data, status=201)

    def _decide(self, request, pk, confirm):
        record = selectors.practice_record_get(actor=self.actor, pk=pk)
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.practice_record_decide(
            actor=self.actor, record=record, confirm=confirm, comment=body.validated_data["comment"]
        )
        return Response(PracticeRecordSerializer(record).data)

    @extend_schema(request=CommentSerializer, responses=PracticeRecordSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, pk, True)

    @extend_schema(request=CommentSerializer, responses=PracticeRecordSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, False)


class QualificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Qualification
        fields = [
            "id",
            "teacher",
            "kind",
            "name",
            "level",
            "issuer",
            "certificate_number",
            "issued_on",
            "expires_on",
            "verified",
        ]
        read_only_fields = ["verified"]


class QualificationViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = QualificationSerializer
    filterset_fields = ["teacher", "level", "verified"]

    def get_queryset(self):
        return selectors.qualifications(actor=self.actor).order_by("pk")

    def create(self, request):
        body = QualificationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        teacher = selectors.teacher_get(actor=self.actor, pk=d.pop("teacher").pk)
        item = services.qualification_add(actor=self.actor, teacher=teacher, **d)
        return Response(QualificationSerializer(item).data, status=201)

    @extend_schema(request=None, responses=QualificationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The school admin marks a qualification as checked against the original certificate."""
        item = services.qualification_verify(actor=self.actor, qualification=self.get_object())
        return Response(QualificationSerializer(item).data)


class LecturerSerializer(serializers.ModelSerializer):
    total_hours = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = EnterpriseLecturer
        fields = [
            "id",
            "enterprise",
            "school",
            "name",
            "position",
            "expertise",
            "engaged_from",
            "engaged_until",
            "total_hours",
        ]


class TeachingSerializer(serializers.ModelSerializer):
    class Meta:
        model = LecturerTeaching
        fields = ["id", "lecturer", "school", "enterprise", "course", "term", "hours", "taught_on"]


class LecturerInput(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1, help_text="An approved enterprise.")
    name = serializers.CharField(max_length=60)
    position = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    expertise = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    engaged_from = serializers.DateField()
    engaged_until = serializers.DateField(required=False, allow_null=True)


class TeachingInput(serializers.Serializer):
    course = serializers.IntegerField(min_value=1, help_text="A course of the lecturer's school.")
    term = serializers.CharField(max_length=12, help_text="e.g. 2025-2026-1")
    hours = serializers.IntegerField(min_value=1, max_value=2000)
    taught_on = serializers.DateField()


class LecturerViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LecturerSerializer

    def get_queryset(self):
        return selectors.lecturers(actor=self.actor).order_by("pk")

    @extend_schema(request=LecturerInput, responses={201: LecturerSerializer})
    def create(self, request):
        """The school engages a member of an enterprise's staff as a part-time lecturer (产业导师)."""
        body = LecturerInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        school = Organization.objects.filter(pk=self.actor.organization_id, kind="school").first()
        if school is None:
            raise PermissionDenied(_("A school admin engages lecturers for the school."))
        enterprise = _org(d.pop("enterprise"), "enterprise")
        item = services.lecturer_add(actor=self.actor, school=school, enterprise=enterprise, **d)
        return Response(LecturerSerializer(item).data, status=201)

    @extend_schema(request=TeachingInput, responses={201: TeachingSerializer})
    @action(detail=True, methods=["post"])
    def teaching(self, request, pk=None):
        """Record the hours a lecturer taught a course in a term."""
        lecturer = self.get_object()
        body = TeachingInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        course = Course.objects.filter(pk=d.pop("course"), school_id=lecturer.school_id).first()
        if course is None:
            raise ValidationFailed(_("Choose a course of the lecturer's school."), errors={"course": [_("Unknown.")]})
        item = services.lecturer_teaching_record(actor=self.actor, lecturer=lecturer, course=course, **d)
        return Response(TeachingSerializer(item).data, status=201)


class AlertsSendApi(ActorMixin, APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request):
        """Remind every teacher of the school who is behind on enterprise practice (a school admin's action)."""
        created = services.practice_alerts_send(actor=self.actor, school_id=self.actor.organization_id)
        return Response({"sent": len(created)})


class TeachingViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TeachingSerializer
    filterset_fields = ["lecturer", "school", "enterprise", "term"]

    def get_queryset(self):
        return selectors.lecturer_teaching(actor=self.actor).order_by("pk")


class SharesApi(ActorMixin, APIView):
    @extend_schema(responses=None)
    def get(self, request):
        """The share of dual-qualified teachers among professional-course teachers per school the caller may see, by
        level, with the schools behind the target, and in total."""
        rows, total = selectors.dual_qualified_share(actor=self.actor)

        def data(r):
            return {
                "school": r.school_id,
                "name": r.school_name,
                "professional": r.professional,
                "dual": r.dual,
                "share": None if r.share is None else round(r.share, 4),
                "by_level": r.by_level,
                "behind": r.behind,
            }

        return Response({"results": [data(r) for r in rows], "total": data(total)})
