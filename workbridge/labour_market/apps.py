from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabourMarketConfig(AppConfig):
    name = "workbridge.labour_market"
    label = "labour_market"
    verbose_name = _("Labour market")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope
        from workbridge.core.importing import register_importer
        from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

        from .importers import DestinationImporter

        register_importer(DestinationImporter)

        from . import models as m

        everyone = lambda actor: Q()  # noqa: E731 - market statistics without personal data

        for model in (
            m.Skill,
            m.Occupation,
            m.PostingSource,
            m.Posting,
            m.PostingSkill,
            m.DemandStat,
            m.WarningRule,
            m.WarningSetting,
        ):
            register_scope(model, custom=everyone)

        def batch_scope(actor):
            if actor.role == Role.AUTHORITY_OFFICER:
                return Q(organization_id=actor.organization_id) | Q(organization__region_id__in=actor.region_ids)
            return Q(organization_id=actor.organization_id) if actor.organization_id else Q(pk__in=[])

        register_scope(m.IngestBatch, custom=batch_scope)

        # Surveys: the school that built them; the enterprises invited; the region's authority.
        def survey_scope(actor):
            if actor.role in SCHOOL_ROLES:
                return Q(school_id=actor.organization_id)
            if actor.role in ENTERPRISE_ROLES:
                return Q(
                    pk__in=m.DemandSurvey.invited.through.objects.filter(organization_id=actor.organization_id).values(
                        "demandsurvey_id"
                    )
                )
            if actor.role == Role.AUTHORITY_OFFICER:
                return Q(school__region_id__in=actor.region_ids)
            if actor.role == Role.GROUP_OFFICER:
                return Q(school_id__in=actor.member_ids)
            return Q(pk__in=[])

        register_scope(m.DemandSurvey, custom=survey_scope)
        register_scope(m.SurveyResponse, school="survey__school", enterprise="enterprise")

        # Association data: published items are public; drafts only to their association.
        def association_scope(actor):
            own = Q(association_id=actor.organization_id) if actor.organization_id else Q(pk__in=[])
            return own | Q(published=True)

        register_scope(m.SkillStandard, custom=association_scope)
        register_scope(m.HeadcountForecast, custom=association_scope)

        register_scope(m.GraduateDestination, school="school", student="student")
        register_scope(m.DestinationFollowUp, school="school", student="student")
        register_scope(m.MajorTargetOccupation, school="major__school")
        register_scope(m.CourseSkill, school="course__school")
        register_scope(m.MajorWarning, school="major__school")

        # Programmes: the school, its region's authority and group, and the invited reviewers' organisations.
        def programme_scope(actor):
            if actor.role in SCHOOL_ROLES:
                return Q(school_id=actor.organization_id)
            if actor.role == Role.AUTHORITY_OFFICER:
                return Q(school__region_id__in=actor.region_ids)
            if actor.role == Role.GROUP_OFFICER:
                return Q(school_id__in=actor.member_ids)
            if actor.role in (*ENTERPRISE_ROLES, Role.ASSOCIATION_OFFICER):
                return Q(pk__in=m.ProgrammeReviewer.objects.filter(user_id=actor.user_id).values("programme_id"))
            return Q(pk__in=[])

        register_scope(m.TrainingProgramme, custom=programme_scope)
