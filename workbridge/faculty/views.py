"""Pages for dual-qualified teachers: progress, records, confirmations, alerts, shares, enterprise lecturers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.academics.models import Course
from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError
from workbridge.core.forms import apply_domain_error
from workbridge.core.listing import export_if_asked, export_links
from workbridge.organizations.models import Organization

from . import permissions as perms
from . import selectors, services
from .forms import DecideForm, LecturerForm, PracticeForm, QualificationForm, TeachingForm
from .listing import TEACHER_COLUMNS
from .models import PracticeRecord
from .rules import practice_rule, recognition_criteria


def _enterprise_choices(actor):
    """Approved enterprises of the school's region and its cooperation partners."""
    from workbridge.partnerships.models import Agreement

    region = Organization.objects.filter(pk=actor.organization_id).values("region_id")
    return (
        Organization.objects.filter(kind="enterprise", vetting_status="approved")
        .filter(Q(region_id__in=region) | Q(pk__in=Agreement.objects.live().partner_ids_of(actor.organization_id or 0)))
        .order_by("name")
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if perms.is_teacher(actor):
        return redirect("faculty:me")
    if perms.is_enterprise_side(actor):
        return redirect("faculty:confirmations")
    perms.require_overseer(actor)
    status = request.GET.get("status", "")
    rows = selectors.teacher_rows(actor=actor, status=status or None)
    if exported := export_if_asked(
        request, name="teachers-practice", title=_("Teachers' enterprise practice"), columns=TEACHER_COLUMNS, rows=rows
    ):
        return exported
    return render(
        request,
        "faculty/index.html",
        {"rows": rows, "status": status, "rule": practice_rule(), "export_links": export_links(request)},
    )


def _teacher_page(request, actor, row, *, own: bool):
    teacher = row.teacher
    records = PracticeRecord.objects.filter(teacher=teacher).select_related("enterprise")
    context = {
        "row": row,
        "own": own,
        "rule": practice_rule(),
        "records": records,
        "qualifications": selectors.qualifications(actor=actor, teacher_id=teacher.pk),
        "criteria": recognition_criteria(),
    }
    if perms.may_record_for(actor, own=own):
        context["practice_form"] = PracticeForm(enterprises=_enterprise_choices(actor))
        context["qualification_form"] = QualificationForm()
    return render(request, "faculty/teacher.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.teacher_id is None:
        messages.info(request, _("Your account is not linked to a teacher record."))
        return redirect("home")
    return _teacher_page(request, actor, selectors.teacher_row(actor=actor, teacher_id=actor.teacher_id), own=True)


@login_required
def teacher(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_overseer(actor)
    return _teacher_page(request, actor, selectors.teacher_row(actor=actor, teacher_id=pk), own=actor.teacher_id == pk)


def _back(actor, teacher_id):
    return redirect("faculty:me") if actor.teacher_id == teacher_id else redirect("faculty:teacher", pk=teacher_id)


@login_required
@require_POST
def practice_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    teacher_obj = selectors.teacher_get(actor=actor, pk=pk)
    form = PracticeForm(request.POST, enterprises=_enterprise_choices(actor))
    if form.is_valid():
        try:
            services.practice_record_submit(actor=actor, teacher=teacher_obj, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Practice recorded; the enterprise has been asked to confirm it."))
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return _back(actor, pk)


@login_required
@require_POST
def qualification_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    teacher_obj = selectors.teacher_get(actor=actor, pk=pk)
    form = QualificationForm(request.POST)
    if form.is_valid():
        try:
            services.qualification_add(actor=actor, teacher=teacher_obj, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Qualification added."))
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return _back(actor, pk)


@login_required
@require_POST
def qualification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.qualification_get(actor=actor, pk=pk)
    services.qualification_verify(actor=actor, qualification=item)
    messages.success(request, _("Qualification verified."))
    return redirect("faculty:teacher", pk=item.teacher_id)


@login_required
def confirmations(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_enterprise(actor)
    pending = selectors.pending_confirmations(actor=actor)
    hosted = selectors.practice_records(actor=actor, enterprise_id=actor.organization_id).exclude(status="submitted")[
        :50
    ]
    return render(request, "faculty/confirmations.html", {"pending": pending, "hosted": hosted})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    actor = actor_for(request.user)
    record = selectors.practice_record_get(actor=actor, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            record = services.practice_record_decide(
                actor=actor, record=record, confirm=decision == "confirm", comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
    if form.errors:
        if request.htmx:  # the row again with the error beside the comment (htmx swaps only a 2xx answer)
            return render(request, "faculty/_pending.html", {"r": record, "form": form})
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("faculty:confirmations")
    if request.htmx:
        return render(request, "faculty/_decided.html", {"r": record})
    return redirect("faculty:confirmations")


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_overseer(actor)
    rows = [r for r in selectors.teacher_rows(actor=actor) if r.progress.status in ("behind", "at_risk")]
    return render(request, "faculty/alerts.html", {"rows": rows, "sent": selectors.alerts(actor=actor)[:50]})


@login_required
@require_POST
def alerts_send(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    created = services.practice_alerts_send(actor=actor, school_id=actor.organization_id)
    messages.success(request, _("%(n)s reminders sent.") % {"n": len(created)})
    return redirect("faculty:alerts")


@login_required
def shares(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    perms.require_overseer(actor)
    rows, total = selectors.dual_qualified_share(actor=actor)
    return render(request, "faculty/shares.html", {"rows": rows, "total": total, "criteria": recognition_criteria()})


@login_required
def lecturers(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    items = selectors.lecturers(actor=actor)
    context = {"items": items}
    if perms.manages_school_teachers(actor):
        context["form"] = LecturerForm(request.POST or None, enterprises=_enterprise_choices(actor))
        if request.method == "POST" and context["form"].is_valid():
            try:
                services.lecturer_add(
                    actor=actor,
                    school=Organization.objects.get(pk=actor.organization_id),
                    **context["form"].cleaned_data,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Lecturer added."))
                return redirect("faculty:lecturers")
    return render(request, "faculty/lecturers.html", context)


@login_required
def lecturer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    item = selectors.lecturer_get(actor=actor, pk=pk)
    form = None
    if perms.may_record_teaching(actor, item):
        form = TeachingForm(request.POST or None, courses=Course.objects.filter(school_id=item.school_id))
        if request.method == "POST" and form.is_valid():
            try:
                services.lecturer_teaching_record(actor=actor, lecturer=item, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Hours recorded."))
                return redirect("faculty:lecturer", pk=pk)
    return render(
        request,
        "faculty/lecturer.html",
        {"item": item, "form": form, "teaching": selectors.lecturer_teaching(actor=actor, lecturer_id=pk)},
    )
