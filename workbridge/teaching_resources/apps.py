from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachingResourcesConfig(AppConfig):
    name = "workbridge.teaching_resources"
    label = "teaching_resources"
    verbose_name = _("Shared teaching resources")

    def ready(self):
        from workbridge.core.access import register_scope

        from .licence import licence_q
        from .models import TeachingResource

        # Who sees a resource is its licence (licence.py): the contributors always; partners with a live agreement,
        # the contributors' education groups / industry associations, or every signed-in user, as licensed.
        register_scope(TeachingResource, custom=licence_q)
