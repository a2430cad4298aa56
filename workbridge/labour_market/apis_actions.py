"""The API twins of the labour-market pages' actions (/api/v1/labour-market/...): target occupations and course
skills, warning rules and recomputes, demand surveys, association standards and forecasts, graduate follow-ups and
joint training programmes. Each parses its input with its own serializer and calls the same service as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.academics.models import Course
from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import ValidationFailed
from workbridge.organizations.models import Organization, OrgKind, User

from . import apis, selectors, services
from . import permissions as perms
from .models import (
    DemandSurvey,
    Destination,
    ProgrammeVersion,
    QuestionKind,
    Relevance,
    Skill,
    SurveyStatus,
    TagStatus,
    TrainingProgramme,
    WarningRule,
)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


# --- a major's target occupations and a course's skills ----------------------------------------------------------


class TargetIn(serializers.Serializer):
    occupation_code = serializers.CharField(max_length=12, help_text="CSCO 2022, e.g. 6-31-01-03.")
    weight = serializers.IntegerField(min_value=1, max_value=10, default=1)


class TargetOut(serializers.Serializer):
    id = serializers.IntegerField()
    major = serializers.IntegerField(source="major_id")
    occupation_code = serializers.CharField()
    weight = serializers.IntegerField()


class MajorTargets(ActorMixin, APIView):
    @extend_schema(request=TargetIn, responses={201: TargetOut})
    def post(self, request, pk):
        """Add an occupation the major trains for (or change its weight); demand and gaps follow it."""
        major = selectors.major_get(actor=self.actor, pk=pk)
        target = services.target_occupation_set(actor=self.actor, major=major, **_valid(TargetIn, request.data))
        return Response(TargetOut(target).data, status=201)


class MajorTargetRemove(ActorMixin, APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk, target_pk):
        """Remove a target occupation from a major."""
        major = selectors.major_get(actor=self.actor, pk=pk)
        target = selectors.target_get(actor=self.actor, major=major, pk=target_pk)
        services.target_occupation_remove(actor=self.actor, target=target)
        return Response(status=204)


class CourseSkillOut(serializers.Serializer):
    id = serializers.IntegerField()
    course = serializers.IntegerField(source="course_id")
    skill = serializers.CharField(source="skill.skill_id")
    skill_name = serializers.CharField(source="skill.name_zh")
    status = serializers.CharField()


class CourseSkillIn(serializers.Serializer):
    skill = serializers.CharField(max_length=100, help_text="A skill id of the taxonomy, or its Chinese name.")


class CourseSkillDecideIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=TagStatus.choices)


def _course(actor, pk) -> Course:
    return selectors.course_get(actor=actor, pk=pk)


class CourseSkills(ActorMixin, APIView):
    @extend_schema(request=CourseSkillIn, responses={201: CourseSkillOut})
    def post(self, request, pk):
        """Tag a course with a skill it teaches (confirmed at once)."""
        course = _course(self.actor, pk)
        name = _valid(CourseSkillIn, request.data)["skill"].strip()
        skill = Skill.objects.filter(skill_id=name).first() or Skill.objects.filter(name_zh=name).first()
        if skill is None:
            raise ValidationFailed(_("No such skill in the taxonomy."), errors={"skill": [name]})
        tag = services.course_skill_add(actor=self.actor, course=course, skill=skill)
        return Response(CourseSkillOut(tag).data, status=201)


class CourseSkillsSuggest(ActorMixin, APIView):
    @extend_schema(request=None, responses=CourseSkillOut(many=True))
    def post(self, request, pk):
        """Suggest skills from the course's description and learning outcomes, for a teacher to confirm."""
        course = _course(self.actor, pk)
        return Response(CourseSkillOut(services.course_skills_suggest(actor=self.actor, course=course), many=True).data)


