"""The authority's regional figures, computed from other apps' records (read through their models and
selectors, scoped by core.access). A source app whose models are not installed yields 'no data yet'.

Every figure names the records behind it (``drill``: a key of DRILLS) so the dashboard can list them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from workbridge.core import figures_cache
from workbridge.core.access import visible
from workbridge.core.oversight import OversightScope
from workbridge.core.roles import OrgKind, Role
from workbridge.evaluation.indicators import model


@dataclass
class Figure:
    key: str
    label: str
    value: object = None  # None: no data yet
    hint: str = ""
    drill: str = ""
    tone: str = ""

    @property
    def no_data(self) -> bool:
        return self.value is None


def year_window(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- drill-down querysets ----------------------------------------------------------------------------------------


def _qs(label: str):
    m = model(*label.split("."))
    return None if m is None else m.objects.all()


def drill_queryset(key: str, actor, scope: OversightScope, year: int | None):
    """(title, queryset) of the records behind a figure, scoped by the actor."""
    start, end = year_window(year) if year else (None, None)
    today = dt.date.today()
    if key == "schools":
        qs = _qs("organizations.Organization").filter(kind=OrgKind.SCHOOL).filter(scope.schools_q("pk"))
        return _("Schools"), visible(actor, qs)
    if key == "enterprises":
        qs = _qs("organizations.Organization").filter(kind=OrgKind.ENTERPRISE, vetting_status="approved")
        if not scope.is_all:
            qs = qs.filter(Q(pk__in=scope.enterprises_in()) | Q(pk__in=_partner_ids(scope)))
        return _("Enterprises"), visible(actor, qs)
    if key == "partnerships":
        qs = _qs("partnerships.Agreement").exclude(status="draft").filter(scope.either_q("school_id", "enterprise_id"))
        from workbridge.partnerships.models import live_agreement_q

        qs = qs.filter(start_date__lte=end, end_date__gte=start) if year else qs.filter(live_agreement_q(today))
        return _("Agreements in force"), visible(actor, qs.select_related("school", "enterprise"))
    if key == "internships":
        qs = _qs("placements.Placement")
        if qs is None:
            return _("Internships"), None
        qs = qs.filter(scope.schools_q("school_id"))
        qs = (
            qs.filter(status__in=["active", "completed", "terminated"], start_date__lte=end, end_date__gte=start)
            if year
            else qs.filter(status="active")
        )
        return _("Internships"), visible(actor, qs.select_related("student", "school", "enterprise", "position"))
    if key == "violations":
        qs = _qs("compliance.Violation")
        if qs is None:
            return _("Rule violations"), None
        qs = qs.filter(scope.either_q("school_id", "enterprise_id")).exclude(status="dismissed")
        qs = qs.filter(created_at__date__range=(start, end)) if year else qs.filter(status="open")
        return _("Rule violations"), visible(actor, qs)
    if key == "practice":
        qs = _qs("faculty.PracticeRecord")
        if qs is None:
            return _("Teachers' enterprise practice"), None
        qs = qs.filter(scope.schools_q("school_id"), status="confirmed")
        if year:
            qs = qs.filter(start_date__lte=end, end_date__gte=start)
        return _("Teachers' enterprise practice"), visible(actor, qs.select_related("teacher", "enterprise"))
    if key == "usage":
        qs = _qs("resources.UsageRecord")
        if qs is None:
            return _("Resource use"), None
        qs = qs.filter(scope.either_q("owner_id", "requester_org_id"))
        if year:
            qs = qs.filter(used_on__range=(start, end))
        return _("Resource use"), visible(actor, qs.select_related("resource"))
    if key == "rnd":
        qs = _qs("research.RndProject")
        if qs is None:
            return _("R&D projects"), None
        qs = qs.filter(scope.schools_q("school_id")).exclude(status="terminated")
        qs = (
            qs.filter(start_date__lte=end).filter(Q(completed_on__isnull=True) | Q(completed_on__gte=start))
            if year
            else qs.filter(status="active")
        )
        return _("R&D projects"), visible(actor, qs)
    if key == "certificates":
        qs = _qs("certificates.Registration")
        if qs is None:
            return _("1+X certificate registrations"), None
        qs = qs.filter(scope.schools_q("school_id"))
        if year:
            qs = qs.filter(exam_date__range=(start, end))
        return _("1+X certificate registrations"), visible(actor, qs.select_related("student", "school", "certificate"))
    if key == "warnings":
        qs = _qs("labour_market.MajorWarning")
        if qs is None:
            return _("Major warnings"), None
        qs = qs.filter(scope.schools_q("major__school_id"), level__in=["red", "yellow"])
        if year:
            qs = qs.filter(year=year)
        return _("Major warnings"), visible(actor, qs.select_related("major"))
    if key == "investment":
        qs = _qs("partnerships.ProjectOutput").filter(kind__in=["money_invested", "equipment_value"])
        qs = qs.filter(scope.either_q("project__school_id", "project__enterprise_id"))
        if year:
            qs = qs.filter(recorded_on__range=(start, end))
        return _("Investment recorded"), visible(actor, qs.select_related("project"))
    return "", None


def names_students(actor) -> bool:
    """Whether drill-down rows may name students: only a school's own leaders, whose drill is their school's."""
    return not actor.is_platform_admin and actor.role == Role.SCHOOL_ADMIN


def drill_label(actor, obj) -> str:
    """One drill-down row's text. Regional viewers (authority, groups) see organisations and dates, never a
    student's name; a school's own leaders see their students' names."""
    label = getattr(obj, "_meta", None) and obj._meta.label
    if label == "placements.Placement":
        if names_students(actor):
            return str(obj)
        return f"{obj.school} → {obj.enterprise} · {obj.start_date:%Y-%m-%d} – {obj.end_date:%Y-%m-%d}"
    if label == "certificates.Registration":
        who = f"{obj.student.name} · " if names_students(actor) else ""
        return f"{who}{obj.school} · {obj.certificate} · {obj.exam_date:%Y-%m-%d}"
    return str(obj)


