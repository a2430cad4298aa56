"""REST API for 1+X certificates (/api/v1/certificates/...). Scoped by core.access; writes call services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.api_exports import ExportableListMixin

from . import selectors, services
from .listing import REGISTRATION_COLUMNS
from .models import Certificate, CourseMapping, Registration


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["id", "code", "name", "level", "issuer", "batch", "field", "source"]


class CatalogueViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer
    filterset_fields = ["level", "batch"]

    def get_queryset(self):
        return selectors.catalogue(actor=self.actor, q=self.request.query_params.get("q", "")).order_by("name", "level")


class MappingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseMapping
        fields = ["id", "school", "course", "certificate", "kind", "credits", "note"]
        read_only_fields = ["school"]


class MappingViewSet(ActorMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = MappingSerializer

    def get_queryset(self):
        return selectors.mappings(actor=self.actor).order_by("pk")

    def create(self, request):
        body = MappingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        item = services.mapping_add(
            actor=self.actor,
            course_id=d["course"].pk,
            certificate_id=d["certificate"].pk,
            kind=d.get("kind", "embed"),
            credits=d.get("credits", 0),
            note=d.get("note", ""),
        )
        return Response(MappingSerializer(item).data, status=201)


@extend_schema_serializer(component_name="CertificateRegistration")  # distinct from another app's schema component
class RegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = [
            "id",
            "school",
            "student",
            "major",
            "certificate",
            "exam_date",
            "result",
            "score",
            "certificate_number",
        ]
        read_only_fields = ["school", "major", "result", "score", "certificate_number"]


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["passed", "failed", "absent"])
    score = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)
    certificate_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class RegistrationViewSet(
    ActorMixin,
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    export_name, export_title, export_columns = "1x-registrations", _("1+X registrations"), REGISTRATION_COLUMNS
    serializer_class = RegistrationSerializer
    filterset_fields = ["certificate", "result", "major"]

    def get_queryset(self):
        return selectors.registrations(actor=self.actor).order_by("pk")

    def create(self, request):
        body = RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        item = services.registration_create(
            actor=self.actor, student_id=d["student"].pk, certificate_id=d["certificate"].pk, exam_date=d["exam_date"]
        )
        return Response(RegistrationSerializer(item).data, status=201)

    @extend_schema(request=ResultSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        item = selectors.registration_get(actor=self.actor, pk=pk)
        body = ResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.result_record(actor=self.actor, registration=item, **body.validated_data)
        return Response(RegistrationSerializer(item).data)


class PassRatesApi(ActorMixin, APIView):
    @extend_schema(responses=None)
    def get(self, request):
        """Pass rates of 1+X certificate exams the caller may see, by major (default), school or certificate (?by=), for
        one year (?year=) or all: sat, passed, failed, absent, pending and the rate per row and in total."""
        by = request.query_params.get("by", "major")
        if by not in ("major", "school", "certificate"):
            by = "major"
        year = request.query_params.get("year")
        rows, total = selectors.pass_rates(actor=self.actor, by=by, year=int(year) if year and year.isdigit() else None)

        def data(r):
            return {
                "sat": r.sat,
                "passed": r.passed,
                "failed": r.failed,
                "absent": r.absent,
                "pending": r.pending,
                "rate": None if r.rate is None else round(r.rate, 4),
            }

        return Response(
            {"by": by, "results": [{"id": r.key, "label": r.label, **data(r.rate)} for r in rows], "total": data(total)}
        )
