from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployerFeedbackConfig(AppConfig):
    name = "workbridge.employer_feedback"
    label = "employer_feedback"
    verbose_name = _("Employer feedback")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope

        from .models import FeedbackForm, FeedbackRound, MajorLeader, ReviewTask, RoundCapability, ThresholdSetting

        # A round belongs to its school; an enterprise reaches the rounds that ask it for feedback. Students never
        # reach rounds, forms or ratings (see permissions.py for why).
        register_scope(
            FeedbackRound,
            school="school",
            enterprise_extra=lambda actor: Q(forms__enterprise_id=actor.organization_id),
        )
        register_scope(RoundCapability, school="round__school")
        # A form: the round's school and the enterprise answering it (nobody else's answers).
        register_scope(FeedbackForm, school="round__school", enterprise="enterprise")
        register_scope(ReviewTask, school="round__school")
        register_scope(MajorLeader, school="major__school")
        register_scope(ThresholdSetting, school="school")
