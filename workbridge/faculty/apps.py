from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacultyConfig(AppConfig):
    name = "workbridge.faculty"
    label = "faculty"
    verbose_name = _("Faculty")

    def ready(self):
        from workbridge.core.access import register_scope

        from .models import (
            EnterpriseLecturer,
            LecturerTeaching,
            PracticeAlert,
            PracticeRecord,
            Qualification,
            TeacherProfile,
        )

        register_scope(TeacherProfile, school="school")
        register_scope(Qualification, school="school")
        register_scope(PracticeAlert, school="school")
        # The host enterprise sees (and confirms) the practice it hosts; the school sees its teachers' records.
        register_scope(PracticeRecord, school="school", enterprise="enterprise")
        register_scope(EnterpriseLecturer, school="school", enterprise="enterprise")
        register_scope(LecturerTeaching, school="school", enterprise="enterprise")

        # The home-page cards' dual-qualified figures are cached (dashboard.py) until one of these is written.
        from django.apps import apps

        from workbridge.core import figures_cache

        figures_cache.watch(
            "faculty",
            [
                PracticeRecord,
                Qualification,
                TeacherProfile,
                apps.get_model("academics", "Teacher"),
                apps.get_model("research", "RndProject") if apps.is_installed("workbridge.research") else None,
                apps.get_model("research", "RndMember") if apps.is_installed("workbridge.research") else None,
            ],
        )
