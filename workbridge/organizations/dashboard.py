from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import SOON, Card, Todo
from workbridge.core.roles import OrgKind, Role

from .models import Membership, Organization, VettingStatus
from .selectors import organization_counts, vetting_queue

TONE = {
    VettingStatus.APPROVED: "good",
    VettingStatus.PENDING: "warn",
    VettingStatus.REJECTED: "bad",
    VettingStatus.SUSPENDED: "bad",
}


def cards(actor) -> list[Card]:
    role = actor.role
    found: list[Card] = []
    org_list = reverse("organizations:list")
    if actor.is_platform_admin or role in (Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN):
        pending = vetting_queue(actor=actor).count()
        found.append(
            Card(
                _("Enterprises awaiting review"),
                pending,
                url=reverse("organizations:vetting-queue"),
                tone="warn" if pending else "good",
                order=5,
            )
        )
    if actor.is_platform_admin or role == Role.AUTHORITY_OFFICER:
        counts = organization_counts(actor=actor)
        found.append(Card(_("Schools"), counts.get(OrgKind.SCHOOL, 0), url=f"{org_list}?kind=school", order=10))
        found.append(
            Card(_("Enterprises"), counts.get(OrgKind.ENTERPRISE, 0), url=f"{org_list}?kind=enterprise", order=11)
        )
    if role == Role.ENTERPRISE_ADMIN:
        org = Organization.objects.filter(pk=actor.organization_id).first()
        if org is not None:
            found.append(
                Card(
                    _("Vetting status"),
                    org.get_vetting_status_display(),
                    url=reverse("organizations:detail", kwargs={"org_id": org.pk}),
                    tone=TONE.get(org.vetting_status, ""),
                    order=1,
                    hint=_("Only approved enterprises sign agreements and publish positions.")
                    if org.vetting_status != VettingStatus.APPROVED
                    else "",
                )
            )
    if role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN) and actor.organization_id:
        people = (
            Membership.objects.filter(organization_id=actor.organization_id, is_active=True)
            .values("user")
            .distinct()
            .count()
        )
        found.append(Card(_("People with a role here"), people, url=reverse("organizations:people"), order=90))
    return found


def todos(actor) -> list[Todo]:
    if not (actor.is_platform_admin or actor.role in (Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN)):
        return []
    return [
        Todo(_("Enterprises to vet"), vetting_queue(actor=actor).count(), reverse("organizations:vetting-queue"), SOON)
    ]
