from django.urls import path
from rest_framework.routers import SimpleRouter

from . import apis

router = SimpleRouter()
router.register("organizations", apis.OrganizationViewSet, basename="organization")
router.register("vetting-reviews", apis.VettingReviewViewSet, basename="vetting-review")
router.register("regions", apis.RegionViewSet, basename="region")
router.register("memberships", apis.MembershipViewSet, basename="membership")
router.register("invitations", apis.InvitationViewSet, basename="invitation")

urlpatterns = [
    path("enterprise-registrations/", apis.EnterpriseRegistrationView.as_view(), name="enterprise-registration"),
    path("me/", apis.MeView.as_view(), name="me"),
    path("me/switch-role/", apis.SwitchRoleView.as_view(), name="me-switch-role"),
    path("me/token/", apis.TokenRevokeView.as_view(), name="me-token"),
    *router.urls,
]
