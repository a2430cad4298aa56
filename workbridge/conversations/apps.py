from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "workbridge.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from workbridge.core.access import register_scope

        from .models import Message, Thread
        from .selectors import message_scope_q, thread_scope_q

        register_scope(Thread, custom=thread_scope_q)
        register_scope(Message, custom=message_scope_q)
