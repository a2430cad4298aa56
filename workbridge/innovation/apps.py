from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "workbridge.innovation"
    label = "innovation"
    verbose_name = _("Innovation and entrepreneurship")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope

        from .models import InnovationBase, Venture

        # A base belongs to its school; the sponsoring enterprise sees it; a student sees the bases of their school.
        register_scope(
            InnovationBase,
            school="school",
            enterprise="sponsor",
            student_extra=lambda actor: Q(school__students__pk=actor.student_id),
        )
        # A venture: its base's school and sponsor, its enterprise mentor's company, and its own team members.
        register_scope(
            Venture,
            school="base__school",
            enterprise="base__sponsor",
            student="members__student",
        )