class CourseSkillDecide(ActorMixin, APIView):
    @extend_schema(request=CourseSkillDecideIn, responses=CourseSkillOut)
    def post(self, request, pk, tag_pk):
        """Confirm or reject a suggested skill (or put it back to suggested)."""
        course = _course(self.actor, pk)
        tag = selectors.course_tag_get(actor=self.actor, course=course, pk=tag_pk)
        data = _valid(CourseSkillDecideIn, request.data)
        return Response(
            CourseSkillOut(services.course_skill_decide(actor=self.actor, tag=tag, status=data["status"])).data
        )


# --- warnings -------------------------------------------------------------------------------------------------------


class RecomputeIn(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="The year judged; last year when left out."
    )


class WarningRecompute(ActorMixin, APIView):
    @extend_schema(request=RecomputeIn, responses={200: dict, 202: dict})
    def post(self, request):
        """Judge the caller's majors again with the current rules (school admins and authorities): queued for a
        worker (202, "queued": true), or run at once without a broker (200 with the number of verdicts)."""
        perms.require_warning_recompute(self.actor)
        year = _valid(RecomputeIn, request.data).get("year")
        majors = list(selectors.major_list(actor=self.actor))
        result = services.warnings_recompute_request(actor=self.actor, majors=majors, year=year)
        return Response(result, status=202 if result["queued"] else 200)


class WarningRuleIn(serializers.Serializer):
    threshold = serializers.FloatField()
    yellow_threshold = serializers.FloatField(required=False, allow_null=True, default=None)
    weight = serializers.FloatField(min_value=0, max_value=100)
    enabled = serializers.BooleanField()


class WarningRuleOut(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    threshold = serializers.FloatField()
    yellow_threshold = serializers.FloatField(allow_null=True)
    weight = serializers.FloatField()
    enabled = serializers.BooleanField()


class WarningRuleUpdate(ActorMixin, APIView):
    @extend_schema(request=WarningRuleIn, responses=WarningRuleOut)
    def put(self, request, pk):
        """An authority adjusts a warning rule's thresholds and weight (each change is audited)."""
        perms.require_warning_rules(self.actor)
        rule = WarningRule.objects.filter(pk=pk).first()
        if rule is None:
            raise ValidationFailed(_("No such rule."), errors={"id": [pk]})
        rule = services.warning_rule_update(actor=self.actor, rule=rule, **_valid(WarningRuleIn, request.data))
        return Response(WarningRuleOut(rule).data)


# --- demand surveys -----------------------------------------------------------------------------------------------


class SurveyIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    target_year = serializers.IntegerField(min_value=2000, max_value=2100)
    intro = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class SurveyItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    school = serializers.IntegerField(source="school_id")
    title = serializers.CharField()
    target_year = serializers.IntegerField()
    status = serializers.CharField()


class QuestionIn(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list)
    required = serializers.BooleanField(default=False)


class InviteIn(serializers.Serializer):
    enterprises = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)


# Worded as the change they make, not as the status: in English the status's own labels ("Open", "Closed") were the
# same pair as a feedback round's, and the schema could not tell the two enums apart (ENUM_NAME_OVERRIDES).
SURVEY_STATUS_CHANGES = [
    (SurveyStatus.OPEN, pgettext_lazy("survey status change", "Open for answers")),
    (SurveyStatus.CLOSED, pgettext_lazy("survey status change", "Closed to answers")),
]


class StatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=SURVEY_STATUS_CHANGES)


def _survey(actor, pk) -> DemandSurvey:
    return selectors.survey_get(actor=actor, pk=pk)


class SurveyListCreate(apis.SurveyList):
    @extend_schema(request=SurveyIn, responses={201: SurveyItemOut})
    def post(self, request):
        """A school drafts a demand survey for enterprises (questions and invitations follow)."""
        survey = services.survey_create(actor=self.actor, **_valid(SurveyIn, request.data))
        return Response(SurveyItemOut(survey).data, status=201)


