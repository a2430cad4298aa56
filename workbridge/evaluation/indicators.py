"""Measures computed from other apps' records, registered by key; index indicators and ledger lines use them.

Each measure computes, for a date window, a value per school-enterprise pair in one pass over the owning app's
records (reading that app's models), with the ids of the rows behind it (the evidence). A measure whose source
model is not installed reports "no data" (None) rather than a number. Counts are 0 for pairs without records;
rates have no value without a denominator.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

Pair = tuple[int, int]
EVIDENCE_CAP = 500


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date


@dataclass
class Value:
    value: float | None
    count: int = 0
    rows: dict[str, list[int]] = field(default_factory=dict)
    truncated: bool = False

    def evidence(self) -> dict:
        return {"rows": self.rows, "truncated": self.truncated} if self.rows else {}


@dataclass(frozen=True)
class Measure:
    key: str
    compute: Callable[[Window], dict[Pair, Value]]
    requires: tuple[tuple[str, str], ...]
    rate: bool = False

    def available(self) -> bool:
        return all(model(app, name) is not None for app, name in self.requires)

    def empty(self) -> Value:
        return Value(None if self.rate else 0.0)

    def no_data(self) -> Value:
        return Value(None)


MEASURES: dict[str, Measure] = {}


def measure(key: str, *, requires: Iterable[tuple[str, str]], rate: bool = False):
    def wrap(fn):
        MEASURES[key] = Measure(key=key, compute=fn, requires=tuple(requires), rate=rate)
        return fn

    return wrap


def model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def compute(keys: Iterable[str], window: Window) -> tuple[dict[str, dict[Pair, Value]], set[str]]:
    """Values of the given measures per pair; the second result names measures with no data source."""
    out: dict[str, dict[Pair, Value]] = {}
    unavailable: set[str] = set()
    for key in keys:
        m = MEASURES.get(key)
        if m is None or not m.available():
            unavailable.add(key)
            out[key] = {}
            continue
        out[key] = m.compute(window)
    return out, unavailable


def value_for(key: str, values: dict[str, dict[Pair, Value]], unavailable: set[str], pair: Pair) -> Value:
    if key in unavailable:
        return Value(None)
    got = values.get(key, {}).get(pair)
    if got is not None:
        return got
    return MEASURES[key].empty()


# --- helpers -----------------------------------------------------------------------------------------------------


class _Acc:
    """Accumulates a sum (or distinct count) and evidence ids per pair."""

    def __init__(self, label: str, distinct: bool = False):
        self.label = label
        self.distinct = distinct
        self.sums: dict[Pair, float] = defaultdict(float)
        self.keys: dict[Pair, set] = defaultdict(set)
        self.ids: dict[Pair, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.count: dict[Pair, int] = defaultdict(int)

    def add(self, pair: Pair, row_id: int, amount: float = 1.0, key=None, label: str | None = None) -> None:
        if self.distinct:
            self.keys[pair].add(key if key is not None else row_id)
        else:
            self.sums[pair] += float(amount)
        self.count[pair] += 1
        bucket = self.ids[pair][label or self.label]
        if len(bucket) < EVIDENCE_CAP:
            bucket.append(row_id)

    def values(self) -> dict[Pair, Value]:
        out = {}
        for pair in self.count:
            v = float(len(self.keys[pair])) if self.distinct else self.sums[pair]
            rows = {k: list(v_) for k, v_ in self.ids[pair].items()}
            out[pair] = Value(
                v, self.count[pair], rows, truncated=self.count[pair] > sum(len(x) for x in rows.values())
            )
        return out


def _overlaps(start_field: str, end_field: str, window: Window, end_nullable: bool = False) -> Q:
    q = Q(**{f"{start_field}__lte": window.end})
    end_q = Q(**{f"{end_field}__gte": window.start})
    if end_nullable:
        end_q |= Q(**{f"{end_field}__isnull": True})
    return q & end_q


def _outputs(window: Window, kinds: list[str], label: str = "partnerships.projectoutput") -> dict[Pair, Value]:
    ProjectOutput = model("partnerships", "ProjectOutput")
    acc = _Acc(label)
    rows = ProjectOutput.objects.filter(kind__in=kinds, recorded_on__range=(window.start, window.end)).values_list(
        "id", "project__school_id", "project__enterprise_id", "quantity"
    )
    for row_id, school_id, enterprise_id, qty in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, qty)
    return acc.values()


STARTED_PLACEMENT = ("active", "completed", "terminated")


# --- partnerships ------------------------------------------------------------------------------------------------


@measure("equipment_invested", requires=[("partnerships", "ProjectOutput")])
def equipment_invested(window: Window):
    return _outputs(window, ["equipment_value"])


@measure("money_invested", requires=[("partnerships", "ProjectOutput")])
def money_invested(window: Window):
    return _outputs(window, ["money_invested"])


@measure("courses_codeveloped", requires=[("partnerships", "ProjectOutput")])
def courses_codeveloped(window: Window):
    return _outputs(window, ["courses", "textbooks"])


@measure("people_trained", requires=[("partnerships", "ProjectOutput")])
def people_trained(window: Window):
    return _outputs(window, ["people_trained"])


@measure("order_apprentice_students", requires=[("partnerships", "ProjectParticipant")])
def order_apprentice_students(window: Window):
    Participant = model("partnerships", "ProjectParticipant")
    acc = _Acc("partnerships.projectparticipant", distinct=True)
    rows = (
        Participant.objects.filter(
            role="student",
            project__project_type__in=["order_class", "apprenticeship"],
            project__status__in=["running", "completed"],
        )
        .filter(_overlaps("project__start_date", "project__end_date", window, end_nullable=True))
        .values_list("id", "project__school_id", "project__enterprise_id", "student_id")
    )
    for row_id, school_id, enterprise_id, student_id in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, key=student_id)
    return acc.values()


# --- faculty -----------------------------------------------------------------------------------------------------


@measure("lecturer_hours", requires=[("partnerships", "ProjectOutput")])
def lecturer_hours(window: Window):
    """Enterprise staff teaching hours. faculty.LecturerTeaching (per course) and ProjectOutput hours_taught
    (per project) record the same teaching at different grain, so the larger of the two is taken per pair."""
    from_outputs = _outputs(window, ["hours_taught"])
    LecturerTeaching = model("faculty", "LecturerTeaching")
    if LecturerTeaching is None:
        return from_outputs
    acc = _Acc("faculty.lecturerteaching")
    rows = LecturerTeaching.objects.filter(taught_on__range=(window.start, window.end)).values_list(
        "id", "school_id", "enterprise_id", "hours"
    )
    for row_id, school_id, enterprise_id, hours in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, hours)
    from_teaching = acc.values()
    out = {}
    for pair in set(from_outputs) | set(from_teaching):
        a, b = from_outputs.get(pair), from_teaching.get(pair)
        best = max((x for x in (a, b) if x is not None), key=lambda x: x.value)
        rows = {**(a.rows if a else {}), **(b.rows if b else {})}
        out[pair] = Value(
            best.value, (a.count if a else 0) + (b.count if b else 0), rows, (a and a.truncated) or (b and b.truncated)
        )
    return out


@measure("teachers_hosted", requires=[("faculty", "PracticeRecord")])
def teachers_hosted(window: Window):
    PracticeRecord = model("faculty", "PracticeRecord")
    acc = _Acc("faculty.practicerecord", distinct=True)
    rows = (
        PracticeRecord.objects.filter(status="confirmed")
        .filter(_overlaps("start_date", "end_date", window))
        .values_list("id", "school_id", "enterprise_id", "teacher_id")
    )
    for row_id, school_id, enterprise_id, teacher_id in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, key=teacher_id)
    return acc.values()


# --- resources ---------------------------------------------------------------------------------------------------


@measure("training_base_use", requires=[("resources", "UsageRecord")])
def training_base_use(window: Window):
    """Hours one side used the other side's bases and equipment (recorded usage)."""
    UsageRecord = model("resources", "UsageRecord")
    acc = _Acc("resources.usagerecord")
    rows = UsageRecord.objects.filter(used_on__range=(window.start, window.end)).values_list(
        "id", "owner_id", "owner__kind", "requester_org_id", "requester_org__kind", "hours"
    )
    for row_id, owner_id, owner_kind, req_id, req_kind, hours in rows.iterator(chunk_size=5000):
        if owner_kind == "enterprise" and req_kind == "school":
            acc.add((req_id, owner_id), row_id, hours)
        elif owner_kind == "school" and req_kind == "enterprise":
            acc.add((owner_id, req_id), row_id, hours)
    return acc.values()


