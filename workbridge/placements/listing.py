"""What the position, placement and alert lists show in their exports (page and API share these columns)."""

from django.utils.translation import gettext_lazy as _

from workbridge.core.listing import Col

POSITION_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Kind"), "get_kind_display"),
    Col(_("Status"), "get_status_display"),
    Col(_("Places"), "places"),
    Col(_("Start"), "start_date"),
    Col(_("End"), "end_date"),
    Col(_("Monthly pay (yuan)"), "monthly_pay"),
    Col(_("Workplace"), "workplace_address"),
]

PLACEMENT_COLUMNS = [
    Col(_("Student"), "student.name"),
    Col(_("Major"), "student.major.name"),
    Col(_("Position"), "position.title"),
    Col(_("Enterprise"), "enterprise.name"),
    Col(_("Start"), "start_date"),
    Col(_("End"), "end_date"),
    Col(_("Status"), "get_status_display"),
    Col(_("Why it ended early"), "get_end_reason_display"),
    Col(_("School mentor"), "school_mentor.name"),
    Col(_("Enterprise mentor"), lambda p: str(p.enterprise_mentor or "")),
    Col(_("Final grade"), "final_grade"),
]

ALERT_COLUMNS = [
    Col(_("Raised"), lambda a: a.created_at.strftime("%Y-%m-%d %H:%M")),
    Col(_("Alert"), "title"),
    Col(_("Kind"), "get_kind_display"),
    Col(_("Severity"), "get_severity_display"),
    Col(_("Status"), "get_status_display"),
    Col(_("Student"), lambda a: a.student.name if a.student_id else ""),
]

PLAN_COLUMNS = [
    Col(_("Title"), "title"),
    Col(_("Kind"), "get_kind_display"),
    Col(_("From"), "start_date"),
    Col(_("Until"), "end_date"),
    Col(_("Minimum weeks"), "min_weeks"),
    Col(_("Classes"), lambda p: "、".join(c.name for c in p.cohorts.all())),
    Col(_("Status"), "get_status_display"),
]

# One row per student of a plan's classes (selectors.plan_progress rows).
PLAN_PROGRESS_COLUMNS = [
    Col(_("Class"), "student.cohort.name"),
    Col(_("Student number"), "student.student_number"),
    Col(_("Student"), "student.name"),
    Col(_("Enterprise"), lambda r: r.placement.enterprise.name if r.placement else ""),
    Col(_("Weekly reports"), "weekly_reports"),
    Col(_("Reviewed"), "reviewed_reports"),
    Col(_("Final report"), lambda r: _("Yes") if r.final_report else ""),
    Col(_("Final grade"), lambda r: "" if r.grade is None else r.grade),
]
