from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "workbridge.academics"
    label = "academics"
    verbose_name = _("Academics")

    def ready(self):
        from django.db.models import Q

        from workbridge.core.access import register_scope, student_link_q
        from workbridge.core.importing import register_importer

        from .importers import CourseImporter, StudentImporter, TeacherImporter
        from .models import Cohort, Course, Department, Major, Student, Teacher

        # A student also reads their own school's departments, majors, classes and courses.
        def own_school(path):
            return lambda actor: Q(**{path: actor.organization_id}) if actor.student_id else Q(pk__in=[])

        register_scope(Department, school="school", student_extra=own_school("school"))
        register_scope(Major, school="school", student_extra=own_school("school"))
        register_scope(Cohort, school="major__school", student_extra=own_school("major__school"))
        register_scope(Course, school="school", student_extra=own_school("school"))
        register_scope(Teacher, school="school")
        # Enterprises see only students linked to them; students see only themselves.
        register_scope(
            Student,
            school="school",
            student="pk",
            enterprise_extra=lambda actor: student_link_q(actor.organization_id),
        )
        for importer in (StudentImporter, TeacherImporter, CourseImporter):
            register_importer(importer)
