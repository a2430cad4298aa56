from .access import actor_for
from .registry import nav_groups
from .roles import Role


def workbridge(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"actor": None, "nav_groups": []}
    actor = actor_for(user)
    return {
        "actor": actor,
        "actor_role_label": Role(actor.role).label if actor.role in Role.values else "",
        "nav_groups": nav_groups(actor),
        "memberships": user.memberships.filter(is_active=True).select_related("organization"),
    }
