"""Graduate destinations: records, imports and follow-ups."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Major, Student
from workbridge.core.access import Actor, as_actor, require_role
from workbridge.core.exceptions import (
    Conflict,
    PermissionDenied,
)
from workbridge.core.roles import Role
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.core.services import notification_send

from ..models import (
    Destination,
    DestinationFollowUp,
    DestinationSource,
    FollowUpStatus,
    GraduateDestination,
    Relevance,
)

DESTINATION_WORDS = {
    "employed": Destination.EMPLOYED,
    "就业": Destination.EMPLOYED,
    "签约就业": Destination.EMPLOYED,
    "受雇": Destination.EMPLOYED,
    "further_study": Destination.FURTHER_STUDY,
    "further study": Destination.FURTHER_STUDY,
    "升学": Destination.FURTHER_STUDY,
    "专升本": Destination.FURTHER_STUDY,
    "enlisted": Destination.ENLISTED,
    "参军": Destination.ENLISTED,
    "入伍": Destination.ENLISTED,
    "self_employed": Destination.SELF_EMPLOYED,
    "self-employed": Destination.SELF_EMPLOYED,
    "自主创业": Destination.SELF_EMPLOYED,
    "创业": Destination.SELF_EMPLOYED,
    "灵活就业": Destination.SELF_EMPLOYED,
    "not_placed": Destination.NOT_PLACED,
    "not placed": Destination.NOT_PLACED,
    "未就业": Destination.NOT_PLACED,
    "待就业": Destination.NOT_PLACED,
    "未落实": Destination.NOT_PLACED,
}
RELEVANCE_WORDS = {
    "high": Relevance.HIGH,
    "相关": Relevance.HIGH,
    "对口": Relevance.HIGH,
    "专业对口": Relevance.HIGH,
    "高": Relevance.HIGH,
    "some": Relevance.SOME,
    "部分相关": Relevance.SOME,
    "一般": Relevance.SOME,
    "中": Relevance.SOME,
    "none": Relevance.NONE,
    "不相关": Relevance.NONE,
    "无关": Relevance.NONE,
    "低": Relevance.NONE,
}
YES = {"是", "yes", "y", "true", "1", "留用"}
NO = {"否", "no", "n", "false", "0"}


def destination_record(
    *,
    actor: Actor,
    existing: GraduateDestination | None,
    major: Major,
    student: Student | None,
    student_number: str,
    graduation_year: int,
    destination: str,
    employer_name: str = "",
    employer_id: int | None = None,
    occupation_code: str = "",
    starting_salary: int | None = None,
    relevance: str = "",
    hired_by_host: bool | None = None,
) -> GraduateDestination:
    """One graduate's destination as the school's records give it (the destinations importer's row)."""
    actor = require_role(as_actor(actor), [Role.SCHOOL_ADMIN])
    item = existing or GraduateDestination(
        school_id=actor.organization_id, student_number=student_number, graduation_year=graduation_year
    )
    if item.school_id != actor.organization_id:
        raise PermissionDenied(_("Only your school's records can be imported."))
    item.major, item.student = major, student
    item.destination, item.employer_name, item.employer_id = destination, employer_name[:200], employer_id
    item.occupation_code, item.starting_salary = occupation_code[:12], starting_salary
    item.relevance, item.hired_by_host, item.source = relevance or "", hired_by_host, DestinationSource.IMPORT
    _clean(item)
    item.save()
    return item


def destinations_import(*, actor: Actor, data: bytes, filename: str = "destinations.xlsx") -> int:
    """Import a sheet of destinations for the actor's school through the import framework (the destinations
    importer): every row is checked; any problem rejects the whole file. Returns the rows written."""
    from workbridge.core import importing
    from workbridge.core.debounce import queue_once

    from .. import tasks

    plan = importing.import_file(actor=actor, kind="destinations", data=data, filename=filename)
    # The school's warnings read its destinations: judged again once the import commits (one run per minute).
    school_id = as_actor(actor).organization_id
    queue_once(tasks.warnings_recompute, key=f"school-{school_id}", school_id=school_id)
    return plan.creates + plan.updates


def graduation_year_of(student: Student) -> int | None:
    if student.cohort_id is None:
        return None
    return student.cohort.intake_year + student.major.duration_years


def followups_send(*, today: dt.date | None = None) -> int:
    """Six months after graduation (1 July of the final year) ask each graduate without a record where they went."""
    today = today or timezone.localdate()
    sent = 0
    candidates = Student.objects.filter(
        enrolment_status="graduated", cohort__isnull=False, user__isnull=False
    ).select_related("cohort", "major", "user")
    for student in candidates.iterator():
        year = graduation_year_of(student)
        if year is None or today < dt.date(year + 1, 1, 1) or today > dt.date(year + 2, 7, 1):
            continue
        if GraduateDestination.objects.filter(
            school_id=student.school_id, student_number=student.student_number, graduation_year=year
        ).exists():
            continue
        with transaction.atomic():
            followup, created = DestinationFollowUp.objects.get_or_create(
                student=student, graduation_year=year, defaults={"school_id": student.school_id}
            )
            if not created:
                continue
            notification_send(
                recipient=student.user,
                kind="labour_market.followup",
                title="毕业去向跟踪调查 / Where are you now?",
                body="Six months after graduation, please tell your school where you went.",
                link=f"/labour-market/followup/{followup.pk}/",
            )
        sent += 1
    return sent


@transaction.atomic
def followup_answer(
    *,
    actor: Actor,
    followup: DestinationFollowUp,
    destination: str,
    employer: str = "",
    starting_salary: int | None = None,
    relevance: str = "",
    hired_by_host: bool | None = None,
) -> GraduateDestination:
    actor = as_actor(actor)
    if actor.student_id != followup.student_id and not actor.is_platform_admin:
        raise PermissionDenied(_("This survey is addressed to another graduate."))
    if followup.status == FollowUpStatus.ANSWERED:
        raise Conflict(_("This survey has been answered already."))
    student = followup.student
    record = GraduateDestination(
        school_id=student.school_id,
        major_id=student.major_id,
        student=student,
        student_number=student.student_number,
        graduation_year=followup.graduation_year,
        destination=destination,
        employer_name=employer.strip()[:200],
        starting_salary=starting_salary,
        relevance=relevance,
        hired_by_host=hired_by_host,
        source=DestinationSource.SURVEY,
    )
    _clean(record, exclude=["school", "major"])
    record.save()
    followup.status = FollowUpStatus.ANSWERED
    followup.answered_at = timezone.now()
    followup.save(update_fields=["status", "answered_at", "updated_at"])
    return record
