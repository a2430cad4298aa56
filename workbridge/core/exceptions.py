"""The one domain-exception hierarchy. Services raise these; core.api and core.middleware map them to HTTP."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service may raise on purpose."""

    http_status = 400
    code = "domain_error"

    def __init__(self, message: str = "", *, errors: dict | list | None = None):
        super().__init__(message)
        self.message = message or self.__class__.__doc__ or self.code
        self.errors = errors

    def as_dict(self) -> dict:
        body: dict = {"code": self.code, "detail": str(self.message)}
        if self.errors:
            body["errors"] = self.errors
        return body


class ValidationFailed(DomainError):
    """The input is not valid."""

    http_status = 400
    code = "invalid"


class NotFound(DomainError):
    """The object does not exist or is outside the actor's scope."""

    http_status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    """The actor may see the object but not do this."""

    http_status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The action conflicts with the current state (duplicate, double booking, wrong status)."""

    http_status = 409
    code = "conflict"


class Busy(Conflict):
    """Another write holds the data right now (SQLite's "database is locked", a PostgreSQL lock or serialization
    failure): nothing was saved and trying again in a moment will work."""

    code = "busy"
    retry_after = 2


class TooManyAttempts(DomainError):
    """Too many wrong tries of something guessable (a record claim): wait before trying again."""

    http_status = 429
    code = "too_many_attempts"
    retry_after = 3600


def busy_from_database_error(exc: Exception) -> Busy | None:
    """The Busy error for a database error that only means "try again", or None for any other error."""
    from django.db import OperationalError
    from django.utils.translation import gettext as _

    text = str(exc).lower()
    cause = getattr(exc, "__cause__", None)
    sqlstate = getattr(cause, "sqlstate", None) or getattr(exc, "pgcode", None)
    transient = (
        isinstance(exc, OperationalError) and ("database is locked" in text or "database table is locked" in text)
    ) or sqlstate in ("40001", "40P01", "55P03")  # serialization failure, deadlock, lock not available
    if not transient:
        return None
    return Busy(_("Someone else is saving the same data right now. Nothing was changed: please try again in a moment."))


class InvalidTransition(Conflict):
    """The object is not in a state that allows this action."""

    code = "invalid_transition"


class RuleViolation(DomainError):
    """A regulation rule blocks the action."""

    http_status = 422
    code = "rule_violation"


class ImportFailed(ValidationFailed):
    """An uploaded file was rejected; errors list row, column and reason."""

    code = "import_failed"


def from_django_validation_error(exc) -> ValidationFailed:
    """Turn django.core.exceptions.ValidationError (from full_clean) into ValidationFailed."""
    if hasattr(exc, "message_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        first = next(iter(errors.values()), [""])[0]
        return ValidationFailed(first or "Invalid input.", errors=errors)
    return ValidationFailed("; ".join(str(m) for m in exc.messages))
