"""The authority's regional dashboard, its drill-down to records, and the annual quality report downloads."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workbridge.core import charts
from workbridge.core.access import actor_for
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.oversight import oversight_scope
from workbridge.evaluation.selectors import terms_scored

from . import metrics, report
from . import permissions as perms


def _actor(request):
    return perms.require_regional_view(actor_for(request.user))


def _year(request) -> int:
    raw = request.GET.get("year") or str(dt.date.today().year)
    try:
        year = int(raw)
    except ValueError:
        raise ValidationFailed(_("The year must be a number."), errors={"year": [raw]})
    if not 2000 <= year <= dt.date.today().year:
        raise ValidationFailed(_("Choose a year up to the current one."), errors={"year": [raw]})
    return year


def _school_param(request, actor, scope):
    raw = request.GET.get("school")
    if not raw:
        return None
    try:
        school_id = int(raw)
    except ValueError:
        raise NotFound(_("School not found."))
    if scope.school_ids is not None and school_id not in scope.school_ids:
        raise NotFound(_("School not found."))
    return school_id


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    scope = oversight_scope(actor)
    year = _year(request)
    terms = terms_scored()
    term = request.GET.get("term") or (terms[0] if terms else "")
    data = metrics.dashboard(actor, scope, term, year)
    figures, bands, comparison = data["figures"], data["bands"], data["comparison"]
    # "year": the headline figures for the calendar year, as the annual report counts them; else the state today
    by_year = request.GET.get("basis") == "year"
    if by_year:
        figures = metrics.figures(actor, scope, year)
    band_names = {"shallow": _("Shallow"), "developing": _("Developing"), "deep": _("Deep")}
    depth_chart = (
        charts.bar(
            [band_names[b] for b in bands], {_("Partnerships"): list(bands.values())}, label=_("Depth of partnerships")
        )
        if bands
        else None
    )
    names = [r["school"].short_name or r["school"].name for r in comparison]
    comparison_chart = (
        charts.bar(
            names,
            {
                _("Depth score"): [round(r["depth"], 1) if r["depth"] is not None else None for r in comparison],
            },
            horizontal=True,
            label=_("Schools compared"),
        )
        if comparison
        else None
    )
    monthly = data["monthly"]
    monthly_chart = (
        charts.line(
            [date_format(dt.date(year, m, 1), "M") for m in range(1, 13)],
            {_("Students in internship"): monthly},
            label=_("Students in internship by month"),
        )
        if monthly
        else None
    )
    return render(
        request,
        "insights/dashboard.html",
        {
            "scope": scope,
            "year": year,
            "years": list(range(dt.date.today().year, dt.date.today().year - 6, -1)),
            "term": term,
            "terms": terms,
            "figures": figures,
            "by_year": by_year,
            "bands": bands,
            "comparison": comparison,
            "depth_chart": depth_chart,
            "comparison_chart": comparison_chart,
            "monthly_chart": monthly_chart,
        },
    )


@login_required
def drill(request: HttpRequest, key: str) -> HttpResponse:
    actor = _actor(request)
    if key not in metrics.DRILLS:
        raise NotFound(_("Unknown figure."))
    scope = oversight_scope(actor)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    title, qs = metrics.drill_queryset(key, actor, scope, year)
    page, rows = None, []
    if qs is not None:
        page = Paginator(qs.order_by("-pk"), 50).get_page(request.GET.get("page"))
    rows = [(o.pk, metrics.drill_label(actor, o)) for o in page] if page is not None else []
    return render(
        request,
        "insights/drill.html",
        {"title": title, "page": page, "rows": rows, "key": key, "year": year, "no_data": qs is None},
    )


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    scope = oversight_scope(actor)
    Organization = metrics.model("organizations", "Organization")
    schools = Organization.objects.filter(kind="school")
    if not scope.is_all:
        schools = schools.filter(pk__in=scope.schools_in())
    return render(
        request,
        "insights/report.html",
        {
            "schools": schools.order_by("name"),
            "years": list(range(dt.date.today().year, dt.date.today().year - 8, -1)),
            "can_region": perms.may_report_region(actor),
        },
    )


@login_required
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    actor = _actor(request)
    scope = oversight_scope(actor)
    year = _year(request)
    school_id = _school_param(request, actor, scope)
    if school_id is None and not perms.may_report_region(actor):
        if perms.reports_own_school(actor):
            school_id = actor.organization_id
        else:
            raise PermissionDenied(_("The regional report is for the education authority."))
    data = report.build(actor, year=year, school_id=school_id)
    name = f"chanjiao-report-{year}-{'school-' + str(school_id) if school_id else 'region'}"
    if fmt == "pdf":
        resp = HttpResponse(report.render_pdf(data), content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    elif fmt == "xlsx":
        resp = HttpResponse(
            report.render_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        resp["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        raise NotFound(_("Unknown format."))
    return resp
