"""What the research lists export (page and API share these columns)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col

PROBLEM_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Budget (yuan)"), "budget_yuan"),
    Col(_("Proposals due"), "respond_by"),
    Col(_("Status"), "get_status_display"),
]

PROJECT_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("School"), "school.name"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Contract number"), "contract_number"),
    Col(_("Contract value (yuan)"), "contract_value_yuan"),
    Col(_("Signed on"), "signed_on"),
    Col(_("Start"), "start_date"),
    Col(_("Planned end"), "end_date"),
    Col(_("Status"), "get_status_display"),
    Col(_("Completed on"), "completed_on"),
]