class SurveyQuestions(ActorMixin, APIView):
    @extend_schema(request=QuestionIn, responses={201: dict})
    def post(self, request, pk):
        """Add a question to a draft demand survey."""
        survey = _survey(self.actor, pk)
        question = services.survey_question_add(actor=self.actor, survey=survey, **_valid(QuestionIn, request.data))
        return Response({"id": question.pk, "position": question.position, "text": question.text}, status=201)


class SurveyInvite(ActorMixin, APIView):
    @extend_schema(request=InviteIn, responses=SurveyItemOut)
    def post(self, request, pk):
        """Invite enterprises to answer a demand survey."""
        survey = _survey(self.actor, pk)
        ids = _valid(InviteIn, request.data)["enterprises"]
        enterprises = list(Organization.objects.filter(pk__in=ids, kind=OrgKind.ENTERPRISE))
        unknown = sorted(set(ids) - {e.pk for e in enterprises})
        if unknown:
            raise ValidationFailed(_("These are not enterprises on the platform."), errors={"enterprises": unknown})
        return Response(
            SurveyItemOut(services.survey_invite(actor=self.actor, survey=survey, enterprises=enterprises)).data
        )


class SurveySetStatus(ActorMixin, APIView):
    @extend_schema(request=StatusIn, responses=SurveyItemOut)
    def post(self, request, pk):
        """Open the survey to the invited enterprises, or close it."""
        survey = _survey(self.actor, pk)
        status = _valid(StatusIn, request.data)["status"]
        return Response(SurveyItemOut(services.survey_set_status(actor=self.actor, survey=survey, status=status)).data)


# --- industry associations ----------------------------------------------------------------------------------------


class StandardSkillIn(serializers.Serializer):
    skill = serializers.CharField(max_length=100, help_text="A skill id or name.")
    importance = serializers.IntegerField(min_value=1, max_value=5, default=3)


class StandardIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    sector = serializers.CharField(max_length=100)
    occupation_code = serializers.CharField(max_length=12)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    source_note = serializers.CharField(max_length=1000, help_text="Where the standard comes from.")
    skills = StandardSkillIn(many=True)


class ForecastIn(serializers.Serializer):
    sector = serializers.CharField(max_length=100)
    occupation_code = serializers.CharField(max_length=12)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    headcount = serializers.IntegerField(min_value=0)
    province = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    source_note = serializers.CharField(max_length=1000)


class Standards(ActorMixin, APIView):
    @extend_schema(
        request=StandardIn,
        responses={201: dict},
        examples=[
            OpenApiExample(
                "A skill standard",
                value={
                    "title": "工业机器人运维岗位能力标准",
                    "sector": "智能制造",
                    "occupation_code": "6-31-01-10",
                    "year": 2027,
                    "source_note": "协会 2027 年团体标准",
                    "skills": [{"skill": "PLC", "importance": 5}],
                },
            )
        ],
    )
    def post(self, request):
        """An industry association publishes a skill standard; it enters the demand tables with its source."""
        perms.require_association(self.actor, _("Only industry associations publish standards."))
        data = _valid(StandardIn, request.data)
        data["skills"] = [(s["skill"], s["importance"]) for s in data["skills"]]
        standard = services.standard_publish(actor=self.actor, **data)
        return Response({"id": standard.pk, "title": standard.title, "year": standard.year}, status=201)


class Forecasts(ActorMixin, APIView):
    @extend_schema(request=ForecastIn, responses={201: dict})
    def post(self, request):
        """An industry association publishes a headcount forecast for an occupation."""
        perms.require_association(self.actor, _("Only industry associations publish forecasts."))
        forecast = services.forecast_publish(actor=self.actor, **_valid(ForecastIn, request.data))
        return Response({"id": forecast.pk, "year": forecast.year, "headcount": forecast.headcount}, status=201)


# --- graduate follow-ups -----------------------------------------------------------------------------------------


class FollowUpIn(serializers.Serializer):
    destination = serializers.ChoiceField(choices=Destination.choices)
    employer = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    starting_salary = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    relevance = serializers.ChoiceField(choices=Relevance.choices, required=False, allow_blank=True, default="")
    hired_by_host = serializers.BooleanField(required=False, allow_null=True, default=None)


