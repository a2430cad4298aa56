"""REST API for R&D (/api/v1/research/...). Scoped by core.access; writes call services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workbridge.core.api import ActorMixin
from workbridge.core.api_exports import ExportableListMixin

from . import selectors, services
from .listing import PROBLEM_COLUMNS, PROJECT_COLUMNS
from .models import Proposal, RndMilestone, RndOutcome, RndProject, TechnicalProblem


class ProblemSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnicalProblem
        fields = ["id", "enterprise", "title", "description", "budget_yuan", "respond_by", "status", "created_at"]
        read_only_fields = ["enterprise", "status", "created_at"]


class ProblemViewSet(
    ActorMixin,
    ExportableListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    export_name, export_title, export_columns = "technical-problems", _("Technical problems"), PROBLEM_COLUMNS
    serializer_class = ProblemSerializer
    filterset_fields = ["status", "enterprise"]

    def get_queryset(self):
        return selectors.problems(actor=self.actor).order_by("-created_at", "pk")

    def create(self, request):
        body = ProblemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.problem_post(actor=self.actor, **body.validated_data)
        return Response(ProblemSerializer(item).data, status=201)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        """Ranked teachers of the caller's school for this problem, each with the matched skills and their sources."""
        problem = selectors.problem(actor=self.actor, pk=pk)
        found = selectors.suggestions(actor=self.actor, problem=problem)
        return Response(
            {
                "skills": [{"id": k, "name": n, "weight": w} for k, (n, w) in found["skills"].items()],
                "candidates": [
                    {
                        "teacher": c.teacher_id,
                        "name": c.name,
                        "score": c.score,
                        "missing": list(c.missing),
                        "matched": [
                            {"skill": m.skill_id, "name": m.skill_name, "sources": list(m.sources)} for m in c.matched
                        ],
                    }
                    for c in found["candidates"]
                ],
                "team": {
                    "members": [m.teacher_id for m in found["team"].members],
                    "coverage": found["team"].coverage,
                    "uncovered": list(found["team"].uncovered),
                },
            }
        )


class ProposalSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "problem",
            "school",
            "enterprise",
            "lead",
            "team",
            "approach",
            "price_yuan",
            "duration_days",
            "status",
        ]
        read_only_fields = ["school", "enterprise", "status"]


class ProposalCreateSerializer(serializers.Serializer):
    problem = serializers.IntegerField()
    lead = serializers.IntegerField()
    team = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    approach = serializers.CharField()
    price_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    duration_days = serializers.IntegerField(min_value=1)


class AcceptSerializer(serializers.Serializer):
    contract_number = serializers.CharField(max_length=60)
    signed_on = serializers.DateField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    contract_value_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)


@extend_schema_serializer(component_name="RndProject")  # distinct from another app's schema component
class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = RndProject
        fields = [
            "id",
            "problem",
            "proposal",
            "school",
            "enterprise",
            "title",
            "contract_number",
            "contract_value_yuan",
            "signed_on",
            "start_date",
            "end_date",
            "status",
            "completed_on",
        ]


class ProposalViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ProposalSerializer
    filterset_fields = ["problem", "status"]

    def get_queryset(self):
        return selectors.proposals(actor=self.actor).order_by("pk")

    @extend_schema(request=ProposalCreateSerializer, responses=ProposalSerializer)
    def create(self, request):
        body = ProposalCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        item = services.proposal_submit(
            actor=self.actor,
            problem_id=d["problem"],
            lead_id=d["lead"],
            team_ids=d["team"],
            approach=d["approach"],
            price_yuan=d["price_yuan"],
            duration_days=d["duration_days"],
        )
        return Response(ProposalSerializer(item).data, status=201)

    @extend_schema(request=AcceptSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        proposal = selectors.proposal_get(actor=self.actor, pk=pk)
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = services.proposal_accept(actor=self.actor, proposal=proposal, **body.validated_data)
        return Response(ProjectSerializer(project).data, status=201)


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RndOutcome
        fields = ["id", "project", "kind", "title", "reference", "achieved_on", "revenue_yuan", "cost_saved_yuan"]
        read_only_fields = ["project"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = RndMilestone
        ref_name = "RndMilestone"
        fields = ["id", "project", "title", "due_date", "done_on"]


class OutcomeIn(serializers.ModelSerializer):
    class Meta:
        model = RndOutcome
        fields = ["kind", "title", "reference", "achieved_on", "revenue_yuan", "cost_saved_yuan"]


class MilestoneIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


class StudentIn(serializers.Serializer):
    student_id = serializers.IntegerField(min_value=1)
    duty = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    joined_on = serializers.DateField(required=False, allow_null=True)


class CompleteIn(serializers.Serializer):
    completed_on = serializers.DateField(required=False, allow_null=True, help_text="Today when left out.")


class ProjectViewSet(ActorMixin, ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    export_name, export_title, export_columns = "rnd-projects", _("R&D projects"), PROJECT_COLUMNS
    serializer_class = ProjectSerializer
    filterset_fields = ["status", "school", "enterprise"]

    def get_queryset(self):
        return selectors.projects(actor=self.actor).order_by("pk")

    @extend_schema(methods=["GET"], responses=OutcomeSerializer(many=True))
    @extend_schema(methods=["POST"], request=OutcomeIn, responses={201: OutcomeSerializer})
    @action(detail=True, methods=["get", "post"])
    def outcomes(self, request, pk=None):
        """The project's outcomes (patents, products, standards, revenue); POST records one."""
        project = selectors.project(actor=self.actor, pk=pk)
        if request.method == "GET":
            return Response(OutcomeSerializer(project.outcomes.all(), many=True).data)
        body = OutcomeIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.outcome_record(actor=self.actor, project_id=project.pk, **body.validated_data)
        return Response(OutcomeSerializer(item).data, status=201)

    @extend_schema(request=MilestoneIn, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        """Add a milestone to the project plan."""
        project = selectors.project(actor=self.actor, pk=pk)
        body = MilestoneIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.milestone_add(actor=self.actor, project_id=project.pk, **body.validated_data)
        return Response(MilestoneSerializer(item).data, status=201)

    @extend_schema(request=StudentIn, responses={201: dict})
    @action(detail=True, methods=["post"])
    def students(self, request, pk=None):
        """The school adds one of its students to the project team."""
        project = selectors.project(actor=self.actor, pk=pk)
        body = StudentIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.student_add(actor=self.actor, project_id=project.pk, **body.validated_data)
        return Response({"id": item.pk, "student": item.student_id, "duty": item.duty}, status=201)

    @extend_schema(request=CompleteIn, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The enterprise closes the project as completed."""
        project = selectors.project(actor=self.actor, pk=pk)
        body = CompleteIn(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.project_complete(actor=self.actor, project_id=project.pk, **body.validated_data)
        return Response(ProjectSerializer(item).data)


class MilestoneDoneIn(serializers.Serializer):
    done_on = serializers.DateField(required=False, allow_null=True, help_text="Today when left out.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MilestoneViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MilestoneSerializer
    queryset = RndMilestone.objects.none()  # the model, for the schema and the permission matrix

    def get_queryset(self):
        return selectors.milestones(actor=self.actor)

    @extend_schema(request=MilestoneDoneIn, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark a milestone as reached."""
        milestone = self.get_object()
        body = MilestoneDoneIn(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(
            MilestoneSerializer(
                services.milestone_done(actor=self.actor, milestone=milestone, **body.validated_data)
            ).data
        )
