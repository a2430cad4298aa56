"""Reads for R&D: problems, proposals, projects, outcomes (scoped), and teacher-team suggestions."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from workbridge.academics.models import Student, Teacher
from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import SCHOOL_ROLES

from .engines.teams import Candidate, TeacherSkills, Team, rank_teachers, suggest_team
from .models import Proposal, RndMilestone, RndOutcome, RndProject, RndStudent, TechnicalProblem
from .skills import problem_skills, skills_by_source


def problems(*, actor: Actor, status=None):
    qs = visible(actor, TechnicalProblem.objects.select_related("enterprise")).annotate(n_proposals=Count("proposals"))
    return qs.filter(status=status) if status else qs


def problem(*, actor: Actor, pk) -> TechnicalProblem:
    return access_object(actor, TechnicalProblem.objects.select_related("enterprise"), pk)


def proposals(*, actor: Actor, problem_id=None):
    qs = visible(actor, Proposal.objects.select_related("problem", "school", "lead").prefetch_related("team"))
    return qs.filter(problem_id=problem_id) if problem_id else qs


def projects(*, actor: Actor):
    return visible(actor, RndProject.objects.select_related("school", "enterprise")).annotate(
        revenue=Sum("outcomes__revenue_yuan"),
        saved=Sum("outcomes__cost_saved_yuan"),
    )


def project(*, actor: Actor, pk) -> RndProject:
    return access_object(actor, RndProject.objects.select_related("school", "enterprise", "problem"), pk)


def project_parts(project: RndProject) -> dict:
    """The rows under a project the actor may already see (the project itself was scope-checked)."""
    return {
        "members": project.members.select_related("teacher"),
        "students": RndStudent.objects.filter(project=project).select_related("student"),
        "milestones": RndMilestone.objects.filter(project=project),
        "outcomes": RndOutcome.objects.filter(project=project),
    }


def outcome_totals(*, actor: Actor) -> dict:
    qs = visible(actor, RndOutcome.objects.all())
    totals = qs.aggregate(revenue=Sum("revenue_yuan"), saved=Sum("cost_saved_yuan"))
    by_kind = dict(qs.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {
        "revenue": totals["revenue"] or 0,
        "saved": totals["saved"] or 0,
        "by_kind": by_kind,
        "students": visible(actor, RndStudent.objects.all()).values("student_id").distinct().count(),
    }


def teacher_skill_profiles(school_id: int) -> list[TeacherSkills]:
    """Skills of each teacher of a school, from expertise, qualifications, courses taught and practice tasks."""
    from workbridge.faculty.models import PracticeRecord, Qualification, TeacherProfile

    teachers = list(Teacher.objects.filter(school_id=school_id).order_by("pk"))
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for t in teachers:
        texts[t.pk].append((_("expertise"), t.expertise))
        texts[t.pk].append((_("qualifications (profile)"), t.qualifications))
    for teacher_id, name in Qualification.objects.filter(teacher__school_id=school_id).values_list(
        "teacher_id", "name"
    ):
        texts[teacher_id].append((_("qualification: %(n)s") % {"n": name}, name))
    for profile in TeacherProfile.objects.filter(school_id=school_id).prefetch_related("teaching_courses"):
        for course in profile.teaching_courses.all():
            texts[profile.teacher_id].append(
                (_("course: %(n)s") % {"n": course.name}, f"{course.name} {course.learning_outcomes}")
            )
    for teacher_id, enterprise, tasks in PracticeRecord.objects.filter(
        school_id=school_id, status="confirmed"
    ).values_list("teacher_id", "enterprise__name", "tasks"):
        texts[teacher_id].append((_("practice: %(n)s") % {"n": enterprise}, tasks))
    return [TeacherSkills(t.pk, t.name, skills_by_source(texts[t.pk])) for t in teachers]


def suggestions(*, actor: Actor, problem: TechnicalProblem, school_id: int | None = None, limit: int = 8) -> dict:
    """Ranked teachers of the actor's school for the problem, with the skills behind each score, and a team."""
    actor = as_actor(actor)
    if school_id is None:
        school_id = actor.organization_id if actor.role in SCHOOL_ROLES else None
    wanted = problem_skills(f"{problem.title}\n{problem.description}")
    if school_id is None or not wanted:
        return {"skills": wanted, "candidates": [], "team": Team((), 0.0, (), tuple(n for n, _ in wanted.values()))}
    ranked: list[Candidate] = rank_teachers(wanted, teacher_skill_profiles(school_id), limit=limit)
    return {"skills": wanted, "candidates": ranked, "team": suggest_team(wanted, ranked)}


def school_summary(*, actor: Actor) -> dict:
    qs = projects(actor=actor)
    return {
        "projects": qs.count(),
        "active": qs.filter(status="active").count(),
        "contract_value": visible(actor, RndProject.objects.all()).aggregate(v=Sum("contract_value_yuan"))["v"] or 0,
        "open_problems": problems(actor=actor).filter(Q(status="open")).count(),
    }


def proposal_get(*, actor: Actor, pk) -> Proposal:
    return access_object(as_actor(actor), Proposal.objects.all(), pk)


def milestones(*, actor: Actor):
    return visible(as_actor(actor), RndMilestone.objects.select_related("project")).order_by("due_date", "pk")


def milestone_get(*, actor: Actor, pk) -> RndMilestone:
    return access_object(as_actor(actor), milestones(actor=actor), pk)


def student_choices(*, actor: Actor, school_id: int | None = None):
    """Students the actor may add to a project (the project's school's, when given)."""
    qs = Student.objects.all() if school_id is None else Student.objects.filter(school_id=school_id)
    return visible(as_actor(actor), qs).order_by("student_number")
