from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "workbridge.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from workbridge.core.access import register_scope

        from . import (
            indicators,  # noqa: F401  (registers the measures)
            readiness,  # noqa: F401  (registers the readiness checks)
        )
        from .models import (
            Attestation,
            Certification,
            EvaluatorAssignment,
            EvaluatorRating,
            InvestmentWithdrawal,
            Score,
            ScoreItem,
            SurchargeDeclaration,
        )
        from .selectors import evaluator_scope_q

        register_scope(Score, school="school", enterprise="enterprise")
        register_scope(ScoreItem, school="score__school", enterprise="score__enterprise")
        # Evaluators see their own assignments and ratings; the parties and the authority see them too.
        register_scope(EvaluatorAssignment, custom=evaluator_scope_q(""))
        register_scope(EvaluatorRating, custom=evaluator_scope_q("assignment__"))
        for model in (Certification, SurchargeDeclaration, InvestmentWithdrawal, Attestation):
            register_scope(model, enterprise="enterprise")
