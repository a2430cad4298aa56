"""What the teacher list exports (the practice and dual-qualified overview; page only, its rows are computed)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col

STATUS_LABELS = {"met": _("Met"), "at_risk": _("At risk"), "on_track": _("On track"), "behind": _("Behind")}
LEVEL_LABELS = {"senior": _("Senior"), "intermediate": _("Intermediate"), "junior": _("Entry")}

TEACHER_COLUMNS = [
    Col(_("Teacher"), lambda r: r.teacher.name),
    Col(_("Staff number"), lambda r: r.teacher.employee_number),
    Col(_("School"), lambda r: r.teacher.school.name),
    Col(_("Practice days in window"), lambda r: round(r.progress.credited_days)),
    Col(_("Required days"), lambda r: r.progress.required_days),
    Col(_("Status"), lambda r: STATUS_LABELS.get(r.progress.status, _("Exempt"))),
    Col(_("Dual-qualified level"), lambda r: LEVEL_LABELS.get(r.recognition.level, "—")),
]
