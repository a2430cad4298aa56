from django.urls import path

from . import apis

urlpatterns = [
    path("compliance/violations/", apis.ViolationListView.as_view(), name="compliance-violation-list"),
    path("compliance/violations/<int:pk>/", apis.ViolationDetailView.as_view(), name="compliance-violation-detail"),
    path(
        "compliance/violations/<int:pk>/resolve/",
        apis.ViolationResolveView.as_view(),
        name="compliance-violation-resolve",
    ),
    path("compliance/rulesets/", apis.RuleSetListView.as_view(), name="compliance-ruleset-list"),
    path(
        "compliance/rulesets/<str:jurisdiction>/<int:year>/rules/",
        apis.RuleListView.as_view(),
        name="compliance-rule-list",
    ),
    path("compliance/evaluate/", apis.EvaluateView.as_view(), name="compliance-evaluate"),
]