DRILLS = (
    "schools",
    "enterprises",
    "partnerships",
    "internships",
    "violations",
    "practice",
    "usage",
    "rnd",
    "certificates",
    "warnings",
    "investment",
)


def _partner_ids(scope: OversightScope):
    """The enterprises in agreements with the scope's schools (a subquery)."""
    Agreement = model("partnerships", "Agreement")
    return Agreement.objects.filter(school_id__in=scope.schools_in()).values("enterprise_id")


def _count(actor, scope, key, year):
    _title, qs = drill_queryset(key, actor, scope, year)
    return None if qs is None else qs.count()


# --- the figures -------------------------------------------------------------------------------------------------


CACHE = "insights"


def _cache_parts(actor, scope: OversightScope, *parts) -> tuple:
    """What a cached figure depends on: who asks (their visibility), the scope (region), the day, and ``parts``."""
    return (actor.role, actor.organization_id, actor.is_platform_admin, scope.key, dt.date.today(), *parts)


def figure_values(actor, scope: OversightScope, year: int | None = None) -> dict:
    """The raw numbers behind the headline figures (no text, so one cached copy serves every language)."""
    values: dict = {key: _count(actor, scope, key, None) for key in ("schools", "enterprises")}
    for key in ("partnerships", "internships", "violations", "practice", "rnd", "warnings"):
        values[key] = _count(actor, scope, key, year)
    _title, usage = drill_queryset("usage", actor, scope, year)
    values["usage"] = None if usage is None else float(usage.aggregate(h=Sum("hours"))["h"] or 0)
    _title, regs = drill_queryset("certificates", actor, scope, year)
    values["certificates"] = (
        None
        if regs is None
        else regs.aggregate(
            passed=Count("id", filter=Q(result="passed")), sat=Count("id", filter=Q(result__in=["passed", "failed"]))
        )
    )
    # the share on 31 December of the year asked for (today for the current year), as the annual report counts it
    as_of = min(dt.date(year, 12, 31), dt.date.today()) if year else dt.date.today()
    values["dual"] = dual_share(actor, scope, as_of)
    _title, inv = drill_queryset("investment", actor, scope, year)
    values["investment"] = float(inv.aggregate(s=Sum("quantity"))["s"] or 0)
    return values


