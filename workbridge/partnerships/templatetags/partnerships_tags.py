from django import template

register = template.Library()

TONES = {
    "active": "good",
    "running": "good",
    "completed": "good",
    "expired": "warn",
    "suspended": "warn",
    "terminated": "bad",
    "cancelled": "bad",
}


@register.filter
def tone(status: str) -> str:
    return TONES.get(status, "")


@register.filter
def qty(value) -> str:
    """A quantity without trailing zeros: 12.00 -> 12, 1234.50 -> 1,234.5."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text
