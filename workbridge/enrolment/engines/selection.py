"""Joint selection (双向选择) of one application: both sides must select, the quota decides admitted or waiting.
Pure: no Django."""

from __future__ import annotations

PENDING, SELECTED, NOT_SELECTED = "pending", "selected", "not_selected"
APPLIED, ADMITTED, WAITLISTED = "applied", "admitted", "waitlisted"


def outcome(school: str, enterprise: str, admitted: int, quota: int) -> str:
    """The application's status once the two decisions are known. ``admitted`` counts the places already taken
    (not this application). Either side's no ends it; one side still to decide keeps it open; two yeses admit
    while a place is free and put it on the waiting list otherwise."""
    if NOT_SELECTED in (school, enterprise):
        return NOT_SELECTED
    if PENDING in (school, enterprise):
        return APPLIED
    return ADMITTED if admitted < quota else WAITLISTED


def free_places(quota: int, members: int) -> int:
    return max(0, quota - members)
