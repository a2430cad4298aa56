from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "workbridge.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from workbridge.core.access import register_scope

        from .models import Booking, Resource, TrainingBase, UsageRecord
        from .scopes import base_scope_q, booking_scope_q, resource_scope_q

        register_scope(TrainingBase, custom=base_scope_q)
        register_scope(Resource, custom=resource_scope_q)
        register_scope(Booking, custom=booking_scope_q)
        register_scope(UsageRecord, custom=booking_scope_q)
