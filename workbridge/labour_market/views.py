"""Pages (htmx): demand, ingest, majors' matrices and warnings, surveys, destinations, programmes."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, NotFound, ValidationFailed
from workbridge.core.roles import OrgKind
from workbridge.core.uploads import validate_upload
from workbridge.organizations.models import Organization, User

from . import exports, selectors, services, tabular
from . import permissions as perms
from .models import (
    CourseSkill,
    Dimension,
    EducationBand,
    FileFormat,
    MajorTargetOccupation,
    ProgrammeVersion,
    Skill,
    SurveyResponse,
    SurveyStatus,
    WarningLevel,
    WarningRule,
)

TMP_PREFIX = "postings/tmp/"


def _fields_labels():
    return {
        "title": _("Job title"),
        "company": _("Company"),
        "text": _("Description"),
        "salary": _("Salary"),
        "area": _("Area"),
        "education": _("Education"),
        "experience": _("Experience"),
        "posted": _("Date posted"),
        "tags": _("Tags / keywords"),
        "industry": _("Industry"),
        "external_id": _("Id in the source"),
    }


def _int(value, field: str, default: int | None = None) -> int:
    """A whole number from a form, or a clear error naming the field."""
    if value in (None, "") and default is not None:
        return default
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(f)s must be a whole number.") % {"f": field}, errors={field: ["integer"]}) from None


def _one(queryset, **lookups):
    """One row or NotFound (a page error, never a server error)."""
    try:
        return queryset.get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Not found.")) from None


def _pct(value):
    return None if value is None else round(value * 100, 1)


# --------------------------------------------------------------------------------------------------
# Demand overview (everyone; the authority's regional view)
# --------------------------------------------------------------------------------------------------
@login_required
def overview(request):
    actor = actor_for(request.user)
    occupations = selectors.demand_table(dimension=Dimension.OCCUPATION, limit=20)
    skills = selectors.demand_table(dimension=Dimension.SKILL, limit=30)
    regions = selectors.demand_table(dimension=Dimension.REGION, limit=20)
    industries = selectors.demand_table(dimension=Dimension.INDUSTRY, limit=10)
    trend = selectors.demand_trend(
        dimension=Dimension.OCCUPATION, keys=[o.key for o in occupations[:5] if o.key != "-"]
    )
    trend_labels = {o.key: o.label for o in occupations}
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        report = exports.Report(
            _("Labour-market demand"),
            timezone.localdate().isoformat(),
            [
                exports.Section(
                    _("Occupations"),
                    [
                        _("Code"),
                        _("Occupation"),
                        _("Postings"),
                        _("Head count"),
                        _("Average monthly salary"),
                        _("Sources"),
                    ],
                    [[r.key, r.label, r.postings, r.headcount, r.salary_avg, r.sources] for r in occupations],
                ),
                exports.Section(
                    _("Skills"),
                    [_("Skill"), _("Postings"), _("Head count"), _("Average monthly salary")],
                    [[r.label, r.postings, r.headcount, r.salary_avg] for r in skills],
                ),
                exports.Section(
                    _("Regions"),
                    [_("Province / city"), _("Postings"), _("Average monthly salary")],
                    [[r.label, r.postings, r.salary_avg] for r in regions],
                ),
            ],
        )
        return _export(report, fmt, "demand")
    return render(
        request,
        "labour_market/overview.html",
        {
            "occupations": occupations,
            "skills": skills,
            "regions": regions,
            "industries": industries,
            "trend_chart": charts.line(
                trend["months"],
                {trend_labels.get(k, k): v for k, v in trend["series"].items()},
                label=_("Trend of the top occupations (postings per month)"),
                height=280,
            ),
            "skills_chart": charts.bar(
                [s.label for s in skills[:15]],
                {_("Postings"): [s.postings + s.headcount for s in skills[:15]]},
                horizontal=True,
                label=_("Skills and salary by skill"),
            ),
            "batches": selectors.batch_list(actor=actor)[:5],
            "can_ingest": perms.may_ingest(actor),
            "ingest_step": {"url": reverse("labour_market:ingest"), "label": _("Import postings")}
            if perms.may_ingest(actor)
            else None,
            "regional_heading": perms.sees_regional_heading(actor),
        },
    )


def _export(report: exports.Report, fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        response = HttpResponse(exports.to_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


# --------------------------------------------------------------------------------------------------
# Ingest: upload -> mapping and preview -> commit
# --------------------------------------------------------------------------------------------------
@login_required
def ingest(request):
    actor = perms.require_ingest(actor_for(request.user))
    context = {"formats": FileFormat.choices, "fields": _fields_labels()}
    if request.method == "POST" and request.POST.get("step") == "commit":
        token = request.POST.get("token", "")
        if not token or "/" in token or ".." in token:
            raise ValidationFailed(_("The upload expired; choose the file again."))
        path = f"{TMP_PREFIX}{token}"
        if not default_storage.exists(path):
            raise ValidationFailed(_("The upload expired; choose the file again."))
        mapping = {f: request.POST.get(f"map_{f}", "") for f in tabular.FIELDS}
        month = request.POST.get("month") or None
        with default_storage.open(path, "rb") as handle:
            data = handle.read()

        class Named:
            name = request.POST.get("file_name", "upload")

            def read(self):
                return data

        try:
            batch = services.postings_ingest(
                actor=actor,
                file=Named(),
                fmt=request.POST.get("format") or None,
                source=request.POST.get("source", ""),
                mapping=mapping,
                default_month=dt.date.fromisoformat(month + "-01") if month else None,
            )
        finally:
            default_storage.delete(path)
        if batch.status == "done":
            messages.success(
                request,
                _("Imported: %(n)s postings, %(d)s near-duplicates counted once.")
                % {"n": batch.imported, "d": batch.duplicates},
            )
        elif batch.status == "failed":
            messages.error(request, _("The import failed; nothing was kept. See the problems below."))
        else:
            messages.info(request, _("The import runs in the background; this page updates as it goes."))
        return redirect("labour_market:batch", pk=batch.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("Choose a file."))
        validate_upload(upload, purpose="postings", keep_name=True)
        data = upload.read()
        fmt = request.POST.get("format") or None
        preview = services.postings_preview(data=data, file_name=upload.name, fmt=fmt)
        token = f"{uuid.uuid4().hex}.bin"
        default_storage.save(f"{TMP_PREFIX}{token}", _Bytes(data))
        context.update(
            {"preview": preview, "token": token, "file_name": upload.name, "source": request.POST.get("source", "")}
        )
        return render(request, "labour_market/ingest.html", context)
    return render(request, "labour_market/ingest.html", context)


class _Bytes:
    """Minimal File for default_storage.save."""

    def __init__(self, data: bytes):
        from django.core.files.base import ContentFile

        self._file = ContentFile(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def chunks(self, chunk_size=None):
        return self._file.chunks(chunk_size)


@login_required
def batch_detail(request, pk):
    actor = actor_for(request.user)
    batch = selectors.batch_get(actor=actor, pk=pk)
    postings = Paginator(batch.postings.prefetch_related("skills__skill").order_by("id"), 25).get_page(
        request.GET.get("page")
    )
    names = selectors.occupation_names(p.occupation_code for p in postings)
    for p in postings:
        p.occupation_name = names.get(p.occupation_code, "")
    return render(
        request,
        "labour_market/batch.html",
        {
            "batch": batch,
            "postings": postings,
            "problems": selectors.batch_problems(batch),
            "can_manage": services.batch_may_manage(actor, batch),
            "is_stalled": services.batch_is_stalled(batch),
        },
    )


@login_required
@require_POST
def batch_resume(request, pk):
    batch = services.batch_resume(actor=actor_for(request.user), batch_id=pk)
    messages.info(request, _("Processing resumed from row %(n)s.") % {"n": batch.rows_done})
    return redirect("labour_market:batch", pk=batch.pk)


@login_required
@require_POST
def batch_rollback(request, pk):
    services.batch_rollback(actor=actor_for(request.user), batch_id=pk)
    messages.success(request, _("Rolled back: the postings this file imported were removed."))
    return redirect("labour_market:batch", pk=pk)


@login_required
def posting_detail(request, pk):
    actor = actor_for(request.user)
    posting = selectors.posting_get(actor=actor, pk=pk)
    hits = selectors.posting_skill_summary(posting)
    return render(
        request,
        "labour_market/posting.html",
        {
            "posting": posting,
            "hits": hits,
            "education_label": EducationBand(posting.education_band).label
            if posting.education_band in EducationBand.values
            else posting.education_band,
            "text_html": _highlight(posting.text, [h for h in hits if h["field"] == "text"]),
            "occupation_name": selectors.occupation_names([posting.occupation_code]).get(posting.occupation_code, ""),
        },
    )


def _highlight(text: str, hits: list[dict]):
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    out, pos = [], 0
    for h in sorted(hits, key=lambda h: h["start"]):
        if h["start"] < pos:
            continue
        out.append(escape(text[pos : h["start"]]))
        out.append(f'<mark title="{escape(h["skill"].skill_id)}">{escape(text[h["start"] : h["end"]])}</mark>')
        pos = h["end"]
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


# --------------------------------------------------------------------------------------------------
# Majors: list, matrix, gaps, warnings
# --------------------------------------------------------------------------------------------------
@login_required
def majors(request):
    actor = actor_for(request.user)
    if perms.is_enterprise_side(actor):
        return redirect("labour_market:supply")
    qs = selectors.major_list(actor=actor).filter(is_active=True)
    warnings = {w.major_id: w for w in selectors.warning_list(actor=actor).order_by("major_id", "-year")}
    rows = []
    for major in qs[:200]:
        rows.append({"major": major, "warning": warnings.get(major.pk), "targets": major.target_occupations.count()})
    return render(request, "labour_market/majors.html", {"rows": rows})


def _major_context(actor, major):
    from workbridge.employer_feedback.selectors import major_feedback as employer_feedback_for_major

    matrix = selectors.major_matrix(major)
    rates = selectors.destination_rates(major)
    warning = major.warnings.order_by("-year").first()
    result = matrix.result
    columns, rows, cells = matrix.heat()
    heat = charts.heatmap(columns, rows, cells, label=_("Post → capability → course matrix"))
    return {
        "major": major,
        "matrix": matrix,
        "result": result,
        "rates": rates,
        "warning": warning,
        "coverage": _pct(result.coverage),
        "group_coverage": _pct(result.group_coverage),
        "heat_chart": heat,
        "occupations": selectors.occupation_choices() if perms.may_edit_major(actor, major) else [],
        "gap_rows": matrix.gap_rows(),
        "thin_rows": matrix.thin_rows(),
        "beside_rows": matrix.beside_rows(),
        "min_evidence": round(matrix.result.min_evidence),
        "surplus_rows": matrix.surplus_rows(),
        "targets": major.target_occupations.all(),
        "target_names": matrix.occupations,
        "can_edit": perms.may_edit_major(actor, major),
        "reasons": _reasons(warning),
        "placements_available": selectors.placements_retention_available(),
        # issue 13.2: employer feedback as a second source beside the gaps (None when none or not for this reader)
        "employer_feedback": employer_feedback_for_major(actor=actor, major=major),
    }


def _rule_labels() -> dict[str, str]:
    zh = get_language().startswith("zh")
    return {r.key: (r.label_zh if zh and r.label_zh else r.label) for r in WarningRule.objects.all()}


def _rule_value(rule, value) -> str:
    """A threshold or an indicator value as people read it: rates as percentages, counts as numbers."""
    if value is None:
        return "—"
    if rule is not None and rule.unit == "percent":
        return f"{value * 100:.0f}%"
    return f"{round(value, 2):g}" if isinstance(value, float) else str(value)


def _rule_source(rule) -> str:
    zh = get_language().startswith("zh")
    return (rule.source_zh if zh else rule.source_en) or rule.source_zh or rule.source_en if rule else ""


def _rule_rows() -> list[dict]:
    """The warning rules for the rules table, in the reader's language and units."""
    zh = get_language().startswith("zh")
    rows = []
    for r in WarningRule.objects.all():
        fails = (_("below %(v)s") if r.direction == "below" else _("above %(v)s")) % {"v": _rule_value(r, r.threshold)}
        watch = (
            (_("below %(v)s") if r.direction == "below" else _("above %(v)s"))
            % {"v": _rule_value(r, r.yellow_threshold)}
            if r.yellow_threshold is not None
            else "—"
        )
        rows.append(
            {
                "rule": r,
                "label": r.label_zh if zh and r.label_zh else r.label,
                "fails_when": fails,
                "watch": watch,
                "source": _rule_source(r),
            }
        )
    return rows


