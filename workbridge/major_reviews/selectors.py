"""Reads of the major reviews app, scoped by the actor; the evidence a review gathers at opening and its words."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from workbridge.academics.models import Cohort, EnrolmentStatus, Major, Student
from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.exceptions import NotFound

from .models import OPEN_STATUSES, FollowUpStep, MajorReview, ReviewOption


def review_list(*, actor: Actor, open_only: bool = False) -> QuerySet[MajorReview]:
    qs = MajorReview.objects.select_related("major", "school", "decided_option").annotate(
        option_count=Count("options", distinct=True),
        steps_total=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__done_on__isnull=False), distinct=True),
    )
    qs = visible(as_actor(actor), qs)
    return qs.filter(status__in=OPEN_STATUSES) if open_only else qs


def review_get(*, actor: Actor, pk) -> MajorReview:
    return access_object(as_actor(actor), review_list(actor=actor), pk)


def step_get(*, actor: Actor, pk) -> FollowUpStep:
    """A follow-up step of a review the actor may see (404 otherwise)."""
    qs = FollowUpStep.objects.select_related("review", "review__major", "cohort")
    return access_object(as_actor(actor), qs, pk)


def option_list(*, review: MajorReview) -> QuerySet[ReviewOption]:
    return review.options.select_related("merge_into", "proposed_by")


def step_list(*, review: MajorReview) -> QuerySet[FollowUpStep]:
    return review.steps.select_related("cohort", "done_by")


def reviewable_majors(*, actor: Actor) -> list[tuple[Major, str]]:
    """The actor's school's majors whose latest warning is yellow or red and that have no open review: the ones a
    staff member may open a review for by hand, with that warning's level."""
    from workbridge.labour_market.models import MajorWarning

    actor = as_actor(actor)
    if not actor.organization_id:
        return []
    majors = Major.objects.filter(school_id=actor.organization_id).exclude(reviews__status__in=OPEN_STATUSES)
    latest: dict[int, str] = {}
    for major_id, level in (
        MajorWarning.objects.filter(major__in=majors).order_by("major_id", "-year").values_list("major_id", "level")
    ):
        latest.setdefault(major_id, level)
    return [(m, latest[m.pk]) for m in majors.order_by("code") if latest.get(m.pk) in ("yellow", "red")]


def major_for_review(*, actor: Actor, pk) -> Major:
    """A major of the actor's own school (the by-hand opening form)."""
    actor = as_actor(actor)
    major = Major.objects.filter(pk=pk, school_id=actor.organization_id).select_related("school").first()
    if major is None or not actor.organization_id:
        raise NotFound(_("This record does not exist or is not yours to see."))
    return major


def merge_choices(*, review: MajorReview) -> QuerySet[Major]:
    """The other enrolling majors of the school, the ones this major may merge into."""
    return Major.objects.filter(school_id=review.school_id, is_active=True).exclude(pk=review.major_id)


def latest_warning(major: Major):
    from workbridge.labour_market.models import MajorWarning

    return MajorWarning.objects.filter(major=major).order_by("-year").first()


# ------------------------------------------------------------------------------------------------ teach-out


def graduation_year(cohort: Cohort) -> int:
    return cohort.intake_year + cohort.major.duration_years


def teach_out_cohorts(major: Major, *, today: dt.date | None = None) -> list[dict]:
    """The major's cohorts with students still enrolled that have yet to graduate: each is taught out until its
    graduation (an exit never strands a student mid-course)."""
    today = today or timezone.localdate()
    rows = (
        Cohort.objects.filter(major=major)
        .select_related("major")
        .annotate(enrolled=Count("students", filter=Q(students__enrolment_status=EnrolmentStatus.ENROLLED)))
        .order_by("intake_year", "name")
    )
    return [
        {"cohort": c, "enrolled": c.enrolled, "graduates_in": graduation_year(c)}
        for c in rows
        if c.enrolled and graduation_year(c) >= today.year
    ]


# ------------------------------------------------------------------------------------------------- evidence


def gather_evidence(major: Major, *, today: dt.date | None = None) -> dict:
    """What the review weighs, taken when it opens (plain numbers, kept as they stood): the demand for the major's
    target occupations, its graduates' destinations, the enterprises' feedback on its interns, its students."""
    from workbridge.labour_market import selectors as lm

    today = today or timezone.localdate()
    codes = list(major.target_occupations.values_list("occupation_code", flat=True))
    names = lm.occupation_names(codes)
    postings = lm.occupation_postings_by_year([lm.occupation_prefix(c) for c in codes]) if codes else {}
    rates = lm.destination_rates(major)[-3:]
    feedback = None
    try:
        from workbridge.placements.models import Evaluation, EvaluatorKind

        agg = Evaluation.objects.filter(
            placement__student__major=major, evaluator_kind=EvaluatorKind.ENTERPRISE_MENTOR
        ).aggregate(n=Count("id"), avg=Avg("total"))
        if agg["n"]:
            feedback = {"evaluations": agg["n"], "average": round(float(agg["avg"]), 1)}
    except ImportError:  # pragma: no cover - the placements app is part of every install today
        feedback = None
    enrolled = Student.objects.filter(major=major, enrolment_status=EnrolmentStatus.ENROLLED).count()
    return {
        "gathered_on": today.isoformat(),
        "targets": [{"code": c, "name": names.get(c, c)} for c in codes],
        "postings_by_year": {str(y): n for y, n in sorted(postings.items())[-3:]},
        "destinations": [
            {
                "year": r.year,
                "graduates": r.graduates,
                "employment_rate": r.employment_rate,
                "relevance_rate": r.relevance_rate,
                "salary_avg": round(r.salary_avg) if r.salary_avg else None,
            }
            for r in rates
        ],
        "feedback": feedback,
        "enrolled": enrolled,
    }


