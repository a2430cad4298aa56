"""Writes owned by core: the audit log and notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.mail import send_mail
from django.db import models, transaction
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, acting_user

if TYPE_CHECKING:
    from workbridge.organizations.models import User

from .exceptions import from_django_validation_error
from .models import AuditLog, Notification


def full_clean_or_raise(instance: models.Model, exclude=None) -> None:
    """Run the model's validation and raise the domain ValidationFailed (field -> messages) instead of Django's."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(exclude=list(exclude) if exclude else None)
    except ValidationError as exc:
        raise from_django_validation_error(exc) from exc


def _author(actor) -> Any:
    """The user an audit row names: the actor's user; a bare User is still taken (older call sites, the shell)."""
    if actor is None:
        return None
    if isinstance(actor, Actor):
        return acting_user(actor)
    return actor if getattr(actor, "pk", None) else None


M = TypeVar("M", bound=models.Model)


def validated_save(instance: M, *, exclude=None, conflict_message: str | None = None) -> M:
    """full_clean, then save in a savepoint; a unique clash the validation could not see (a concurrent insert)
    becomes a Conflict (409) with ``conflict_message`` instead of a database error."""
    from django.db import IntegrityError
    from django.utils.translation import gettext as _

    from .exceptions import Conflict

    full_clean_or_raise(instance, exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise Conflict(
            conflict_message or _("This record clashes with an existing one (a number or code is already used).")
        ) from exc
    return instance


def audit_record(
    *,
    actor: Actor | User | None,
    action: str,
    target: models.Model | None = None,
    organization_id: int | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit entry. Callers must never put personal data (ID numbers, phones, coordinates) in data."""
    entry = AuditLog(
        actor=_author(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        organization_id=organization_id,
        summary=summary[:300],
        data=data or {},
    )
    entry.full_clean()
    entry.save()
    return entry


_NOTIFICATION_CHANNELS: list = []


def register_notification_channel(queue) -> None:
    """queue(note, *, email, urgent) runs inside notification_send's transaction and schedules the messengers
    (the messaging app registers itself; core knows no messenger)."""
    _NOTIFICATION_CHANNELS.append(queue)


def notification_send(
    *,
    recipient,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    email: bool = False,
    urgent: bool = False,
    deliver: bool = True,
) -> Notification:
    """An in-app notification, also sent on the recipient's messengers (e-mail when ``email``; SMS only when
    ``urgent``, which also ignores quiet hours). ``deliver=False`` keeps it in the inbox only."""
    note = Notification(recipient=recipient, kind=kind, title=title[:200], body=body, link=link)
    note.full_clean()
    with transaction.atomic():
        note.save()
        if deliver and _NOTIFICATION_CHANNELS:
            for queue in _NOTIFICATION_CHANNELS:
                queue(note, email=email, urgent=urgent)
        elif deliver and email and recipient.email:
            transaction.on_commit(lambda: send_mail(title, body or title, None, [recipient.email], fail_silently=True))
    return note


# --- archiving (core.archiving) --------------------------------------------------------------------------------


def _archive_kind(kind: str):
    from .archiving import KINDS
    from .exceptions import NotFound

    if kind not in KINDS:
        raise NotFound(_("No such page."))
    return KINDS[kind]


def record_archive(*, actor: Actor, kind: str, pk, reason: str) -> models.Model:
    """Put a record away: it leaves lists, pickers and counts; its page and its history stay. Refused, with what
    stops it, while the record is still in use (a live agreement, internships on a position ...)."""
    from django.utils import timezone

    from .access import access_object, as_actor
    from .exceptions import PermissionDenied, ValidationFailed

    actor = as_actor(actor)
    spec = _archive_kind(kind)
    with transaction.atomic():
        obj = access_object(actor, spec.reachable(actor).select_for_update(), pk)
        if not spec.may_archive(actor, obj):
            raise PermissionDenied(_("You may not archive this record."))
        if obj.archived_at is not None:
            raise ValidationFailed(_("This record is already archived."))
        reason = (reason or "").strip()
        if not reason:
            message = _("Say why it is archived; the reason is shown on its page.")
            raise ValidationFailed(message, errors={"reason": [message]})
        stopping = spec.blockers(obj)
        if stopping:
            raise ValidationFailed(" ".join(str(b) for b in stopping), errors={"reason": [str(b) for b in stopping]})
        obj.archived_at = timezone.now()
        obj.archived_by = acting_user(actor)
        obj.archive_reason = reason[:300]
        obj.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        audit_record(actor=actor, action=f"{kind}.archived", target=obj, data={"reason": reason[:300]})
    return obj


def record_restore(*, actor: Actor, kind: str, pk) -> models.Model:
    """Bring an archived record back into lists and counts."""
    from .access import access_object, as_actor
    from .exceptions import PermissionDenied, ValidationFailed

    actor = as_actor(actor)
    spec = _archive_kind(kind)
    with transaction.atomic():
        obj = access_object(actor, spec.reachable(actor).select_for_update(), pk)
        if not spec.may_archive(actor, obj):
            raise PermissionDenied(_("You may not restore this record."))
        if obj.archived_at is None:
            raise ValidationFailed(_("This record is not archived."))
        obj.archived_at, obj.archived_by, obj.archive_reason = None, None, ""
        obj.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        audit_record(actor=actor, action=f"{kind}.restored", target=obj)
    return obj
