"""Reads of conversations, scoped to the parties."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from .models import Message, ReadState, Thread


def thread_scope_q(actor) -> Q:
    """The parties: the school's staff, the enterprise's staff and, for a placement, the student."""
    if actor.role in SCHOOL_ROLES:
        return Q(school_id=actor.organization_id)
    if actor.role in ENTERPRISE_ROLES:
        return Q(enterprise_id=actor.organization_id)
    if actor.role == Role.STUDENT and actor.student_id:
        return Q(student_id=actor.student_id)
    return Q(pk__in=[])


def message_scope_q(actor) -> Q:
    inner = thread_scope_q(actor)
    return Q(thread__in=Thread.objects.filter(inner))


def thread_list(*, actor: Actor, q: str = "") -> QuerySet[Thread]:
    """The actor's threads, newest first, each with its unread count for this user."""
    actor = as_actor(actor)
    qs = visible(actor, Thread.objects.select_related("school", "enterprise", "student"))
    term = (q or "").strip()[:100]
    if term:
        qs = qs.filter(
            Q(subject__icontains=term) | Q(messages__body__icontains=term, messages__deleted_at__isnull=True)
        ).distinct()
    uid = actor.user_id
    read = ReadState.objects.filter(thread=OuterRef("thread"), user_id=uid)
    unseen = (
        Message.objects.filter(thread=OuterRef("pk"), deleted_at__isnull=True)
        .exclude(author_id=uid)
        .filter(Q(created_at__gt=Subquery(read.values("last_read_at")[:1])) | ~Exists(read))
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    qs = qs.annotate(unread=Coalesce(Subquery(unseen, output_field=IntegerField()), Value(0)))
    return qs.order_by("-last_message_at", "-id")


def unread_total(*, actor: Actor) -> int:
    return sum(getattr(thread, "unread", 0) for thread in thread_list(actor=actor)[:200])


def thread_get(*, actor: Actor, pk: int) -> Thread:
    return access_object(
        as_actor(actor),
        Thread.objects.select_related("school", "enterprise", "student", "placement", "agreement", "project"),
        pk,
    )


def message_list(*, thread: Thread) -> QuerySet[Message]:
    return thread.messages.select_related("author").prefetch_related("mentions")


def message_get(*, actor: Actor, pk, with_deleted: bool = True) -> Message:
    """One message of a conversation the actor takes part in (deleted ones only for the deletion itself)."""
    qs = Message.objects.all() if with_deleted else Message.objects.filter(deleted_at__isnull=True)
    return access_object(as_actor(actor), qs, pk)
