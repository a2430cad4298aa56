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

from workbridge.core.access import actor_for
from workbridge.core.exceptions import Conflict, DomainError, NotFound
from workbridge.core.exporting import XLSX_TYPE

from . import accounts
from . import permissions as perms
from .models import AccountSheet, Cohort, InitialPassword, SchoolAccountPolicy, Student, Teacher


class PolicyForm(forms.Form):
    initial_password = forms.ChoiceField(
        label=gettext_lazy("First password for imported students"), choices=InitialPassword.choices
    )


def _school_admin(request):
    actor = actor_for(request.user)
    return perms.require_school_admin(
        actor, _("Only the school's administrators manage its students' and teachers' log-ins.")
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    actor = _school_admin(request)
    policy = SchoolAccountPolicy.objects.filter(school_id=actor.organization_id).first()
    form = PolicyForm(
        request.POST or None, initial={"initial_password": policy.initial_password if policy else "random"}
    )
    if request.method == "POST" and form.is_valid():
        SchoolAccountPolicy.objects.update_or_create(
            school_id=actor.organization_id, defaults={"initial_password": form.cleaned_data["initial_password"]}
        )
        messages.success(request, _("Saved. New log-ins follow this rule; existing ones keep theirs."))
        return redirect("academics:accounts")
    students_without, teachers_without = accounts.people_without_accounts(actor.organization_id)
    return render(
        request,
        "academics/accounts.html",
        {
            "form": form,
            "students_without": students_without,
            "teachers_without": teachers_without,
            "sheets": AccountSheet.objects.filter(school_id=actor.organization_id)[:20],
            "cohorts": Cohort.objects.filter(major__school_id=actor.organization_id).select_related("major"),
        },
    )


@login_required
@require_POST
def create_missing(request: HttpRequest) -> HttpResponse:
    actor = _school_admin(request)
    from workbridge.organizations.models import Organization

    school = Organization.objects.get(pk=actor.organization_id)
    sheet = accounts.accounts_for_imported(
        actor=actor,
        school=school,
        students=Student.objects.filter(school=school, user__isnull=True),
        teachers=Teacher.objects.filter(school=school, user__isnull=True),
    )
    if sheet is None:
        messages.info(request, _("Everyone already has a log-in."))
        return redirect("academics:accounts")
    return redirect("academics:account-sheet", sheet_id=sheet.pk)


@login_required
@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    """Reset one student (student=<id>), one teacher (teacher=<id>), a number, or a whole class (cohort=<id>)."""
    actor = _school_admin(request)
    P = request.POST
    try:
        students, teachers = accounts.people_for_reset(
            actor=actor,
            cohort_id=int(P["cohort"]) if P.get("cohort") else None,
            student_id=int(P["student"]) if P.get("student") else None,
            teacher_id=int(P["teacher"]) if P.get("teacher") else None,
            number=P.get("number", ""),
        )
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
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Choose your own password"),
            "submit_label": _("Save and continue"),
            "intro": _("You logged in with the first password your school gave you. Choose your own before you go on."),
        },
    )


@login_required
@require_POST
def link(request: HttpRequest) -> HttpResponse:
    """Link an existing log-in of the school (made under People and roles) to a student or teacher record."""
    actor = _school_admin(request)
    username = (request.POST.get("username") or "").strip()[:150]
    try:
        record = accounts.account_link_by_number(actor=actor, username=username, number=request.POST.get("number", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("academics:accounts")
    messages.success(request, _("%(u)s now signs in as %(name)s.") % {"u": username, "name": record.name})
    return redirect("academics:accounts")


class ClaimForm(forms.Form):
    school = forms.ModelChoiceField(label=gettext_lazy("School"), queryset=None, empty_label="—")
    student_number = forms.CharField(label=gettext_lazy("Student number"), max_length=30)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    id_tail = forms.CharField(
        label=gettext_lazy("Last four characters of your ID number"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=gettext_lazy("The password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from workbridge.core.roles import OrgKind
        from workbridge.organizations.models import Organization

        self.fields["school"].queryset = Organization.objects.filter(kind=OrgKind.SCHOOL).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def claim(request: HttpRequest) -> HttpResponse:
    """学籍认证: a student whose school does not import log-ins makes their own from their school record."""
    from django.contrib.auth import login

    from workbridge.core.forms import apply_domain_error

    if request.user.is_authenticated:
        return redirect("home")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = accounts.record_claim(
                school_id=d["school"].pk,
                student_number=d["student_number"],
                name=d["name"],
                id_tail=d["id_tail"],
                password=d["password1"],
                address=request.META.get("REMOTE_ADDR", ""),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your log-in is ready: your user name is %(u)s.") % {"u": user.username})
            return redirect("home")
    return render(request, "academics/claim.html", {"form": form, "submit_label": _("Make my log-in")})