# --- placements --------------------------------------------------------------------------------------------------


@measure("interns_hosted", requires=[("placements", "Placement")])
def interns_hosted(window: Window):
    Placement = model("placements", "Placement")
    acc = _Acc("placements.placement", distinct=True)
    rows = (
        Placement.objects.filter(status__in=STARTED_PLACEMENT)
        .filter(_overlaps("start_date", "end_date", window))
        .values_list("id", "school_id", "enterprise_id", "student_id")
    )
    for row_id, school_id, enterprise_id, student_id in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, key=student_id)
    return acc.values()


def _ended(window: Window):
    Placement = model("placements", "Placement")
    return Placement.objects.filter(status__in=["completed", "terminated"], end_date__range=(window.start, window.end))


def _rate(rows, label: str) -> dict[Pair, Value]:
    """rows: (id, school, enterprise, in_denominator, in_numerator) -> numerator / denominator per pair."""
    num: dict[Pair, int] = defaultdict(int)
    den: dict[Pair, int] = defaultdict(int)
    ids: dict[Pair, list[int]] = defaultdict(list)
    for row_id, school_id, enterprise_id, counted, hit in rows:
        pair = (school_id, enterprise_id)
        if not counted:
            continue
        den[pair] += 1
        num[pair] += 1 if hit else 0
        if len(ids[pair]) < EVIDENCE_CAP:
            ids[pair].append(row_id)
    return {
        pair: Value(num[pair] / den[pair], den[pair], {label: ids[pair]}, truncated=den[pair] > len(ids[pair]))
        for pair in den
    }


