"""Dashboard cards for the authority: the headline regional figures, each linking to its records."""

from django.urls import reverse
from django.utils.translation import gettext as _

from workbridge.core.oversight import oversight_scope
from workbridge.core.registry import Card
from workbridge.core.roles import Role

from . import metrics

HEADLINE = ("partnerships", "internships", "violations", "dual")


def cards(actor) -> list[Card]:
    if not (actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER):
        return []
    scope = oversight_scope(actor)
    out = []
    for i, f in enumerate(f for f in metrics.figures(actor, scope) if f.key in HEADLINE):
        out.append(
            Card(
                label=str(f.label),
                value=_("no data yet") if f.no_data else f.value,
                hint=str(f.hint),
                url=reverse("insights:drill", args=[f.drill]),
                order=200 + i,
                tone="warn" if f.key == "violations" and f.value else "",
            )
        )
    out.append(Card(label=_("Regional view"), value="→", url=reverse("insights:dashboard"), order=199))
    return out
