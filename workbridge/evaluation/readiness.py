"""Readiness checks of an enterprise against an integration-enterprise criteria set, from platform records.

Each ``check`` named in data/integration_criteria.toml is a function here returning an Outcome with evidence
links; the pure engine (engines/readiness.py) combines them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from workbridge.core.roles import Role

from . import datafiles
from .engines.readiness import Outcome, Readiness, assess
from .indicators import model
from .models import Attestation, AttestationStatus

CHECKS: dict[str, Callable] = {}


def check(name: str):
    def wrap(fn):
        CHECKS[name] = fn
        return fn

    return wrap


def _link(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _projects(enterprise, **filters):
    Project = model("partnerships", "Project")
    return Project.objects.filter(enterprise=enterprise, **filters)


@check("has_cooperation")
def has_cooperation(enterprise, criterion, today):
    Agreement = model("partnerships", "Agreement")
    agreements = list(Agreement.objects.filter(enterprise=enterprise).live(today).values_list("id", "title")[:5])
    projects = list(_projects(enterprise, status__in=["running", "completed"]).values_list("id", "title")[:5])
    evidence = tuple(
        (f"{_('Agreement')}: {t}", _link("partnerships:agreement-detail", i)) for i, t in agreements
    ) + tuple((f"{_('Project')}: {t}", _link("partnerships:project-detail", i)) for i, t in projects)
    if agreements and projects:
        return Outcome(
            "met",
            _("%(a)d agreement(s) in force, %(p)d project(s) running or done.")
            % {"a": len(agreements), "p": len(projects)},
            evidence,
        )
    return Outcome("missing", _("Needs an agreement in force and a running or completed project."), evidence)


@check("attested")
def attested(enterprise, criterion, today):
    att = Attestation.objects.filter(enterprise=enterprise, criterion_key=criterion.key).first()
    if att is None:
        return Outcome("unknown", _("No statement yet: the enterprise submits one with a document."))
    url = reverse("evaluation:attestation-document", args=[enterprise.pk, att.pk]) if att.document else ""
    evidence = ((_("Statement"), url),)
    if att.status == AttestationStatus.VERIFIED:
        return Outcome("met", _("Statement verified on %(d)s.") % {"d": att.verified_on}, evidence)
    if att.status == AttestationStatus.REJECTED:
        return Outcome("missing", _("Statement rejected by the authority."), evidence)
    return Outcome("unknown", _("Statement awaiting verification."), evidence)


@check("good_standing")
def good_standing(enterprise, criterion, today):
    if enterprise.vetting_status != "approved":
        return Outcome("missing", _("The enterprise is not approved on the platform."))
    return attested(enterprise, criterion, today)


@check("has_mentors")
def has_mentors(enterprise, criterion, today):
    Membership = model("organizations", "Membership")
    n = Membership.objects.filter(organization=enterprise, role=Role.ENTERPRISE_MENTOR, is_active=True).count()
    minimum = int(criterion.params.get("minimum", 1))
    status = "met" if n >= minimum else "missing"
    return Outcome(status, _("%(n)d active enterprise mentor(s).") % {"n": n})


@check("no_serious_incidents")
def no_serious_incidents(enterprise, criterion, today):
    years = int(criterion.params.get("years", 3))
    since = (
        today.replace(year=today.year - years)
        if not (today.month == 2 and today.day == 29)
        else today - dt.timedelta(days=365 * years)
    )
    Incident = model("placements", "Incident")
    Violation = model("compliance", "Violation")
    if Incident is None and Violation is None:
        return Outcome("unknown", _("No internship or compliance records on the platform yet."))
    evidence = []
    bad = 0
    if Incident is not None:
        rows = list(
            Incident.objects.filter(
                placement__enterprise=enterprise, severity="serious", occurred_at__date__gte=since
            ).values_list("id", flat=True)[:10]
        )
        bad += len(rows)
        evidence += [(_("Serious incident #%(id)s") % {"id": i}, "") for i in rows]
    if Violation is not None:
        names = {f.name for f in Violation._meta.get_fields()}
        qs = Violation.objects.all()
        qs = (
            qs.filter(enterprise=enterprise)
            if "enterprise" in names
            else qs.filter(placement__enterprise=enterprise)
            if "placement" in names
            else qs.none()
        )
        if "severity" in names:
            qs = qs.filter(severity__in=["critical", "high"])
        if "status" in names:
            qs = qs.exclude(status__in=["resolved", "closed", "dismissed"])
        rows = list(qs.values_list("id", flat=True)[:10])
        bad += len(rows)
        evidence += [(_("Open serious violation #%(id)s") % {"id": i}, "") for i in rows]
    if bad:
        return Outcome(
            "missing", _("%(n)d serious incident(s) or open serious violation(s).") % {"n": bad}, tuple(evidence)
        )
    return Outcome("met", _("No serious incident since %(d)s and no open serious violation.") % {"d": since})


@check("has_project_type")
def has_project_type(enterprise, criterion, today):
    types = list(criterion.params.get("types", []))
    rows = list(
        _projects(enterprise, project_type__in=types, status__in=["running", "completed"]).values_list("id", "title")[
            :5
        ]
    )
    evidence = tuple((t, _link("partnerships:project-detail", i)) for i, t in rows)
    return Outcome("met" if rows else "missing", _("%(n)d matching project(s).") % {"n": len(rows)}, evidence)


@check("in_education_group")
def in_education_group(enterprise, criterion, today):
    Affiliation = model("organizations", "Affiliation")
    rows = list(Affiliation.objects.filter(member=enterprise, body__kind="group").values_list("body__name", flat=True))
    return Outcome(
        "met" if rows else "missing",
        "; ".join(rows) or _("Not a member of a vocational education group."),
        tuple((name, "") for name in rows),
    )


def _cooperation_start(enterprise) -> dict[int, dt.date]:
    Agreement = model("partnerships", "Agreement")
    starts: dict[int, dt.date] = {}
    for school_id, start in (
        Agreement.objects.filter(enterprise=enterprise).exclude(status="draft").values_list("school_id", "start_date")
    ):
        starts[school_id] = min(start, starts.get(school_id, start))
    return starts


def _years_between(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 365.25


@check("apprenticeship_years")
def apprenticeship_years(enterprise, criterion, today):
    years = float(criterion.params.get("years", 3))
    starts = _cooperation_start(enterprise)
    rows = list(
        _projects(enterprise, project_type="apprenticeship", status__in=["running", "completed"]).values_list(
            "id", "title", "school_id"
        )
    )
    good = [(i, t) for i, t, s in rows if s in starts and _years_between(starts[s], today) >= years]
    evidence = tuple(
        (t, _link("partnerships:project-detail", i)) for i, t in (good or [(i, t) for i, t, _s in rows])[:5]
    )
    if good:
        return Outcome(
            "met", _("Apprenticeship with a school of %(y).0f+ years' cooperation.") % {"y": years}, evidence
        )
    return Outcome(
        "missing", _("No apprenticeship with a school of %(y).0f+ years' cooperation.") % {"y": years}, evidence
    )


@check("college_cooperation")
def college_cooperation(enterprise, criterion, today):
    years = float(criterion.params.get("years", 2))
    need_majors = int(criterion.params.get("majors", 3))
    need_trained = int(criterion.params.get("trained", 50))
    starts = _cooperation_start(enterprise)
    Project = model("partnerships", "Project")
    ProjectOutput = model("partnerships", "ProjectOutput")
    Placement = model("placements", "Placement")
    best = None
    for school_id, start in starts.items():
        span = _years_between(start, today)
        majors = (
            Project.majors.through.objects.filter(project__enterprise=enterprise, project__school_id=school_id)
            .exclude(project__status__in=["cancelled", "planned"])
            .values("major_id")
            .distinct()
            .count()
        )
        trained = sum(
            ProjectOutput.objects.filter(
                project__enterprise=enterprise, project__school_id=school_id, kind="people_trained"
            ).values_list("quantity", flat=True)
        )
        if Placement is not None:
            trained += Placement.objects.filter(enterprise=enterprise, school_id=school_id, status="completed").count()
        candidate = (
            span >= years and majors >= need_majors and trained >= need_trained,
            span,
            majors,
            int(trained),
            school_id,
        )
        if best is None or candidate > best:
            best = candidate
    if best is None:
        return Outcome("missing", _("No cooperation with a college recorded."))
    ok, span, majors, trained, school_id = best
    detail = _("Best school: %(y).1f years, %(m)d majors, %(t)d people trained (needs %(ny).0f, %(nm)d, %(nt)d).") % {
        "y": span,
        "m": majors,
        "t": trained,
        "ny": years,
        "nm": need_majors,
        "nt": need_trained,
    }
    return Outcome("met" if ok else "missing", detail)


def readiness_for(
    enterprise, *, criteria_set: str = datafiles.DEFAULT_CRITERIA_SET, today: dt.date | None = None
) -> Readiness:
    today = today or dt.date.today()
    spec = datafiles.criteria_sets()[criteria_set]
    outcomes = {}
    for c in spec["criteria"]:
        fn = CHECKS.get(c.check)
        outcomes[c.key] = fn(enterprise, c, today) if fn else Outcome("unknown", _("No check for this criterion."))
    return assess(spec["criteria"], outcomes)


__all__ = ["CHECKS", "readiness_for"]
