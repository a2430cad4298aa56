"""REST API for shared resources (/api/v1/resources/...). Scoped by core.access; writes call services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.api_exports import ExportableListMixin
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.viewsets import ArchivedListMixin, archived_list_schema
from workbridge.organizations.models import Organization

from . import selectors, services
from .listing import RESOURCE_COLUMNS
from .models import BaseKind, Booking, Resource, ResourceKind, Sharing, TrainingBase, UsageRecord


class ResourceSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    base_name = serializers.CharField(source="base.name", read_only=True, default="")
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    archive_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "name",
            "kind",
            "owner",
            "owner_name",
            "base",
            "base_name",
            "capacity",
            "value_yuan",
            "sharing",
            "weekly_open_hours",
            "open_from",
            "open_until",
            "requires_approval",
            "is_active",
            "in_service_since",
            "archived_at",
            "archive_reason",
        ]


class UsageSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageRecord
        fields = ["id", "booking", "resource", "used_on", "hours", "users_count", "purpose", "note"]


class BookingSerializer(serializers.ModelSerializer):
    usage = UsageSerializer(read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "resource",
            "owner",
            "requester_org",
            "starts_at",
            "ends_at",
            "purpose",
            "expected_users",
            "status",
            "decision_note",
            "usage",
        ]
        read_only_fields = ["owner", "requester_org", "status", "decision_note", "usage"]


class BookingCreateSerializer(serializers.Serializer):
    resource = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=300)
    expected_users = serializers.IntegerField(min_value=1, default=1)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class UsageCreateSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=6, decimal_places=2)
    users_count = serializers.IntegerField(min_value=1)
    purpose = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResourceIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    base = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="One of your bases.")
    capacity = serializers.IntegerField(min_value=1, default=1)
    value_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    sharing = serializers.ChoiceField(choices=Sharing.choices, default=Sharing.PARTNERS)
    weekly_open_hours = serializers.IntegerField(min_value=1, max_value=168, default=40)
    in_service_since = serializers.DateField()
    requires_approval = serializers.BooleanField(default=True)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class BaseIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=BaseKind.choices)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class BaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingBase
        fields = ["id", "owner", "name", "kind", "address", "description"]


@archived_list_schema
class ResourceViewSet(ActorMixin, ArchivedListMixin, ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    export_name, export_title, export_columns = "resources", _("Shared resources"), RESOURCE_COLUMNS
    serializer_class = ResourceSerializer
    filterset_fields = ["kind", "owner", "base", "sharing"]

    def get_queryset(self):
        return selectors.resources(actor=self.actor, archived=self.archived_filter()).order_by("pk")

    @extend_schema(request=ResourceIn, responses={201: ResourceSerializer})
    def create(self, request):
        """The owner's admin lists a lab, a workshop or a piece of equipment for sharing."""
        body = ResourceIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        base_id = data.pop("base", None)
        data["base"] = selectors.own_base_get(actor=self.actor, pk=base_id) if base_id else None
        item = services.resource_create(actor=self.actor, owner=_own_organization(self.actor), **data)
        return Response(ResourceSerializer(item).data, status=201)


class BaseViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Training bases (实训基地) that group shared resources."""

    serializer_class = BaseSerializer
    queryset = TrainingBase.objects.none()  # the model, for the schema and the permission matrix

    def get_queryset(self):
        return selectors.bases(actor=self.actor).order_by("pk")

    @extend_schema(request=BaseIn, responses={201: BaseSerializer})
    def create(self, request):
        body = BaseIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.base_create(actor=self.actor, owner=_own_organization(self.actor), **body.validated_data)
        return Response(BaseSerializer(item).data, status=201)


def _own_organization(actor) -> Organization:
    owner = Organization.objects.filter(pk=actor.organization_id).first()
    if owner is None:
        raise PermissionDenied(_("Resources belong to an organisation; act in one of your organisations."))
    return owner


class BookingViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BookingSerializer
    filterset_fields = ["resource", "status"]

    def get_queryset(self):
        return selectors.bookings(actor=self.actor).select_related("usage").order_by("starts_at", "pk")

    @extend_schema(request=BookingCreateSerializer, responses=BookingSerializer)
    def create(self, request):
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        booking = services.booking_request(
            actor=self.actor,
            resource_id=d["resource"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            purpose=d["purpose"],
            expected_users=d["expected_users"],
        )
        return Response(BookingSerializer(booking).data, status=201)

    def _decide(self, request, pk, approve):
        booking = selectors.booking_get(actor=self.actor, pk=pk)
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booking = services.booking_decide(
            actor=self.actor, booking=booking, approve=approve, note=body.validated_data["note"]
        )
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=DecisionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, True)

    @extend_schema(request=DecisionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, False)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = selectors.booking_get(actor=self.actor, pk=pk)
        return Response(BookingSerializer(services.booking_cancel(actor=self.actor, booking=booking)).data)

    @extend_schema(request=UsageCreateSerializer, responses=UsageSerializer)
    @action(detail=True, methods=["post"])
    def usage(self, request, pk=None):
        booking = selectors.booking_get(actor=self.actor, pk=pk)
        body = UsageCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        usage = services.usage_record(actor=self.actor, booking=booking, **body.validated_data)
        return Response(UsageSerializer(usage).data, status=201)


class UtilisationApi(ActorMixin, APIView):
    @extend_schema(responses=None)
    def get(self, request):
        """Use of the shared training resources the caller may see: hours used against hours available, users, and
        whether each stands idle."""
        rows = selectors.utilisation_rows(actor=self.actor)
        return Response(
            {
                "results": [
                    {
                        "resource": r.resource.pk,
                        "name": r.resource.name,
                        "base": r.resource.base_id,
                        "used_hours": round(r.used_hours, 2),
                        "available_hours": round(r.available_hours, 2),
                        "utilisation": None if r.share is None else round(r.share, 4),
                        "users": r.users,
                        "idle": r.idle,
                    }
                    for r in rows
                ],
                "bases": [
                    {
                        "base": b.base.pk if b.base else None,
                        "name": b.base.name if b.base else "",
                        "resources": b.resources,
                        "used_hours": round(b.used_hours, 2),
                        "available_hours": round(b.available_hours, 2),
                        "utilisation": None if b.share is None else round(b.share, 4),
                        "idle": b.idle,
                    }
                    for b in selectors.base_utilisation(actor=self.actor)
                ],
            }
        )
