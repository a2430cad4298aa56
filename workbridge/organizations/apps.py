from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "workbridge.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from workbridge.core.access import register_scope
        from workbridge.core.importing import register_importer

        from .importers import EnterpriseImporter
        from .models import Membership, Organization, VettingReview
        from .selectors import membership_scope_q, organization_scope_q, vetting_review_scope_q

        register_scope(Organization, custom=organization_scope_q)
        register_scope(Membership, custom=membership_scope_q)
        register_scope(VettingReview, custom=vetting_review_scope_q)
        register_importer(EnterpriseImporter)