def figures(actor, scope: OversightScope, year: int | None = None) -> list[Figure]:
    """The dashboard's headline figures (current state, or a calendar year when ``year`` is given); the numbers
    are cached per viewer's scope until a record behind them changes (``core.figures_cache``)."""
    v = figures_cache.cached(
        CACHE, _cache_parts(actor, scope, "figures", year), lambda: figure_values(actor, scope, year)
    )
    out = [
        Figure("schools", _("Schools"), v["schools"], drill="schools"),
        Figure("enterprises", _("Enterprises"), v["enterprises"], drill="enterprises"),
        Figure(
            "partnerships",
            _("Agreements in force") if not year else _("Agreements in the year"),
            v["partnerships"],
            drill="partnerships",
        ),
        Figure(
            "internships",
            _("Students in internships") if not year else _("Internships in the year"),
            v["internships"],
            drill="internships",
        ),
        Figure(
            "violations",
            _("Open rule violations") if not year else _("Rule violations in the year"),
            v["violations"],
            drill="violations",
        ),
        Figure("practice", _("Teacher practice records"), v["practice"], drill="practice"),
        Figure(
            "rnd",
            _("R&D projects under way") if not year else _("R&D projects in the year"),
            v["rnd"],
            drill="rnd",
        ),
        Figure("warnings", _("Majors warned (red/yellow)"), v["warnings"], drill="warnings"),
        Figure(
            "usage",
            _("Resource hours used"),
            None if v["usage"] is None else f"{v['usage']:,.0f}",
            hint=_("hours of use of shared training bases and equipment"),
            drill="usage",
        ),
    ]
    agg = v["certificates"]
    if agg is None:
        out.append(Figure("certificates", _("1+X pass rate"), None, drill="certificates"))
    else:
        rate = f"{100 * agg['passed'] / agg['sat']:.0f}%" if agg["sat"] else "—"
        out.append(
            Figure(
                "certificates", _("1+X pass rate"), rate, hint=_("%(n)d sat") % {"n": agg["sat"]}, drill="certificates"
            )
        )
    dual = v["dual"]
    if dual is None:
        out.append(Figure("dual", _("Dual-qualified teachers"), None, drill="practice"))
    elif not dual[1]:
        out.append(Figure("dual", _("Dual-qualified teachers"), "—", drill="practice"))
    else:
        out.append(
            Figure(
                "dual",
                _("Dual-qualified teachers"),
                f"{100 * dual[0] / dual[1]:.0f}%",
                hint=_("%(d)d of %(p)d professional-course teachers") % {"d": dual[0], "p": dual[1]},
                drill="practice",
            )
        )
    out.append(Figure("investment", _("Enterprise investment (yuan)"), f"{v['investment']:,.0f}", drill="investment"))
    return out


def dual_share(actor, scope: OversightScope, as_of: dt.date) -> tuple[int, int] | None:
    """(dual-qualified, professional-course teachers) in the scope on ``as_of``, counted by SQL
    (``faculty.counts``, equal to the recognition engine's result); None without the faculty app.
    The dashboard (as of today) and the annual report (as of 31 December, or today for the current year) both
    read it here."""
    try:
        from workbridge.faculty.counts import dual_qualified_counts
    except ImportError:
        return None
    _per_school, total = dual_qualified_counts(
        actor=actor, as_of=as_of, school_ids=None if scope.is_all else scope.schools_in()
    )
    return total.dual, total.professional


def dashboard(actor, scope: OversightScope, term: str | None, year: int) -> dict:
    """Everything the regional dashboard shows, cached per scope (region), term and year until a write."""

    def compute():
        return {
            "bands": depth_bands(actor, scope, term),
            "comparison": school_comparison(actor, scope, term, year),
            "monthly": monthly_internships(actor, scope, year),
        }

    data = figures_cache.cached(CACHE, _cache_parts(actor, scope, "dashboard", term, year), compute)
    return {**data, "figures": figures(actor, scope)}


