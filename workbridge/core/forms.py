"""Form helpers: carry a service's ValidationFailed errors back onto the form fields."""

from __future__ import annotations

from .exceptions import DomainError


def apply_domain_error(form, exc: DomainError) -> None:
    """Attach a DomainError's field errors to the form (unknown fields become non-field errors)."""
    errors = exc.errors if isinstance(exc.errors, dict) else {}
    placed = False
    for name, messages in errors.items():
        messages = messages if isinstance(messages, list | tuple) else [messages]
        if name in form.fields:
            for message in messages:
                form.add_error(name, str(message))
            placed = True
    if not placed or not errors:
        form.add_error(None, str(exc.message))
