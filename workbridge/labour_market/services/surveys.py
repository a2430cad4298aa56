"""Enterprise demand surveys: questions, invitations, answers."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor, require_org, require_role
from workbridge.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import OrgKind, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.organizations.models import Membership, Organization

from ..engines import pipeline
from ..models import (
    DemandSurvey,
    QuestionKind,
    Skill,
    SurveyPostDemand,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from ..permissions import SCHOOL_STAFF
from .demand import demand_recompute
from .reference import ensure_reference_data


def _require_school_staff(actor: Actor, school_id: int) -> Actor:
    return require_org(actor, school_id, SCHOOL_STAFF)


@transaction.atomic
def survey_create(
    *, actor: Actor, title: str, target_year: int, intro: str = "", questions: list[dict] | None = None
) -> DemandSurvey:
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN, Role.TEACHER])
    survey = DemandSurvey(
        school_id=actor.organization_id,
        title=title.strip(),
        target_year=target_year,
        intro=intro,
        created_by=actor.user,
    )
    _clean(survey)
    survey.save()
    for position, q in enumerate(questions or [], start=1):
        survey_question_add(
            actor=actor,
            survey=survey,
            text=q.get("text", ""),
            kind=q.get("kind", "text"),
            choices=q.get("choices"),
            required=q.get("required", False),
            position=position,
        )
    audit_record(actor=actor, action="survey.create", target=survey, organization_id=survey.school_id)
    return survey


@transaction.atomic
def survey_question_add(
    *,
    actor: Actor,
    survey: DemandSurvey,
    text: str,
    kind: str = "text",
    choices: list | None = None,
    required: bool = False,
    position: int | None = None,
) -> SurveyQuestion:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    if survey.status != SurveyStatus.DRAFT:
        raise InvalidTransition(_("Questions can only change while the survey is a draft."))
    if kind not in QuestionKind.values:
        raise ValidationFailed(_("Unknown question kind %(k)s.") % {"k": kind}, errors={"kind": ["invalid"]})
    choices = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise ValidationFailed(_("A choice question needs at least two choices."), errors={"choices": ["at least two"]})
    if position is None:
        position = (survey.questions.count() or 0) + 1
    question = SurveyQuestion(
        survey=survey, position=position, kind=kind, text=text.strip(), choices=choices, required=required
    )
    _clean(question)
    question.save()
    return question


@transaction.atomic
def survey_invite(*, actor: Actor, survey: DemandSurvey, enterprises: list[Organization]) -> DemandSurvey:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    for enterprise in enterprises:
        if enterprise.kind != OrgKind.ENTERPRISE:
            raise ValidationFailed(_("%(o)s is not an enterprise.") % {"o": enterprise})
    survey.invited.add(*enterprises)
    audit_record(
        actor=actor,
        action="survey.invite",
        target=survey,
        organization_id=survey.school_id,
        data={"enterprises": [e.pk for e in enterprises]},
    )
    return survey


@transaction.atomic
def survey_set_status(*, actor: Actor, survey: DemandSurvey, status: str) -> DemandSurvey:
    actor = _require_school_staff(as_actor(actor), survey.school_id)
    allowed: dict[str, set[str]] = {
        SurveyStatus.DRAFT: {SurveyStatus.OPEN},
        SurveyStatus.OPEN: {SurveyStatus.CLOSED},
        SurveyStatus.CLOSED: {SurveyStatus.OPEN},
    }
    if status not in allowed.get(survey.status, set()):
        raise InvalidTransition(_("A %(a)s survey cannot become %(b)s.") % {"a": survey.status, "b": status})
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    if status == SurveyStatus.OPEN:
        recipients = Membership.objects.filter(
            organization__in=survey.invited.all(), role=Role.ENTERPRISE_ADMIN, is_active=True
        ).select_related("user")
        for m in recipients:
            notification_send(
                recipient=m.user,
                kind="labour_market.survey",
                title=f"{survey.school}: {survey.title}",
                link=f"/labour-market/surveys/{survey.pk}/answer/",
            )
    audit_record(actor=actor, action=f"survey.{status}", target=survey, organization_id=survey.school_id)
    transaction.on_commit(demand_recompute)
    return survey


def survey_submit(
    *, actor: Actor, survey: DemandSurvey, posts: list[dict], answers: dict | None = None
) -> SurveyResponse:
    """An enterprise answers: the posts it needs next year (title, head count, skills) and the extra questions."""
    actor = require_role(as_actor(actor), [Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR])
    if survey.status != SurveyStatus.OPEN:
        raise InvalidTransition(_("This survey is not open."))
    if not survey.invited.filter(pk=actor.organization_id).exists():
        raise PermissionDenied(_("Your enterprise was not invited to this survey."))
    errors: dict[str, list[str]] = {}
    clean_posts = []
    for i, post in enumerate(posts, start=1):
        title = (post.get("title") or "").strip()
        if not title:
            continue
        try:
            headcount = int(post.get("headcount") or 0)
        except (TypeError, ValueError):
            headcount = 0
        if headcount < 1:
            errors[f"posts.{i}.headcount"] = ["Enter a head count of at least 1."]
        clean_posts.append((title[:120], headcount, (post.get("skills") or "").strip()))
    if not clean_posts:
        errors["posts"] = ["Name at least one post."]
    answers = answers or {}
    clean_answers = {}
    for q in survey.questions.all():
        value = str(answers.get(str(q.position), answers.get(q.position, "")) or "").strip()
        if q.required and not value:
            errors[f"q{q.position}"] = ["This question needs an answer."]
        if value and q.kind == QuestionKind.NUMBER:
            try:
                float(value)
            except ValueError:
                errors[f"q{q.position}"] = ["Enter a number."]
        if value and q.kind == QuestionKind.CHOICE and value not in q.choices:
            errors[f"q{q.position}"] = ["Pick one of the choices."]
        clean_answers[str(q.position)] = value
    if errors:
        raise ValidationFailed(_("Some answers need attention."), errors=errors)
    extractor, coder = pipeline._engines()
    ensure_reference_data()
    skill_pks = dict(Skill.objects.values_list("skill_id", "pk"))
    with transaction.atomic():
        response, _created = SurveyResponse.objects.update_or_create(
            survey=survey,
            enterprise_id=actor.organization_id,
            defaults={"submitted_by": actor.user, "answers": clean_answers},
        )
        response.posts.all().delete()
        for title, headcount, skills_text in clean_posts:
            code = coder.code(title)
            demand = SurveyPostDemand.objects.create(
                response=response,
                title=title,
                headcount=headcount,
                skills_text=skills_text,
                occupation_code=(code.code if code and code.code else ""),
                occupation_confidence=float(code.confidence) if code else 0,
            )
            found = {m.skill_id for m in extractor.extract(f"{title}\n{skills_text}")}
            demand.skills.set([skill_pks[s] for s in found if s in skill_pks])
        audit_record(actor=actor, action="survey.answer", target=response, organization_id=actor.organization_id)
        transaction.on_commit(demand_recompute)
    return response
