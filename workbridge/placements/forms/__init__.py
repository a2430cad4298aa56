"""Forms of the placements pages, by sub-domain like ``services/``: each page write parses its input here (labels
and help in the user's words, date pickers, number ranges, choices from the models) before calling its service."""

from .alerts import AlertResolveForm, IncidentForm, LeftPostForm
from .attendance import ConfirmWeekForm, LeaveForm, MakeupForm
from .common import ReasonForm
from .placements import (
    AttendanceModeForm,
    BatchMentorForm,
    CompleteForm,
    EndEarlyForm,
    EnterpriseMentorForm,
    EvaluationForm,
    GuardianConsentForm,
    InsuranceForm,
    MentorRatingForm,
    PhotoPolicyForm,
    ScheduleForm,
    SchoolMentorForm,
    TrainingForm,
)
from .plans import PlanForm
from .self_found import DecisionForm, SelfFoundForm

__all__ = [
    "AlertResolveForm",
    "AttendanceModeForm",
    "BatchMentorForm",
    "CompleteForm",
    "ConfirmWeekForm",
    "DecisionForm",
    "EndEarlyForm",
    "EnterpriseMentorForm",
    "EvaluationForm",
    "GuardianConsentForm",
    "IncidentForm",
    "InsuranceForm",
    "LeaveForm",
    "LeftPostForm",
    "MakeupForm",
    "MentorRatingForm",
    "PhotoPolicyForm",
    "PlanForm",
    "ReasonForm",
    "ScheduleForm",
    "SchoolMentorForm",
    "SelfFoundForm",
    "TrainingForm",
]
