"""Matrix registrations for conversations: one placement thread per side, with one message (and its file)."""

from workbridge.conversations.models import Message, Thread
from workbridge.core.matrix import Const, register_route, register_sample
from workbridge.core.roles import Role


def _thread(world, side: int) -> Thread:
    cache = world.__dict__.setdefault("_conversations_matrix", {})
    if side not in cache:
        from workbridge.conversations import services
        from workbridge.core.matrix import SAMPLES

        placement = SAMPLES["placements_placement"].make(world, side)
        users = world.users if side == 1 else world.other
        thread = services.thread_open(actor=users[Role.SCHOOL_ADMIN], kind="placement", target_id=placement.pk)
        message = services.message_post(
            actor=users[Role.SCHOOL_ADMIN], thread=thread, body=f"机密对话{'甲' if side == 1 else '乙'}"
        )
        cache[side] = (thread, message)
    return cache[side][0]


def _message(world, side: int) -> Message:
    _thread(world, side)
    return world._conversations_matrix[side][1]


register_sample("conversation_thread", model=Thread, make=_thread, marker=lambda t: t.messages.first().body)
register_sample("conversation_message", model=Message, make=_message, marker=lambda m: m.body)
register_route("conversations:thread", pk="conversation_thread")
register_route("conversations:start", kind=Const("placement"), pk="placements_placement")
register_route("conversations:message-delete", pk="conversation_message")
register_route("conversations:attachment", pk="conversation_message")
register_route("conversations-messages", pk="conversation_thread")
register_route("conversations-read", pk="conversation_thread")
register_route("conversations-message", pk="conversation_message")
