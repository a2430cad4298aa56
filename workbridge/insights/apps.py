from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "workbridge.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from workbridge.core import figures_cache
        from workbridge.evaluation.indicators import model

        # Single saves and deletes of the records behind the regional figures drop the cached figures
        # (metrics.CACHE); services writing them in bulk (student import, score recompute) call changed() too.
        figures_cache.watch(
            "insights",
            [
                model(*label.split("."))
                for label in (
                    "organizations.Organization",
                    "academics.Student",
                    "academics.Teacher",
                    "partnerships.Agreement",
                    "partnerships.ProjectOutput",
                    "placements.Placement",
                    "compliance.Violation",
                    "faculty.PracticeRecord",
                    "faculty.Qualification",
                    "faculty.TeacherProfile",
                    "resources.UsageRecord",
                    "research.RndProject",
                    "research.RndMember",
                    "certificates.Registration",
                    "labour_market.MajorWarning",
                )
            ],
        )
