from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "workbridge.academics"
    label = "academics"
    verbose_name = _("Academics")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope, student_link_q

        from .models import Cohort, Course, Department, Major, Student, Teacher

        register_scope(Department, school="school")
        register_scope(Major, school="school")
        register_scope(Cohort, school="major__school")
        register_scope(Course, school="school")
        register_scope(Teacher, school="school")
        # Enterprises see only students linked to them; students see only themselves.
        register_scope(
            Student,
            school="school",
            student="pk",
            enterprise_extra=lambda actor: student_link_q(actor.organization_id),
        )
        del Q
