"""Writes of conversations: open the thread of an object, post (with mentions and an attachment), delete, read."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, acting_user, as_actor
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.uploads import validate_upload

from .models import MAX_BODY, Message, ReadState, TargetKind, Thread
from .permissions import may_remove_message
from .selectors import thread_get

_MENTION_RE = re.compile(r"@([\w\u4e00-\u9fff.\-]{1,40})")


def _target(actor: Actor, kind: str, target_id: int):
    """The object the thread hangs on, if the actor may see it."""
    from workbridge.partnerships.models import Agreement, Project
    from workbridge.placements.models import Placement

    models: dict[str, Any] = {
        TargetKind.PLACEMENT: Placement,
        TargetKind.AGREEMENT: Agreement,
        TargetKind.PROJECT: Project,
    }
    if kind not in models:
        raise ValidationFailed(
            _("A conversation is about a placement, an agreement or a cooperation project."),
            errors={"kind": [_("Unknown kind.")]},
        )
    return access_object(actor, models[kind].objects.all(), target_id)


def is_party(actor: Actor, *, school_id: int, enterprise_id: int, student_id: int | None) -> bool:
    """The one rule for who talks in a conversation: the school's and the enterprise's staff, and the student of a
    placement."""
    if actor.role in SCHOOL_ROLES:
        return actor.organization_id == school_id
    if actor.role in ENTERPRISE_ROLES:
        return actor.organization_id == enterprise_id
    if actor.role == Role.STUDENT:
        return bool(student_id) and actor.student_id == student_id
    return False


def thread_open(*, actor: Actor, kind: str, target_id: int) -> Thread:
    """The thread of a placement, agreement or project, started on first use."""
    actor = as_actor(actor)
    target = _target(actor, kind, target_id)
    student_id = getattr(target, "student_id", None) if kind == TargetKind.PLACEMENT else None
    if not is_party(actor, school_id=target.school_id, enterprise_id=target.enterprise_id, student_id=student_id):
        raise PermissionDenied(_("Only the parties of this %(k)s talk here.") % {"k": TargetKind(kind).label})
    existing = Thread.objects.filter(**{kind: target}).first()
    if existing is not None:
        return existing
    subjects: dict[str, Any] = {
        TargetKind.PLACEMENT: lambda t: f"{t.student.name} · {t.position.title}",
        TargetKind.AGREEMENT: lambda t: t.title,
        TargetKind.PROJECT: lambda t: t.title,
    }
    subject = subjects[kind](target)
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                kind=kind,
                school_id=target.school_id,
                enterprise_id=target.enterprise_id,
                student_id=student_id,
                subject=subject[:200],
                created_by=acting_user(actor),
                **{kind: target},
            )
    except IntegrityError:  # someone opened it at the same moment
        thread = Thread.objects.get(**{kind: target})
    audit_record(actor=actor, action="conversation.open", target=thread, organization_id=thread.school_id)
    return thread


def _participants(thread: Thread):
    """Everyone who may read the thread and should hear of new messages: the staff who already wrote in it, and
    for a placement its two mentors and the student."""
    from workbridge.organizations.models import User

    ids = set(thread.messages.exclude(author=None).values_list("author_id", flat=True))
    if thread.placement_id:
        p = thread.placement
        ids |= {
            i
            for i in (
                getattr(p.school_mentor, "user_id", None),
                p.enterprise_mentor_id,
                getattr(p.student, "user_id", None),
            )
            if i
        }
    return User.objects.filter(pk__in=ids, is_active=True)


def _party_users(thread: Thread):
    from workbridge.organizations.models import Membership, User

    org_users = Membership.objects.filter(organization_id__in=[thread.school_id, thread.enterprise_id], is_active=True)
    ids = set(org_users.exclude(role=Role.STUDENT).values_list("user_id", flat=True))
    if thread.student_id and thread.student.user_id:
        ids.add(thread.student.user_id)
    return User.objects.filter(pk__in=ids, is_active=True)


@transaction.atomic
def message_post(*, actor: Actor, thread: Thread, body: str, attachment=None) -> Message:
    actor = as_actor(actor)
    thread = thread_get(actor=actor, pk=thread.pk)
    if not is_party(
        actor, school_id=thread.school_id, enterprise_id=thread.enterprise_id, student_id=thread.student_id
    ):
        raise PermissionDenied(_("Only the parties talk here."))
    body = (body or "").strip()
    if not body and attachment is None:
        raise ValidationFailed(_("Write a message or attach a file."), errors={"body": [_("Required.")]})
    if len(body) > MAX_BODY:
        raise ValidationFailed(
            _("A message has at most %(n)d characters.") % {"n": MAX_BODY}, errors={"body": [_("Too long.")]}
        )
    message = Message(thread=thread, author=acting_user(actor), body=body)
    if attachment is not None:
        from workbridge.core.spreadsheets import safe_filename

        shown_name = safe_filename(getattr(attachment, "name", ""), default="attachment")[:200]
        validate_upload(attachment, purpose="output", field="attachment")  # type by content; a generated name
        message.attachment_name = shown_name
        from django.core.files import File

        attachment.seek(0)
        message.attachment.save(
            attachment.name, attachment if isinstance(attachment, File) else File(attachment), save=False
        )
    message.save()
    names = {n.lower() for n in _MENTION_RE.findall(body)}
    mentioned = [
        u for u in _party_users(thread) if names & {(u.username or "").lower(), (u.display_name or "").lower()}
    ]
    if mentioned:
        message.mentions.set(mentioned)
    now = timezone.now()
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    ReadState.objects.update_or_create(thread=thread, user=actor.user, defaults={"last_read_at": now})
    author = str(actor.user.display_name or actor.user.username)
    link = f"/conversations/{thread.pk}/"
    mentioned_ids = {u.pk for u in mentioned}

    def tell():
        for user in _participants(thread).exclude(pk=actor.user_id).exclude(pk__in=mentioned_ids):
            notification_send(
                recipient=user,
                kind="conversation",
                title=_("%(a)s wrote in “%(s)s”") % {"a": author, "s": thread.subject},
                body=body[:200],
                link=link,
            )
        for user in mentioned:
            if user.pk != actor.user_id:
                notification_send(
                    recipient=user,
                    kind="conversation.mention",
                    title=_("%(a)s mentioned you in “%(s)s”") % {"a": author, "s": thread.subject},
                    body=body[:200],
                    link=link,
                )

    transaction.on_commit(tell)
    return message


@transaction.atomic
def message_delete(*, actor: Actor, message: Message) -> Message:
    """The author, or the school's admin, removes a message; the text is erased and the deletion audited."""
    actor = as_actor(actor)
    message = Message.objects.select_for_update().select_related("thread").filter(pk=message.pk).first()
    if message is None:
        raise NotFound(_("No such message."))
    thread = thread_get(actor=actor, pk=message.thread_id)  # 404 outside the conversation's parties
    if not may_remove_message(actor, message):
        raise PermissionDenied(_("Only the author or the school's admin removes a message."))
    if message.deleted_at is None:
        message.deleted_at, message.deleted_by, message.body = timezone.now(), acting_user(actor), ""
        if message.attachment:
            message.attachment.delete(save=False)
        message.attachment_name = ""
        message.save()
        audit_record(
            actor=actor,
            action="conversation.message_deleted",
            target=message.thread,
            organization_id=thread.school_id,
            summary=f"message {message.pk}",
        )
    return message


def thread_mark_read(*, actor: Actor, thread: Thread) -> None:
    actor = as_actor(actor)
    thread = thread_get(actor=actor, pk=thread.pk)
    ReadState.objects.update_or_create(thread=thread, user=actor.user, defaults={"last_read_at": timezone.now()})
