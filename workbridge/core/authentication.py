"""API token authentication: DRF's, with the user and the acting identity read in one statement.

Every API request of a phone (the 8 a.m. check-in surge, issue 14) authenticates with a token and then needs its
actor (core.access.actor_for). DRF reads the token with its user (one statement), actor_for then reads the current
membership with its organisation and the user's student and teacher records (a second one). Here both come from
one statement written in SQL: the token, its user, the user's current membership if it is active, its organisation
and the student and teacher records. Nothing is cached between requests: a deleted token, a deactivated user or a
changed role take effect on the very next request, exactly as before.

Only the plain case is handled here; anything else goes the usual way, so the answers do not change:
- no such token, or an inactive user: DRF's own authenticate_credentials (its messages, its 401);
- no current membership, or an inactive one: the user is returned without an actor, and actor_for looks for
  another active membership as it always did.
"""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from . import rows
from .access import actor_from_row


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if self.model is not None and self.model is not Token:  # a subclass with its own token model
            return super().authenticate_credentials(key)
        if "\x00" in key:  # no stored key holds one, and PostgreSQL refuses to compare text with it
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        with rows.cursor() as cursor:
            cursor.execute(_sql(), credentials_params(key))
            row = cursor.fetchone()
        credentials = credentials_from_row(key, row) if row is not None else None
        if credentials is None:
            # no such token ("Invalid token."), or an inactive user ("User inactive or deleted."), as DRF words it
            return super().authenticate_credentials(key)
        return credentials


def token_key(request) -> str | None:
    """The key of a ``Authorization: Token <key>`` header, read as DRF's TokenAuthentication reads it; None for
    any other header (none, another scheme, a malformed one), which DRF's authentication then answers itself.
    The header is read from the WSGI environment, where Django's ``request.headers`` (which DRF reads) finds it,
    without building that mapping of every header (the morning surge's check-in needs only this one)."""
    header = request.META.get("HTTP_AUTHORIZATION", b"")
    if isinstance(header, str):
        header = header.encode(authentication.HTTP_HEADER_ENCODING)
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != TokenAuthentication.keyword.lower().encode():
        return None
    try:
        key = parts[1].decode()
    except UnicodeError:
        return None
    return key if "\x00" not in key else None


def credentials_params(key: str) -> list:
    """The parameters of the token statement (``_sql``; ``credentials_cte``), in its order."""
    return [True, key]


def credentials_width() -> int:
    """How many columns the token statement's row has."""
    return len(_user_fields()) + 8


def credentials_from_row(key: str, row) -> tuple | None:
    """(user, token) from the token statement's row, the actor cached on the user when the current membership is
    active (actor_for looks for another otherwise, as it always did); None when the user is inactive, which DRF
    refuses."""
    user_fields = _user_fields()
    n = len(user_fields)
    user = rows.instance(_user_model(), user_fields, row[:n])
    if not user.is_active:
        return None
    created, *actor_row = row[n:]
    token = rows.instance(Token, _token_fields(), (key, user.pk, created))
    Token._meta.get_field("user").set_cached_value(token, user)
    if actor_row[0] is not None:  # the current membership is active: the actor is known now
        actor_from_row(user, tuple(actor_row))
    return user, token


def credentials_cte(name: str) -> tuple[str, str]:
    """The token statement as a common table expression for a statement that authenticates and writes in one
    round trip (the check-in of the morning surge): ``name(c0, c1, ...) AS (<token statement>)`` and an SQL
    expression giving the id of the student the token's bearer acts as - the student_id actor_from_row would give
    (an active user; the current membership active, as a student, of the student's own school) - and NULL for
    anyone else. Its parameters: ``credentials_params``. placements/tests/test_checkin_assess_after.py compares
    the expression with actor_for for every kind of account."""
    from workbridge.core.roles import Role

    n = len(_user_fields())
    active = [f.attname for f in _user_fields()].index("is_active")
    role, organization, student, school = n + 1, n + 2, n + 5, n + 6
    names = ", ".join(f"c{i}" for i in range(credentials_width()))
    if not Role.STUDENT.value.isalpha():
        raise ValueError("the student role's value is written into the statement")
    student_id = (
        f"(SELECT CASE WHEN {name}.c{active} AND {name}.c{role} = '{Role.STUDENT.value}' "
        f"AND {name}.c{school} = {name}.c{organization} THEN {name}.c{student} END FROM {name})"
    )
    return f"{name}({names}) AS ({_sql()})", student_id


_SQL: dict[str, str] = {}


def _user_model():
    from workbridge.organizations.models import User

    return User


def _user_fields() -> list:
    return rows.concrete_fields(_user_model())


def _token_fields() -> list:
    return [Token._meta.get_field(name) for name in ("key", "user", "created")]


def _sql() -> str:
    """The statement (built once per database vendor): what Token.objects.select_related("user").get(key=...) and
    actor_for's membership row (core.access.ACTOR_COLUMNS) read, joined. The LEFT JOINs on the student and teacher
    records use their unique user_id, so the answer is one row or none."""
    if connection.vendor not in _SQL:
        from workbridge.academics.models import Student, Teacher
        from workbridge.organizations.models import Membership, Organization

        q = connection.ops.quote_name
        _SQL[connection.vendor] = (
            f"SELECT {', '.join(rows.columns('u', _user_fields()))}, t.{q('created')}, "
            f"m.{q('role')}, m.{q('organization_id')}, o.{q('kind')}, o.{q('region_id')}, "
            f"s.{q('id')}, s.{q('school_id')}, te.{q('id')} "
            f"FROM {q(Token._meta.db_table)} t "
            f"INNER JOIN {q(_user_model()._meta.db_table)} u ON u.{q('id')} = t.{q('user_id')} "
            f"LEFT JOIN {q(Membership._meta.db_table)} m ON m.{q('id')} = u.{q('current_membership_id')} "
            f"AND m.{q('user_id')} = u.{q('id')} AND m.{q('is_active')} = %s "
            f"LEFT JOIN {q(Organization._meta.db_table)} o ON o.{q('id')} = m.{q('organization_id')} "
            f"LEFT JOIN {q(Student._meta.db_table)} s ON s.{q('user_id')} = u.{q('id')} "
            f"LEFT JOIN {q(Teacher._meta.db_table)} te ON te.{q('user_id')} = u.{q('id')} "
            f"WHERE t.{q('key')} = %s"
        )
    return _SQL[connection.vendor]
