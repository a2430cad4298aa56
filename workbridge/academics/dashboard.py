from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.access import visible
from workbridge.core.registry import Card
from workbridge.core.roles import Role

from .models import Student
from .selectors import academic_counts


def cards(actor) -> list[Card]:
    role = actor.role
    if actor.is_platform_admin or role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN):
        counts = academic_counts(actor=actor)
        return [
            Card(
                _("Enrolled students"),
                counts["students"],
                url=reverse("academics:student-list") + "?status=enrolled",
                order=20,
            ),
            Card(_("Teachers"), counts["teachers"], url=reverse("academics:teacher-list"), order=21),
            Card(_("Majors"), counts["majors"], url=reverse("academics:major-list"), order=22),
            Card(_("Courses"), counts["courses"], url=reverse("academics:course-list"), order=23),
        ]
    if role == Role.STUDENT and actor.student_id:
        student = Student.objects.select_related("major", "cohort").filter(pk=actor.student_id).first()
        if student is None:
            return []
        return [
            Card(
                _("My major"),
                student.major.name,
                hint=student.cohort.name if student.cohort else "",
                url=reverse("academics:student-detail", kwargs={"student_id": student.pk}),
                order=20,
            )
        ]
    if role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR):
        linked = visible(actor, Student.objects.all()).count()
        return [
            Card(
                _("Students linked to us"),
                linked,
                url=reverse("academics:student-list"),
                order=20,
                hint=_("Through applications, placements and projects."),
            )
        ]
    return []
