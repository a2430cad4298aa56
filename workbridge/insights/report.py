"""The annual industry-education integration quality report (产教融合质量年度报告), per school or for the region.

Built only from records dated in the report year (calendar year), so any past year can be reproduced. The figures
the regional dashboard also shows come from the dashboard's own function (``metrics.figure_values`` with the year,
the dashboard's "as in the annual report" view), so the two agree; the others are the depth index's measures over
the year window, depth scores computed in memory with the active index (per-term targets doubled for a year), the
mutual-benefit ledger of the year and the dual-qualified share as of 31 December.

The report is written in the language active when it is built (zh-Hans for the authority's filing, English on
request): a cover, contents, a one-page summary in sentences generated from the figures, five sections with
charts and units on every figure, and an appendix defining each figure. Rendered as PDF (ReportLab, embedded CJK
font) and .xlsx (openpyxl), from the same ``ReportData``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from workbridge.core.oversight import oversight_scope
from workbridge.evaluation import indicators, services
from workbridge.evaluation.engines.scoring import mean_of
from workbridge.evaluation.ledger import ledgers_for_year

from . import metrics


@dataclass
class ReportFigure:
    key: str
    label: str
    value: float | None  # None: no records source installed, or nothing to divide by
    unit: str
    definition: str
    percent: bool = False  # value is a share 0..1, shown as %

    @property
    def text(self) -> str:
        return _format(self.value, self.unit, self.percent)


@dataclass
class ReportTable:
    title: str
    headers: list[str]
    rows: list[list]
    widths: list[float] = field(default_factory=list)  # shares of the page width


@dataclass
class ReportChart:
    title: str
    categories: list[str]
    values: list[float]
    unit: str


@dataclass
class ReportSection:
    key: str
    title: str
    intro: str
    figures: list[ReportFigure] = field(default_factory=list)
    charts: list[ReportChart] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)

    def figure(self, key: str) -> ReportFigure | None:
        return next((f for f in self.figures if f.key == key), None)


@dataclass
class ReportData:
    year: int
    title: str
    scope_label: str
    is_region: bool
    generated_at: str
    index_label: str
    sections: list[ReportSection] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    employer_satisfaction: list[dict] = field(default_factory=list)  # by school and major (employer_feedback)

    def figure(self, key: str) -> ReportFigure | None:
        for section in self.sections:
            found = section.figure(key)
            if found is not None:
                return found
        return None

    @property
    def figures(self) -> dict[str, ReportFigure]:
        return {f.key: f for s in self.sections for f in s.figures}


def _format(value, unit: str, percent: bool = False) -> str:
    if value is None:
        return pgettext("annual report", "no data")
    if percent:
        return f"{100 * value:.1f}%"
    number = f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"
    # Chinese writes the unit straight after the number (120,000元); English leaves a space (120,000 yuan)
    space = "" if (get_language() or "").startswith("zh") else " "
    return f"{number}{space}{unit}".strip()


def _band_names() -> dict[str, str]:
    return {"deep": _("Deep"), "developing": _("Developing"), "shallow": _("Shallow")}


def _ledger_states() -> dict[str, str]:
    return {
        "balanced": _("Both sides benefit"),
        "school_only": _("One-sided: the school benefits"),
        "enterprise_only": _("One-sided: the enterprise benefits"),
        "inactive": _("No activity"),
    }


# Per-pair measures of the depth index summed over the pairs in scope: (key, label, unit, definition).
def _measure_figures() -> list[tuple[str, str, str, str]]:
    return [
        (
            "money_invested",
            _("Money invested by enterprises"),
            pgettext("unit", "yuan"),
            _("Funds enterprises put into cooperation projects, as recorded on the projects in the year."),
        ),
        (
            "equipment_invested",
            _("Equipment invested by enterprises"),
            pgettext("unit", "yuan"),
            _("The value of equipment enterprises gave or lent to cooperation projects in the year."),
        ),
        (
            "courses_codeveloped",
            _("Courses and textbooks developed together"),
            pgettext("unit", "courses or textbooks"),
            _("Courses and textbooks recorded as outputs of cooperation projects in the year."),
        ),
        (
            "people_trained",
            _("People trained for enterprises"),
            pgettext("unit", "person-times"),
            _("Employees and others trained through cooperation projects in the year."),
        ),
        (
            "order_apprentice_students",
            _("Students in order classes and apprenticeships"),
            pgettext("unit", "students"),
            _("Students taking part in order-class and apprenticeship projects that ran during the year."),
        ),
        (
            "hires",
            _("Interns hired by their host"),
            pgettext("unit", "students"),
            _("Internships that ended in the year with the student hired by the host enterprise."),
        ),
        (
            "lecturer_hours",
            _("Teaching by enterprise lecturers"),
            pgettext("unit", "class hours"),
            _("Class hours taught by part-time lecturers from enterprises in the year."),
        ),
        (
            "teachers_hosted",
            _("Teachers in enterprise practice"),
            pgettext("unit", "teachers"),
            _("Teachers whose confirmed practice at an enterprise took place in the year."),
        ),
        (
            "rnd_outcomes",
            _("R&D outcomes"),
            pgettext("unit", "items"),
            _("Patents, standards, products and other outcomes of joint projects recorded in the year."),
        ),
        (
            "rnd_income",
            _("Commissioned R&D contract value"),
            pgettext("unit", "yuan"),
            _("The value of R&D contracts enterprises commissioned from schools, signed in the year."),
        ),
    ]


def build(actor, *, year: int, school_id: int | None = None) -> ReportData:
    scope = oversight_scope(actor, school_id) if school_id else oversight_scope(actor)
    Organization = indicators.model("organizations", "Organization")
    window = indicators.Window(dt.date(year, 1, 1), dt.date(year, 12, 31))
    school_ids, enterprise_ids = scope.school_ids, scope.enterprise_ids

    def in_scope(pair) -> bool:
        if school_ids is None:
            return True
        return pair[0] in school_ids or (pair[1] in (enterprise_ids or set()) and not school_id)

    measure_keys = [k for k, *_rest in _measure_figures()] + ["internship_completion"]
    values, unavailable = indicators.compute(measure_keys, window)
    shared = metrics.figure_values(actor, scope, year)  # the dashboard's figures for the calendar year

    def summed(key: str) -> float | None:
        if key in unavailable:
            return None
        return float(sum(v.value or 0 for p, v in values[key].items() if in_scope(p)))

    def rate(key: str) -> float | None:
        if key in unavailable:
            return None
        hits = total = 0.0
        for pair, v in values[key].items():
            if in_scope(pair) and v.value is not None:
                hits += v.value * v.count
                total += v.count
        return hits / total if total else None

    measured = {key: (label, unit, definition) for key, label, unit, definition in _measure_figures()}

    def measure_figure(key: str) -> ReportFigure:
        label, unit, definition = measured[key]
        return ReportFigure(key, label, summed(key), unit, definition)

    system = services.active_system()
    weights = services.current_weights(system)
    computed = services.compute_scores(window, system, weights, target_factor=2.0)
    pairs = {p for p in computed.pairs if in_scope(p)}
    names = {o.pk: o.name for o in Organization.objects.filter(pk__in={x for p in pairs for x in p})}

    def name(pk) -> str:
        if pk not in names:
            names.update(dict(Organization.objects.filter(pk=pk).values_list("pk", "name")))
        return names.get(pk, "—")

    label = scope.label or _("The region")
    data = ReportData(
        year=year,
        title=_("%(scope)s annual report on industry-education integration (%(year)s)")
        % {"scope": label, "year": year},
        scope_label=label,
        is_region=school_id is None,
        generated_at=timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        index_label=_("%(index)s, version %(version)s, weights no. %(weights)s")
        % {"index": system.name_zh or system.name, "version": system.version, "weights": weights.number},
    )

    # --- 1. cooperation -----------------------------------------------------------------------------------------
    _title, agreements = metrics.drill_queryset("partnerships", actor, scope, year)
    cooperation = ReportSection(
        "cooperation",
        _("Cooperation between schools and enterprises"),
        _(
            "Agreements, what enterprises put in, and how deep each school-enterprise partnership went, scored "
            "with the depth index (inputs, process and outputs, 0-100)."
        ),
    )
    cooperation.figures += [
        ReportFigure(
            "agreements",
            _("Agreements in force during the year"),
            shared["partnerships"],
            pgettext("unit", "agreements"),
            _("Cooperation agreements (not drafts) whose term overlaps the year. The dashboard counts the same."),
        ),
        ReportFigure(
            "partner_enterprises",
            _("Partner enterprises"),
            agreements.order_by().values("enterprise_id").distinct().count(),
            pgettext("unit", "enterprises"),
            _("Enterprises holding at least one of those agreements."),
        ),
        ReportFigure(
            "new_agreements",
            _("Agreements signed in the year"),
            agreements.filter(signed_on__range=(window.start, window.end)).count(),
            pgettext("unit", "agreements"),
            _("Of the agreements in force, those signed during the year."),
        ),
        ReportFigure(
            "investment",
            _("Enterprise investment"),
            shared["investment"],
            pgettext("unit", "yuan"),
            _(
                "Money and the value of equipment enterprises put into cooperation projects in the year (the two "
                "figures below); the dashboard counts the same."
            ),
        ),
        measure_figure("money_invested"),
        measure_figure("equipment_invested"),
        measure_figure("courses_codeveloped"),
        measure_figure("people_trained"),
        measure_figure("order_apprentice_students"),
    ]
    bands = {"deep": 0, "developing": 0, "shallow": 0}
    per_school: dict[int, list] = defaultdict(list)
    ranked = []
    for pair in pairs:
        result = computed.results.get(pair)
        if result is None:
            continue
        if result.band:
            bands[result.band] += 1
        per_school[pair[0]].append(result)
        ranked.append((pair, result))
    ranked.sort(key=lambda item: -(item[1].total or 0))
    band_names = _band_names()
    cooperation.figures.append(
        ReportFigure(
            "scored_partnerships",
            _("Partnerships scored for depth"),
            sum(bands.values()),
            pgettext("unit", "partnerships"),
            _("School-enterprise pairs with records in the year, scored with the active depth index."),
        )
    )
    if sum(bands.values()):
        cooperation.charts.append(
            ReportChart(
                _("Partnerships by depth"),
                [band_names[b] for b in ("shallow", "developing", "deep")],
                [bands["shallow"], bands["developing"], bands["deep"]],
                pgettext("unit", "partnerships"),
            )
        )
    if school_id is None and per_school:
        rows = sorted(
            (
                [
                    name(sid),
                    len(results),
                    _score(mean_of(r.total for r in results)),
                    sum(1 for r in results if r.band == "deep"),
                ]
                for sid, results in per_school.items()
            ),
            key=lambda row: -(float(row[2]) if row[2] != "—" else -1),
        )
        cooperation.tables.append(
            ReportTable(
                _("Schools compared"),
                [
                    pgettext("annual report", "School"),
                    _("Partnerships scored"),
                    _("Mean depth score (0-100)"),
                    _("Deep partnerships"),
                ],
                rows,
                [0.46, 0.18, 0.18, 0.18],
            )
        )
    if ranked:
        cooperation.tables.append(
            ReportTable(
                _("The deepest partnerships"),
                [
                    pgettext("annual report", "School"),
                    pgettext("annual report", "Enterprise"),
                    pgettext("annual report", "Score"),
                    pgettext("annual report", "Depth"),
                    pgettext("annual report", "Inputs"),
                    pgettext("annual report", "Process"),
                    pgettext("annual report", "Outputs"),
                ],
                [
                    [
                        name(pair[0]),
                        name(pair[1]),
                        _score(r.total),
                        band_names.get(r.band or "", "—"),
                        _score(r.groups.get("input")),
                        _score(r.groups.get("process")),
                        _score(r.groups.get("output")),
                    ]
                    for pair, r in ranked[:20]
                ],
                [0.2, 0.26, 0.1, 0.1, 0.11, 0.11, 0.12],
            )
        )
    ledger_rows = []
    states = _ledger_states()
    for pair, entry in ledgers_for_year(year).items():
        if in_scope(pair):
            ledger_rows.append((pair, entry.balance))
    one_sided = [(p, bal) for p, bal in ledger_rows if bal.state in ("school_only", "enterprise_only")]
    cooperation.figures.append(
        ReportFigure(
            "one_sided",
            _("One-sided partnerships"),
            len(one_sided) if ledger_rows else 0,
            pgettext("unit", "partnerships"),
            _("Partnerships whose mutual-benefit ledger for the year shows benefit to one side only."),
        )
    )
    if one_sided:
        cooperation.tables.append(
            ReportTable(
                _("One-sided partnerships to look at"),
                [
                    pgettext("annual report", "School"),
                    pgettext("annual report", "Enterprise"),
                    _("School's benefit"),
                    _("Enterprise's benefit"),
                    pgettext("annual report", "State"),
                ],
                [
                    [name(p[0]), name(p[1]), _score(bal.school, 0), _score(bal.enterprise, 0), states[bal.state]]
                    for p, bal in sorted(one_sided, key=lambda item: (name(item[0][0]), name(item[0][1])))[:30]
                ],
                [0.22, 0.28, 0.14, 0.14, 0.22],
            )
        )

    # --- 2. internships and compliance --------------------------------------------------------------------------
    internships = ReportSection(
        "internships",
        _("Internships and compliance"),
        _(
            "Internships under the 2021 regulation on vocational school students' internships, and the rule "
            "violations the platform found."
        ),
    )
    internships.figures += [
        ReportFigure(
            "internships",
            _("Internships during the year"),
            shared["internships"],
            pgettext("unit", "internships"),
            _(
                "Internships (started, finished or ended early) whose dates overlap the year. The dashboard counts "
                "the same."
            ),
        ),
        ReportFigure(
            "completion",
            _("Internships completed as planned"),
            rate("internship_completion"),
            "",
            _("Of the internships that ended in the year, the share completed rather than ended early."),
            percent=True,
        ),
        measure_figure("hires"),
        ReportFigure(
            "violations",
            _("Rule violations found"),
            shared["violations"],
            pgettext("unit", "findings"),
            _(
                "Violations of internship rules recorded in the year, not counting those dismissed. The dashboard "
                "counts the same."
            ),
        ),
    ]
    monthly = metrics.monthly_internships(actor, scope, year)
    if any(monthly):
        internships.charts.append(
            ReportChart(
                _("Students in internship by month"),
                [str(m) for m in range(1, 13)],
                monthly,
                pgettext("unit", "students"),
            )
        )
    _title, violations = metrics.drill_queryset("violations", actor, scope, year)
    if violations is not None and shared["violations"]:
        severities = dict(violations.model._meta.get_field("severity").flatchoices)
        by_severity = violations.values_list("severity").annotate(n=Count("id")).order_by("-n")
        internships.tables.append(
            ReportTable(
                _("Violations by severity"),
                [pgettext("annual report", "Severity"), pgettext("annual report", "Findings")],
                [[str(severities.get(sev, sev)), n] for sev, n in by_severity],
                [0.6, 0.4],
            )
        )

    # --- 3. demand and majors -----------------------------------------------------------------------------------
    demand = ReportSection(
        "demand",
        _("Talent demand and majors"),
        _("Majors whose employment or demand figures triggered an early warning (red: act now; yellow: watch)."),
    )
    demand.figures.append(
        ReportFigure(
            "warnings",
            _("Majors warned"),
            shared["warnings"],
            pgettext("unit", "majors"),
            _("Majors with a red or yellow early warning for the year. The dashboard counts the same."),
        )
    )
    _title, warnings = metrics.drill_queryset("warnings", actor, scope, year)
    if warnings is not None and shared["warnings"]:
        demand.tables.append(
            ReportTable(
                _("Warned majors"),
                [
                    pgettext("annual report", "Major"),
                    pgettext("annual report", "School"),
                    pgettext("annual report", "Warning"),
                ],
                [
                    [w.major.name, name(w.major.school_id), w.get_level_display()]
                    for w in warnings.order_by("level", "major__name")[:40]
                ],
                [0.4, 0.4, 0.2],
            )
        )

    data.employer_satisfaction = _employer_satisfaction(scope, year)
    rated = [r for r in data.employer_satisfaction if r["satisfied"] is not None]
    answers = sum(r["answers"] for r in rated)
    demand.figures.append(
        ReportFigure(
            "employer_satisfied",
            _("Employers satisfied with graduates and interns"),
            (sum(r["satisfied"] * r["answers"] for r in rated) / answers) if answers else None,
            "",
            _(
                "Of the employers' feedback forms answered in the year, the share rating the student satisfied or "
                "very satisfied overall; a major with fewer than 3 answers is not counted."
            ),
            percent=True,
        )
    )
    if data.employer_satisfaction:
        demand.tables.append(
            ReportTable(
                _("Employer satisfaction by major"),
                [
                    pgettext("annual report", "School"),
                    pgettext("annual report", "Major"),
                    _("Answers"),
                    _("Satisfied"),
                    _("Mean rating (out of 5)"),
                ],
                [
                    [r["school"], r["major"], r["answers"], _share(r["satisfied"]), _score(r["mean"], 2)]
                    for r in data.employer_satisfaction
                ],
                [0.3, 0.3, 0.12, 0.12, 0.16],
            )
        )

    # --- 4. teachers and resources ------------------------------------------------------------------------------
    teachers = ReportSection(
        "teachers",
        _("Teachers and shared resources"),
        _(
            "Dual-qualified teachers, teachers' practice in enterprises, enterprise lecturers and the use of shared "
            "training bases and equipment."
        ),
    )
    dual = metrics.dual_share(actor, scope, min(dt.date(year, 12, 31), timezone.localdate()))
    teachers.figures += [
        ReportFigure(
            "dual",
            _("Dual-qualified teachers"),
            (dual[0] / dual[1]) if dual and dual[1] else None,
            "",
            _(
                "Of the teachers of professional courses, the share recognised as dual-qualified on 31 December "
                "(or today, for the current year). The dashboard uses the same count."
            ),
            percent=True,
        ),
        ReportFigure(
            "practice",
            _("Teacher practice records"),
            shared["practice"],
            pgettext("unit", "records"),
            _("Confirmed periods of teachers' practice in enterprises overlapping the year."),
        ),
        measure_figure("teachers_hosted"),
        measure_figure("lecturer_hours"),
        ReportFigure(
            "usage",
            _("Use of shared training bases and equipment"),
            shared["usage"],
            pgettext("unit", "hours"),
            _("Hours of use of shared resources recorded in the year. The dashboard counts the same."),
        ),
    ]

    # --- 5. R&D and certificates --------------------------------------------------------------------------------
    research = ReportSection(
        "research",
        _("Joint R&D and 1+X certificates"),
        _(
            "Joint research projects with enterprises and their outcomes, and the 1+X vocational skill "
            "certificate examinations."
        ),
    )
    certificates = shared["certificates"]
    research.figures += [
        ReportFigure(
            "rnd",
            _("Joint R&D projects"),
            shared["rnd"],
            pgettext("unit", "projects"),
            _("R&D projects with enterprises running at some time in the year."),
        ),
        measure_figure("rnd_outcomes"),
        measure_figure("rnd_income"),
        ReportFigure(
            "certificates_sat",
            _("1+X examinations taken"),
            certificates["sat"] if certificates is not None else None,
            pgettext("unit", "candidates"),
            _("1+X certificate examinations held in the year with a result."),
        ),
        ReportFigure(
            "certificates_pass",
            _("1+X pass rate"),
            (certificates["passed"] / certificates["sat"]) if certificates and certificates["sat"] else None,
            "",
            _("Of those examinations, the share passed."),
            percent=True,
        ),
    ]

    data.sections = [cooperation, internships, demand, teachers, research]
    data.summary = _summary(data, bands)
    return data


def _employer_satisfaction(scope, year) -> list[dict]:
    """Employer satisfaction by school and major for the year (the employer_feedback app's selector)."""
    from workbridge.employer_feedback.selectors import satisfaction_by_major

    return satisfaction_by_major(school_ids=None if scope.is_all else scope.school_ids, year=year)


def _share(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _score(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _summary(data: ReportData, bands: dict[str, int]) -> list[str]:
    """The one-page summary: a sentence per theme, written from the figures (none when a figure has no data)."""
    f = data.figures
    out = []

    def have(*keys) -> bool:
        return all(f[k].value is not None for k in keys)

    if have("agreements", "partner_enterprises", "new_agreements"):
        out.append(
            ngettext(
                "In %(year)s, %(scope)s had %(n)s cooperation agreement in force with %(e)s enterprises; "
                "%(new)s were signed during the year.",
                "In %(year)s, %(scope)s had %(n)s cooperation agreements in force with %(e)s enterprises; "
                "%(new)s were signed during the year.",
                int(f["agreements"].value or 0),
            )
            % {
                "year": data.year,
                "scope": data.scope_label,
                "n": int(f["agreements"].value or 0),
                "e": int(f["partner_enterprises"].value or 0),
                "new": int(f["new_agreements"].value or 0),
            }
        )
    scored = sum(bands.values())
    if scored:
        out.append(
            _(
                "Of %(n)s partnerships scored for depth, %(deep)s were deep, %(dev)s developing and %(shallow)s "
                "shallow; %(one)s benefited one side only."
            )
            % {
                "n": scored,
                "deep": bands["deep"],
                "dev": bands["developing"],
                "shallow": bands["shallow"],
                "one": int(f["one_sided"].value or 0),
            }
        )
    if have("investment") and f["investment"].value:
        out.append(_("Enterprises invested %(v)s in money and equipment.") % {"v": f["investment"].text})
    if have("internships"):
        sentence = _("Students took part in %(n)s internships") % {"n": int(f["internships"].value or 0)}
        if have("completion"):
            sentence += _("; %(rate)s of those that ended were completed as planned") % {"rate": f["completion"].text}
        if have("hires"):
            sentence += _(", and %(h)s interns were hired by their host") % {"h": int(f["hires"].value or 0)}
        out.append(sentence + _("."))
    if have("violations"):
        out.append(
            _("The platform found %(n)s internship rule violations during the year.")
            % {"n": int(f["violations"].value or 0)}
        )
    if have("warnings"):
        out.append(
            _("%(n)s majors carried a red or yellow early warning.") % {"n": int(f["warnings"].value or 0)}
            if f["warnings"].value
            else _("No major carried a red or yellow early warning.")
        )
    if have("employer_satisfied"):
        out.append(
            _("Employers were satisfied with %(share)s of the graduates and interns they rated.")
            % {"share": f["employer_satisfied"].text}
        )
    if have("dual"):
        out.append(
            _("Dual-qualified teachers made up %(share)s of professional-course teachers.") % {"share": f["dual"].text}
        )
    if have("rnd"):
        out.append(
            _("%(n)s joint R&D projects ran, with %(o)s outcomes recorded.")
            % {"n": int(f["rnd"].value or 0), "o": int(f["rnd_outcomes"].value or 0)}
        )
    if have("certificates_sat") and f["certificates_sat"].value:
        out.append(
            _("%(n)s 1+X examinations were taken; %(rate)s passed.")
            % {"n": int(f["certificates_sat"].value or 0), "rate": f["certificates_pass"].text}
        )
    return out


def _scope_note(data: ReportData) -> str:
    return _(
        "All figures count records dated in %(year)s (1 January to 31 December) in the platform. The regional "
        "dashboard's headline figures show the state today; choose the year view on the dashboard to see the "
        "figures this report uses."
    ) % {"year": data.year}


def render_pdf(data: ReportData) -> bytes:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from workbridge.core.pdf import (
        Heading,
        PageBreak,
        Paragraph,
        Spacer,
        build_pdf,
        contents,
        register_cjk_font,
        styles,
        table,
    )

    font = register_cjk_font()
    s = styles()
    width = 174 * mm

    def bar_chart(chart: ReportChart) -> Drawing:
        drawing = Drawing(width, 62 * mm)
        bars = VerticalBarChart()
        bars.x, bars.y, bars.width, bars.height = 15 * mm, 10 * mm, width - 25 * mm, 42 * mm
        bars.data = [list(chart.values)]
        bars.categoryAxis.categoryNames = chart.categories
        bars.categoryAxis.labels.fontName = font
        bars.valueAxis.labels.fontName = font
        bars.valueAxis.valueMin = 0
        bars.bars[0].fillColor = colors.HexColor("#0f6e6a")
        drawing.add(bars)
        drawing.add(String(15 * mm, 57 * mm, f"{chart.title} ({chart.unit})", fontName=font, fontSize=9))
        return drawing

    flow: list = [
        Spacer(1, 60 * mm),
        Paragraph(data.title, s["title"]),
        Spacer(1, 20 * mm),
        Paragraph(_("Reporting period: 1 January to 31 December %(year)s") % {"year": data.year}, s["body"]),
        Paragraph(_("Scope: %(scope)s") % {"scope": data.scope_label}, s["body"]),
        Paragraph(_("Depth index: %(index)s") % {"index": data.index_label}, s["body"]),
        Paragraph(_("Produced by WorkBridge on %(when)s") % {"when": data.generated_at}, s["body"]),
        PageBreak(),
        Paragraph(pgettext("annual report", "Contents"), s["h2"]),
        contents(s["body"]),
        PageBreak(),
        Heading(pgettext("annual report", "Summary"), s["h2"]),
    ]
    flow += [Paragraph(sentence, s["body"]) for sentence in data.summary] or [
        Paragraph(_("No records for this year yet."), s["body"])
    ]
    flow += [Spacer(1, 4 * mm), Paragraph(_scope_note(data), s["small"])]
    for number, section in enumerate(data.sections, start=1):
        flow += [PageBreak(), Heading(f"{number}. {section.title}", s["h2"]), Paragraph(section.intro, s["body"])]
        flow.append(Spacer(1, 3 * mm))
        flow.append(
            table(
                [
                    [pgettext("annual report", "Figure"), pgettext("annual report", "Value")],
                    *[[fig.label, fig.text] for fig in section.figures],
                ],
                col_widths=[width * 0.66, width * 0.34],
            )
        )
        for chart in section.charts:
            flow += [Spacer(1, 4 * mm), bar_chart(chart)]
        for t in section.tables:
            flow += [
                Spacer(1, 4 * mm),
                Paragraph(t.title, s["body"]),
                table([t.headers, *t.rows], col_widths=[width * w for w in t.widths] if t.widths else None),
            ]
    flow += [PageBreak(), Heading(_("Appendix: what each figure counts"), s["h2"])]
    flow.append(
        table(
            [
                [
                    pgettext("annual report", "Figure"),
                    pgettext("annual report", "Unit"),
                    pgettext("annual report", "Definition"),
                ],
                *[
                    [fig.label, "%" if fig.percent else fig.unit, fig.definition]
                    for section in data.sections
                    for fig in section.figures
                ],
            ],
            col_widths=[width * 0.3, width * 0.15, width * 0.55],
        )
    )
    flow += [Spacer(1, 4 * mm), Paragraph(_scope_note(data), s["small"])]
    flow.append(
        Paragraph(
            _("Every figure is computed from records in the platform and can be traced to them from the dashboard."),
            s["small"],
        )
    )
    return build_pdf(flow, title=data.title, with_contents=True, footer=data.title)


def render_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from workbridge.core.exporting import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = pgettext("annual report", "Summary")[:31]
    append_row(ws, [data.title])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [_("Reporting period: 1 January to 31 December %(year)s") % {"year": data.year}])
    append_row(ws, [_("Depth index: %(index)s") % {"index": data.index_label}])
    append_row(ws, [_("Produced by WorkBridge on %(when)s") % {"when": data.generated_at}])
    append_row(ws, [])
    for sentence in data.summary:
        append_row(ws, [sentence])
    append_row(ws, [])
    append_row(ws, [_scope_note(data)])
    ws.column_dimensions["A"].width = 110
    for number, section in enumerate(data.sections, start=1):
        sheet = wb.create_sheet(f"{number} {section.title}"[:31])
        append_row(sheet, [f"{number}. {section.title}"])
        sheet["A1"].font = Font(bold=True, size=12)
        append_row(
            sheet,
            [
                pgettext("annual report", "Figure"),
                pgettext("annual report", "Value"),
                pgettext("annual report", "Unit"),
            ],
        )
        for fig in section.figures:
            shown = None if fig.value is None else (round(100 * fig.value, 1) if fig.percent else fig.value)
            append_row(
                sheet,
                [
                    fig.label,
                    shown if shown is not None else pgettext("annual report", "no data"),
                    "%" if fig.percent else fig.unit,
                ],
            )
        for chart in section.charts:
            append_row(sheet, [])
            append_row(sheet, [f"{chart.title} ({chart.unit})"])
            for category, value in zip(chart.categories, chart.values, strict=True):
                append_row(sheet, [category, value])
        for t in section.tables:
            append_row(sheet, [])
            append_row(sheet, [t.title])
            append_row(sheet, t.headers)
            for row in t.rows:
                append_row(sheet, row)
        sheet.column_dimensions["A"].width = 40
        sheet.column_dimensions["B"].width = 30
        sheet.column_dimensions["C"].width = 16
    satisfaction = wb.create_sheet(_("Employer satisfaction")[:31])
    append_row(
        satisfaction,
        [
            pgettext("annual report", "School"),
            pgettext("annual report", "Major"),
            _("Answers"),
            _("Satisfied"),
            _("Mean rating (out of 5)"),
        ],
    )
    for r in data.employer_satisfaction:
        append_row(
            satisfaction,
            [
                r["school"],
                r["major"],
                r["answers"],
                None if r["satisfied"] is None else round(r["satisfied"], 3),
                None if r["mean"] is None else round(r["mean"], 2),
            ],
        )
    appendix = wb.create_sheet(pgettext("annual report", "Definitions")[:31])
    append_row(
        appendix,
        [
            pgettext("annual report", "Figure"),
            pgettext("annual report", "Unit"),
            pgettext("annual report", "Definition"),
        ],
    )
    for section in data.sections:
        for fig in section.figures:
            append_row(appendix, [fig.label, "%" if fig.percent else fig.unit, fig.definition])
    appendix.column_dimensions["A"].width = 36
    appendix.column_dimensions["C"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
