from rest_framework.routers import SimpleRouter

from . import apis

router = SimpleRouter()
router.register("agreements", apis.AgreementViewSet, basename="agreement")
router.register("projects", apis.ProjectViewSet, basename="project")
router.register("project-participants", apis.ParticipantViewSet, basename="project-participant")
router.register("project-milestones", apis.MilestoneViewSet, basename="project-milestone")
router.register("project-outputs", apis.OutputViewSet, basename="project-output")
router.register("partnerships", apis.PartnershipViewSet, basename="partnership")

urlpatterns = router.urls
