"""The joint enrolment API: the page actions' twins, calling the same services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound

from . import selectors, services
from .models import ApprenticeshipAgreement, EnrolmentApplication, EnrolmentPlan, LeaveReason, PlanKind


@extend_schema_serializer(component_name="EnrolmentPlan")
class PlanOut(serializers.ModelSerializer):
    class Meta:
        model = EnrolmentPlan
        fields = [
            "id",
            "school",
            "enterprise",
            "agreement",
            "name",
            "year",
            "kind",
            "majors",
            "quota",
            "criteria",
            "minimum_grade",
            "interview_required",
            "monthly_stipend",
            "posts_on_graduation",
            "target_posts",
            "other_commitments",
            "opens_on",
            "closes_on",
            "status",
            "school_approved_at",
            "enterprise_approved_at",
            "project",
        ]


@extend_schema_serializer(component_name="EnrolmentPlanInput")
class PlanIn(serializers.Serializer):
    agreement_id = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    major_ids = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=50)
    quota = serializers.IntegerField(min_value=1, max_value=200)
    criteria = serializers.CharField(max_length=2000)
    minimum_grade = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    interview_required = serializers.BooleanField(required=False, default=False)
    monthly_stipend = serializers.IntegerField(required=False, min_value=0, max_value=100000, default=0)
    posts_on_graduation = serializers.IntegerField(required=False, min_value=0, max_value=1000, default=0)
    target_posts = serializers.CharField(max_length=1000)
    other_commitments = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()


@extend_schema_serializer(component_name="EnrolmentApplication")
class ApplicationOut(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)

    class Meta:
        model = EnrolmentApplication
        fields = [
            "id",
            "plan",
            "student",
            "student_name",
            "statement",
            "status",
            "school_decision",
            "enterprise_decision",
            "grade_average",
            "interview_passed",
        ]


class ApplyIn(serializers.Serializer):
    statement = serializers.CharField(max_length=2000)


class DecideIn(serializers.Serializer):
    selected = serializers.BooleanField()
    grade_average = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    interview_passed = serializers.BooleanField(required=False, allow_null=True, default=None)


class LeaveIn(serializers.Serializer):
    reason = serializers.ChoiceField(choices=LeaveReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


@extend_schema_serializer(component_name="ApprenticeshipAgreement")
class AgreementOut(serializers.ModelSerializer):
    class Meta:
        model = ApprenticeshipAgreement
        fields = [
            "id",
            "application",
            "version",
            "content_hash",
            "terms",
            "guardian_required",
            "school_confirmed_at",
            "enterprise_confirmed_at",
            "student_confirmed_at",
            "guardian_confirmed_at",
            "ended_at",
        ]


class ConfirmIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    guardian_name = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class Plans(ActorMixin, APIView):
    @extend_schema(responses=PlanOut(many=True), operation_id="enrolment_plans_list")
    def get(self, request):
        """Joint enrolment plans the caller may see (newest 500)."""
        return Response(PlanOut(selectors.plan_list(actor=self.actor)[:500], many=True).data)

    @extend_schema(request=PlanIn, responses={201: PlanOut}, operation_id="enrolment_plans_create")
    def post(self, request):
        """A school's or an enterprise's admin drafts a plan under a live framework agreement."""
        plan = services.plan_create(actor=self.actor, **_valid(PlanIn, request.data))
        return Response(PlanOut(plan).data, status=status.HTTP_201_CREATED)


class PlanDetail(ActorMixin, APIView):
    @extend_schema(responses=PlanOut)
    def get(self, request, pk):
        """One joint enrolment plan (order class or apprenticeship) with its quota, selection criteria and the
        enterprise's commitments."""
        return Response(PlanOut(selectors.plan_get(actor=self.actor, pk=pk)).data)


class PlanApplications(ActorMixin, APIView):
    @extend_schema(responses=ApplicationOut(many=True))
    def get(self, request, pk):
        """The plan's applications the actor reaches (the parties' staff: all; a student: their own)."""
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        return Response(ApplicationOut(selectors.application_list(actor=self.actor, plan=plan), many=True).data)


class PlanApply(ActorMixin, APIView):
    @extend_schema(request=ApplyIn, responses={201: ApplicationOut})
    def post(self, request, pk):
        """A student of the plan's school and majors applies once, while applications are open."""
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        application = services.application_submit(actor=self.actor, plan=plan, **_valid(ApplyIn, request.data))
        return Response(ApplicationOut(application).data, status=status.HTTP_201_CREATED)


PLAN_ACTIONS = {
    "approve": services.plan_approve,
    "selection": services.plan_start_selection,
    "form": services.plan_form_class,
    "close": services.plan_close,
    "fill": services.place_fill,
}


class PlanAction(ActorMixin, APIView):
    @extend_schema(request=None, responses=PlanOut, operation_id="enrolment_plan_action")
    def post(self, request, pk, action):
        """``approve`` (each party's admin), ``selection`` (close applications), ``form`` (form the class),
        ``close`` or ``fill`` (a free place to the first on the waiting list)."""
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        if action not in PLAN_ACTIONS:
            raise NotFound(_("No such action."))
        PLAN_ACTIONS[action](actor=self.actor, plan=plan)
        return Response(PlanOut(selectors.plan_get(actor=self.actor, pk=pk)).data)


class ApplicationWithdraw(ActorMixin, APIView):
    @extend_schema(request=None, responses=ApplicationOut)
    def post(self, request, pk):
        """The student withdraws their application to a joint enrolment plan, before the selection starts."""
        application = selectors.application_get(actor=self.actor, pk=pk)
        return Response(ApplicationOut(services.application_withdraw(actor=self.actor, application=application)).data)


class ApplicationDecide(ActorMixin, APIView):
    @extend_schema(request=DecideIn, responses=ApplicationOut)
    def post(self, request, pk):
        """One side's decision (the school may record the grade average, the enterprise the interview)."""
        application = selectors.application_get(actor=self.actor, pk=pk)
        result = services.application_decide(
            actor=self.actor, application=application, **_valid(DecideIn, request.data)
        )
        return Response(ApplicationOut(result).data)


class ApplicationLeave(ActorMixin, APIView):
    @extend_schema(request=LeaveIn, responses=ApplicationOut)
    def post(self, request, pk):
        """A member leaves the formed class (reason category, note)."""
        application = selectors.application_get(actor=self.actor, pk=pk)
        result = services.member_leave(actor=self.actor, application=application, **_valid(LeaveIn, request.data))
        return Response(ApplicationOut(result).data)


class AgreementDetail(ActorMixin, APIView):
    @extend_schema(responses=AgreementOut)
    def get(self, request, pk):
        """An apprenticeship agreement between the student, the school and the enterprise, with each party's
        confirmation."""
        return Response(AgreementOut(selectors.agreement_get(actor=self.actor, pk=pk)).data)


class AgreementConfirm(ActorMixin, APIView):
    @extend_schema(request=ConfirmIn, responses=AgreementOut)
    def post(self, request, pk):
        """A party confirms the version it read; the school records a minor's guardian consent with its name."""
        agreement = selectors.agreement_get(actor=self.actor, pk=pk)
        result = services.agreement_confirm(actor=self.actor, agreement=agreement, **_valid(ConfirmIn, request.data))
        return Response(AgreementOut(result).data)