@measure("internship_completion", requires=[("placements", "Placement")], rate=True)
def internship_completion(window: Window):
    rows = _ended(window).values_list("id", "school_id", "enterprise_id", "status")
    return _rate(
        ((i, s, e, True, st == "completed") for i, s, e, st in rows.iterator(chunk_size=5000)), "placements.placement"
    )


@measure("retention_hired", requires=[("placements", "Placement")], rate=True)
def retention_hired(window: Window):
    rows = _ended(window).values_list("id", "school_id", "enterprise_id", "status", "hired_by_host")
    return _rate(
        ((i, s, e, st == "completed", hired) for i, s, e, st, hired in rows.iterator(chunk_size=5000)),
        "placements.placement",
    )


@measure("hires", requires=[("placements", "Placement")])
def hires(window: Window):
    acc = _Acc("placements.placement")
    for row_id, school_id, enterprise_id in (
        _ended(window)
        .filter(hired_by_host=True)
        .values_list("id", "school_id", "enterprise_id")
        .iterator(chunk_size=5000)
    ):
        acc.add((school_id, enterprise_id), row_id)
    return acc.values()


@measure("placement_evaluations", requires=[("placements", "Evaluation")], rate=True)
def placement_evaluations(window: Window):
    """Mean evaluation total (0-100) by students and mentors of placements that ended in the window, as a share."""
    Evaluation = model("placements", "Evaluation")
    sums: dict[Pair, float] = defaultdict(float)
    acc = _Acc("placements.evaluation")
    rows = Evaluation.objects.filter(placement__end_date__range=(window.start, window.end)).values_list(
        "id", "placement__school_id", "placement__enterprise_id", "total"
    )
    for row_id, school_id, enterprise_id, total in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id)
        sums[(school_id, enterprise_id)] += float(total)
    out = acc.values()
    for pair, v in out.items():
        v.value = sums[pair] / v.count / 100.0
    return out


@measure("visibility", requires=[("placements", "Application")])
def visibility(window: Window):
    Application = model("placements", "Application")
    acc = _Acc("placements.application")
    rows = Application.objects.filter(created_at__date__range=(window.start, window.end)).values_list(
        "id", "school_id", "enterprise_id"
    )
    for row_id, school_id, enterprise_id in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id)
    return acc.values()


# --- compliance --------------------------------------------------------------------------------------------------


def _violation_fields():
    Violation = model("compliance", "Violation")
    if Violation is None:
        return None
    names = {f.name for f in Violation._meta.get_fields()}
    return Violation, names


@measure("violations", requires=[("compliance", "Violation")])
def violations(window: Window):
    """Rule violations concerning the pair (the school and enterprise on the violation or its placement)."""
    Violation, names = _violation_fields()
    date_field = next(
        (f for f in ("detected_on", "occurred_on", "detected_at", "created_at") if f in names), "created_at"
    )
    qs = Violation.objects.exclude(status="dismissed") if "status" in names else Violation.objects.all()
    if date_field.endswith("_at"):
        qs = qs.filter(**{f"{date_field}__date__range": (window.start, window.end)})
    else:
        qs = qs.filter(**{f"{date_field}__range": (window.start, window.end)})
    if "school" in names and "enterprise" in names:
        rows = qs.values_list("id", "school_id", "enterprise_id")
    elif "placement" in names:
        rows = qs.values_list("id", "placement__school_id", "placement__enterprise_id")
    else:
        return {}
    acc = _Acc("compliance.violation")
    for row_id, school_id, enterprise_id in rows.iterator(chunk_size=5000):
        if school_id and enterprise_id:
            acc.add((school_id, enterprise_id), row_id)
    return acc.values()


