"""Every write of the labour-market app, by sub-domain (the same names as its selectors, engines and
templates): reference data, ingest, demand tables, surveys, association data, destinations, curriculum tags,
training programmes and early warnings. Callers import from here; each module holds one sub-domain."""

from .association import (  # noqa: F401
    forecast_publish,
    standard_publish,
)
from .curriculum import (  # noqa: F401
    course_skill_add,
    course_skill_decide,
    course_skills_suggest,
    target_occupation_remove,
    target_occupation_set,
)
from .demand import (  # noqa: F401
    demand_recompute,
)
from .destinations import (  # noqa: F401
    DESTINATION_WORDS,
    NO,
    RELEVANCE_WORDS,
    YES,
    destination_record,
    destinations_import,
    followup_answer,
    followups_send,
    graduation_year_of,
)
from .ingest import (  # noqa: F401
    CHUNK_SIZE,
    LEASE,
    ROLLED_BACK,
    ChunkState,
    batch_is_stalled,
    batch_may_manage,
    batch_process,
    batch_resume,
    batch_rollback,
    batch_rollback_rows,
    ingest_recover,
    postings_ingest,
    postings_preview,
    process_chunk,
)
from .programmes import (  # noqa: F401
    PROGRAMME_SECTIONS,
    programme_comment,
    programme_create,
    programme_invite,
    programme_lines,
    programme_revise,
    programme_sign,
    programme_starting_content,
    programme_validate,
)
from .reference import (  # noqa: F401
    DATA_DIR,
    ensure_reference_data,
    occupations_load,
    skills_load,
)
from .surveys import (  # noqa: F401
    survey_create,
    survey_invite,
    survey_question_add,
    survey_set_status,
    survey_submit,
)
from .warnings import (  # noqa: F401
    RULES_FILE,
    active_rules,
    register_red_warning_listener,
    warning_rule_update,
    warning_rules_load,
    warnings_recompute,
    warnings_recompute_request,
)
