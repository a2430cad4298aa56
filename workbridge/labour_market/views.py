"""Pages (htmx): demand, ingest, majors' matrices and warnings, surveys, destinations, programmes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core import charts
from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.forms import apply_domain_error
from workbridge.core.roles import OrgKind
from workbridge.core.uploads import validate_upload
from workbridge.organizations.models import Organization

from . import exports, forms, selectors, services, tabular
from . import permissions as perms
from .models import (
    CourseSkill,
    Dimension,
    EducationBand,
    FileFormat,
    MajorTargetOccupation,
    ProgrammeVersion,
    SurveyResponse,
    SurveyStatus,
    WarningLevel,
    WarningRule,
)

TMP_PREFIX = "postings/tmp/"


def _fields_labels():
    return {
        "title": pgettext("posting", "Job title"),
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
        return _ingest_commit(request, actor, context)
    form = forms.IngestUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                validate_upload(upload, purpose="postings", keep_name=True)
                data = upload.read()
                preview = services.postings_preview(
                    data=data, file_name=upload.name, fmt=form.cleaned_data["format"] or None
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                token = f"{uuid.uuid4().hex}.bin"
                default_storage.save(f"{TMP_PREFIX}{token}", _Bytes(data))
                context.update(
                    {
                        "preview": preview,
                        "token": token,
                        "file_name": upload.name,
                        "source": form.cleaned_data["source"],
                        "commit_form": forms.IngestCommitForm(initial={"token": token}),
                    }
                )
                return render(request, "labour_market/ingest.html", context)
        context["form"] = form
        return render(request, "labour_market/ingest.html", context, status=400)
    context["form"] = form
    return render(request, "labour_market/ingest.html", context)


def _ingest_commit(request, actor, context):
    """The second step: import the stored upload with the chosen mapping; a bad month shows beside its box."""
    form = forms.IngestCommitForm(request.POST)
    valid = form.is_valid()
    path = f"{TMP_PREFIX}{request.POST.get('token', '')}"
    expired = "token" in form.errors or not default_storage.exists(path)
    if not valid or expired:
        if expired:
            upload_form = forms.IngestUploadForm()
            upload_form.add_error(None, _("The upload expired; choose the file again."))
            context["form"] = upload_form
            return render(request, "labour_market/ingest.html", context, status=400)
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
        preview = services.postings_preview(
            data=data,
            file_name=request.POST.get("file_name", "upload"),
            fmt=request.POST.get("format") or None,
            mapping={f: request.POST[f"map_{f}"] for f in tabular.FIELDS if request.POST.get(f"map_{f}")},
        )
        context.update(
            {
                "preview": preview,
                "token": form.data.get("token"),
                "file_name": request.POST.get("file_name", "upload"),
                "source": request.POST.get("source", ""),
                "commit_form": form,
            }
        )
        return render(request, "labour_market/ingest.html", context, status=400)
    mapping = {f: request.POST.get(f"map_{f}", "") for f in tabular.FIELDS}
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
            source=request.POST.get("source", "")[:120],
            mapping=mapping,
            default_month=form.cleaned_data["month"],
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


def _rule_rows(*, rule_form=None, rule_pk=None) -> list[dict]:
    """The warning rules for the rules table, in the reader's language and units, each with its edit form (the one
    sent back with errors, if any)."""
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
                "form": rule_form
                if rule_form is not None and r.pk == rule_pk
                else forms.WarningRuleForm(
                    auto_id=f"id_rule{r.pk}_%s",
                    initial={
                        "threshold": r.threshold,
                        "yellow_threshold": r.yellow_threshold,
                        "weight": r.weight,
                        "enabled": r.enabled,
                    },
                ),
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
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        return _export(_major_report(_major_context(actor, major)), fmt, f"major-{major.code}")
    return _major_page(request, actor, major)


def _major_page(request, actor, major, *, target_form=None, status=200):
    context = _major_context(actor, major)
    context["courses"] = major.courses.all()
    context["target_form"] = target_form or forms.TargetOccupationForm()
    return render(request, "labour_market/major.html", context, status=status)


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
        return redirect("labour_market:major", pk=major.pk)
    form = forms.TargetOccupationForm(request.POST)
    if form.is_valid():
        try:
            services.target_occupation_set(actor=actor, major=major, **form.cleaned_data)
            return redirect("labour_market:major", pk=major.pk)
        except ValidationFailed as exc:
            apply_domain_error(form, exc)
    return _major_page(request, actor, major, target_form=form, status=400)


@login_required
def course_skills(request, pk):
    actor = actor_for(request.user)
    course = selectors.course_get(actor=actor, pk=pk)
    form = forms.SkillAddForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "suggest":
            made = services.course_skills_suggest(actor=actor, course=course)
            messages.info(request, _("%(n)s new suggestions.") % {"n": len(made)})
        elif action in ("confirmed", "rejected", "suggested"):
            tag = _one(CourseSkill.objects.all(), pk=request.POST.get("tag"), course=course)
            services.course_skill_decide(actor=actor, tag=tag, status=action)
        elif action == "add":
            form = forms.SkillAddForm(request.POST)
            if form.is_valid():
                try:
                    services.course_skill_add(actor=actor, course=course, skill=form.cleaned_data["skill"])
                except ValidationFailed as exc:
                    apply_domain_error(form, exc)
            if form.errors:
                return render(
                    request,
                    "labour_market/course_skills.html",
                    {"course": course, "tags": course.skill_tags.select_related("skill"), "form": form},
                    status=400,
                )
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
        {"course": course, "tags": course.skill_tags.select_related("skill"), "form": form},
    )


@login_required
def warnings(request):
    actor = actor_for(request.user)
    perms.require_warnings(actor)
    majors_qs = selectors.major_list(actor=actor)
    year_form = forms.WarningsRecomputeForm(initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        perms.require_warning_recompute(actor)
        year_form = forms.WarningsRecomputeForm(request.POST)
        if year_form.is_valid():
            try:
                result = services.warnings_recompute_request(
                    actor=actor, majors=list(majors_qs), year=year_form.cleaned_data["year"]
                )
            except ValidationFailed as exc:
                apply_domain_error(year_form, exc)
            else:
                if result["queued"]:
                    messages.info(request, _("The warnings are being recomputed; they update in about a minute."))
                else:
                    messages.success(
                        request, _("%(n)s majors judged for %(y)s.") % {"n": result["verdicts"], "y": result["year"]}
                    )
                return redirect("labour_market:warnings")
        return _warnings_page(request, actor, majors_qs, year_form=year_form, status=400)
    return _warnings_page(request, actor, majors_qs, year_form=year_form)


def _warnings_page(request, actor, majors_qs, *, year_form, rule_form=None, rule_pk=None, status=200):
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
            "rules": _rule_rows(rule_form=rule_form, rule_pk=rule_pk),
            "red_weight": record.red_weight,
            "year_form": year_form,
            "can_edit_rules": perms.may_edit_warning_rules(actor),
        },
        status=status,
    )


@login_required
@require_POST
def warning_rule_edit(request, pk):
    actor = perms.require_warning_rules(actor_for(request.user))
    rule = _one(WarningRule.objects.all(), pk=pk)
    form = forms.WarningRuleForm(request.POST, auto_id=f"id_rule{rule.pk}_%s")
    if form.is_valid():
        try:
            services.warning_rule_update(actor=actor, rule=rule, **form.cleaned_data)
            return redirect("labour_market:warnings")
        except ValidationFailed as exc:
            apply_domain_error(form, exc)
    year_form = forms.WarningsRecomputeForm(initial={"year": timezone.localdate().year - 1})
    return _warnings_page(
        request,
        actor,
        selectors.major_list(actor=actor),
        year_form=year_form,
        rule_form=form,
        rule_pk=rule.pk,
        status=400,
    )


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
    form = forms.SurveyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not perms.may_create_surveys(actor):
            raise PermissionDenied(_("Only the school's staff create its surveys."))
        if form.is_valid():
            try:
                survey = services.survey_create(actor=actor, **form.cleaned_data)
                return redirect("labour_market:survey", pk=survey.pk)
            except ValidationFailed as exc:
                apply_domain_error(form, exc)
        status = 400
    return render(
        request,
        "labour_market/surveys.html",
        {
            "surveys": selectors.survey_list(actor=actor),
            "can_create": perms.may_create_surveys(actor),
            "form": form,
        },
        status=status,
    )


def _survey_candidates(survey):
    return Organization.objects.filter(kind=OrgKind.ENTERPRISE, region_id=survey.school.region_id).exclude(
        pk__in=survey.invited.all()
    )


@login_required
def survey_detail(request, pk):
    actor = actor_for(request.user)
    survey = selectors.survey_get(actor=actor, pk=pk)
    if perms.answers_surveys(actor):
        return redirect("labour_market:survey-answer", pk=survey.pk)
    candidates = _survey_candidates(survey)
    question_form = forms.QuestionForm()
    invite_form = forms.SurveyInviteForm(candidates=candidates)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        bound = None
        try:
            if action == "question":
                bound = question_form = forms.QuestionForm(request.POST)
                if question_form.is_valid():
                    data = question_form.cleaned_data
                    services.survey_question_add(
                        actor=actor,
                        survey=survey,
                        text=data["text"],
                        kind=data["kind"],
                        choices=data["choices"],
                        required=data["required"],
                    )
            elif action == "invite":
                bound = invite_form = forms.SurveyInviteForm(request.POST, candidates=candidates)
                if invite_form.is_valid():
                    services.survey_invite(
                        actor=actor, survey=survey, enterprises=list(invite_form.cleaned_data["enterprises"])
                    )
            elif action in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
                services.survey_set_status(actor=actor, survey=survey, status=action)
        except ValidationFailed as exc:
            if bound is None:
                raise
            apply_domain_error(bound, exc)
        if bound is None or not bound.errors:
            return redirect("labour_market:survey", pk=survey.pk)
        status = 400
    responses = selectors.survey_responses(actor=actor, survey=survey)
    return render(
        request,
        "labour_market/survey.html",
        {
            "survey": survey,
            "responses": responses,
            "question_form": question_form,
            "invite_form": invite_form,
            "has_candidates": candidates.exists(),
            "invited": survey.invited.all(),
        },
        status=status,
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
    questions = list(survey.questions.all())
    form = forms.SurveyAnswerForm(
        request.POST or None,
        questions=questions,
        initial={f"q{k}": v for k, v in (existing.answers if existing else {}).items()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_submit(actor=actor, survey=survey, posts=form.posts(), answers=form.answers())
                messages.success(request, _("Thank you: your answer was saved."))
                return redirect("labour_market:survey-answer", pk=survey.pk)
            except ValidationFailed as exc:
                apply_domain_error(form, exc)
        status = 400
        rows = form.rows
    else:
        rows = (
            [{"title": p.title, "headcount": p.headcount, "skills_text": p.skills_text} for p in existing.posts.all()]
            if existing
            else []
        )
    return render(
        request,
        "labour_market/survey_answer.html",
        {
            "survey": survey,
            "existing": existing,
            "rows": rows,
            "blank_rows": range(max(3 if not form.is_bound else 1, 5 - len(rows))),
            "form": form,
        },
        status=status,
    )


# --------------------------------------------------------------------------------------------------
# Industry associations
# --------------------------------------------------------------------------------------------------
@login_required
def association(request):
    actor = actor_for(request.user)
    standard_form, forecast_form = forms.StandardForm(), forms.ForecastForm()
    status = 200
    if request.method == "POST":
        perms.require_association(actor, _("Only industry associations publish standards and forecasts."))
        if request.POST.get("kind") == "forecast":
            form = forecast_form = forms.ForecastForm(request.POST)
            publish = services.forecast_publish
        else:
            form = standard_form = forms.StandardForm(request.POST)
            publish = services.standard_publish
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
            try:
                publish(actor=actor, **data)
                messages.success(request, _("Published; it now enters the demand tables with your source shown."))
                return redirect("labour_market:association")
            except ValidationFailed as exc:
                apply_domain_error(form, exc)
        status = 400
    return render(
        request,
        "labour_market/association.html",
        {
            "standards": selectors.standard_list(actor=actor),
            "forecasts": selectors.forecast_list(actor=actor),
            "can_publish": perms.may_publish_as_association(actor),
            "standard_form": standard_form,
            "forecast_form": forecast_form,
        },
        status=status,
    )


# --------------------------------------------------------------------------------------------------
# Destinations
# --------------------------------------------------------------------------------------------------
@login_required
def destinations(request):
    actor = actor_for(request.user)
    perms.require_destinations(actor)
    errors = None
    form = forms.DestinationsImportForm()
    status = 200
    if request.method == "POST":
        perms.require_destination_import(actor)
        form = forms.DestinationsImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                validate_upload(upload, purpose="workbook", keep_name=True)
                n = services.destinations_import(actor=actor, data=upload.read(), filename=upload.name)
                messages.success(request, _("%(n)s destination records imported.") % {"n": n})
                return redirect("labour_market:destinations")
            except DomainError as exc:
                if isinstance(exc.errors, list):
                    errors = exc  # the workbook's row-by-row problems, listed under the form
                else:
                    apply_domain_error(form, exc)
        status = 400
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
        {"rows": rows, "errors": errors, "form": form, "can_import": perms.may_import_destinations(actor)},
        status=status,
    )


@login_required
def followup(request, pk):
    actor = actor_for(request.user)
    item = selectors.followup_get(actor=actor, pk=pk)
    form = forms.FollowupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.followup_answer(actor=actor, followup=item, **form.cleaned_data)
                messages.success(request, _("Thank you."))
                return redirect("home")
            except ValidationFailed as exc:
                apply_domain_error(form, exc)
        status = 400
    return render(request, "labour_market/followup.html", {"item": item, "form": form}, status=status)


# --------------------------------------------------------------------------------------------------
# Joint talent-training programmes
# --------------------------------------------------------------------------------------------------
@login_required
def programmes(request):
    actor = actor_for(request.user)
    majors = selectors.major_list(actor=actor) if perms.may_start_programmes(actor) else None
    form = forms.ProgrammeStartForm(
        request.POST or None, majors=majors if majors is not None else selectors.major_list(actor=actor)
    )
    status = 200
    if request.method == "POST":
        if majors is None:
            raise PermissionDenied(_("Only the school's staff draft its programmes."))
        if form.is_valid():
            major = selectors.major_get(actor=actor, pk=form.cleaned_data["major"].pk)
            try:
                content = services.programme_starting_content(major, title=form.cleaned_data["title"])
                programme = services.programme_create(
                    actor=actor,
                    major=major,
                    cohort_year=form.cleaned_data["cohort_year"],
                    title=form.cleaned_data["title"],
                    content=content,
                )
                return redirect("labour_market:programme", pk=programme.pk)
            except ValidationFailed as exc:
                apply_domain_error(form, exc)
        status = 400
    return render(
        request,
        "labour_market/programmes.html",
        {"programmes": selectors.programme_list(actor=actor), "can_start": majors is not None, "form": form},
        status=status,
    )


@login_required
def programme_detail(request, pk):
    actor = actor_for(request.user)
    programme = selectors.programme_get(actor=actor, pk=pk)
    bound: dict = {}
    if request.method == "POST":
        action = request.POST.get("action")
        form = None
        try:
            if action == "revise":
                form = bound["revise"] = forms.ProgrammeReviseForm(request.POST)
                if form.is_valid():
                    services.programme_revise(
                        actor=actor, programme=programme, content=form.content(), summary=form.cleaned_data["summary"]
                    )
            elif action == "comment":
                form = bound["comment"] = forms.ProgrammeCommentForm(request.POST)
                if form.is_valid():
                    version = _one(
                        ProgrammeVersion.objects.all(), programme=programme, number=form.cleaned_data["version"]
                    )
                    services.programme_comment(
                        actor=actor,
                        version=version,
                        line_key=form.cleaned_data["line_key"],
                        text=form.cleaned_data["text"],
                    )
            elif action == "invite":
                form = bound["invite"] = forms.ProgrammeInviteForm(request.POST)
                if form.is_valid():
                    services.programme_invite(actor=actor, programme=programme, user=form.cleaned_data["username"])
            elif action == "sign":
                services.programme_sign(actor=actor, programme=programme)
        except ValidationFailed as exc:
            if form is None:
                raise
            apply_domain_error(form, exc)
        if form is None or not form.errors:
            return redirect("labour_market:programme", pk=programme.pk)
    return _programme_page(request, actor, programme, bound)


def _programme_page(request, actor, programme, bound: dict):
    versions = list(programme.versions.select_related("author"))
    comment_form = bound.get("comment")
    number = (
        comment_form.cleaned_data["version"]
        if comment_form is not None and "version" in comment_form.cleaned_data
        else _int(request.GET.get("v"), "v", versions[0].number)
    )
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise NotFound(_("Not found."))
    comments = {}
    for c in version.comments.select_related("author", "organization"):
        comments.setdefault(c.line_key, []).append(c)
    lines = [
        {
            "key": k,
            "section": s,
            "text": t,
            "comments": comments.get(k, []),
            "form": comment_form
            if comment_form is not None and comment_form.data.get("line_key") == k
            else forms.ProgrammeCommentForm(
                auto_id=f"id_line{n}_%s", initial={"version": version.number, "line_key": k}
            ),
        }
        for n, (k, s, t) in enumerate(services.programme_lines(version.content), start=1)
    ]
    is_staff = perms.is_programme_staff(actor, programme)
    reviewer = programme.reviewers.filter(user=request.user).first()
    matrix = selectors.major_matrix(programme.major)
    revise_form = bound.get("revise") or forms.ProgrammeReviseForm(
        initial={
            "target_posts": "\n".join(version.content.get("target_posts", [])),
            "competencies": "\n".join(version.content.get("competencies", [])),
            "certificates": "\n".join(version.content.get("certificates", [])),
        }
    )
    course_rows = getattr(revise_form, "rows", None) if revise_form.is_bound else version.content.get("courses", [])
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
            "revise_form": revise_form,
            "course_rows": course_rows,
            "invite_form": bound.get("invite") or forms.ProgrammeInviteForm(),
            "blank_courses": range(2),
        },
        status=400 if bound else 200,
    )
