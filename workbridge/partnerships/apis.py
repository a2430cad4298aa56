"""REST API of the partnerships app (/api/v1/agreements/, /projects/, ...). Reads go through selectors (scoped),
writes through services; objects outside the actor's scope are 404, forbidden actions 403."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from workbridge.academics import selectors as academic_selectors
from workbridge.academics.models import Major, Student, Teacher
from workbridge.core.api import ActorMixin
from workbridge.core.api_exports import ExportableListMixin
from workbridge.core.exceptions import NotFound, ValidationFailed
from workbridge.core.roles import OrgKind
from workbridge.core.uploads import serve_upload
from workbridge.core.viewsets import ArchivedListMixin, archived_list_schema
from workbridge.organizations.models import Organization, User

from . import permissions as perms
from . import selectors, services
from .listing import AGREEMENT_COLUMNS, PROJECT_COLUMNS
from .models import (
    Agreement,
    AgreementClause,
    AgreementStatus,
    ClauseKind,
    ClauseParty,
    Milestone,
    OutputKind,
    ParticipantRole,
    Project,
    ProjectOutput,
    ProjectParticipant,
    ProjectStatus,
    ProjectType,
)
from .timeline import collect_timeline

# ---------------------------------------------------------------- serializers


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ClauseSerializer(serializers.ModelSerializer):
    party = serializers.ChoiceField(choices=ClauseParty.choices)
    kind = serializers.ChoiceField(choices=ClauseKind.choices)

    class Meta:
        model = AgreementClause
        fields = ["position", "party", "kind", "text"]
        read_only_fields = ["position"]


class RenewSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, help_text="Defaults to the old title.")
    start_date = serializers.DateField(required=False, help_text="Defaults to the day after the old end (or today).")
    end_date = serializers.DateField(required=False, help_text="Defaults to as long a term as the old one.")
    carry_project_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=500,
        help_text="Planned or running projects that move to the renewal; all by default.",
    )


class AgreementSerializer(serializers.ModelSerializer):
    school = PartySerializer(read_only=True)
    enterprise = PartySerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    clauses = ClauseSerializer(many=True, read_only=True)
    signed_file_url = serializers.SerializerMethodField()
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    archive_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "school",
            "enterprise",
            "scope",
            "start_date",
            "end_date",
            "status",
            "status_label",
            "signed_on",
            "signed_file_url",
            "termination_reason",
            "expiry_reminder_sent_on",
            "renews",
            "clauses",
            "created_at",
            "updated_at",
            "archived_at",
            "archive_reason",
        ]

    def get_signed_file_url(self, obj) -> str | None:
        return reverse("agreement-signed-file", args=[obj.pk]) if obj.signed_file else None


class AgreementWriteSerializer(serializers.Serializer):
    school = serializers.IntegerField(required=False, help_text="School id; defaults to the acting school.")
    enterprise = serializers.IntegerField(required=False, help_text="Enterprise id; defaults to the acting enterprise.")
    title = serializers.CharField(max_length=200)
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    clauses = ClauseSerializer(many=True, required=False)


class AgreementUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    scope = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    clauses = ClauseSerializer(many=True, required=False)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    signed_file = serializers.FileField(required=False)


class TerminateSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ProjectSerializer(serializers.ModelSerializer):
    school = PartySerializer(read_only=True)
    enterprise = PartySerializer(read_only=True)
    type_label = serializers.CharField(source="get_project_type_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    majors = serializers.SerializerMethodField()
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    archive_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "agreement",
            "school",
            "enterprise",
            "project_type",
            "type_label",
            "title",
            "description",
            "start_date",
            "end_date",
            "status",
            "status_label",
            "details",
            "majors",
            "created_at",
            "updated_at",
            "archived_at",
            "archive_reason",
        ]

    def get_majors(self, obj) -> list[dict]:
        return [{"id": m.pk, "code": m.code, "name": m.name} for m in obj.majors.all()]


class ProjectWriteSerializer(serializers.Serializer):
    agreement = serializers.IntegerField()
    project_type = serializers.ChoiceField(choices=ProjectType.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    details = serializers.DictField(required=False, default=dict)
    majors = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class ProjectUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    details = serializers.DictField(required=False)
    majors = serializers.ListField(child=serializers.IntegerField(), required=False)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices)


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ProjectParticipant
        fields = ["id", "project", "role", "role_label", "student", "teacher", "staff_user", "name", "duty"]

    def get_name(self, obj) -> str:
        if obj.student_id:
            return obj.student.name
        if obj.teacher_id:
            return obj.teacher.name
        return obj.staff_name


class ParticipantWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    student = serializers.IntegerField(required=False, allow_null=True)
    teacher = serializers.IntegerField(required=False, allow_null=True)
    staff_user = serializers.IntegerField(required=False, allow_null=True)
    staff_name = serializers.CharField(required=False, allow_blank=True, default="")
    duty = serializers.CharField(required=False, allow_blank=True, default="")


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "due_date", "done_on"]
        read_only_fields = ["done_on"]


class MilestoneWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


class MilestoneCompleteSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False)


class OutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = ProjectOutput
        fields = ["id", "project", "kind", "kind_label", "quantity", "recorded_on", "note", "file_url"]

    def get_file_url(self, obj) -> str | None:
        return reverse("partnerships:output-file", args=[obj.pk]) if obj.file else None


class OutputWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OutputKind.choices)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2)
    recorded_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    file = serializers.FileField(required=False)


class PairSerializer(serializers.Serializer):
    school_id = serializers.IntegerField()
    school_name = serializers.CharField(source="school__name")
    enterprise_id = serializers.IntegerField()
    enterprise_name = serializers.CharField(source="enterprise__name")
    agreements = serializers.IntegerField()
    live = serializers.IntegerField()
    since = serializers.DateField()
    until = serializers.DateField()


class TimelineEventSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    source = serializers.CharField()
    tone = serializers.CharField()


# ---------------------------------------------------------------- filters


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices)
    school = django_filters.NumberFilter(field_name="school_id")
    enterprise = django_filters.NumberFilter(field_name="enterprise_id")
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    end_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte")
    expiring_within = django_filters.NumberFilter(method="filter_expiring", label="Live and ending within N days")

    class Meta:
        model = Agreement
        fields = ["status", "school", "enterprise"]

    def filter_expiring(self, queryset, name, value):
        return queryset.expiring_within(int(value))


class ProjectFilter(django_filters.FilterSet):
    project_type = django_filters.ChoiceFilter(choices=ProjectType.choices)
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    agreement = django_filters.NumberFilter(field_name="agreement_id")
    school = django_filters.NumberFilter(field_name="school_id")
    enterprise = django_filters.NumberFilter(field_name="enterprise_id")
    major = django_filters.NumberFilter(field_name="majors__id")

    class Meta:
        model = Project
        fields = ["project_type", "status", "agreement", "school", "enterprise"]


# ---------------------------------------------------------------- helpers


def _org(actor, pk, kind: str) -> Organization:
    try:
        return selectors.party_get(actor=actor, pk=pk, kind=kind)
    except NotFound:
        message = _("No such school: %(pk)s.") if kind == OrgKind.SCHOOL else _("No such enterprise: %(pk)s.")
        raise ValidationFailed(message % {"pk": pk}, errors={kind: [message % {"pk": pk}]}) from None


_GETTERS = {
    Project: selectors.project_get,
    Student: academic_selectors.student_get,
    Teacher: academic_selectors.teacher_get,
}


def _related(actor, model, pk, field: str):
    """A project, student or teacher named in a request body, if the actor may reach it; else a 400 naming the
    field (the same rows the pages offer, through their selectors)."""
    if pk in (None, ""):
        return None
    try:
        return _GETTERS[model](actor=actor, pk=pk)
    except NotFound:
        message = _("No such %(thing)s: %(pk)s.") % {"thing": model._meta.verbose_name, "pk": pk}
        raise ValidationFailed(message, errors={field: [message]}) from None


def _file_response(field_file, filename_hint: str):
    return serve_upload(field_file, download_name=filename_hint)


# ---------------------------------------------------------------- viewsets


@archived_list_schema
class AgreementViewSet(
    ActorMixin,
    ArchivedListMixin,
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Framework agreements between a school and an enterprise."""

    export_name, export_title, export_columns = "agreements", gettext_lazy("Agreements"), AGREEMENT_COLUMNS
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    search_fields = ["title", "enterprise__name", "school__name"]
    ordering_fields = ["start_date", "end_date", "title", "id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.agreement_list(actor=self.actor, archived=self.archived_filter()).prefetch_related("clauses")

    def get_object(self):
        return selectors.agreement_get(actor=self.actor, pk=self.kwargs["pk"])

    @extend_schema(request=AgreementWriteSerializer, responses={201: AgreementSerializer})
    def create(self, request):
        perms.require_drafter(self.actor, _("Only school and enterprise admins draft agreements."))
        data = AgreementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        actor = self.actor
        own_school, own_enterprise = perms.default_parties(actor)
        school_id = v.get("school") or own_school
        enterprise_id = v.get("enterprise") or own_enterprise
        if not school_id or not enterprise_id:
            raise ValidationFailed("Name both parties (school and enterprise).", errors={"school": ["Required."]})
        agreement = services.agreement_create(
            actor=actor,
            school=_org(actor, school_id, OrgKind.SCHOOL),
            enterprise=_org(actor, enterprise_id, OrgKind.ENTERPRISE),
            title=v["title"],
            scope=v.get("scope", ""),
            start_date=v["start_date"],
            end_date=v["end_date"],
            clauses=v.get("clauses", []),
        )
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgreementUpdateSerializer, responses=AgreementSerializer)
    def partial_update(self, request, pk=None):
        agreement = self.get_object()
        data = AgreementUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_update(actor=self.actor, agreement=agreement, **data.validated_data)
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(request=SignSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        agreement = self.get_object()  # 404 outside the actor's scope, before the input is judged
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_sign(
            actor=self.actor,
            agreement=agreement,
            signed_on=data.validated_data["signed_on"],
            signed_file=data.validated_data.get("signed_file"),
        )
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        agreement = services.agreement_activate(actor=self.actor, agreement=self.get_object())
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(
        request=RenewSerializer,
        responses={201: AgreementSerializer},
        examples=[
            OpenApiExample(
                "Renew for three years, carrying one project",
                value={"start_date": "2027-01-01", "end_date": "2029-12-31", "carry_project_ids": [12]},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Renew before or after the end: a draft successor with the same parties, scope and clauses."""
        agreement = self.get_object()
        data = RenewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        successor = services.agreement_renew(
            actor=self.actor,
            agreement=agreement,
            start_date=d.get("start_date"),
            end_date=d.get("end_date"),
            carry_project_ids=d.get("carry_project_ids"),
            title=d.get("title"),
        )
        return Response(AgreementSerializer(successor).data, status=201)

    @extend_schema(request=TerminateSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        agreement = self.get_object()
        data = TerminateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_terminate(
            actor=self.actor, agreement=agreement, reason=data.validated_data["reason"]
        )
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="signed-file", url_name="signed-file")
    def signed_file(self, request, pk=None):
        return _file_response(self.get_object().signed_file, "agreement")


@archived_list_schema
class ProjectViewSet(
    ActorMixin,
    ArchivedListMixin,
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Cooperation projects under an agreement (order classes, apprenticeships, bases, R&D ...)."""

    export_name, export_title, export_columns = "projects", gettext_lazy("Cooperation projects"), PROJECT_COLUMNS
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["title", "enterprise__name"]
    ordering_fields = ["start_date", "title", "id"]

    def get_queryset(self):
        return selectors.project_list(actor=self.actor, archived=self.archived_filter()).prefetch_related("majors")

    def get_object(self):
        return selectors.project_get(actor=self.actor, pk=self.kwargs["pk"])

    def _majors(self, school_id, ids):
        # Majors of the agreement's school (the enterprise party may name them too); others are unknown.
        majors = list(Major.objects.filter(pk__in=ids, school_id=school_id))
        if len(majors) != len(set(ids)):
            raise ValidationFailed("Unknown major in the list.", errors={"majors": ["Unknown major."]})
        return majors

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request):
        perms.require_drafter(self.actor, _("Only school and enterprise admins start projects."))
        data = ProjectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            agreement = selectors.agreement_get(actor=self.actor, pk=v["agreement"])
        except NotFound:
            raise ValidationFailed(f"Unknown agreement {v['agreement']}.", errors={"agreement": ["Unknown."]}) from None
        project = services.project_create(
            actor=self.actor,
            agreement=agreement,
            project_type=v["project_type"],
            title=v["title"],
            description=v["description"],
            start_date=v["start_date"],
            end_date=v["end_date"],
            details=v["details"],
            majors=self._majors(agreement.school_id, v["majors"]),
        )
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectUpdateSerializer, responses=ProjectSerializer)
    def partial_update(self, request, pk=None):
        project = self.get_object()
        data = ProjectUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        if "majors" in v:
            v["majors"] = self._majors(project.school_id, v["majors"])
        project = services.project_update(actor=self.actor, project=project, **v)
        return Response(ProjectSerializer(project).data)

    @extend_schema(request=StatusSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        project = self.get_object()
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_transition(
            actor=self.actor, project=project, to_status=data.validated_data["status"]
        )
        return Response(ProjectSerializer(project).data)


class ProjectChildFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id")


class ParticipantViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = ParticipantSerializer
    filterset_class = ProjectChildFilter

    def get_queryset(self):
        return selectors.participant_list(actor=self.actor)

    def get_object(self):
        return selectors.participant_get(actor=self.actor, pk=self.kwargs["pk"])

    @extend_schema(request=ParticipantWriteSerializer, responses={201: ParticipantSerializer})
    def create(self, request):
        data = ParticipantWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        actor = self.actor
        project = _related(actor, Project, v["project"], "project")
        participant = services.participant_add(
            actor=actor,
            project=project,
            role=v["role"],
            student=_related(actor, Student, v.get("student"), "student"),
            teacher=_related(actor, Teacher, v.get("teacher"), "teacher"),
            staff_user=_staff_user(project, v.get("staff_user")),
            staff_name=v["staff_name"],
            duty=v["duty"],
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.participant_remove(actor=self.actor, participant=instance)


def _staff_user(project, pk):
    if pk in (None, ""):
        return None
    user = User.objects.filter(pk=pk, memberships__organization_id=project.enterprise_id).first()
    if user is None:
        raise ValidationFailed(
            "That person does not work for the project's enterprise.", errors={"staff_user": ["Unknown."]}
        )
    return user


class MilestoneViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = MilestoneSerializer
    filterset_class = ProjectChildFilter

    def get_queryset(self):
        return selectors.milestone_list(actor=self.actor)

    def get_object(self):
        return selectors.milestone_get(actor=self.actor, pk=self.kwargs["pk"])

    @extend_schema(request=MilestoneWriteSerializer, responses={201: MilestoneSerializer})
    def create(self, request):
        data = MilestoneWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        project = _related(self.actor, Project, v["project"], "project")
        milestone = services.milestone_add(actor=self.actor, project=project, title=v["title"], due_date=v["due_date"])
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneCompleteSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        milestone = self.get_object()
        data = MilestoneCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_complete(
            actor=self.actor, milestone=milestone, done_on=data.validated_data.get("done_on")
        )
        return Response(MilestoneSerializer(milestone).data)

    def perform_destroy(self, instance):
        services.milestone_remove(actor=self.actor, milestone=instance)


class OutputViewSet(
    ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = OutputSerializer
    filterset_class = ProjectChildFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.output_list(actor=self.actor)

    def get_object(self):
        return selectors.output_get(actor=self.actor, pk=self.kwargs["pk"])

    @extend_schema(request=OutputWriteSerializer, responses={201: OutputSerializer})
    def create(self, request):
        data = OutputWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        project = _related(self.actor, Project, v["project"], "project")
        output = services.output_record(
            actor=self.actor,
            project=project,
            kind=v["kind"],
            quantity=v["quantity"],
            recorded_on=v["recorded_on"],
            note=v["note"],
            file=v.get("file"),
        )
        return Response(OutputSerializer(output).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.output_remove(actor=self.actor, output=instance)


class PartnershipViewSet(ActorMixin, viewsets.GenericViewSet):
    """School-enterprise pairs and their timelines."""

    serializer_class = PairSerializer

    def get_queryset(self):
        return selectors.partnership_pairs(actor=self.actor, q=self.request.query_params.get("search") or None)

    def filter_queryset(self, queryset):
        return queryset  # the pair list is an aggregate; search is handled in get_queryset

    @extend_schema(parameters=[OpenApiParameter("search", str)])
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PairSerializer(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("school", int, required=True), OpenApiParameter("enterprise", int, required=True)],
        responses=TimelineEventSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def timeline(self, request):
        try:
            school_id = int(request.query_params.get("school", ""))
            enterprise_id = int(request.query_params.get("enterprise", ""))
        except ValueError:
            raise ValidationFailed("Give school and enterprise ids.", errors={"school": ["Required."]}) from None
        selectors.partnership_pair(actor=self.actor, school_id=school_id, enterprise_id=enterprise_id)
        events = collect_timeline(self.actor, school_id, enterprise_id)
        return Response(TimelineEventSerializer(events, many=True).data)
