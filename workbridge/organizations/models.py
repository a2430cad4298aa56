from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.archiving import Archivable
from workbridge.core.models import TimeStampedModel
from workbridge.core.roles import ROLE_ORG_KIND, OrgKind, Role

from .engines.credit_code import credit_code_error
from .engines.industry import division_error


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(_("language"), max_length=10, blank=True)
    # Set for accounts a school created with a first password: every page asks for a new password until it is set.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    current_membership = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.display_name or self.username


class Region(models.Model):
    """An administrative division (GB/T 2260 code) that an education authority governs."""

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class SizeBand(models.TextChoices):
    MICRO = "micro", _("Micro (<20 staff)")
    SMALL = "small", _("Small (20-299)")
    MEDIUM = "medium", _("Medium (300-999)")
    LARGE = "large", _("Large (1000+)")


class VettingStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class SchoolType(models.TextChoices):
    SECONDARY_VOCATIONAL = "secondary", _("Secondary vocational school")
    HIGHER_VOCATIONAL = "higher", _("Higher vocational college")
    VOCATIONAL_UNDERGRADUATE = "undergraduate", _("Vocational undergraduate university")
    APPLIED_UNIVERSITY = "applied", _("Applied university")


class Organization(TimeStampedModel, Archivable):
    """Any party on the platform. Enterprise-only fields are blank for other kinds."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organizations")
    code = models.CharField(_("institution code"), max_length=20, blank=True)
    school_type = models.CharField(_("school type"), max_length=20, choices=SchoolType.choices, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    industry_section = models.CharField(_("industry section (GB/T 4754)"), max_length=1, blank=True)
    industry_division = models.CharField(_("industry division"), max_length=2, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    staff_count = models.PositiveIntegerField(_("staff count"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    vetting_status = models.CharField(
        _("vetting status"), max_length=12, choices=VettingStatus.choices, default=VettingStatus.APPROVED
    )
    vetting_reason = models.TextField(_("vetting reason"), blank=True)
    licence_file = models.FileField(_("business licence"), upload_to="licences/%Y/", blank=True)
    normalized_name = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="org_credit_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind="enterprise") | Q(credit_code=""), name="org_credit_code_only_enterprise"
            ),
            models.CheckConstraint(
                condition=~Q(kind="enterprise") | Q(vetting_status__in=list(VettingStatus.values)),
                name="org_vetting_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "region"]), models.Index(fields=["kind", "vetting_status"])]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.kind == OrgKind.ENTERPRISE:
            if not self.credit_code:
                errors["credit_code"] = _("An enterprise needs its unified social credit code.")
            else:
                problem = credit_code_error(self.credit_code)
                if problem:
                    errors["credit_code"] = _("Invalid unified social credit code: %(p)s") % {"p": problem}
            if self.industry_section:
                problem = division_error(self.industry_section, self.industry_division)
                if problem:
                    errors["industry_division"] = problem
        elif self.credit_code:
            errors["credit_code"] = _("Only enterprises carry a credit code here.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_approved_enterprise(self) -> bool:
        return self.kind == OrgKind.ENTERPRISE and self.vetting_status == VettingStatus.APPROVED


class Affiliation(models.Model):
    """Membership of a school in a vocational education group, or of an enterprise in an industry association."""

    body = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="member_links")
    member = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="affiliations")
    since = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "member"], name="affiliation_unique")]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")


class Membership(TimeStampedModel):
    """A role a person holds in one organisation. One person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organization__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique"),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def clean(self):
        expected = ROLE_ORG_KIND.get(self.role)
        if expected and self.organization_id and self.organization.kind != expected:
            raise ValidationError({"role": _("Role %(r)s belongs to a %(k)s.") % {"r": self.role, "k": expected}})


class VettingReview(TimeStampedModel):
    """One decision in an enterprise's vetting history."""

    enterprise = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="vetting_reviews")
    reviewer = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewer_organization = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=12, choices=VettingStatus.choices)
    to_status = models.CharField(max_length=12, choices=VettingStatus.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vetting review")
        verbose_name_plural = _("vetting reviews")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MembershipInvitation(TimeStampedModel):
    """A role offered to someone outside the organisation: nothing is attached until the person accepts."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending",
            ),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
