"""Who may do what in conversations (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role


@permission("conversations.remove_message")
def may_remove_message(actor: Actor, message) -> bool:
    """The author, the school's admin of the conversation, or a platform admin; the removal is audited."""
    if actor.is_platform_admin or message.author_id == actor.user_id:
        return True
    return actor.role == Role.SCHOOL_ADMIN and actor.organization_id == message.thread.school_id
