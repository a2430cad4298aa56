"""The innovation API: the page actions' twins, calling the same services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound

from . import selectors, services
from .models import AwardLevel, BaseKind, InnovationBase, Venture, VentureStage


class InnovationBaseOut(serializers.ModelSerializer):
    class Meta:
        model = InnovationBase
        fields = ["id", "school", "sponsor", "name", "kind", "place", "area_m2"]


class InnovationBaseIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=BaseKind.choices)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    area_m2 = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    sponsor_id = serializers.IntegerField(required=False, allow_null=True)


class VentureOut(serializers.ModelSerializer):
    class Meta:
        model = Venture
        fields = [
            "id",
            "base",
            "title",
            "summary",
            "stage",
            "school_mentor",
            "enterprise_mentor",
            "started_on",
            "company_name",
            "company_registered_on",
            "jobs_created",
        ]


class VentureInput(serializers.Serializer):
    base = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False)
    school_mentor_id = serializers.IntegerField(required=False, allow_null=True)
    enterprise_mentor = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class MemberIn(serializers.Serializer):
    student_id = serializers.IntegerField()
    role = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")


class MilestoneIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class AwardIn(serializers.Serializer):
    competition = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=AwardLevel.choices)
    prize = serializers.CharField(max_length=60)
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class StageIn(serializers.Serializer):
    stage = serializers.ChoiceField(choices=VentureStage.choices)
    company_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    company_registered_on = serializers.DateField(required=False, allow_null=True)
    jobs_created = serializers.IntegerField(required=False, min_value=0, default=0)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class Bases(ActorMixin, APIView):
    @extend_schema(responses=InnovationBaseOut(many=True))
    def get(self, request):
        """Innovation and entrepreneurship bases and incubators the caller may see."""
        return Response(InnovationBaseOut(selectors.base_list(actor=self.actor), many=True).data)

    @extend_schema(request=InnovationBaseIn, responses={201: InnovationBaseOut})
    def post(self, request):
        """The school's admin opens a base or an incubator."""
        base = services.base_create(actor=self.actor, **_valid(InnovationBaseIn, request.data))
        return Response(InnovationBaseOut(base).data, status=status.HTTP_201_CREATED)


class Ventures(ActorMixin, APIView):
    @extend_schema(responses=VentureOut(many=True))
    def get(self, request):
        """Student ventures the caller may see (newest 500): stage, mentors, company registration and jobs created."""
        return Response(VentureOut(selectors.venture_list(actor=self.actor)[:500], many=True).data)

    @extend_schema(request=VentureInput, responses={201: VentureOut})
    def post(self, request):
        """Register a student venture in a base."""
        data = _valid(VentureInput, request.data)
        base = selectors.base_get(actor=self.actor, pk=data.pop("base"))
        venture = services.venture_create(actor=self.actor, base=base, **data)
        return Response(VentureOut(venture).data, status=status.HTTP_201_CREATED)


ACTIONS = {
    "member": (MemberIn, services.venture_member_add),
    "milestone": (MilestoneIn, services.milestone_add),
    "award": (AwardIn, services.award_record),
    "stage": (StageIn, services.venture_stage_set),
}


class VentureAction(ActorMixin, APIView):
    @extend_schema(request=StageIn, responses=VentureOut, operation_id="innovation_venture_action")
    def post(self, request, pk, action):
        """``member`` (student_id, role), ``milestone`` (title, due_on), ``award`` (competition, level, prize, year)
        or ``stage`` (stage, company_name, company_registered_on, jobs_created)."""
        venture = selectors.venture_get(actor=self.actor, pk=pk)
        if action not in ACTIONS:
            raise NotFound(_("No such action."))
        serializer_class, service = ACTIONS[action]
        service(actor=self.actor, venture=venture, **_valid(serializer_class, request.data))
        return Response(VentureOut(selectors.venture_get(actor=self.actor, pk=pk)).data)


class MilestoneDone(ActorMixin, APIView):
    @extend_schema(request=None, responses=VentureOut)
    def post(self, request, pk):
        """Mark a venture's milestone done; answers the venture."""
        milestone = selectors.milestone_get(actor=self.actor, pk=pk)
        services.milestone_done(actor=self.actor, milestone=milestone)
        return Response(VentureOut(selectors.venture_get(actor=self.actor, pk=milestone.venture_id)).data)
