"""Form helpers: carry a service's ValidationFailed errors back onto the form fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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


def errors_in_words(form) -> str:
    """A form's errors as one line, each after its field's label (for forms too small to hold them beside)."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            label = form.fields[name].label
            parts += [f"{label}: {e}" if label else str(e) for e in errors]
    return " ".join(parts)


class ArchiveReasonForm(forms.Form):
    """Why a record is archived (shown on its page)."""

    reason = forms.CharField(label=_("Why (shown on this page)"), max_length=300)
