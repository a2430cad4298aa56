"""{% can "app.rule" [obj] as flag %}: a named permission predicate (core.permissions) for the acting user."""

from django import template

from workbridge.core.permissions import allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name: str, obj=None) -> bool:
    return allowed(name, context.get("actor"), obj)
