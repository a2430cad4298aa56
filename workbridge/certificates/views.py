"""Pages for 1+X certificates: catalogue, course mapping, registrations and results, pass rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, ValidationFailed
from workbridge.core.listing import export_if_asked, export_links

from . import permissions as perms
from . import selectors, services
from .forms import MappingForm, RegistrationForm, ResultForm
from .listing import REGISTRATION_COLUMNS
from .models import Certificate, Level


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    q, level = request.GET.get("q", ""), request.GET.get("level", "")
    return render(
        request,
        "certificates/index.html",
        {
            "items": selectors.catalogue(actor=actor, q=q, level=level),
            "q": q,
            "level": level,
            "levels": Level.choices,
        },
    )


@login_required
def mappings(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_registrations(actor)
    form = None
    if perms.may_map_courses(actor):
        form = MappingForm(
            request.POST or None,
            courses=selectors.course_choices(actor=actor),
            certificates=Certificate.objects.filter(is_active=True),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.mapping_add(
                    actor=actor,
                    course_id=data["course"].pk,
                    certificate_id=data["certificate"].pk,
                    kind=data["kind"],
                    credits=data["credits"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Mapping added."))
                return redirect("certificates:mappings")
    return render(request, "certificates/mappings.html", {"items": selectors.mappings(actor=actor), "form": form})


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if perms.sees_own_certificates_only(actor):
        return render(request, "certificates/mine.html", {"items": selectors.registrations(actor=actor)})
    perms.require_registrations(actor)
    form = None
    if perms.may_register_students(actor):
        form = RegistrationForm(
            request.POST or None,
            certificates=Certificate.objects.filter(is_active=True),
            students=selectors.student_choices(actor=actor),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    for student in data["students"]:
                        services.registration_create(
                            actor=actor,
                            student_id=student.pk,
                            certificate_id=data["certificate"].pk,
                            exam_date=data["exam_date"],
                        )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(n)s students registered.") % {"n": len(data["students"])})
                return redirect("certificates:registrations")
    result = request.GET.get("result", "")
    items = selectors.registrations(actor=actor, result=result).order_by("-exam_date", "student__student_number")
    if exported := export_if_asked(
        request,
        name="1x-registrations",
        title=_("1+X registrations"),
        columns=REGISTRATION_COLUMNS,
        rows=items.select_related("student", "major", "certificate"),
    ):
        return exported
    return render(
        request,
        "certificates/registrations.html",
        {"items": items[:300], "form": form, "result": result, "export_links": export_links(request)},
    )


@login_required
@require_POST
def result(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.registration_get(actor=actor, pk=pk)
    form = ResultForm(request.POST)
    try:
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            label = form.fields[field].label if field in form.fields else ""
            raise ValidationFailed(f"{label}: {errors[0]}" if label else str(errors[0]), errors=form.errors)
        item = services.result_record(actor=actor, registration=item, **form.cleaned_data)
    except DomainError as exc:
        if request.htmx:  # the row again, the error beside its form
            return render(request, "certificates/_row.html", {"r": item, "error": exc.message})
        messages.error(request, exc.message)
        return redirect("certificates:registrations")
    if request.htmx:
        return render(request, "certificates/_row.html", {"r": item})
    return redirect("certificates:registrations")


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_registrations(actor)
    by = request.GET.get("by", "major")
    if by not in ("major", "school", "certificate"):
        by = "major"
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    rows, total = selectors.pass_rates(actor=actor, by=by, year=year)
    return render(request, "certificates/rates.html", {"rows": rows, "total": total, "by": by, "year": year or ""})
