"""Pages for log-ins of a school's students and teachers (academics/accounts.py holds the rules)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workbridge.core.access import access_object, actor_for
from workbridge.core.exceptions import Conflict, DomainError, NotFound, PermissionDenied
from workbridge.core.exporting import XLSX_TYPE
from workbridge.core.roles import Role

from . import accounts
from .models import AccountSheet, Cohort, InitialPassword, SchoolAccountPolicy, Student, Teacher


class PolicyForm(forms.Form):
    initial_password = forms.ChoiceField(label=gettext_lazy("First password for imported students"),
                                         choices=InitialPassword.choices)


def _school_admin(request):
    actor = actor_for(request.user)
    if actor.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied(_("Only the school's administrators manage its students' and teachers' log-ins."))
    return actor


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = _school_admin(request)
    policy = SchoolAccountPolicy.objects.filter(school_id=actor.organization_id).first()
    form = PolicyForm(request.POST or None, initial={"initial_password": policy.initial_password if policy else "random"})
    if request.method == "POST" and form.is_valid():
        SchoolAccountPolicy.objects.update_or_create(school_id=actor.organization_id,
                                                     defaults={"initial_password": form.cleaned_data["initial_password"]})
        messages.success(request, _("Saved. New log-ins follow this rule; existing ones keep theirs."))
        return redirect("academics:accounts")
    students_without, teachers_without = accounts.people_without_accounts(actor.organization_id)
    return render(request, "academics/accounts.html", {
        "form": form, "students_without": students_without, "teachers_without": teachers_without,
        "sheets": AccountSheet.objects.filter(school_id=actor.organization_id)[:20],
        "cohorts": Cohort.objects.filter(major__school_id=actor.organization_id).select_related("major"),
    })


@login_required
@require_POST
def create_missing(request: HttpRequest) -> HttpResponse:
    actor = _school_admin(request)
    from workbridge.organizations.models import Organization

    school = Organization.objects.get(pk=actor.organization_id)
    sheet = accounts.accounts_for_imported(
        actor=actor, school=school, students=Student.objects.filter(school=school, user__isnull=True),
        teachers=Teacher.objects.filter(school=school, user__isnull=True))
    if sheet is None:
        messages.info(request, _("Everyone already has a log-in."))
        return redirect("academics:accounts")
    return redirect("academics:account-sheet", sheet_id=sheet.pk)


@login_required
@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    """Reset one student (student=<id>), one teacher (teacher=<id>), a number, or a whole class (cohort=<id>)."""
    actor = _school_admin(request)
    students, teachers = [], []
    try:
        if request.POST.get("cohort"):
            cohort = access_object(actor, Cohort.objects.all(), int(request.POST["cohort"]))
            students = list(Student.objects.filter(cohort=cohort).select_related("user", "cohort"))
        elif request.POST.get("student"):
            students = [access_object(actor, Student.objects.select_related("user", "cohort"), int(request.POST["student"]))]
        elif request.POST.get("number"):
            number = request.POST["number"].strip()[:30]
            students = list(Student.objects.filter(school_id=actor.organization_id, student_number=number)
                            .select_related("user", "cohort"))
            teachers = list(Teacher.objects.filter(school_id=actor.organization_id, employee_number=number)
                            .select_related("user", "department"))
            if not students and not teachers:
                messages.error(request, _("No student or teacher of your school has the number %(n)s.") % {"n": number})
                return redirect("academics:accounts")
        elif request.POST.get("teacher"):
            teachers = [access_object(actor, Teacher.objects.select_related("user", "department"), int(request.POST["teacher"]))]
        sheet = accounts.accounts_reset(actor=actor, students=students, teachers=teachers)
    except ValueError:
        messages.error(request, _("Choose a class, a student or a teacher."))
        return redirect("academics:accounts")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("academics:accounts")
    if sheet is None:
        messages.info(request, _("Nobody to reset."))
        return redirect("academics:accounts")
    return redirect("academics:account-sheet", sheet_id=sheet.pk)


@login_required
def sheet(request: HttpRequest, sheet_id: int) -> HttpResponse:
    actor = _school_admin(request)
    item = AccountSheet.objects.filter(pk=sheet_id, school_id=actor.organization_id).first()
    if item is None:
        raise NotFound(_("No such account sheet."))
    return render(request, "academics/account_sheet.html", {"sheet": item})


@login_required
@require_POST
def sheet_download(request: HttpRequest, sheet_id: int) -> HttpResponse:
    actor = _school_admin(request)
    try:
        item, data = accounts.sheet_take(actor=actor, sheet_id=sheet_id)
    except Conflict as exc:  # already downloaded: say so on the sheet's page (another school's sheet stays 404)
        messages.error(request, exc.message)
        return redirect("academics:account-sheet", sheet_id=sheet_id)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="account-sheet-{item.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def first_password(request: HttpRequest) -> HttpResponse:
    """The first page after logging in with a first password: choose your own."""
    if not request.user.must_change_password:
        return redirect("home")
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.first_password_set(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is set. Welcome to WorkBridge."))
        return redirect("home")
    return render(request, "core/form.html", {
        "form": form, "title": _("Choose your own password"), "submit_label": _("Save and continue"),
        "intro": _("You logged in with the first password your school gave you. Choose your own before you go on."),
    })
