"""``{% archive_panel obj "kind" %}``: on a record's page, the archived banner (who, when, why) and, for those who
may, the archive button (with a reason and a confirmation) or the restore button."""

from django import template

from workbridge.core.access import actor_for
from workbridge.core.archiving import KINDS

register = template.Library()


@register.inclusion_tag("core/_archive_panel.html", takes_context=True)
def archive_panel(context, obj, kind: str):
    request = context.get("request")
    spec = KINDS.get(kind)
    may = False
    if spec is not None and request is not None and request.user.is_authenticated:
        may = spec.may_archive(actor_for(request.user), obj)
    blockers = spec.blockers(obj) if (may and spec is not None and obj.archived_at is None) else []
    return {"obj": obj, "kind": kind, "may": may, "blockers": blockers, "csrf_token": context.get("csrf_token")}
