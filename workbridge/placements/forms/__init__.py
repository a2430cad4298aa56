"""Forms of the placements pages, by sub-domain like ``services/``: each page write parses its input here (labels
and help in the user's words, date pickers, number ranges, choices from the models) before calling its service."""

from .alerts import AlertResolveForm, IncidentForm, LeftPostForm
from .applications import ApplicationStepForm, ApplyForm, PositionReviewForm
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
from .plans import PlanForm, PlanStatusForm
from .positions import PositionForm
from .reports import BatchReviewForm, ReportForm, ReviewForm
from .rounds import ComputeForm, RankForm, RoundForm, ScoreForm
from .self_found import ApproveRejectForm, DecisionForm, SelfFoundForm

__all__ = [
    "ApproveRejectForm",
    "ComputeForm",
    "RankForm",
    "ScoreForm",
    "PlanStatusForm",
    "ApplicationStepForm",
    "ApplyForm",
    "BatchReviewForm",
    "PositionReviewForm",
    "ReportForm",
    "ReviewForm",
    "RoundForm",
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
    "PositionForm",
    "ReasonForm",
    "ScheduleForm",
    "SchoolMentorForm",
    "SelfFoundForm",
    "TrainingForm",
]