def _pct(share) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _rule_value(rule, value) -> str:
    if value is None:
        return "—"
    if rule is not None and rule.unit == "percent":
        return f"{value * 100:.0f}%"
    return f"{round(value, 2):g}" if isinstance(value, float) else str(value)


VERDICTS = {
    "fail": gettext_lazy("fails"),
    "watch": gettext_lazy("to watch"),
    "ok": gettext_lazy("meets the rule"),
    "missing": gettext_lazy("no data"),
}


def reason_words(reasons: list[dict]) -> list[dict]:
    """Each finding of the warning in a sentence: the indicator, its value, the threshold it is judged against and
    the verdict; the failing and watched ones first."""
    from workbridge.labour_market.models import WarningRule

    zh = (get_language() or "").startswith("zh")
    rules = {r.key: r for r in WarningRule.objects.all()}
    out = []
    for f in sorted(reasons or [], key=lambda f: ("fail", "watch", "ok", "missing").index(f.get("status", "ok"))):
        rule = rules.get(f.get("key"))
        if rule is None:
            continue
        label = rule.label_zh if zh and rule.label_zh else rule.label
        value, threshold = _rule_value(rule, f.get("value")), _rule_value(rule, f.get("threshold"))
        status = f.get("status", "ok")
        verdict = str(VERDICTS.get(status, VERDICTS["ok"]))
        if f.get("value") is None:
            text = _("%(label)s: no figure for the year.") % {"label": label}
        elif rule.direction == "below":
            text = _("%(label)s was %(value)s; it fails below %(threshold)s.") % {
                "label": label,
                "value": value,
                "threshold": threshold,
            }
        else:
            text = _("%(label)s was %(value)s; it fails above %(threshold)s.") % {
                "label": label,
                "value": value,
                "threshold": threshold,
            }
        tone = {"fail": "bad", "watch": "warn", "ok": "good"}.get(status, "")
        out.append({"text": text, "verdict": verdict, "tone": tone})
    return out


def evidence_words(review: MajorReview) -> dict[str, list[str]]:
    """The evidence gathered at opening, in sentences for the page (no raw figures or keys on screen)."""
    e = review.evidence or {}
    demand, destinations, feedback, students = [], [], [], []
    targets = e.get("targets") or []
    if targets:
        demand.append(
            _("Target occupations: %(names)s.")
            % {"names": pgettext("list separator", ", ").join(t["name"] for t in targets)}
        )
        postings = e.get("postings_by_year") or {}
        if postings:
            demand.append(
                _("Job postings for them: %(years)s.")
                % {"years": "; ".join(_("%(n)s in %(y)s") % {"n": n, "y": y} for y, n in postings.items())}
            )
        else:
            demand.append(_("No job postings for them have been analysed yet."))
    else:
        demand.append(_("The major has declared no target occupations, so demand cannot be measured."))
    for d in e.get("destinations") or []:
        line = _(
            "Class of %(year)s: %(graduates)s graduates, %(employment)s employed, %(relevance)s in work related to "
            "the major"
        ) % {
            "year": d["year"],
            "graduates": d["graduates"],
            "employment": _pct(d.get("employment_rate")),
            "relevance": _pct(d.get("relevance_rate")),
        }
        if d.get("salary_avg"):
            line += _(", starting salary %(salary)s yuan a month") % {"salary": d["salary_avg"]}
        destinations.append(line + _("."))
    if not destinations:
        destinations.append(_("No graduate destinations recorded yet."))
    fb = e.get("feedback")
    if fb:
        feedback.append(
            _("Enterprise mentors evaluated %(n)s of its interns, on average %(avg)s out of 100.")
            % {"n": fb["evaluations"], "avg": fb["average"]}
        )
    else:
        feedback.append(_("No employer feedback yet."))
    students.append(_("%(n)s students enrolled when the review opened.") % {"n": e.get("enrolled", 0)})
    return {"demand": demand, "destinations": destinations, "feedback": feedback, "students": students}


def review_counts(*, actor: Actor) -> dict:
    qs = review_list(actor=actor)
    return {
        "open": qs.filter(status__in=OPEN_STATUSES).count(),
        "decided": qs.filter(status="decided").count(),
        "closed": qs.filter(status="closed").count(),
    }