def depth_bands(actor, scope: OversightScope, term: str | None) -> dict[str, int]:
    from workbridge.evaluation.selectors import score_list

    if not term:
        return {}
    qs = score_list(actor=actor, term=term, level="partnership").filter(scope.either_q("school_id", "enterprise_id"))
    counts = dict(qs.values_list("band").annotate(n=Count("id")).values_list("band", "n"))
    return {b: counts.get(b, 0) for b in ("shallow", "developing", "deep")}


def school_comparison(actor, scope: OversightScope, term: str | None, year: int) -> list[dict]:
    """One row per school: students, partnerships, depth score, internships, hire rate, violations, pass rate."""
    from workbridge.evaluation.selectors import score_list

    Organization = model("organizations", "Organization")
    schools = visible(actor, Organization.objects.filter(kind=OrgKind.SCHOOL).filter(scope.schools_q("pk"))).order_by(
        "name"
    )
    ids = list(schools.values_list("id", flat=True))
    start, end = year_window(year)
    rows = {
        s.pk: {
            "school": s,
            "students": 0,
            "partnerships": 0,
            "depth": None,
            "band": "",
            "internships": None,
            "hired": None,
            "violations": None,
            "pass_rate": None,
        }
        for s in schools
    }
    Student = model("academics", "Student")
    for sid, n in (
        Student.objects.filter(school_id__in=ids, enrolment_status="enrolled")
        .values_list("school_id")
        .annotate(n=Count("id"))
    ):
        rows[sid]["students"] = n
    Agreement = model("partnerships", "Agreement")
    for sid, n in (
        Agreement.objects.filter(school_id__in=ids)
        .exclude(status="draft")
        .filter(start_date__lte=end, end_date__gte=start)
        .values_list("school_id")
        .annotate(n=Count("enterprise_id", distinct=True))
    ):
        rows[sid]["partnerships"] = n
    if term:
        for s in score_list(actor=actor, term=term, level="school").filter(school_id__in=ids):
            rows[s.school_id]["depth"], rows[s.school_id]["band"], rows[s.school_id]["score_id"] = s.total, s.band, s.pk
    Placement = model("placements", "Placement")
    if Placement is not None:
        for r in rows.values():
            r["internships"], r["hired"] = 0, 0
        agg = (
            Placement.objects.filter(
                school_id__in=ids,
                status__in=["active", "completed", "terminated"],
                start_date__lte=end,
                end_date__gte=start,
            )
            .values_list("school_id")
            .annotate(n=Count("id"), h=Count("id", filter=Q(hired_by_host=True)))
        )
        for sid, n, h in agg:
            rows[sid]["internships"], rows[sid]["hired"] = n, h
    Violation = model("compliance", "Violation")
    if Violation is not None:
        for r in rows.values():
            r["violations"] = 0
        for sid, n in (
            Violation.objects.filter(school_id__in=ids, created_at__date__range=(start, end))
            .exclude(status="dismissed")
            .values_list("school_id")
            .annotate(n=Count("id"))
        ):
            rows[sid]["violations"] = n
    Registration = model("certificates", "Registration")
    if Registration is not None:
        agg = (
            Registration.objects.filter(school_id__in=ids, exam_date__range=(start, end))
            .values_list("school_id")
            .annotate(
                p=Count("id", filter=Q(result="passed")), s=Count("id", filter=Q(result__in=["passed", "failed"]))
            )
        )
        for sid, p, s in agg:
            rows[sid]["pass_rate"] = p / s if s else None
    return list(rows.values())


def monthly_internships(actor, scope: OversightScope, year: int) -> list[int]:
    """Students in internship in each month of the year (placements overlapping the month)."""
    Placement = model("placements", "Placement")
    if Placement is None:
        return []
    qs = visible(
        actor, Placement.objects.filter(scope.schools_q("school_id"), status__in=["active", "completed", "terminated"])
    )
    start, end = year_window(year)
    spans = list(qs.filter(start_date__lte=end, end_date__gte=start).values_list("start_date", "end_date"))
    counts = defaultdict(int)
    for m in range(1, 13):
        first = dt.date(year, m, 1)
        last = (dt.date(year, m + 1, 1) if m < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1)
        counts[m] = sum(1 for s, e in spans if s <= last and e >= first)
    return [counts[m] for m in range(1, 13)]
