from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("problems", apis.ProblemViewSet, basename="research-problem")
router.register("proposals", apis.ProposalViewSet, basename="research-proposal")
router.register("projects", apis.ProjectViewSet, basename="research-project")
router.register("milestones", apis.MilestoneViewSet, basename="research-milestone")

urlpatterns = [path("research/", include(router.urls))]
