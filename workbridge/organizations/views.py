"""Pages for organisations, enterprise registration and vetting, and people & roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workbridge.core.access import actor_for
from workbridge.core.archiving import wants_archived
from workbridge.core.exceptions import DomainError, NotFound, PermissionDenied
from workbridge.core.forms import apply_domain_error
from workbridge.core.listing import Action, Col, Filter, render_list
from workbridge.core.roles import ROLE_ORG_KIND, OrgKind, Role
from workbridge.core.uploads import serve_upload

from . import permissions as perms
from . import selectors, services
from .forms import AddPersonForm, GrantRoleForm, LicenceForm, ProfileForm, RegisterEnterpriseForm, ReviewForm
from .models import Organization, VettingStatus

STATUS_TONE = {"approved": "good", "pending": "warn", "rejected": "bad", "suspended": "bad"}


def _org_url(org) -> str:
    return reverse("organizations:detail", kwargs={"org_id": org.pk})


def _industry_name(org) -> str:
    """The GB/T 4754 section's name (the code is data, the name is what people read)."""
    from django.utils.translation import get_language

    from .engines.industry import SECTIONS

    section = SECTIONS.get(org.industry_section)
    if section is None:
        return ""
    return section[1] if (get_language() or "").startswith("en") else section[0]


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    qs = selectors.organization_list(actor=actor, archived=wants_archived(request.GET))
    actions = []
    if perms.may_import_enterprises(actor):
        actions.append(Action(_("Import enterprises"), reverse("import-upload", kwargs={"kind": "enterprises"})))
    if perms.sees_vetting_queue(actor):
        actions.append(Action(_("Vetting queue"), reverse("organizations:vetting-queue"), primary=True))
    return render_list(
        request,
        title=_("Organisations"),
        queryset=qs,
        columns=[
            Col(_("Name"), "name", link=True),
            Col(_("Kind"), "get_kind_display"),
            Col(_("Region"), "region.name"),
            Col(_("Industry"), _industry_name),
            Col(_("Credit code"), "credit_code"),
            Col(_("Vetting"), lambda o: o.get_vetting_status_display() if o.kind == OrgKind.ENTERPRISE else ""),
        ],
        filters=[
            Filter("kind", _("Kind"), OrgKind.choices),
            # the selector already read archived or current rows; the filter only shows the choice
            Filter("archived", _("Archived"), [("1", _("Archived records"))], apply=lambda qs, v: qs),
            Filter(
                "vetting_status",
                _("Vetting"),
                VettingStatus.choices,
                apply=lambda qs, v: qs.filter(kind=OrgKind.ENTERPRISE, vetting_status=v),
            ),
            Filter(
                "region",
                _("Region"),
                lambda: [(r.pk, r.name) for r in selectors.region_choices()],
                apply=lambda qs, v: qs.filter(region_id__in=selectors.region_with_descendants(int(v))),
            ),
        ],
        search=lambda qs, term: qs.filter(
            Q(name__icontains=term) | Q(short_name__icontains=term) | Q(credit_code=term.upper())
        ),
        search_placeholder=_("Name or credit code"),
        detail_url=_org_url,
        export_name="organisations",
        actions=actions,
    )


