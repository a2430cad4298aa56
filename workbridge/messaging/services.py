"""Writes of the messaging app: preferences, organisation channels, and the delivery of notifications."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core import crypto
from workbridge.core.access import Actor
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import ADMIN_ROLES
from workbridge.core.services import audit_record, full_clean_or_raise

from .channels import ADAPTERS, DeliveryError, Message
from .engines.signing import backoff, quiet_until
from .models import ChannelKind, Delivery, DeliveryPreference, DeliveryStatus, OrganizationChannel

MAX_ATTEMPTS = 6
PERSONAL_PUSH = {ChannelKind.WECOM_APP, ChannelKind.DINGTALK_APP, ChannelKind.SMS}


def can_manage_channels(actor: Actor) -> bool:
    return actor.role in ADMIN_ROLES and actor.organization_id is not None


def preference_for(user) -> DeliveryPreference:
    """The stored preference, or the defaults (e-mail only, no quiet hours) without writing anything."""
    return DeliveryPreference.objects.filter(user=user).first() or DeliveryPreference(user=user)


@transaction.atomic
def preference_update(*, actor: Actor, **fields) -> DeliveryPreference:
    """A person sets their own messengers and quiet hours."""
    user = actor.user
    pref = DeliveryPreference.objects.select_for_update().filter(user=user).first() or DeliveryPreference(user=user)
    allowed = {"email", "wecom", "dingtalk", "sms", "wecom_userid", "dingtalk_userid", "quiet_start", "quiet_end"}
    if unknown := set(fields) - allowed:
        raise ValidationFailed(_("Unknown setting: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(pref, name, value)
    if (pref.quiet_start is None) != (pref.quiet_end is None):
        raise ValidationFailed(
            _("Give both the start and the end of the quiet hours, or neither."),
            errors={"quiet_end": [_("Give both times, or neither.")]},
        )
    if pref.wecom and not pref.wecom_userid:
        raise ValidationFailed(
            _("Enter your WeCom user ID to receive WeCom messages."),
            errors={"wecom_userid": [_("Required for WeCom messages.")]},
        )
    if pref.dingtalk and not pref.dingtalk_userid:
        raise ValidationFailed(
            _("Enter your DingTalk user ID to receive DingTalk messages."),
            errors={"dingtalk_userid": [_("Required for DingTalk messages.")]},
        )
    if pref.sms and not getattr(user, "phone", ""):
        raise ValidationFailed(
            _("Your account has no mobile number for text messages."),
            errors={"sms": [_("Add a mobile number to your account first.")]},
        )
    full_clean_or_raise(pref)
    pref.save()
    return pref


@transaction.atomic
def channel_save(
    *,
    actor: Actor,
    kind: str,
    name: str,
    channel_id: int | None = None,
    enabled: bool = True,
    webhook_url: str = "",
    app_key: str = "",
    agent_id: str = "",
    sign_name: str = "",
    template_code: str = "",
    secret: str | None = None,
    kinds: list[str] | None = None,
) -> OrganizationChannel:
    """An organisation admin adds or edits one of the organisation's messenger connections."""
    if not can_manage_channels(actor):
        raise PermissionDenied(_("Only an organisation's administrators manage its messengers."))
    if channel_id is None:
        channel = OrganizationChannel(organization_id=actor.organization_id)
    else:
        channel = (
            OrganizationChannel.objects.select_for_update()
            .filter(pk=channel_id, organization_id=actor.organization_id)
            .first()
        )
        if channel is None:
            raise NotFound(_("No such messenger connection."))
    channel.kind, channel.name, channel.enabled = kind, name.strip(), enabled
    channel.webhook_url, channel.app_key, channel.agent_id = webhook_url.strip(), app_key.strip(), agent_id.strip()
    channel.sign_name, channel.template_code = sign_name.strip(), template_code.strip()
    channel.kinds = sorted(set(kinds or []))
    if secret:  # an empty secret on edit keeps the stored one (it is never shown back)
        channel.secret_encrypted = crypto.encrypt(secret)
    errors = {}
    robot = kind in (ChannelKind.WECOM_ROBOT, ChannelKind.DINGTALK_ROBOT)
    if robot and not channel.webhook_url:
        errors["webhook_url"] = [_("A group robot needs its webhook address.")]
    if not robot and not channel.app_key:
        errors["app_key"] = [_("Required for this channel.")]
    if kind == ChannelKind.SMS and not (channel.sign_name and channel.template_code):
        errors["template_code"] = [_("Text messages need the approved sign name and template code.")]
    if kind in (ChannelKind.WECOM_APP, ChannelKind.DINGTALK_APP, ChannelKind.SMS) and not channel.secret_encrypted:
        errors["secret"] = [_("Required for this channel.")]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    if (
        OrganizationChannel.objects.filter(organization_id=channel.organization_id, name=channel.name)
        .exclude(pk=channel.pk)
        .exists()
    ):
        raise ValidationFailed(
            _("Your organisation already has a connection with this name."),
            errors={"name": [_("Choose another name.")]},
        )
    full_clean_or_raise(channel, exclude=["organization"])
    channel.save()
    audit_record(
        actor=actor,
        action="messaging.channel_saved",
        target=channel,
        organization_id=actor.organization_id,
        summary=f"{channel.get_kind_display()} {channel.name}",
    )
    return channel


def _organizations_of(user) -> list[int]:
    return list(user.memberships.filter(is_active=True).values_list("organization_id", flat=True).distinct())