def _reasons(warning):
    if warning is None:
        return []
    labels = {r.key: r for r in WarningRule.objects.all()}
    out = []
    for f in warning.reasons:
        rule = labels.get(f["key"])
        zh = get_language().startswith("zh")
        label = (rule.label_zh if zh and rule.label_zh else rule.label) if rule else f["key"]
        out.append(
            {
                **f,
                "label": label,
                "citation": _rule_source(rule),
                "shown_value": _rule_value(rule, f.get("value")),
                "shown_threshold": _rule_value(rule, f.get("threshold")),
            }
        )
    return out


@login_required
def major_detail(request, pk):
    actor = actor_for(request.user)
    major = selectors.major_get(actor=actor, pk=pk)
    context = _major_context(actor, major)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        return _export(_major_report(context), fmt, f"major-{major.code}")
    context["courses"] = major.courses.all()
    return render(request, "labour_market/major.html", context)


def _major_report(c) -> exports.Report:
    matrix, result = c["matrix"], c["result"]
    return exports.Report(
        f"{c['major'].school} · {c['major'].name}",
        _("Coverage %(c)s%% (skills), %(g)s%% (skill groups)") % {"c": c["coverage"], "g": c["group_coverage"]},
        [
            exports.Section(
                _("Target occupations"),
                [_("Code"), _("Occupation"), _("Weight")],
                [[t.occupation_code, c["target_names"].get(t.occupation_code, ""), t.weight] for t in c["targets"]],
            ),
            exports.Section(
                _("Top demanded skills and the courses that teach them"),
                [_("Skill"), _("Group"), _("Demand weight"), _("Courses")],
                [
                    [
                        matrix.skill_label(r.skill),
                        r.group,
                        round(r.weight, 1),
                        ", ".join(f"{x} {matrix.course_labels.get(x, '')}" for x in r.courses),
                    ]
                    for r in result.top
                ],
            ),
            exports.Section(
                _("Gaps (demanded, not taught)"),
                [_("Skill"), _("Demand weight"), _("Postings that ask for it")],
                [
                    [
                        matrix.skill_label(r.skill),
                        round(r.weight, 1),
                        "; ".join(p.title for p in matrix.evidence.get(r.skill, [])),
                    ]
                    for r in result.gaps
                ],
            ),
            exports.Section(
                _("Surplus (taught, little demanded)"),
                [_("Skill"), _("Demand share"), _("Courses")],
                [[matrix.skill_label(r.skill), round(r.share, 4), ", ".join(r.courses)] for r in result.surplus],
            ),
            exports.Section(
                _("Graduate destinations"),
                [
                    _("Year"),
                    _("Graduates"),
                    _("Employment rate %"),
                    _("Destination rate %"),
                    _("Average starting salary"),
                ],
                [
                    [
                        r.year,
                        r.graduates,
                        _pct(r.employment_rate),
                        _pct(r.destination_rate),
                        round(r.salary_avg) if r.salary_avg else None,
                    ]
                    for r in c["rates"]
                ],
            ),
            exports.Section(
                _("Early warning"),
                [_("Indicator"), _("Status"), _("Value"), _("Threshold")],
                [[r["label"], r["status"], r["value"], r["threshold"]] for r in c["reasons"]],
                note=(c["warning"].get_level_display() if c["warning"] else ""),
            ),
        ],
    )


