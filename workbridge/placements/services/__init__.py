"""Writes of the placements app, one module per sub-domain (the same names as its engines, selectors and
templates): positions, applications, self_found, placements, agreements, attendance, reports, rounds, alerts.
All follow the house rules: keyword-only, actor first, full_clean, atomic, audit.

The lifecycle services (positions to agreements) are re-exported here, so ``services.position_create`` reads
as before; attendance, reports, rounds and alerts are imported by name (``services.attendance``)."""

from __future__ import annotations

from .agreements import (  # noqa: F401
    agreement_confirm,
    agreement_generate,
    agreement_terms,
    insurance_record,
)
from .applications import (  # noqa: F401  # noqa: F401
    ENTERPRISE_ACTION_LABELS,
    ENTERPRISE_TRANSITIONS,
    application_advance,
    application_respond,
    application_submit,
    application_withdraw,
    cv_from_profile,
)
from .common import (  # noqa: F401
    acting_student,
    notify_enterprise_admins,
    notify_student,
    placement_settings_update,
    settings_for,
)
from .placements import (  # noqa: F401
    REOPEN_WINDOW_DAYS,
    mentor_load,
    mentor_rate,
    mentor_training_record,
    placement_assign_mentor,
    placement_cancel,
    placement_complete,
    placement_create,
    placement_record_hire,
    placement_reopen,
    placement_set_attendance_mode,
    placement_set_schedule,
    placement_start,
    placement_terminate,
    start_blockers,
    training_record,
)
from .positions import (  # noqa: F401
    POSITION_FIELDS,
    position_close,
    position_create,
    position_free_places,
    position_review,
    position_submit,
    position_update,
)
from .self_found import (  # noqa: F401
    PROPOSAL_FIELDS,
    proposal_position,
    self_found_decide,
    self_found_propose,
)
