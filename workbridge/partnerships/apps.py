from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "workbridge.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from django.db.models import Q
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from workbridge.core.archiving import ArchiveKind, register_archivable

        from . import permissions as perms
        from . import selectors as sel
        from .models import Agreement as _Agreement
        from .models import Project as _Project

        register_archivable(
            ArchiveKind(
                "agreement",
                _Agreement,
                _("Agreement"),
                perms.may_archive,
                sel.agreement_archive_blockers,
                lambda a: reverse("partnerships:agreement-detail", args=[a.pk]),
                sel.agreements_reachable,
            )
        )
        register_archivable(
            ArchiveKind(
                "project",
                _Project,
                _("Cooperation project"),
                perms.may_archive,
                sel.project_archive_blockers,
                lambda p: reverse("partnerships:project-detail", args=[p.pk]),
                sel.projects_reachable,
            )
        )

        from workbridge.core.access import register_scope, register_student_link

        from .models import Agreement, AgreementClause, Milestone, Project, ProjectOutput, ProjectParticipant

        register_scope(Agreement, school="school", enterprise="enterprise")
        register_scope(AgreementClause, school="agreement__school", enterprise="agreement__enterprise")
        register_scope(
            Project,
            school="school",
            enterprise="enterprise",
            student_extra=lambda actor: (
                Q(participants__student_id=actor.student_id) if actor.student_id else Q(pk__in=[])
            ),
        )
        for model in (Milestone, ProjectOutput, ProjectParticipant):
            register_scope(model, school="project__school", enterprise="project__enterprise")
        # Students in an enterprise's project (order class, apprenticeship) are linked to that enterprise.
        register_student_link(lambda enterprise_id: Q(project_participations__project__enterprise_id=enterprise_id))

        from .timeline import partnerships_events, register_timeline_provider

        register_timeline_provider(partnerships_events)
