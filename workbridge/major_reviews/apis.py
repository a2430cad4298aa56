"""The major reviews API: the page actions' twins, calling the same services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound, PermissionDenied

from . import permissions as perms
from . import selectors, services
from .models import FollowUpStep, MajorReview, OptionKind, ReviewOption


class ReviewOptionOut(serializers.ModelSerializer):
    class Meta:
        model = ReviewOption
        fields = ["id", "kind", "notes", "intake_now", "intake_proposed", "merge_into"]


class FollowUpStepOut(serializers.ModelSerializer):
    class Meta:
        model = FollowUpStep
        fields = ["id", "kind", "title", "cohort", "due_on", "done_on"]


class MajorReviewOut(serializers.ModelSerializer):
    class Meta:
        model = MajorReview
        fields = [
            "id",
            "major",
            "school",
            "status",
            "warning_year",
            "warning_level",
            "opened_by",
            "note",
            "decided_option",
            "decided_on",
            "decision_reasons",
            "closed_on",
            "created_at",
        ]


@extend_schema_serializer(component_name="MajorReviewDetail")
class MajorReviewDetailOut(MajorReviewOut):
    options = ReviewOptionOut(many=True, read_only=True)
    steps = FollowUpStepOut(many=True, read_only=True)
    evidence = serializers.JSONField(read_only=True)
    reasons = serializers.JSONField(read_only=True)

    class Meta(MajorReviewOut.Meta):
        fields = [*MajorReviewOut.Meta.fields, "reasons", "evidence", "options", "steps"]


class ReviewOpenIn(serializers.Serializer):
    major_id = serializers.IntegerField()
    note = serializers.CharField(max_length=2000)


class OptionIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OptionKind.choices)
    notes = serializers.CharField(max_length=4000)
    intake_now = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    intake_proposed = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
    merge_into_id = serializers.IntegerField(required=False, allow_null=True)


class DecideIn(serializers.Serializer):
    option_id = serializers.IntegerField()
    reasons = serializers.CharField(max_length=4000)
    decided_on = serializers.DateField(required=False)


class StepIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _refuse_outsiders(actor) -> None:
    if not perms.may_see_reviews(actor):
        raise PermissionDenied(_("Major reviews are for the school's staff and the education authority."))


def _detail(actor, pk) -> dict:
    return dict(MajorReviewDetailOut(selectors.review_get(actor=actor, pk=pk)).data)


class Reviews(ActorMixin, APIView):
    @extend_schema(responses=MajorReviewOut(many=True))
    def get(self, request):
        """The school's reviews; for the education authority, the open reviews of its region."""
        _refuse_outsiders(self.actor)
        regional = perms.may_see_region(self.actor)
        rows = selectors.review_list(actor=self.actor, open_only=regional)[:500]
        return Response(MajorReviewOut(rows, many=True).data)

    @extend_schema(request=ReviewOpenIn, responses={201: MajorReviewDetailOut})
    def post(self, request):
        """The school's admin opens a review by hand for a major on a yellow (or red) warning."""
        if not perms.may_open_reviews(self.actor):
            raise PermissionDenied(_("The school's admin opens a review of its majors."))
        data = _valid(ReviewOpenIn, request.data)
        major = selectors.major_for_review(actor=self.actor, pk=data["major_id"])
        review = services.review_open(actor=self.actor, major=major, note=data["note"])
        return Response(_detail(self.actor, review.pk), status=status.HTTP_201_CREATED)


class ReviewDetail(ActorMixin, APIView):
    @extend_schema(responses=MajorReviewDetailOut)
    def get(self, request, pk):
        """One major review with its options, decision, reasons and follow-up steps."""
        _refuse_outsiders(self.actor)
        return Response(_detail(self.actor, pk))


class ReviewAction(ActorMixin, APIView):
    @extend_schema(request=OptionIn, responses=MajorReviewDetailOut, operation_id="major_review_action")
    def post(self, request, pk, action):
        """``option`` (kind, notes, intake_now, intake_proposed, merge_into_id), ``decide`` (option_id, reasons,
        decided_on) or ``step`` (title, due_on)."""
        _refuse_outsiders(self.actor)
        review = selectors.review_get(actor=self.actor, pk=pk)
        if action == "option":
            services.option_propose(actor=self.actor, review=review, **_valid(OptionIn, request.data))
        elif action == "decide":
            services.review_decide(actor=self.actor, review=review, **_valid(DecideIn, request.data))
        elif action == "step":
            services.step_add(actor=self.actor, review=review, **_valid(StepIn, request.data))
        else:
            raise NotFound(_("No such action."))
        return Response(_detail(self.actor, pk))


class StepDone(ActorMixin, APIView):
    @extend_schema(request=None, responses=MajorReviewDetailOut)
    def post(self, request, pk):
        """A follow-up step done (stopping enrolment marks the major as not enrolling)."""
        _refuse_outsiders(self.actor)
        step = selectors.step_get(actor=self.actor, pk=pk)
        services.step_done(actor=self.actor, step=step)
        return Response(_detail(self.actor, step.review_id))