# --- research ----------------------------------------------------------------------------------------------------


@measure("rnd_projects", requires=[("partnerships", "Project")])
def rnd_projects(window: Window):
    """Joint R&D projects running in the window: research.RndProject, plus partnership projects of type joint_rnd
    that no RndProject points to (so a project recorded in both places counts once)."""
    acc = _Acc("research.rndproject")
    linked: set[int] = set()
    RndProject = model("research", "RndProject")
    if RndProject is not None:
        rows = (
            RndProject.objects.exclude(status="terminated")
            .filter(start_date__lte=window.end)
            .filter(
                Q(completed_on__gte=window.start)
                | Q(completed_on__isnull=True, end_date__gte=window.start)
                | Q(completed_on__isnull=True, status="active")
            )
            .values_list("id", "school_id", "enterprise_id", "partnership_project_id")
        )
        for row_id, school_id, enterprise_id, pp_id in rows.iterator(chunk_size=5000):
            acc.add((school_id, enterprise_id), row_id)
            if pp_id:
                linked.add(pp_id)
        linked |= set(
            RndProject.objects.exclude(partnership_project=None).values_list("partnership_project_id", flat=True)
        )
    Project = model("partnerships", "Project")
    rows = (
        Project.objects.filter(project_type="joint_rnd", status__in=["running", "completed"])
        .filter(_overlaps("start_date", "end_date", window, end_nullable=True))
        .exclude(pk__in=linked)
        .values_list("id", "school_id", "enterprise_id")
    )
    for row_id, school_id, enterprise_id in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, label="partnerships.project")
    return acc.values()


@measure("rnd_outcomes", requires=[("partnerships", "ProjectOutput")])
def rnd_outcomes(window: Window):
    """R&D outcomes achieved in the window (research.RndOutcome) plus patents recorded as project outputs."""
    acc = _Acc("research.rndoutcome")
    RndOutcome = model("research", "RndOutcome")
    if RndOutcome is not None:
        rows = RndOutcome.objects.filter(achieved_on__range=(window.start, window.end)).values_list(
            "id", "project__school_id", "project__enterprise_id"
        )
        for row_id, school_id, enterprise_id in rows.iterator(chunk_size=5000):
            acc.add((school_id, enterprise_id), row_id)
    ProjectOutput = model("partnerships", "ProjectOutput")
    rows = ProjectOutput.objects.filter(kind="patents", recorded_on__range=(window.start, window.end)).values_list(
        "id", "project__school_id", "project__enterprise_id", "quantity"
    )
    for row_id, school_id, enterprise_id, qty in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, qty, label="partnerships.projectoutput")
    return acc.values()


@measure("rnd_income", requires=[("research", "RndProject")])
def rnd_income(window: Window):
    RndProject = model("research", "RndProject")
    acc = _Acc("research.rndproject")
    rows = (
        RndProject.objects.exclude(status="terminated")
        .filter(signed_on__range=(window.start, window.end))
        .values_list("id", "school_id", "enterprise_id", "contract_value_yuan")
    )
    for row_id, school_id, enterprise_id, value in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, value)
    return acc.values()


@measure("cost_saved", requires=[("research", "RndOutcome")])
def cost_saved(window: Window):
    RndOutcome = model("research", "RndOutcome")
    acc = _Acc("research.rndoutcome")
    rows = RndOutcome.objects.filter(achieved_on__range=(window.start, window.end)).values_list(
        "id", "project__school_id", "project__enterprise_id", "cost_saved_yuan", "revenue_yuan"
    )
    for row_id, school_id, enterprise_id, saved, revenue in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, (saved or 0) + (revenue or 0))
    return acc.values()


# --- teaching_resources and innovation ----------------------------------------------------------------------------


