from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "workbridge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models import Q

        from . import text_validation
        from .access import register_scope
        from .models import ImportJob

        # Control characters and over-long free text are refused by every model's full_clean().
        text_validation.install()

        # Every app's named permission predicates (its permissions.py) register themselves on import.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("permissions")

        # An import job (and its stored file) belongs to the person who uploaded it.
        register_scope(ImportJob, custom=lambda actor: Q(created_by_id=actor.user_id))
