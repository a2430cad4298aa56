"""What the resource list exports (page and API share these columns)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col


def _resource(row):
    return getattr(row, "resource", row)  # the page exports utilisation rows, the API resources


RESOURCE_COLUMNS = [
    Col(_("Name"), lambda r: _resource(r).name),
    Col(_("Kind"), lambda r: _resource(r).get_kind_display()),
    Col(_("Owner"), lambda r: _resource(r).owner.name),
    Col(_("Training base"), lambda r: _resource(r).base.name if _resource(r).base_id else ""),
    Col(_("Places"), lambda r: _resource(r).capacity),
    Col(_("Hours used (90 days)"), lambda r: round(r.used_hours, 1) if hasattr(r, "used_hours") else ""),
    Col(_("Utilisation"), lambda r: r.percent if hasattr(r, "percent") else ""),
    Col(_("Idle"), lambda r: (_("yes") if r.idle else _("no")) if hasattr(r, "idle") else ""),
]
