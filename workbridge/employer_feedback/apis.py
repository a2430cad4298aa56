"""The employer feedback API: every page write's twin, calling the same services; reads through the selectors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound

from . import selectors, services
from .models import FeedbackForm, FeedbackRound, MajorLeader, ReviewTask, ThresholdSetting


class RoundOut(serializers.ModelSerializer):
    class Meta:
        model = FeedbackRound
        fields = ["id", "school", "term", "status", "closes_on", "closed_at"]


class RoundIn(serializers.Serializer):
    term = serializers.CharField(max_length=11)
    closes_on = serializers.DateField()


@extend_schema_serializer(component_name="EmployerFeedbackQuestion")
class RatingOut(serializers.Serializer):
    capability = serializers.IntegerField()
    label = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(component_name="EmployerFeedbackForm")
class FormOut(serializers.ModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    major_name = serializers.CharField(source="major.name", read_only=True)

    class Meta:
        model = FeedbackForm
        fields = [
            "id",
            "round",
            "enterprise",
            "student_name",
            "major_name",
            "relation",
            "status",
            "overall",
            "comment",
            "submitted_at",
        ]


@extend_schema_serializer(component_name="EmployerFeedbackFormDetail")
class FormDetailOut(FormOut):
    questions = serializers.SerializerMethodField()

    class Meta(FormOut.Meta):
        fields = [*FormOut.Meta.fields, "questions"]

    @extend_schema_field(RatingOut(many=True))
    def get_questions(self, obj) -> list[dict]:
        return [
            {"capability": q["capability"].pk, "label": q["label"], "score": q["score"]}
            for q in selectors.form_questions(obj)
        ]


class RatingIn(serializers.Serializer):
    capability = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=5)


class AnswerIn(serializers.Serializer):
    ratings = RatingIn(many=True)
    overall = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class TaskOut(serializers.ModelSerializer):
    major_name = serializers.CharField(source="major.name", read_only=True)
    capability_label = serializers.CharField(source="capability.label_zh", read_only=True)

    class Meta:
        model = ReviewTask
        fields = [
            "id",
            "round",
            "major",
            "major_name",
            "capability_label",
            "mean",
            "responses",
            "threshold",
            "status",
            "outcome",
            "done_at",
        ]


class TaskIn(serializers.Serializer):
    outcome = serializers.CharField(max_length=2000)


class ThresholdIn(serializers.Serializer):
    mean_below = serializers.DecimalField(max_digits=3, decimal_places=1, min_value=1, max_value=5)
    min_responses = serializers.IntegerField(min_value=1, max_value=100)
    reason = serializers.CharField(max_length=300)


class ThresholdOut(serializers.ModelSerializer):
    class Meta:
        model = ThresholdSetting
        fields = ["school", "mean_below", "min_responses", "reason"]


class LeaderIn(serializers.Serializer):
    major_id = serializers.IntegerField()
    teacher_id = serializers.IntegerField()


class LeaderOut(serializers.ModelSerializer):
    class Meta:
        model = MajorLeader
        fields = ["major", "teacher"]


class FigureOut(serializers.Serializer):
    capability = serializers.CharField()
    count = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    share_satisfied = serializers.FloatField(allow_null=True)
    below_threshold = serializers.BooleanField()


class MajorFiguresOut(serializers.Serializer):
    major = serializers.IntegerField()
    major_name = serializers.CharField()
    answers = serializers.IntegerField()
    satisfied = serializers.FloatField(allow_null=True)
    capabilities = FigureOut(many=True)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class Rounds(ActorMixin, APIView):
    @extend_schema(responses=RoundOut(many=True))
    def get(self, request):
        """Employer feedback rounds the caller may see (newest 200): the term, the status and the closing date."""
        return Response(RoundOut(selectors.round_list(actor=self.actor)[:200], many=True).data)

    @extend_schema(request=RoundIn, responses={201: RoundOut})
    def post(self, request):
        """The school's admin opens a round for a term (forms for every host and employer of the term)."""
        made = services.round_open(actor=self.actor, **_valid(RoundIn, request.data))
        return Response(RoundOut(made).data, status=status.HTTP_201_CREATED)


