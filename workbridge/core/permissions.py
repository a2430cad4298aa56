"""Named permission predicates: each app declares who may do what in its ``permissions.py`` under a dotted name
("certificates.record_results"); pages, the API and templates ask by that name, so no template compares role
names and a rule is changed in one place.

    @permission("certificates.record_results")
    def may_record_results(actor) -> bool: ...

    {% load permissions %}{% can "certificates.record_results" as may %}{% if may %}...{% endif %}

A predicate takes the actor and, where the rule depends on one, the object (``{% can "x.y" obj as may %}``).
Visibility (which rows an actor reaches at all) stays with core.access; predicates are asked of rows already
reached, and services still refuse what a predicate would not offer."""

from __future__ import annotations

from collections.abc import Callable

PREDICATES: dict[str, Callable[..., bool]] = {}


def permission(name: str):
    def register(func: Callable[..., bool]) -> Callable[..., bool]:
        if name in PREDICATES and PREDICATES[name] is not func:
            raise ValueError(f"permission {name!r} is declared twice")
        PREDICATES[name] = func
        return func

    return register


def allowed(name: str, actor, obj=None) -> bool:
    """Ask a named predicate; an unknown name is a programming error, not a silent 'no'."""
    try:
        predicate = PREDICATES[name]
    except KeyError:
        raise KeyError(f"unknown permission {name!r}; declare it in the app's permissions.py") from None
    if actor is None or not getattr(actor, "role", None) and not getattr(actor, "is_platform_admin", False):
        return False
    return bool(predicate(actor) if obj is None else predicate(actor, obj))
