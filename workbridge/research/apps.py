from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "workbridge.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope, register_student_link

        from .models import Proposal, RndMember, RndMilestone, RndOutcome, RndProject, RndStudent, TechnicalProblem
        from .scopes import problem_scope_q

        register_scope(TechnicalProblem, custom=problem_scope_q)
        register_scope(Proposal, school="school", enterprise="enterprise")
        register_scope(
            RndProject,
            school="school",
            enterprise="enterprise",
            student_extra=lambda actor: Q(students__student_id=actor.student_id) if actor.student_id else Q(pk__in=[]),
        )
        for model in (RndMember, RndStudent, RndMilestone, RndOutcome):
            register_scope(model, school="project__school", enterprise="project__enterprise")
        # Students working on an enterprise's R&D project are linked to that enterprise.
        register_student_link(lambda enterprise_id: Q(rnd_participations__project__enterprise_id=enterprise_id))
