from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "workbridge.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from workbridge.core.access import register_scope

        from .models import Membership, Organization
        from .selectors import membership_scope_q, organization_scope_q

        register_scope(Organization, custom=organization_scope_q)
        register_scope(Membership, custom=membership_scope_q)
