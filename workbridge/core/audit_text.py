"""Audit entries as sentences people read ("朱秀 批准了 岗位「数控车工实习」"): the verb from the action's last word,
the record from its model's name and the record itself. The stored entry keeps its machine key (for exports and
the API); pages show this."""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

# The last word of an action key -> what the person did, in the past tense.
VERBS = {
    "create": pgettext_lazy("audit action", "created"),
    "created": pgettext_lazy("audit action", "created"),
    "add": pgettext_lazy("audit action", "added"),
    "append": pgettext_lazy("audit action", "added to"),
    "new_version": pgettext_lazy("audit action", "made a new version of"),
    "update": pgettext_lazy("audit action", "changed"),
    "revise": pgettext_lazy("audit action", "revised"),
    "schedule": pgettext_lazy("audit action", "set the schedule of"),
    "attendance_mode": pgettext_lazy("audit action", "set how attendance is taken for"),
    "weights_changed": pgettext_lazy("audit action", "changed the weights of"),
    "submit": pgettext_lazy("audit action", "submitted"),
    "resubmit": pgettext_lazy("audit action", "resubmitted"),
    "approve": pgettext_lazy("audit action", "approved"),
    "review": pgettext_lazy("audit action", "reviewed"),
    "reject": pgettext_lazy("audit action", "returned"),
    "decline": pgettext_lazy("audit action", "declined"),
    "accept": pgettext_lazy("audit action", "accepted"),
    "answer": pgettext_lazy("audit action", "answered"),
    "offer": pgettext_lazy("audit action", "offered"),
    "shortlist": pgettext_lazy("audit action", "shortlisted"),
    "interview": pgettext_lazy("audit action", "invited to an interview for"),
    "cancel_interview": pgettext_lazy("audit action", "cancelled the interview for"),
    "rescind": pgettext_lazy("audit action", "withdrew the offer of"),
    "withdraw": pgettext_lazy("audit action", "withdrew"),
    "invite": pgettext_lazy("audit action", "invited people to"),
    "grant": pgettext_lazy("audit action", "granted a role in"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "open": pgettext_lazy("audit action", "opened"),
    "close": pgettext_lazy("audit action", "closed"),
    "publish": pgettext_lazy("audit action", "published"),
    "start": pgettext_lazy("audit action", "started"),
    "complete": pgettext_lazy("audit action", "completed"),
    "done": pgettext_lazy("audit action", "marked as done"),
    "terminate": pgettext_lazy("audit action", "ended early"),
    "cancel": pgettext_lazy("audit action", "cancelled"),
    "reopen": pgettext_lazy("audit action", "reopened"),
    "renew": pgettext_lazy("audit action", "renewed"),
    "sign": pgettext_lazy("audit action", "signed"),
    "confirm_school": pgettext_lazy("audit action", "confirmed for the school"),
    "confirm_enterprise": pgettext_lazy("audit action", "confirmed for the enterprise"),
    "confirm_student": pgettext_lazy("audit action", "confirmed as the student"),
    "confirm_week": pgettext_lazy("audit action", "confirmed a week of attendance for"),
    "confirmed": pgettext_lazy("audit action", "confirmed"),
    "generate": pgettext_lazy("audit action", "generated the agreement of"),
    "mentor": pgettext_lazy("audit action", "assigned a mentor to"),
    "training": pgettext_lazy("audit action", "recorded training for"),
    "insurance": pgettext_lazy("audit action", "recorded insurance for"),
    "hire": pgettext_lazy("audit action", "recorded the hiring after"),
    "grade": pgettext_lazy("audit action", "graded"),
    "compute": pgettext_lazy("audit action", "computed the results of"),
    "convert": pgettext_lazy("audit action", "turned into placements the results of"),
    "record": pgettext_lazy("audit action", "recorded"),
    "report": pgettext_lazy("audit action", "reported on"),
    "resolve": pgettext_lazy("audit action", "resolved"),
    "acknowledge": pgettext_lazy("audit action", "acknowledged"),
    "violation_recorded": pgettext_lazy("audit action", "found a rule violation:"),
    "violation_fixed": pgettext_lazy("audit action", "found fixed the rule violation"),
    "verify": pgettext_lazy("audit action", "verified"),
    "certified": pgettext_lazy("audit action", "recorded the certification of"),
    "certification_revoked": pgettext_lazy("audit action", "revoked the certification of"),
    "attested": pgettext_lazy("audit action", "made a statement for"),
    "attestation_decided": pgettext_lazy("audit action", "decided on a statement of"),
    "surcharge_declared": pgettext_lazy("audit action", "declared the education surcharges of"),
    "evaluator_assigned": pgettext_lazy("audit action", "assigned an evaluator to"),
    "partnership_rated": pgettext_lazy("audit action", "rated"),
    "scores_recomputed": pgettext_lazy("audit action", "recomputed the depth scores"),
    "index_loaded": pgettext_lazy("audit action", "loaded the index system"),
    "ruleset_loaded": pgettext_lazy("audit action", "loaded the rule set"),
    "ingest": pgettext_lazy("audit action", "imported postings into"),
    "commit": pgettext_lazy("audit action", "imported"),
    "preview": pgettext_lazy("audit action", "checked an import of"),
    "batch_resumed": pgettext_lazy("audit action", "resumed"),
    "batch_rolled_back": pgettext_lazy("audit action", "rolled back"),
    "standard": pgettext_lazy("audit action", "published a skill standard"),
    "forecast": pgettext_lazy("audit action", "published a headcount forecast"),
    "target": pgettext_lazy("audit action", "set the target occupations of"),
    "propose": pgettext_lazy("audit action", "proposed"),
    "contract": pgettext_lazy("audit action", "signed the contract of"),
    "message_deleted": pgettext_lazy("audit action", "removed a message from"),
    "register": pgettext_lazy("audit action", "registered"),
    "licence_upload": pgettext_lazy("audit action", "uploaded the business licence of"),
    "password_change": pgettext_lazy("audit action", "changed their password"),
    "password_reset": pgettext_lazy("audit action", "reset a password"),
    "first_password_set": pgettext_lazy("audit action", "chose their own password"),
    "login": pgettext_lazy("audit action", "logged in"),
    "switch": pgettext_lazy("audit action", "switched role"),
    "rotate": pgettext_lazy("audit action", "created a new API token"),
    "tokens_revoked": pgettext_lazy("audit action", "revoked API tokens"),
    "reset": pgettext_lazy("audit action", "reset the log-ins of"),
    "sheet_downloaded": pgettext_lazy("audit action", "downloaded an account sheet"),
    "linked": pgettext_lazy("audit action", "linked a log-in to"),
    "claimed": pgettext_lazy("audit action", "claimed the record of"),
    "person_exported": pgettext_lazy("audit action", "copied the personal data of"),
    "person_erased": pgettext_lazy("audit action", "erased the personal data of"),
    "erasure_requested": pgettext_lazy("audit action", "asked for their data to be erased"),
    "channel_saved": pgettext_lazy("audit action", "saved a message channel"),
    "withdrawal_recorded": pgettext_lazy("audit action", "recorded a withdrawal of investment in"),
    "hours": pgettext_lazy("audit action", "recorded teaching hours for"),
    "status": pgettext_lazy("audit action", "changed the status of"),
    "post": pgettext_lazy("audit action", "posted"),
    "sample": pgettext_lazy("audit action", "sampled"),
    "bulk_save": pgettext_lazy("audit action", "saved in bulk"),
    "alerts": pgettext_lazy("audit action", "sent reminders"),
}


# What a record is called, for the models whose own names are not written for people (no verbose_name).
RECORD_KINDS = {
    "organizations.organization": pgettext_lazy("audit record", "organisation"),
    "organizations.membership": pgettext_lazy("audit record", "role"),
    "organizations.membershipinvitation": pgettext_lazy("audit record", "invitation"),
    "organizations.vettingreview": pgettext_lazy("audit record", "vetting review"),
    "academics.department": pgettext_lazy("audit record", "department"),
    "academics.major": pgettext_lazy("audit record", "major"),
    "academics.cohort": pgettext_lazy("audit record", "class"),
    "academics.student": pgettext_lazy("audit record", "student"),
    "academics.teacher": pgettext_lazy("audit record", "teacher"),
    "academics.course": pgettext_lazy("audit record", "course"),
    "academics.accountsheet": pgettext_lazy("audit record", "account sheet"),
    "partnerships.agreement": pgettext_lazy("audit record", "agreement"),
    "partnerships.project": pgettext_lazy("audit record", "cooperation project"),
    "partnerships.projectparticipant": pgettext_lazy("audit record", "project member"),
    "partnerships.milestone": pgettext_lazy("audit record", "milestone"),
    "partnerships.projectoutput": pgettext_lazy("audit record", "project output"),
    "placements.position": pgettext_lazy("audit record", "position"),
    "placements.application": pgettext_lazy("audit record", "application"),
    "placements.selffoundproposal": pgettext_lazy("audit record", "self-found placement"),
    "placements.matchinground": pgettext_lazy("audit record", "matching round"),
    "placements.placement": pgettext_lazy("audit record", "placement"),
    "placements.tripartiteagreement": pgettext_lazy("audit record", "tripartite agreement"),
    "placements.weeklyreport": pgettext_lazy("audit record", "report"),
    "placements.leaverequest": pgettext_lazy("audit record", "leave request"),
    "placements.checkin": pgettext_lazy("audit record", "check-in"),
    "placements.incident": pgettext_lazy("audit record", "incident"),
    "placements.alert": pgettext_lazy("audit record", "alert"),
    "labour_market.ingestbatch": pgettext_lazy("audit record", "posting import"),
    "labour_market.demandsurvey": pgettext_lazy("audit record", "demand survey"),
    "labour_market.skillstandard": pgettext_lazy("audit record", "skill standard"),
    "labour_market.headcountforecast": pgettext_lazy("audit record", "headcount forecast"),
    "labour_market.trainingprogramme": pgettext_lazy("audit record", "training programme"),
    "labour_market.warningrule": pgettext_lazy("audit record", "warning rule"),
    "labour_market.majortargetoccupation": pgettext_lazy("audit record", "target occupation"),
    "evaluation.indexsystem": pgettext_lazy("audit record", "index system"),
    "evaluation.weightset": pgettext_lazy("audit record", "weights"),
    "evaluation.evaluatorassignment": pgettext_lazy("audit record", "evaluator assignment"),
    "evaluation.certification": pgettext_lazy("audit record", "certification"),
    "evaluation.attestation": pgettext_lazy("audit record", "statement"),
    "research.rndmilestone": pgettext_lazy("audit record", "R&D milestone"),
    "messaging.organizationchannel": pgettext_lazy("audit record", "message channel"),
    "conversations.thread": pgettext_lazy("audit record", "conversation"),
    "conversations.message": pgettext_lazy("audit record", "message"),
    "core.importjob": pgettext_lazy("audit record", "import"),
}


def _kind(model) -> str:
    known = RECORD_KINDS.get(model._meta.label_lower)
    if known is not None:
        return str(known)
    name = model._meta.verbose_name
    # A name Django made up from the class (plain ASCII, not translated) is not written for people.
    return (
        ""
        if str(name) == model._meta.model_name or (str(name).isascii() and not isinstance(name, Promise))
        else str(name)
    )


def _record(entry, cache: dict):
    if not entry.target_type or not entry.target_id:
        return None
    key = (entry.target_type, entry.target_id)
    if key not in cache:
        try:
            model = apps.get_model(entry.target_type)
        except (LookupError, ValueError):
            cache[key] = None
        else:
            obj = model._default_manager.filter(pk=entry.target_id).first()
            cache[key] = (model, obj)
    return cache[key]


def record_text(entry, cache: dict | None = None) -> str:
    """The record an entry is about: its kind and its name (or only its kind, when it no longer exists)."""
    found = _record(entry, {} if cache is None else cache)
    if found is None:
        return ""
    model, obj = found
    kind = _kind(model)
    if obj is None:
        return _("a %(kind)s since removed") % {"kind": kind} if kind else _("a record since removed")
    if hasattr(obj, "message") and callable(obj.message):  # a violation reads as its finding
        return obj.message()
    # English quotes its name ("position “CNC intern”"); the zh catalog uses 「」 (岗位「数控车工实习」).
    return _("%(kind)s “%(name)s”") % {"kind": kind, "name": obj}


def action_text(action: str) -> str:
    last = action.rsplit(".", 1)[-1]
    verb = VERBS.get(last)
    return str(verb) if verb is not None else pgettext("audit action", "recorded a change to")


def sentence(entry, cache: dict | None = None) -> str:
    who = str(entry.actor) if entry.actor else _("The platform")  # a user reads as their display name
    what = record_text(entry, cache)
    return " ".join(part for part in (str(who), action_text(entry.action), what) if part)