@login_required
def organization_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    own = actor.organization_id == org.pk
    reviewer = perms.may_review(actor, org)
    fields = [
        (_("Kind"), org.get_kind_display()),
        (_("Region"), org.region.name if org.region else ""),
        (_("Short name"), org.short_name),
        (_("English name"), org.name_en),
    ]
    if org.kind == OrgKind.SCHOOL:
        fields += [(_("School type"), org.get_school_type_display()), (_("Institution code"), org.code)]
    if org.kind == OrgKind.ENTERPRISE:
        fields += [
            (_("Unified social credit code"), org.credit_code),
            (_("Industry (GB/T 4754)"), f"{org.industry_section}{org.industry_division}"),
            (_("Size"), org.get_size_band_display()),
            (_("Staff count"), org.staff_count),
        ]
        if org.vetting_reason and (own or reviewer):
            fields.append((_("Reason of the last decision"), org.vetting_reason))
    fields += [
        (_("Address"), org.address),
        (_("Contact person"), org.contact_name),
        (_("Contact phone"), selectors.contact_phone_for(actor=actor, organization=org)),
        (_("Contact e-mail"), org.contact_email),
        (_("Website"), org.website),
        (_("Description"), org.description),
    ]
    actions = []
    if perms.may_edit_profile(actor, org):
        actions.append(Action(_("Edit profile"), reverse("organizations:edit", kwargs={"org_id": org.pk})))
    if reviewer:
        actions.append(Action(_("Review"), reverse("organizations:review", kwargs={"org_id": org.pk}), primary=True))
    if perms.manages_own_people(actor, own=own):
        actions.append(Action(_("People and roles"), reverse("organizations:people")))
    context = {
        "title": org.name,
        "org": org,
        "fields": fields,
        "actions": actions,
        "back_url": reverse("organizations:list"),
        "is_own": own,
        "is_reviewer": reviewer,
        "may_upload": perms.may_upload_licence(actor, org, own=own),
        "licence_form": LicenceForm(),
    }
    if org.kind == OrgKind.ENTERPRISE:
        context["badge"] = org.get_vetting_status_display()
        context["badge_tone"] = STATUS_TONE.get(org.vetting_status, "")
        if own or reviewer:
            context["history"] = selectors.vetting_history(actor=actor, enterprise=org)
        if reviewer:
            context["duplicates"] = selectors.enterprise_duplicates(
                name=org.name, credit_code=org.credit_code, exclude_pk=org.pk
            )
    return render(request, "organizations/detail.html", context)


@login_required
def organization_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    if not perms.may_edit_profile(actor, org):
        raise PermissionDenied(_("Only your organisation's admin may edit its profile."))
    form = ProfileForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(actor=actor, organization=org, data=form.cleaned_data)
            messages.success(request, _("Profile saved."))
            return redirect(_org_url(org))
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(
        request,
        "core/form.html",
        {"title": _("Edit %(name)s") % {"name": org.name}, "form": form, "cancel_url": _org_url(org)},
    )


