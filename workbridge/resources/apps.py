from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "workbridge.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from workbridge.core.access import register_scope
        from workbridge.core.archiving import ArchiveKind, register_archivable

        from .models import Resource as _Resource
        from .permissions import may_archive_resource
        from .selectors import resource_archive_blockers, resources_reachable

        register_archivable(
            ArchiveKind(
                "resource",
                _Resource,
                _("Shared resource"),
                may_archive_resource,
                resource_archive_blockers,
                lambda r: reverse("resources:detail", args=[r.pk]),
                resources_reachable,
            )
        )

        from .models import Booking, Resource, TrainingBase, UsageRecord
        from .scopes import base_scope_q, booking_scope_q, resource_scope_q

        register_scope(TrainingBase, custom=base_scope_q)
        register_scope(Resource, custom=resource_scope_q)
        register_scope(Booking, custom=booking_scope_q)
        register_scope(UsageRecord, custom=booking_scope_q)
