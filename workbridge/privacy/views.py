from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.exceptions import DomainError, NotFound
from workbridge.core.forms import apply_domain_error
from workbridge.organizations.models import User

from . import permissions as perms
from . import selectors, services
from .downloads import export_response
from .inventory import person_rows, section_title
from .retention import rules


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        help_text=gettext_lazy("For example: the student's written request of 2026-12-01."),
    )
    confirm = forms.BooleanField(label=gettext_lazy("I understand this cannot be undone."))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    sections = [s for s in person_rows(request.user) if not s.references]
    return render(
        request,
        "privacy/mine.html",
        {
            "sections": [(section_title(s.label), len(s.rows)) for s in sections],
            "rules": rules(),
            "can_request": bool(perms.school_ids_of(request.user)),
        },
    )


@login_required
def export_mine(request: HttpRequest) -> HttpResponse:
    return export_response(services.person_export(actor=actor_for(request.user), user=request.user), request.user)


@login_required
@require_POST
def request_erasure(request: HttpRequest) -> HttpResponse:
    try:
        services.erasure_request(actor=actor_for(request.user))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your school's administrators have been asked to erase your data."))
    return redirect("privacy:mine")


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """A school admin finds a student or teacher of the school by number or name."""
    actor = actor_for(request.user)
    if not perms.may_look_up_people(actor):
        raise NotFound(_("No such page."))
    q = request.GET.get("q", "").strip()[:60]
    found = []
    if q:
        found = selectors.people_with_accounts(actor=actor, q=q)
    return render(request, "privacy/people.html", {"q": q, "found": found})


@login_required
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    user = User.objects.filter(pk=user_id).first()
    if user is None or not perms.can_manage_person(actor, user):
        raise NotFound(_("No such person."))
    if request.GET.get("download") == "zip":
        return export_response(services.person_export(actor=actor, user=user), user)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(actor=actor, user=user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("The person's data has been erased; aggregate records and agreements are kept.")
            )
            return redirect("privacy:people")
    sections = [(section_title(s.label), len(s.rows)) for s in person_rows(user) if not s.references]
    return render(request, "privacy/person.html", {"person": user, "sections": sections, "form": form})
