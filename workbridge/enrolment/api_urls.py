from django.urls import path

from . import apis

urlpatterns = [
    path("enrolment/plans/", apis.Plans.as_view(), name="enrolment-plans"),
    path("enrolment/plans/<int:pk>/", apis.PlanDetail.as_view(), name="enrolment-plan"),
    path("enrolment/plans/<int:pk>/applications/", apis.PlanApplications.as_view(), name="enrolment-applications"),
    path("enrolment/plans/<int:pk>/apply/", apis.PlanApply.as_view(), name="enrolment-plan-apply"),
    path("enrolment/plans/<int:pk>/<str:action>/", apis.PlanAction.as_view(), name="enrolment-plan-action"),
    path("enrolment/applications/<int:pk>/withdraw/", apis.ApplicationWithdraw.as_view(), name="enrolment-withdraw"),
    path("enrolment/applications/<int:pk>/decide/", apis.ApplicationDecide.as_view(), name="enrolment-decide"),
    path("enrolment/applications/<int:pk>/leave/", apis.ApplicationLeave.as_view(), name="enrolment-leave"),
    path("enrolment/agreements/<int:pk>/", apis.AgreementDetail.as_view(), name="enrolment-agreement"),
    path("enrolment/agreements/<int:pk>/confirm/", apis.AgreementConfirm.as_view(), name="enrolment-agreement-confirm"),
]
