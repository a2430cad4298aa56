from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "workbridge.guidance"
    label = "guidance"
    verbose_name = _("Guidance")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope

        from .models import CounsellingRequest, GuidanceSession, SessionAttendance, WellbeingCheck
        from .selectors import private_scope_q

        # Sessions and attendance are school records: the school, its overseers and the student see them.
        register_scope(
            GuidanceSession, school="school", student_extra=lambda actor: Q(attendance__student_id=actor.student_id)
        )
        register_scope(SessionAttendance, school="session__school", student="student")
        # Counselling and wellbeing are about a person's mind: the student's own school staff and the student
        # only, never an authority, a group or an enterprise (PIPL Art. 28: sensitive personal information).
        register_scope(CounsellingRequest, custom=private_scope_q)
        register_scope(WellbeingCheck, custom=private_scope_q)
