"""Free text is checked in one place: a validator on every model CharField and TextField.

``install()`` (called from ``CoreConfig.ready``) adds ``TextValidator`` to the validators of every text field
of every model, so ``full_clean()`` (and so ``core.services.full_clean_or_raise`` and every service),
ModelForms and DRF ModelSerializers all refuse, with an error naming the field:

- control characters: C0 (other than TAB, LF, CR), DEL, C1, and lone surrogates (an ESC or BEL in a
  department name used to make the list export answer 500);
- over-long free text: a TextField holds at most its own ``max_length`` or ``settings.TEXT_MAX_LENGTH``
  characters (a 5 MB description used to be accepted). CharFields keep Django's own max_length check.

The validator is added to the field's computed ``validators`` list, not to its constructor arguments, so
migrations do not change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .spreadsheets import control_character


class TextValidator:
    def __init__(self, field: models.Field):
        self.field = field

    @property
    def limit(self) -> int | None:
        if isinstance(self.field, models.TextField):
            return self.field.max_length or settings.TEXT_MAX_LENGTH
        return None

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        label = str(self.field.verbose_name)
        code = control_character(value)
        if code:
            raise ValidationError(
                _("%(field)s contains a control character (%(code)s) that cannot be saved; remove it.")
                % {"field": label, "code": code},
                code="control_character",
            )
        limit = self.limit
        if limit and len(value) > limit:
            raise ValidationError(
                _("%(field)s is too long: %(n)d characters, at most %(max)d are allowed.")
                % {"field": label, "n": len(value), "max": limit},
                code="max_length",
            )

    def __eq__(self, other):
        return isinstance(other, TextValidator) and other.field is self.field


def install() -> None:
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            current = field.validators
            if any(isinstance(v, TextValidator) for v in current):
                continue
            field.__dict__["validators"] = [*current, TextValidator(field)]
