"""What the 1+X registration list exports (page and API share these columns)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col

REGISTRATION_COLUMNS = [
    Col(_("Student"), "student.name"),
    Col(_("Student number"), "student.student_number"),
    Col(_("Major"), "major.name"),
    Col(_("Certificate"), "certificate.name"),
    Col(_("Exam date"), "exam_date"),
    Col(_("Result"), "get_result_display"),
    Col(_("Score"), "score"),
    Col(_("Certificate number"), "certificate_number"),
]