class RoundAction(ActorMixin, APIView):
    @extend_schema(request=None, responses=RoundOut, operation_id="employer_feedback_round_action")
    def post(self, request, pk, action):
        """``close`` (figures become final, review tasks are raised) or ``remind`` (enterprises not answered)."""
        item = selectors.round_get(actor=self.actor, pk=pk)
        if action == "close":
            services.round_close(actor=self.actor, feedback_round=item)
        elif action == "remind":
            services.round_remind(actor=self.actor, feedback_round=item)
        else:
            raise NotFound(_("No such action."))
        return Response(RoundOut(selectors.round_get(actor=self.actor, pk=pk)).data)


class RoundFigures(ActorMixin, APIView):
    @extend_schema(responses=MajorFiguresOut(many=True))
    def get(self, request, pk):
        """Per major: answers, share satisfied and each capability's figures (withheld below the minimum)."""
        item = selectors.round_get(actor=self.actor, pk=pk)
        out = []
        for m in selectors.round_rollup(actor=self.actor, feedback_round=item):
            out.append(
                {
                    "major": m.major.pk,
                    "major_name": m.major.name,
                    "answers": m.satisfaction.count if m.satisfaction else 0,
                    "satisfied": m.satisfaction.share_satisfied if m.satisfaction else None,
                    "capabilities": [
                        {
                            "capability": line.label,
                            "count": line.figure.count,
                            "mean": line.figure.mean,
                            "share_satisfied": line.figure.share_satisfied,
                            "below_threshold": line.below,
                        }
                        for line in m.lines
                    ],
                }
            )
        return Response(MajorFiguresOut(out, many=True).data)


class Forms(ActorMixin, APIView):
    @extend_schema(responses=FormOut(many=True))
    def get(self, request):
        """Enterprise staff: their own forms; the school's staff: their school's."""
        return Response(FormOut(selectors.form_list(actor=self.actor)[:500], many=True).data)


class FormAnswer(ActorMixin, APIView):
    @extend_schema(responses=FormDetailOut)
    def get(self, request, pk):
        """A feedback form sent to an enterprise: the capabilities to rate and any answers already given."""
        return Response(FormDetailOut(selectors.form_get(actor=self.actor, pk=pk)).data)

    @extend_schema(request=AnswerIn, responses=FormDetailOut)
    def post(self, request, pk):
        """The enterprise rates every capability 1-5, the overall satisfaction, and comments."""
        item = selectors.form_get(actor=self.actor, pk=pk)
        data = _valid(AnswerIn, request.data)
        ratings = {r["capability"]: r["score"] for r in data["ratings"]}
        services.form_submit(
            actor=self.actor, form=item, ratings=ratings, overall=data["overall"], comment=data["comment"]
        )
        return Response(FormDetailOut(selectors.form_get(actor=self.actor, pk=pk)).data)


class Tasks(ActorMixin, APIView):
    @extend_schema(responses=TaskOut(many=True))
    def get(self, request):
        """Review tasks raised where a capability's mean employer rating fell below the threshold (newest 500), for the
        majors the caller may see."""
        return Response(TaskOut(selectors.task_list(actor=self.actor)[:500], many=True).data)


class TaskDone(ActorMixin, APIView):
    @extend_schema(request=TaskIn, responses=TaskOut)
    def post(self, request, pk):
        """Close a review task with its outcome (what the major decided or changed)."""
        task = selectors.task_get(actor=self.actor, pk=pk)
        services.task_finish(actor=self.actor, task=task, **_valid(TaskIn, request.data))
        return Response(TaskOut(selectors.task_get(actor=self.actor, pk=pk)).data)


class Threshold(ActorMixin, APIView):
    @extend_schema(request=ThresholdIn, responses=ThresholdOut)
    def post(self, request):
        """The school's own review threshold, with its reason."""
        return Response(
            ThresholdOut(services.threshold_set(actor=self.actor, **_valid(ThresholdIn, request.data))).data
        )


class Leader(ActorMixin, APIView):
    @extend_schema(request=LeaderIn, responses=LeaderOut)
    def post(self, request):
        """Name the teacher leading a major; its review tasks go to them."""
        return Response(LeaderOut(services.leader_set(actor=self.actor, **_valid(LeaderIn, request.data))).data)
