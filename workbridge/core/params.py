"""Query parameters that are numbers are checked once, before any view runs (issue 8 item 8): ``?year=null``,
``?major=99999999999999999999``, ``?expiring_within=1e10``, ``?batch=abc`` or ``?limit=abc`` answered 500 from deep
inside filters and selectors. A parameter named below must be a whole number in its range, or empty; anything
else is a 400 that names the parameter and what it accepts (JSON on the API, the error page elsewhere).

The names are the project's convention: a parameter called ``school``, ``major`` ... is always a record id, in
every list, page and API route; ``year`` a calendar year; ``page``/``limit`` pagination.
"""

from __future__ import annotations

import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .exceptions import ValidationFailed

BIGINT = 2**63 - 1
_ID = (1, BIGINT)
RANGES: dict[str, tuple[int, int]] = {
    # record ids
    **{
        name: _ID
        for name in (
            "school",
            "enterprise",
            "major",
            "cohort",
            "teacher",
            "student",
            "position",
            "placement",
            "organization",
            "lecturer",
            "resource",
            "problem",
            "certificate",
            "owner",
            "base",
            "agreement",
            "project",
            "batch",
            "region",
            "round",
            "department",
            "course",
            "user",
            "org",
            "parent",
            "indicator",
            "system",
            "programme",
        )
    },
    "year": (1900, 2100),
    "expiring_within": (0, 3650),
    "expiring": (0, 3650),
    "page": (1, 1_000_000),
    "page_size": (1, 1000),
    "limit": (1, 1000),
    "offset": (0, BIGINT),
}
_INTEGER = re.compile(r"[+-]?\d{1,20}")


def check_query(params) -> None:
    """Raise ValidationFailed naming the numeric parameters whose value is not a whole number in range, and any
    parameter holding a NUL character (no text column can store or compare one: PostgreSQL refuses the query)."""
    errors = {}
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            errors[name.replace("\x00", "")] = [_("This value contains a character that is not allowed.")]
    for name, (low, high) in RANGES.items():
        for value in params.getlist(name):
            value = value.strip()
            if value == "":
                continue
            if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
                errors[name] = [_("Give a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}]
                break
    if errors:
        names = ", ".join(sorted(errors))
        raise ValidationFailed(_("Invalid query parameter: %(names)s.") % {"names": names}, errors=errors)


class QueryParameterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_query(request.GET)
        except ValidationFailed as exc:
            if request.path.startswith("/api/"):
                return JsonResponse(exc.as_dict(), status=400)
            return render(request, "error.html", {"error": exc, "status": 400}, status=400)
        return self.get_response(request)