def deliveries_queue(note, *, email: bool = False, urgent: bool = False) -> list[Delivery]:
    """Called inside notification_send's transaction: one Delivery per channel this notification goes out on."""
    user = note.recipient
    pref = preference_for(user)
    orgs = _organizations_of(user)
    channels = list(OrganizationChannel.objects.filter(organization_id__in=orgs, enabled=True).order_by("id"))
    wanted: list[tuple[str, OrganizationChannel | None]] = []
    if email and pref.email and user.email:
        wanted.append((ChannelKind.EMAIL, None))
    first: dict[str, OrganizationChannel] = {}
    for channel in channels:
        first.setdefault(channel.kind, channel)
    if pref.wecom and pref.wecom_userid and ChannelKind.WECOM_APP in first:
        wanted.append((ChannelKind.WECOM_APP, first[ChannelKind.WECOM_APP]))
    if pref.dingtalk and pref.dingtalk_userid and ChannelKind.DINGTALK_APP in first:
        wanted.append((ChannelKind.DINGTALK_APP, first[ChannelKind.DINGTALK_APP]))
    if urgent and pref.sms and bool(getattr(user, "phone", None)) and ChannelKind.SMS in first:
        wanted.append((ChannelKind.SMS, first[ChannelKind.SMS]))
    recent = timezone.now() - dt.timedelta(hours=1)
    for channel in channels:
        if channel.kind in (ChannelKind.WECOM_ROBOT, ChannelKind.DINGTALK_ROBOT) and note.kind in channel.kinds:
            # A group sees one post per matter, not one per recipient of the same notice.
            if not Delivery.objects.filter(
                channel=channel,
                created_at__gte=recent,
                notification__kind=note.kind,
                notification__title=note.title,
                notification__link=note.link,
            ).exists():
                wanted.append((channel.kind, channel))
    now = timezone.now()
    held = None if urgent else _quiet_end(pref, now)
    rows = []
    for kind, channel in wanted:
        hold = held if kind in PERSONAL_PUSH else None
        rows.append(
            Delivery.objects.create(
                notification=note,
                kind=kind,
                channel=channel,
                organization_id=channel.organization_id if channel else None,
                status=DeliveryStatus.DEFERRED if hold else DeliveryStatus.PENDING,
                next_attempt_at=hold or now,
            )
        )
    if rows:
        ids = [row.pk for row in rows if row.status == DeliveryStatus.PENDING]
        if ids:
            from .tasks import deliveries_send

            if settings.CELERY_TASK_ALWAYS_EAGER:  # no broker: send right after the commit, in this process
                transaction.on_commit(lambda: [delivery_attempt(pk) for pk in ids])
            else:
                transaction.on_commit(lambda: deliveries_send.delay(ids))
    return rows


def _quiet_end(pref: DeliveryPreference, now: dt.datetime) -> dt.datetime | None:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    until = quiet_until(now.astimezone(tz), pref.quiet_start, pref.quiet_end)
    return until.astimezone(dt.UTC) if until else None


def _absolute(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.SITE_URL.rstrip("/") + link if getattr(settings, "SITE_URL", "") else ""


def _message(delivery: Delivery) -> Message:
    note = delivery.notification
    user = note.recipient
    pref = preference_for(user)
    return Message(
        title=note.title,
        body=note.body,
        link=_absolute(note.link),
        email=user.email or "",
        phone=getattr(user, "phone", "") or "",
        wecom_userid=pref.wecom_userid,
        dingtalk_userid=pref.dingtalk_userid,
    )


def delivery_attempt(delivery_id: int) -> Delivery | None:
    """Send one delivery now; on failure schedule the next try with back-off, or give up after MAX_ATTEMPTS."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient", "channel")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return delivery
        delivery.attempts += 1
        try:
            if delivery.kind != ChannelKind.EMAIL and (delivery.channel is None or not delivery.channel.enabled):
                raise DeliveryError("the messenger connection was removed or switched off", retry=False)
            ADAPTERS[ChannelKind(delivery.kind)](delivery.channel, _message(delivery))
        except DeliveryError as exc:
            delivery.last_error = str(exc)[:300]
            if exc.retry and delivery.attempts < MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
            else:
                delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status, delivery.sent_at, delivery.next_attempt_at = DeliveryStatus.SENT, timezone.now(), None
            delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "next_attempt_at", "sent_at", "last_error"])
        return delivery


def deliveries_due(now: dt.datetime | None = None, limit: int = 500) -> int:
    """Send every delivery whose time has come (new, retries, and those held for quiet hours)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.DEFERRED],
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        delivery_attempt(pk)
    return len(ids)


def channel_test(*, actor: Actor, channel_id: int) -> Delivery:
    """Send a test notice to the admin through one connection, so a wrong address or secret shows at once."""
    from workbridge.core.services import notification_send

    channel = OrganizationChannel.objects.filter(pk=channel_id, organization_id=actor.organization_id).first()
    if channel is None or not can_manage_channels(actor):
        raise NotFound(_("No such messenger connection."))
    with transaction.atomic():
        note = notification_send(
            recipient=actor.user,
            kind="messaging.test",
            title=_("WorkBridge test message"),
            body=_("If you can read this, the connection works."),
            deliver=False,
        )
        delivery = Delivery.objects.create(
            notification=note,
            kind=channel.kind,
            channel=channel,
            organization_id=channel.organization_id,
            next_attempt_at=timezone.now(),
        )
    return delivery_attempt(delivery.pk)