class FollowUpAnswer(ActorMixin, APIView):
    @extend_schema(request=FollowUpIn, responses={200: dict})
    def post(self, request, pk):
        """A graduate answers the follow-up survey about where they went."""
        item = selectors.followup_get(actor=self.actor, pk=pk)
        destination = services.followup_answer(actor=self.actor, followup=item, **_valid(FollowUpIn, request.data))
        return Response({"id": destination.pk, "destination": destination.destination})


# --- joint training programmes --------------------------------------------------------------------------------------


class ProgrammeIn(serializers.Serializer):
    major = serializers.IntegerField(min_value=1)
    cohort_year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    content = serializers.JSONField(
        required=False, help_text="target_posts, competencies, certificates, courses; drawn from the major if left out."
    )


class RevisionIn(serializers.Serializer):
    content = serializers.JSONField()
    summary = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class CommentIn(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    line_key = serializers.CharField(max_length=60, help_text="A line of the version, or general.")
    text = serializers.CharField(max_length=4000)


class ReviewerIn(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="A user of a partner enterprise or association.")


class ProgrammeItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    major = serializers.IntegerField(source="major_id")
    cohort_year = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


def _programme(actor, pk) -> TrainingProgramme:
    return selectors.programme_get(actor=actor, pk=pk)


class ProgrammeListCreate(apis.ProgrammeList):
    @extend_schema(request=ProgrammeIn, responses={201: ProgrammeItemOut})
    def post(self, request):
        """A school starts a joint talent-training programme for a major and an intake year."""
        data = _valid(ProgrammeIn, request.data)
        major = selectors.major_get(actor=self.actor, pk=data["major"])
        content = data.get("content") or services.programme_starting_content(major, title=data["title"])
        programme = services.programme_create(
            actor=self.actor, major=major, cohort_year=data["cohort_year"], title=data["title"], content=content
        )
        return Response(ProgrammeItemOut(programme).data, status=201)


class ProgrammeRevise(ActorMixin, APIView):
    @extend_schema(request=RevisionIn, responses={201: dict})
    def post(self, request, pk):
        """The school writes a new version; reviewers see what changed."""
        programme = _programme(self.actor, pk)
        version = services.programme_revise(actor=self.actor, programme=programme, **_valid(RevisionIn, request.data))
        return Response({"number": version.number, "changes": version.changes}, status=201)


class ProgrammeComment(ActorMixin, APIView):
    @extend_schema(request=CommentIn, responses={201: dict})
    def post(self, request, pk):
        """A reviewer or the school comments on a line of a version."""
        programme = _programme(self.actor, pk)
        data = _valid(CommentIn, request.data)
        version = ProgrammeVersion.objects.filter(programme=programme, number=data.pop("version")).first()
        if version is None:
            raise ValidationFailed(_("No such version."), errors={"version": [_("Unknown.")]})
        comment = services.programme_comment(actor=self.actor, version=version, **data)
        return Response({"id": comment.pk, "line_key": comment.line_key}, status=201)


class ProgrammeReviewers(ActorMixin, APIView):
    @extend_schema(request=ReviewerIn, responses={201: dict})
    def post(self, request, pk):
        """Invite a reviewer from a partner enterprise or association."""
        programme = _programme(self.actor, pk)
        username = _valid(ReviewerIn, request.data)["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ValidationFailed(_("No user with that name."), errors={"username": [username]})
        reviewer = services.programme_invite(actor=self.actor, programme=programme, user=user)
        return Response({"user": reviewer.user_id, "organization": reviewer.organization_id}, status=201)


class ProgrammeSign(ActorMixin, APIView):
    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        """An invited reviewer signs off the current version."""
        programme = _programme(self.actor, pk)
        reviewer = services.programme_sign(actor=self.actor, programme=programme)
        return Response({"user": reviewer.user_id, "signed_version": reviewer.signed_version})