@login_required
def licence_download(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    if not (actor.organization_id == org.pk or perms.may_review(actor, org)):
        raise PermissionDenied(_("Only the enterprise and its reviewers see the licence."))
    if not org.licence_file:
        raise NotFound(_("No licence has been uploaded."))
    return serve_upload(org.licence_file, download_name=f"licence-{org.pk}")


@login_required
@require_POST
def licence_upload(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    form = LicenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the licence file."))
    else:
        services.enterprise_upload_licence(actor=actor, enterprise=org, licence_file=form.cleaned_data["licence_file"])
        messages.success(request, _("Licence uploaded."))
    return redirect(_org_url(org))


@login_required
@require_POST
def enterprise_resubmit(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    services.enterprise_resubmit(actor=actor, enterprise=org)
    messages.success(request, _("Sent for review again."))
    return redirect(_org_url(org))


@login_required
def enterprise_review(request: HttpRequest, org_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    org = selectors.organization_get(actor=actor, pk=org_id)
    if not perms.may_review(actor, org):
        raise PermissionDenied(_("Only a school admin or authority officer of the enterprise's region reviews it."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_review(
                actor=actor, enterprise=org, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Decision recorded."))
            return redirect(_org_url(org))
        except DomainError as exc:
            apply_domain_error(form, exc)
    return render(
        request,
        "organizations/review.html",
        {
            "org": org,
            "form": form,
            "duplicates": selectors.enterprise_duplicates(
                name=org.name, credit_code=org.credit_code, exclude_pk=org.pk
            ),
            "history": selectors.vetting_history(actor=actor, enterprise=org),
        },
    )


@login_required
def vetting_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not perms.sees_vetting_queue(actor):
        raise PermissionDenied(_("Only reviewers see the vetting queue."))
    return render_list(
        request,
        title=_("Enterprise vetting"),
        queryset=selectors.vetting_queue(actor=actor, status=None),
        columns=[
            Col(_("Name"), "name", link=True),
            Col(_("Credit code"), "credit_code"),
            Col(_("Region"), "region.name"),
            Col(_("Registered on"), lambda o: o.created_at.date()),
            Col(_("Licence"), lambda o: _("uploaded") if o.licence_file else _("missing")),
            Col(_("Status"), "get_vetting_status_display"),
        ],
        filters=[Filter("vetting_status", _("Status"), VettingStatus.choices)],
        search=lambda qs, term: qs.filter(name__icontains=term),
        detail_url=lambda o: reverse("organizations:review", kwargs={"org_id": o.pk}),
        export_name="vetting",
        intro=_(
            "Enterprises of your region. Pending ones wait for a decision;"
            " open one to see its licence and possible duplicates."
        ),
    )


def register_enterprise(request: HttpRequest) -> HttpResponse:
    """Public page: a company registers itself and its first admin; it stays pending until reviewed."""
    if request.user.is_authenticated and request.method == "GET" and not request.GET.get("force"):
        messages.info(request, _("You are signed in; log out first to register another enterprise."))
    form = RegisterEnterpriseForm(request.POST or None, request.FILES or None)
    warnings = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password2")
        data["staff_count"] = data.get("staff_count")
        try:
            org, user = services.enterprise_register(**data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return render(request, "organizations/registered.html", {"org": org, "new_user": user})
    if request.method == "POST" and form.data.get("name"):
        warnings = selectors.enterprise_duplicates(
            name=form.data.get("name", ""), credit_code=form.data.get("credit_code", "")
        )
    return render(request, "organizations/register.html", {"form": form, "warnings": warnings[:5]})


# ----------------------------------------------------------------------------------------------- people and roles


def _grantable_roles(actor, org) -> list[str]:
    roles = [r for r, kind in ROLE_ORG_KIND.items() if kind == org.kind]
    if not actor.is_platform_admin:
        roles = [r for r in roles if r != Role.PLATFORM_ADMIN]
    return [str(r) for r in roles]


def _managed_org(actor, request) -> Organization:
    org_id = request.GET.get("org") or request.POST.get("org") or actor.organization_id
    if not org_id:
        raise NotFound(_("Choose an organisation."))
    org = selectors.organization_get(actor=actor, pk=org_id)
    if not perms.may_manage_memberships(actor, org):
        raise PermissionDenied(_("Only your organisation's admin manages its people and roles."))
    return org


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    org = _managed_org(actor, request)
    roles = _grantable_roles(actor, org)
    grant_form = GrantRoleForm(request.POST or None, roles=roles, prefix="grant")
    add_form = AddPersonForm(request.POST or None, roles=roles, prefix="add")
    if request.method == "POST":
        form = grant_form if "grant-username" in request.POST else add_form
        if form.is_valid():
            try:
                if form is grant_form:
                    outcome, _membership = services.membership_offer(
                        actor=actor,
                        username=form.cleaned_data["username"],
                        organization=org,
                        role=form.cleaned_data["role"],
                        title=form.cleaned_data["title"],
                    )
                    if outcome == services.OFFER_SENT:
                        messages.success(
                            request,
                            _(
                                "If an account with this user name exists, it has been invited; "
                                "the role is added when the person accepts."
                            ),
                        )
                        return redirect(f"{reverse('organizations:people')}?org={org.pk}")
                else:
                    services.user_create(actor=actor, organization=org, **form.cleaned_data)
                messages.success(request, _("Role granted."))
                return redirect(f"{reverse('organizations:people')}?org={org.pk}")
            except DomainError as exc:
                apply_domain_error(form, exc)
    memberships = selectors.membership_list(actor=actor, organization_id=org.pk, active=None).order_by(
        "-is_active", "user__username"
    )
    return render(
        request,
        "organizations/people.html",
        {
            "org": org,
            "memberships": memberships,
            "grant_form": grant_form,
            "add_form": add_form,
        },
    )


@login_required
@require_POST
def membership_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    membership = selectors.membership_get(actor=actor, pk=membership_id)
    services.membership_revoke(actor=actor, membership=membership)
    messages.success(request, _("Role revoked."))
    return redirect(f"{reverse('organizations:people')}?org={membership.organization_id}")


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    """Roles the person has been invited to: accept or decline."""
    actor = actor_for(request.user)
    if request.method == "POST":
        try:
            services.invitation_answer(
                actor=actor,
                invitation_id=int(request.POST.get("invitation", "0") or 0),
                accept=request.POST.get("answer") == "accept",
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("No such invitation.")))
        else:
            messages.success(request, _("Your answer is saved."))
        return redirect("organizations:invitations")
    return render(request, "organizations/invitations.html", {"invitations": selectors.invitations_for(actor=actor)})
