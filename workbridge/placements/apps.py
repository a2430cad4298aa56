from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "workbridge.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self):
        from django.db.models import Q
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from workbridge.core.archiving import ArchiveKind, register_archivable

        from .models import Position as _Position
        from .permissions import may_archive_position
        from .selectors.positions import position_archive_blockers, positions_reachable

        register_archivable(
            ArchiveKind(
                "position",
                _Position,
                _("Position"),
                may_archive_position,
                position_archive_blockers,
                lambda p: reverse("placements:position", args=[p.pk]),
                positions_reachable,
            )
        )

        from workbridge.core.access import register_scope, register_student_link

        from . import models as m
        from .scopes import matching_round_scope_q, position_scope_q

        register_scope(m.Position, custom=position_scope_q)
        register_scope(m.MatchingRound, custom=matching_round_scope_q)
        register_scope(m.PlacementSettings, school="school")

        def own_plans(actor):
            # A student reads the plans of their class (the requirements they must meet).
            from workbridge.academics.models import Student

            if not actor.student_id:
                return Q(pk__in=[])
            cohort = Student.objects.filter(pk=actor.student_id).values("cohort_id")
            through = m.InternshipPlan.cohorts.through.objects.filter(cohort_id__in=cohort)
            return Q(pk__in=through.values("internshipplan_id"))  # a subquery: a plan never repeats

        register_scope(m.InternshipPlan, school="school", student_extra=own_plans)
        register_scope(m.CompetencyItem, school="school")
        register_scope(m.Application, school="school", enterprise="enterprise", student="student")
        register_scope(m.SelfFoundProposal, school="school", student="student")
        register_scope(m.RoundChoice, school="student__school", enterprise="position__enterprise", student="student")
        register_scope(m.RoundScore, school="student__school", enterprise="position__enterprise")
        register_scope(m.RoundResult, school="student__school", enterprise="position__enterprise", student="student")
        register_scope(m.Placement, school="school", enterprise="enterprise", student="student")
        for model in (
            m.TripartiteAgreement,
            m.Insurance,
            m.PrePlacementTraining,
            m.MentorRating,
            m.CheckIn,
            m.LeaveRequest,
            m.AttendanceConfirmation,
            m.WeeklyReport,
            m.Evaluation,
            m.Incident,
        ):
            register_scope(
                model, school="placement__school", enterprise="placement__enterprise", student="placement__student"
            )
        register_scope(m.MentorTraining, enterprise="enterprise")
        register_scope(m.Alert, school="school", enterprise="enterprise", student="student")
        # An enterprise sees the students who applied to it or are placed with it (and no one else).
        register_student_link(
            lambda enterprise_id: (
                Q(applications__enterprise_id=enterprise_id) | Q(placements__enterprise_id=enterprise_id)
            )
        )
