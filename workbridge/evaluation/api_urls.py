from django.urls import path

from . import apis

urlpatterns = [
    path("evaluation/scores/", apis.ScoreList.as_view(), name="evaluation-api-scores"),
    path("evaluation/scores/<int:pk>/", apis.ScoreDetail.as_view(), name="evaluation-api-score"),
    path("evaluation/index/", apis.IndexSystemView.as_view(), name="evaluation-api-index"),
    path("evaluation/weights/ahp/", apis.WeightsAHP.as_view(), name="evaluation-api-weights-ahp"),
    path("evaluation/weights/direct/", apis.WeightsDirect.as_view(), name="evaluation-api-weights-direct"),
    path("evaluation/recompute/", apis.Recompute.as_view(), name="evaluation-api-recompute"),
    path("evaluation/enterprises/<int:pk>/readiness/", apis.Readiness.as_view(), name="evaluation-api-readiness"),
    path("evaluation/enterprises/<int:pk>/statement/", apis.Statement.as_view(), name="evaluation-api-statement"),
    path("evaluation/ledger/", apis.Ledger.as_view(), name="evaluation-api-ledger"),
    path(
        "evaluation/enterprises/<int:pk>/attestations/",
        apis.Attestations.as_view(),
        name="evaluation-api-attestations",
    ),
    path(
        "evaluation/enterprises/<int:pk>/attestations/<int:attestation_pk>/decide/",
        apis.AttestationDecide.as_view(),
        name="evaluation-api-attestation-decide",
    ),
    path(
        "evaluation/enterprises/<int:pk>/declarations/",
        apis.Declarations.as_view(),
        name="evaluation-api-declarations",
    ),
    path(
        "evaluation/enterprises/<int:pk>/certifications/",
        apis.Certifications.as_view(),
        name="evaluation-api-certifications",
    ),
    path("evaluation/evaluators/", apis.EvaluatorAssign.as_view(), name="evaluation-api-evaluator-assign"),
    path("evaluation/evaluators/<int:pk>/ratings/", apis.EvaluatorRate.as_view(), name="evaluation-api-evaluator-rate"),
]