@login_required
@require_POST
def major_target(request, pk):
    actor = actor_for(request.user)
    major = selectors.major_get(actor=actor, pk=pk)
    if request.POST.get("remove"):
        target = _one(MajorTargetOccupation.objects.all(), pk=request.POST.get("remove"), major=major)
        services.target_occupation_remove(actor=actor, target=target)
    else:
        services.target_occupation_set(
            actor=actor,
            major=major,
            occupation_code=request.POST.get("occupation_code", ""),
            weight=_int(request.POST.get("weight"), "weight", 1),
        )
    return redirect("labour_market:major", pk=major.pk)


@login_required
def course_skills(request, pk):
    actor = actor_for(request.user)
    course = selectors.course_get(actor=actor, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "suggest":
            made = services.course_skills_suggest(actor=actor, course=course)
            messages.info(request, _("%(n)s new suggestions.") % {"n": len(made)})
        elif action in ("confirmed", "rejected", "suggested"):
            tag = _one(CourseSkill.objects.all(), pk=request.POST.get("tag"), course=course)
            services.course_skill_decide(actor=actor, tag=tag, status=action)
        elif action == "add":
            skill = (
                Skill.objects.filter(skill_id=request.POST.get("skill")).first()
                or Skill.objects.filter(name_zh=request.POST.get("skill", "").strip()).first()
            )
            if skill is None:
                raise ValidationFailed(_("No such skill in the taxonomy."))
            services.course_skill_add(actor=actor, course=course, skill=skill)
        if request.htmx:
            return render(
                request,
                "labour_market/_course_tags.html",
                {"course": course, "tags": course.skill_tags.select_related("skill")},
            )
        return redirect("labour_market:course-skills", pk=course.pk)
    return render(
        request,
        "labour_market/course_skills.html",
        {"course": course, "tags": course.skill_tags.select_related("skill")},
    )


@login_required
def warnings(request):
    actor = actor_for(request.user)
    perms.require_warnings(actor)
    majors_qs = selectors.major_list(actor=actor)
    if request.method == "POST":
        result = services.warnings_recompute_request(
            actor=actor,
            majors=list(majors_qs),
            year=_int(request.POST.get("year"), "year", timezone.localdate().year - 1),
        )
        if result["queued"]:
            messages.info(request, _("The warnings are being recomputed; they update in about a minute."))
        else:
            messages.success(
                request, _("%(n)s majors judged for %(y)s.") % {"n": result["verdicts"], "y": result["year"]}
            )
        return redirect("labour_market:warnings")
    rows = list(selectors.warning_list(actor=actor).order_by("major__school__name", "major__code", "-year"))
    latest: dict[int, object] = {}
    for w in rows:
        latest.setdefault(w.major_id, w)
    labels = _rule_labels()
    rule_by_key = {r.key: r for r in WarningRule.objects.all()}
    for w in latest.values():
        w.reason_items = [
            (labels.get(r["key"], r["key"]), _rule_value(rule_by_key.get(r["key"]), r["value"]), r["status"])
            for r in w.reasons
            if r["status"] in ("fail", "watch")
        ]
    record = selectors.warning_backtest(list(majors_qs)[:60], today=timezone.localdate())
    level_labels = dict(WarningLevel.choices)
    backtest, years = record.rows, record.years
    for b in backtest:
        b["cells"] = [(b["levels"].get(y), level_labels.get(b["levels"].get(y), "")) for y in years]
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        report = exports.Report(
            _("Early warnings for majors"),
            timezone.localdate().isoformat(),
            [
                exports.Section(
                    _("Latest verdicts"),
                    [_("School"), _("Major"), _("Year"), _("Level"), _("Reasons")],
                    [
                        [
                            w.major.school.name,
                            w.major.name,
                            w.year,
                            w.get_level_display(),
                            "; ".join(f"{label} {value}" for label, value, _status in w.reason_items),
                        ]
                        for w in latest.values()
                    ],
                ),
                exports.Section(
                    _("Back-test"),
                    [_("Major"), *[str(y) for y in years]],
                    [[b["major"].name, *[label for _code, label in b["cells"]]] for b in backtest],
                ),
                exports.Section(
                    _("The warnings' record"),
                    [
                        _("Year judged"),
                        _("Majors judged"),
                        _("Warned (red or yellow)"),
                        _("In trouble the next year"),
                        _("Warned and in trouble"),
                        _("Precision"),
                        _("Recall"),
                    ],
                    [
                        [r.year, r.judged, r.flagged, r.troubled, r.hits, _pct(r.precision), _pct(r.recall)]
                        for r in record.years_scored
                    ],
                ),
            ],
        )
        return _export(report, fmt, "warnings")
    return render(
        request,
        "labour_market/warnings.html",
        {
            "latest": list(latest.values()),
            "backtest": backtest,
            "years": years,
            "record": record.years_scored,
            "rules": _rule_rows(),
            "red_weight": record.red_weight,
            "default_year": timezone.localdate().year - 1,
            "can_edit_rules": perms.may_edit_warning_rules(actor),
        },
    )


@login_required
@require_POST
def warning_rule_edit(request, pk):
    actor = perms.require_warning_rules(actor_for(request.user))
    rule = _one(WarningRule.objects.all(), pk=pk)
    try:
        yellow = request.POST.get("yellow_threshold")
        services.warning_rule_update(
            actor=actor,
            rule=rule,
            threshold=float(request.POST["threshold"]),
            yellow_threshold=float(yellow) if yellow not in (None, "") else None,
            weight=float(request.POST["weight"]),
            enabled=bool(request.POST.get("enabled")),
        )
    except (KeyError, ValueError):
        raise ValidationFailed(_("Thresholds and weights are numbers.")) from None
    return redirect("labour_market:warnings")


# --------------------------------------------------------------------------------------------------
# Enterprise: how their posts are supplied
# --------------------------------------------------------------------------------------------------
@login_required
def supply(request):
    actor = actor_for(request.user)
    perms.require_supply(actor)
    rows = selectors.enterprise_supply(actor=actor)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        report = exports.Report(
            _("How our posts are supplied"),
            "",
            [
                exports.Section(
                    _("Posts and the majors that train for them"),
                    [_("Occupation"), _("Our postings"), _("Majors"), _("Graduates (latest year)")],
                    [
                        [
                            r["name"],
                            r["postings"],
                            ", ".join(f"{m['major'].school} {m['major'].name}" for m in r["majors"]),
                            r["graduates"],
                        ]
                        for r in rows
                    ],
                )
            ],
        )
        return _export(report, fmt, "supply")
    surveys = selectors.survey_list(actor=actor).filter(status=SurveyStatus.OPEN)
    return render(request, "labour_market/supply.html", {"rows": rows, "surveys": surveys})


# --------------------------------------------------------------------------------------------------
# Surveys
# --------------------------------------------------------------------------------------------------
@login_required
def surveys(request):
    actor = actor_for(request.user)
    if request.method == "POST":
        survey = services.survey_create(
            actor=actor,
            title=request.POST.get("title", ""),
            target_year=_int(request.POST.get("target_year"), "target_year", timezone.localdate().year + 1),
            intro=request.POST.get("intro", ""),
        )
        return redirect("labour_market:survey", pk=survey.pk)
    return render(
        request,
        "labour_market/surveys.html",
        {
            "surveys": selectors.survey_list(actor=actor),
            "can_create": perms.may_create_surveys(actor),
            "next_year": timezone.localdate().year + 1,
        },
    )


@login_required
def survey_detail(request, pk):
    actor = actor_for(request.user)
    survey = selectors.survey_get(actor=actor, pk=pk)
    if perms.answers_surveys(actor):
        return redirect("labour_market:survey-answer", pk=survey.pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "question":
            services.survey_question_add(
                actor=actor,
                survey=survey,
                text=request.POST.get("text", ""),
                kind=request.POST.get("kind", "text"),
                choices=request.POST.get("choices", "").split("|"),
                required=bool(request.POST.get("required")),
            )
        elif action == "invite":
            ids = [int(i) for i in request.POST.getlist("enterprises") if i.isdigit()]
            services.survey_invite(
                actor=actor,
                survey=survey,
                enterprises=list(Organization.objects.filter(pk__in=ids, kind=OrgKind.ENTERPRISE)),
            )
        elif action in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
            services.survey_set_status(actor=actor, survey=survey, status=action)
        return redirect("labour_market:survey", pk=survey.pk)
    responses = selectors.survey_responses(actor=actor, survey=survey)
    school = survey.school
    candidates = Organization.objects.filter(kind=OrgKind.ENTERPRISE, region_id=school.region_id).exclude(
        pk__in=survey.invited.all()
    )[:200]
    return render(
        request,
        "labour_market/survey.html",
        {"survey": survey, "responses": responses, "candidates": candidates, "invited": survey.invited.all()},
    )


@login_required
def survey_answer(request, pk):
    actor = actor_for(request.user)
    survey = selectors.survey_get(actor=actor, pk=pk)
    existing = (
        SurveyResponse.objects.filter(survey=survey, enterprise_id=actor.organization_id)
        .prefetch_related("posts")
        .first()
    )
    error = None
    if request.method == "POST":
        posts = [
            {"title": t, "headcount": h, "skills": s}
            for t, h, s in zip(
                request.POST.getlist("post_title"),
                request.POST.getlist("post_headcount"),
                request.POST.getlist("post_skills"),
                strict=False,
            )
        ]
        answers = {str(q.position): request.POST.get(f"q{q.position}", "") for q in survey.questions.all()}
        try:
            services.survey_submit(actor=actor, survey=survey, posts=posts, answers=answers)
            messages.success(request, _("Thank you: your answer was saved."))
            return redirect("labour_market:survey-answer", pk=survey.pk)
        except ValidationFailed as exc:
            error = exc
    rows = list(existing.posts.all()) if existing else []
    return render(
        request,
        "labour_market/survey_answer.html",
        {
            "survey": survey,
            "existing": existing,
            "rows": rows,
            "blank_rows": range(max(3, 5 - len(rows))),
            "error": error,
            "questions": survey.questions.all(),
        },
    )


# --------------------------------------------------------------------------------------------------
# Industry associations
# --------------------------------------------------------------------------------------------------
@login_required
def association(request):
    actor = actor_for(request.user)
    if request.method == "POST":
        perms.require_association(actor, _("Only industry associations publish standards and forecasts."))
        if request.POST.get("kind") == "forecast":
            services.forecast_publish(
                actor=actor,
                sector=request.POST.get("sector", ""),
                occupation_code=request.POST.get("occupation_code", ""),
                year=_int(request.POST.get("year"), "year"),
                headcount=_int(request.POST.get("headcount"), "headcount"),
                province=request.POST.get("province", ""),
                source_note=request.POST.get("source_note", ""),
            )
        else:
            skills = []
            for line in request.POST.get("skills", "").splitlines():
                name, _sep, importance = line.partition(":")
                if name.strip():
                    skills.append((name.strip(), int(importance) if importance.strip().isdigit() else 3))
            services.standard_publish(
                actor=actor,
                title=request.POST.get("title", ""),
                sector=request.POST.get("sector", ""),
                occupation_code=request.POST.get("occupation_code", ""),
                year=_int(request.POST.get("year"), "year"),
                source_note=request.POST.get("source_note", ""),
                skills=skills,
            )
        messages.success(request, _("Published; it now enters the demand tables with your source shown."))
        return redirect("labour_market:association")
    return render(
        request,
        "labour_market/association.html",
        {
            "standards": selectors.standard_list(actor=actor),
            "forecasts": selectors.forecast_list(actor=actor),
            "can_publish": perms.may_publish_as_association(actor),
            "year": timezone.localdate().year + 1,
        },
    )


# --------------------------------------------------------------------------------------------------
# Destinations
# --------------------------------------------------------------------------------------------------
@login_required
def destinations(request):
    actor = actor_for(request.user)
    perms.require_destinations(actor)
    errors = None
    if request.method == "POST":
        perms.require_destination_import(actor)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("Choose a file."))
        try:
            validate_upload(upload, purpose="workbook", keep_name=True)
            n = services.destinations_import(actor=actor, data=upload.read(), filename=upload.name)
            messages.success(request, _("%(n)s destination records imported.") % {"n": n})
            return redirect("labour_market:destinations")
        except DomainError as exc:
            errors = exc
    rows = []
    for major in selectors.major_list(actor=actor).filter(graduate_destinations__isnull=False).distinct()[:100]:
        for r in selectors.destination_rates(major):
            rows.append(
                {
                    "major": major,
                    "r": r,
                    "employment": _pct(r.employment_rate),
                    "destination": _pct(r.destination_rate),
                    "retention": _pct(r.retention_rate),
                }
            )
    return render(
        request,
        "labour_market/destinations.html",
        {"rows": rows, "errors": errors, "can_import": perms.may_import_destinations(actor)},
    )


@login_required
def followup(request, pk):
    actor = actor_for(request.user)
    item = selectors.followup_get(actor=actor, pk=pk)
    if request.method == "POST":
        salary = request.POST.get("starting_salary")
        host = request.POST.get("hired_by_host")
        services.followup_answer(
            actor=actor,
            followup=item,
            destination=request.POST.get("destination", ""),
            employer=request.POST.get("employer", ""),
            starting_salary=int(salary) if salary and salary.isdigit() else None,
            relevance=request.POST.get("relevance", ""),
            hired_by_host=True if host == "yes" else False if host == "no" else None,
        )
        messages.success(request, _("Thank you."))
        return redirect("home")
    from .models import Destination, Relevance

    return render(
        request,
        "labour_market/followup.html",
        {"item": item, "destinations": Destination.choices, "relevances": Relevance.choices},
    )


# --------------------------------------------------------------------------------------------------
# Joint talent-training programmes
# --------------------------------------------------------------------------------------------------
def _content_from_post(post) -> dict:
    courses = []
    for name, sem, hours, practice in zip(
        post.getlist("course_name"),
        post.getlist("course_semester"),
        post.getlist("course_hours"),
        post.getlist("course_practice"),
        strict=False,
    ):
        if name.strip():
            courses.append({"name": name, "semester": sem or 0, "hours": hours or 0, "practice_hours": practice or 0})
    return {
        "target_posts": post.get("target_posts", ""),
        "competencies": post.get("competencies", ""),
        "certificates": post.get("certificates", ""),
        "courses": courses,
    }


@login_required
def programmes(request):
    actor = actor_for(request.user)
    if request.method == "POST":
        major = selectors.major_get(actor=actor, pk=request.POST.get("major"))
        content = services.programme_starting_content(major, title=request.POST.get("title", ""))
        programme = services.programme_create(
            actor=actor,
            major=major,
            cohort_year=_int(request.POST.get("cohort_year"), "cohort_year"),
            title=request.POST.get("title", ""),
            content=content,
        )
        return redirect("labour_market:programme", pk=programme.pk)
    return render(
        request,
        "labour_market/programmes.html",
        {
            "programmes": selectors.programme_list(actor=actor),
            "majors": selectors.major_list(actor=actor) if perms.may_start_programmes(actor) else [],
            "year": timezone.localdate().year + 1,
        },
    )


@login_required
def programme_detail(request, pk):
    actor = actor_for(request.user)
    programme = selectors.programme_get(actor=actor, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revise":
            services.programme_revise(
                actor=actor,
                programme=programme,
                content=_content_from_post(request.POST),
                summary=request.POST.get("summary", ""),
            )
        elif action == "comment":
            version = _one(
                ProgrammeVersion.objects.all(), programme=programme, number=_int(request.POST.get("version"), "version")
            )
            services.programme_comment(
                actor=actor,
                version=version,
                line_key=request.POST.get("line_key", ""),
                text=request.POST.get("text", ""),
            )
        elif action == "invite":
            user = User.objects.filter(username=request.POST.get("username", "").strip()).first()
            if user is None:
                raise ValidationFailed(_("No user with that name."))
            services.programme_invite(actor=actor, programme=programme, user=user)
        elif action == "sign":
            services.programme_sign(actor=actor, programme=programme)
        return redirect("labour_market:programme", pk=programme.pk)
    versions = list(programme.versions.select_related("author"))
    number = _int(request.GET.get("v"), "v", versions[0].number)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise NotFound(_("Not found."))
    comments = {}
    for c in version.comments.select_related("author", "organization"):
        comments.setdefault(c.line_key, []).append(c)
    lines = [
        {"key": k, "section": s, "text": t, "comments": comments.get(k, [])}
        for k, s, t in services.programme_lines(version.content)
    ]
    is_staff = perms.is_programme_staff(actor, programme)
    reviewer = programme.reviewers.filter(user=request.user).first()
    matrix = selectors.major_matrix(programme.major)
    return render(
        request,
        "labour_market/programme.html",
        {
            "programme": programme,
            "versions": versions,
            "version": version,
            "lines": lines,
            "general": comments.get("general", []),
            "is_staff": is_staff,
            "reviewer": reviewer,
            "reviewers": programme.reviewers.select_related("user", "organization"),
            "can_comment": is_staff or reviewer is not None,
            "matrix": matrix,
            "coverage": _pct(matrix.result.coverage),
            "content": version.content,
            "text_targets": "\n".join(version.content.get("target_posts", [])),
            "text_competencies": "\n".join(version.content.get("competencies", [])),
            "text_certificates": "\n".join(version.content.get("certificates", [])),
            "blank_courses": range(2),
        },
    )
