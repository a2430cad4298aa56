"""Shared training bases, labs and equipment, their booking calendar and recorded use.

Indicators read these models directly (evaluation / insights):
- training-base use: ``UsageRecord.hours`` per ``booking.resource`` / ``resource.base``;
- equipment invested: ``Resource.value_yuan`` of resources owned by an enterprise (``owner``) and placed at a
  school's base (``base.owner``), or linked to a cooperation project (``project``);
- utilisation and idle flags: ``resources.selectors.utilisation_rows`` (threshold in ``data/utilisation.json``).

Double booking is impossible at the database level: each booking that holds time (pending or approved) owns
one ``BookingSlot`` row per slot (``SLOT_MINUTES``), unique per (resource, start). The service checks overlaps
first under ``select_for_update`` to give a clear message; the unique constraint catches any race.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.archiving import Archivable
from workbridge.core.models import TimeStampedModel

SLOT_MINUTES = 30


class Sharing(models.TextChoices):
    PRIVATE = "private", _("Owner only")
    PARTNERS = "partners", _("Owner and its cooperation partners")
    GROUP = "group", _("Partners and the owner's vocational education group / association")


class BaseKind(models.TextChoices):
    ON_CAMPUS = "on_campus", _("On-campus training base")
    OFF_CAMPUS = "off_campus", _("Off-campus training base")
    INDUSTRIAL = "industrial", _("Industry-education integration training base")


class TrainingBase(TimeStampedModel):
    """A training base owned by a school or an enterprise; its resources are booked one by one."""

    owner = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="training_bases")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=BaseKind.choices, default=BaseKind.ON_CAMPUS)
    address = models.CharField(_("address"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="training_bases"
    )

    class Meta:
        ordering = ["owner", "name", "id"]
        verbose_name = _("training base")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="training_base_unique_name")]
        verbose_name_plural = _("training bases")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.owner_id and self.owner.kind not in ("school", "enterprise"):
            raise ValidationError({"owner": _("A training base belongs to a school or an enterprise.")})


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Training room / workshop")
    LAB = "lab", _("Laboratory")
    EQUIPMENT = "equipment", _("Equipment")


class Resource(TimeStampedModel, Archivable):
    """A bookable training room, lab or piece of equipment.

    ``weekly_open_hours`` is the time it can be booked per week (the denominator of utilisation).
    """

    owner = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="resources")
    base = models.ForeignKey(TrainingBase, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources")
    project = models.ForeignKey(
        "partnerships.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=1)
    value_yuan = models.DecimalField(_("value (yuan)"), max_digits=14, decimal_places=2, default=0)
    sharing = models.CharField(_("shared with"), max_length=10, choices=Sharing.choices, default=Sharing.PARTNERS)
    weekly_open_hours = models.PositiveSmallIntegerField(_("bookable hours per week"), default=40)
    open_from = models.TimeField(_("opens at"), default="08:00")
    open_until = models.TimeField(_("closes at"), default="21:00")
    requires_approval = models.BooleanField(_("bookings need the owner's approval"), default=True)
    is_active = models.BooleanField(_("in service"), default=True)
    in_service_since = models.DateField(_("in service since"))

    class Meta:
        ordering = ["owner", "name", "id"]
        verbose_name = _("shared resource")
        constraints = [
            models.CheckConstraint(condition=Q(open_until__gt=F("open_from")), name="resource_open_hours_ordered"),
            models.CheckConstraint(condition=Q(weekly_open_hours__lte=168), name="resource_weekly_hours_max"),
            models.CheckConstraint(condition=Q(value_yuan__gte=0), name="resource_value_non_negative"),
        ]
        indexes = [models.Index(fields=["owner", "is_active"])]
        verbose_name_plural = _("shared resources")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.owner_id and self.owner.kind not in ("school", "enterprise"):
            errors["owner"] = _("A resource belongs to a school or an enterprise.")
        if self.base_id and self.owner_id and self.base.owner_id != self.owner_id:
            errors["base"] = _("The base belongs to another owner.")
        if self.open_from and self.open_until and self.open_until <= self.open_from:
            errors["open_until"] = _("Closing time must come after opening time.")
        if errors:
            raise ValidationError(errors)


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the owner's approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that hold the time slots (and own BookingSlot rows).
HOLDING_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED)


class Booking(TimeStampedModel):
    """A request to use a resource from ``starts_at`` to ``ends_at`` (aligned to SLOT_MINUTES)."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    owner = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    requester_org = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="resource_bookings"
    )
    requested_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    purpose = models.CharField(_("purpose"), max_length=300)
    expected_users = models.PositiveIntegerField(_("expected users"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING)
    decided_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("booking")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_positive_duration"),
        ]
        indexes = [models.Index(fields=["resource", "starts_at"]), models.Index(fields=["owner", "status"])]
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class BookingSlot(models.Model):
    """One SLOT_MINUTES slot held by a pending or approved booking: the database-level double-booking guard."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "starts_at"], name="booking_slot_unique")]
        verbose_name = _("booking slot")
        verbose_name_plural = _("booking slots")


class UsageRecord(TimeStampedModel):
    """What actually happened in a booking: hours used, people, purpose. One per booking."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="usage")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="usage_records")
    owner = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    requester_org = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    used_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours used"), max_digits=6, decimal_places=2)
    users_count = models.PositiveIntegerField(_("people who used it"))
    purpose = models.CharField(_("what it was used for"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-used_on", "-id"]
        verbose_name = _("usage record")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="usage_hours_positive"),
        ]
        indexes = [models.Index(fields=["resource", "used_on"])]
        verbose_name_plural = _("usage records")

    def __str__(self) -> str:
        return " · ".join(part for part in (str(self.resource), self.purpose) if part)