@measure("teaching_resources_shared", requires=[("teaching_resources", "TeachingResource")])
def teaching_resources_shared(window: Window):
    """Teaching resources contributed in the window for a school-enterprise pair, the contributor credited: a joint
    work of a school and an enterprise (contributor and co-contributors) counts once for each such pair; an
    enterprise's own resource linked to a school's courses counts for that school and the enterprise."""
    TeachingResource = model("teaching_resources", "TeachingResource")
    acc = _Acc("teaching_resources.teachingresource", distinct=True)
    rows = TeachingResource.objects.filter(created_at__date__range=(window.start, window.end))
    kinds: dict[int, str] = {}
    parties: dict[int, set[int]] = defaultdict(set)
    course_schools: dict[int, set[int]] = defaultdict(set)
    for row_id, org_id, org_kind in rows.values_list("id", "contributor_id", "contributor__kind").iterator(
        chunk_size=5000
    ):
        parties[row_id].add(org_id)
        kinds[org_id] = org_kind
    ids = list(parties)
    through = TeachingResource.co_contributors.through
    for row_id, org_id, org_kind in through.objects.filter(teachingresource_id__in=ids).values_list(
        "teachingresource_id", "organization_id", "organization__kind"
    ):
        parties[row_id].add(org_id)
        kinds[org_id] = org_kind
    links = TeachingResource.courses.through.objects.filter(teachingresource_id__in=ids)
    for row_id, school_id in links.values_list("teachingresource_id", "course__school_id"):
        course_schools[row_id].add(school_id)
    for row_id, orgs in parties.items():
        schools = {o for o in orgs if kinds.get(o) == "school"}
        enterprises = {o for o in orgs if kinds.get(o) == "enterprise"}
        if enterprises and not schools:
            schools = course_schools[row_id]
        for school_id in schools:
            for enterprise_id in enterprises:
                acc.add((school_id, enterprise_id), row_id)
    return acc.values()


@measure("innovation_outputs", requires=[("innovation", "Venture")])
def innovation_outputs(window: Window):
    """What the innovation bases an enterprise sponsors at a school produced in the window: ventures started,
    companies registered (incubated), and competition awards of the calendar years the window touches."""
    Venture = model("innovation", "Venture")
    Award = model("innovation", "Award")
    acc = _Acc("innovation.venture")
    sponsored = Venture.objects.filter(base__sponsor__isnull=False, base__sponsor__kind="enterprise")
    started = sponsored.filter(started_on__range=(window.start, window.end)).values_list(
        "id", "base__school_id", "base__sponsor_id"
    )
    for row_id, school_id, enterprise_id in started.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id)
    registered = sponsored.filter(
        stage="incubated", company_registered_on__range=(window.start, window.end)
    ).values_list("id", "base__school_id", "base__sponsor_id")
    for row_id, school_id, enterprise_id in registered.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id)
    awards = Award.objects.filter(
        venture__in=sponsored.values("pk"), year__range=(window.start.year, window.end.year)
    ).values_list("id", "venture__base__school_id", "venture__base__sponsor_id")
    for row_id, school_id, enterprise_id in awards.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id, label="innovation.award")
    return acc.values()


# --- evaluation's own records ------------------------------------------------------------------------------------


@measure("evaluator_rating", requires=[("evaluation", "EvaluatorRating")], rate=True)
def evaluator_rating(window: Window):
    EvaluatorRating = model("evaluation", "EvaluatorRating")
    sums: dict[Pair, float] = defaultdict(float)
    acc = _Acc("evaluation.evaluatorrating")
    rows = EvaluatorRating.objects.filter(
        assignment__is_active=True, rated_on__range=(window.start, window.end)
    ).values_list("id", "school_id", "enterprise_id", "score")
    for row_id, school_id, enterprise_id, score in rows.iterator(chunk_size=5000):
        acc.add((school_id, enterprise_id), row_id)
        sums[(school_id, enterprise_id)] += float(score)
    out = acc.values()
    for pair, v in out.items():
        v.value = sums[pair] / v.count / 100.0
    return out


# Aliases used by the ledger (same records, seen from the other side).
LEDGER_SOURCES = {
    "placements": "interns_hosted",
    "graduate_hires": "hires",
    "lecturer_hours": "lecturer_hours",
    "equipment_received": "equipment_invested",
    "money_received": "money_invested",
    "teacher_practice_places": "teachers_hosted",
    "rnd_income": "rnd_income",
    "hires": "hires",
    "retention": "retention_hired",
    "staff_trained": "people_trained",
    "rnd_results": "rnd_outcomes",
    "cost_saved": "cost_saved",
    "visibility": "visibility",
    # "surcharge_offset" is computed by evaluation.incentives from the enterprise's statement.
}
