from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.scores, name="scores"),
    path("scores/<int:pk>/", views.score_detail, name="score-detail"),
    path("scores/<int:pk>/items/<int:item_pk>/", views.score_evidence, name="score-evidence"),
    path("recompute/", views.recompute, name="recompute"),
    path("index/", views.index_system, name="index"),
    path("index/ahp/", views.weights_ahp, name="weights-ahp"),
    path("index/direct/", views.weights_direct, name="weights-direct"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:school_id>/<int:enterprise_id>/", views.ledger_detail, name="ledger-detail"),
    path("integration/", views.integration, name="integration"),
    path("integration/<int:enterprise_id>/", views.integration_detail, name="integration-detail"),
    path("integration/<int:enterprise_id>/attest/", views.attest, name="attest"),
    path("integration/<int:enterprise_id>/attestations/<int:pk>/", views.attestation_decide, name="attestation-decide"),
    path(
        "integration/<int:enterprise_id>/attestations/<int:pk>/document/",
        views.attestation_document,
        name="attestation-document",
    ),
    path("integration/<int:enterprise_id>/declare/", views.declare, name="declare"),
    path("integration/<int:enterprise_id>/certify/", views.certify, name="certify"),
    path("evaluators/", views.evaluators, name="evaluators"),
    path("evaluators/assign/", views.evaluator_assign, name="evaluator-assign"),
    path("evaluators/<int:pk>/rate/", views.evaluator_rate, name="evaluator-rate"),
]
