from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "workbridge.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self):
        from workbridge.core.services import register_notification_channel

        from .services import deliveries_queue

        # Every in-app notification also goes out on the recipient's messengers (core knows no messengers).
        register_notification_channel(deliveries_queue)
