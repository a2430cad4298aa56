from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "workbridge.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope

        from .models import Certificate, CourseMapping, Registration

        # The national catalogue is public to every signed-in role.
        register_scope(Certificate, custom=lambda actor: Q() if actor.role else Q(pk__in=[]))
        register_scope(CourseMapping, school="school")
        register_scope(Registration, school="school", student="student")
