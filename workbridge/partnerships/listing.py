"""What the agreement and project lists show in their exports (page and API share these columns)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col

AGREEMENT_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("School"), "school.name"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Status"), "get_status_display"),
    Col(_("Start"), "start_date"),
    Col(_("End"), "end_date"),
    Col(_("Signed on"), "signed_on"),
]

PROJECT_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("Type"), "get_project_type_display"),
    Col(_("School"), "school.name"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Agreement"), "agreement.title"),
    Col(_("Status"), "get_status_display"),
    Col(_("Start"), "start_date"),
    Col(_("End"), "end_date"),
]
