from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "workbridge.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from workbridge.core.access import register_scope
        from workbridge.core.archiving import ArchiveKind, register_archivable

        from .models import Organization as _Organization
        from .permissions import may_archive_organization
        from .selectors import organization_archive_blockers, organizations_reachable

        register_archivable(
            ArchiveKind(
                "organization",
                _Organization,
                _("Organisation"),
                may_archive_organization,
                organization_archive_blockers,
                lambda o: reverse("organizations:detail", args=[o.pk]),
                organizations_reachable,
            )
        )
        from workbridge.core.importing import register_importer

        from .importers import EnterpriseImporter
        from .models import Membership, Organization, VettingReview
        from .selectors import membership_scope_q, organization_scope_q, vetting_review_scope_q

        register_scope(Organization, custom=organization_scope_q)
        register_scope(Membership, custom=membership_scope_q)
        register_scope(VettingReview, custom=vetting_review_scope_q)
        register_importer(EnterpriseImporter)
