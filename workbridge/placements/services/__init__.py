"""Writes of the placements app, one module per sub-domain (the same names as its engines, selectors and
templates): positions, applications, self_found, placements, agreements, attendance, reports, rounds, alerts.
All follow the house rules: keyword-only, actor first, full_clean, atomic, audit.

The lifecycle services (positions to agreements) are re-exported here, so ``services.position_create`` reads
as before; attendance, reports, rounds and alerts are imported by name (``services.attendance``)."""

# Star imports on purpose: every public service of these modules is reachable as services.<name>, including the
# ones added later (a hand-kept list went stale once already).
from .agreements import *  # noqa: F403
from .applications import *  # noqa: F403
from .common import *  # noqa: F403
from .placements import *  # noqa: F403
from .positions import *  # noqa: F403
from .self_found import *  # noqa: F403
