"""A person's rights over their data (PIPL Art. 44-47): a copy of everything WorkBridge holds about them, and
erasure that pseudonymises the person while keeping aggregate records and the agreements the law requires."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core.access import Actor
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, notification_send

from .inventory import files_of, person_rows
from .permissions import can_manage_person, school_ids_of

README = """WorkBridge 个人数据副本 / copy of your personal data

data/*.json  每个文件是一类记录（例如 placements.CheckIn 为签到记录），每行一条记录。
             Each file holds one kind of record (placements.CheckIn are check-ins), one object per record.
references.json  你作为经办人出现的他人记录，只列出编号和你的角色（例如审阅人），不含他人的信息。
             Records of other people you acted on: only their id and your role in them.
files/       与你有关的文件（例如三方协议）。Files about you (for example your tripartite agreement).

导出时间 / exported at: {at}
"""


def _require(actor: Actor, user, *, self_allowed: bool) -> None:
    if self_allowed and getattr(actor.user, "pk", None) == user.pk:
        return
    if not can_manage_person(actor, user):
        raise NotFound(_("No such person."))


def person_export(*, actor: Actor, user) -> bytes:
    """A .zip with every record about the person (JSON), references to records they acted on, and their files."""
    _require(actor, user, self_allowed=True)
    buffer = io.BytesIO()
    references = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(at=timezone.localtime().isoformat(timespec="seconds")))
        for section in person_rows(user):
            if section.references:
                references[section.label] = section.rows
            else:
                archive.writestr(
                    f"data/{section.label}.json", json.dumps(section.rows, ensure_ascii=False, indent=1, default=str)
                )
        archive.writestr("references.json", json.dumps(references, ensure_ascii=False, indent=1))
        for name, stored in files_of(user):
            try:
                with stored.open("rb") as fh:
                    archive.writestr(f"files/{name}", fh.read())
            except (FileNotFoundError, OSError):
                continue
    audit_record(
        actor=actor,
        action="privacy.person_exported",
        target=user,
        summary="own data" if actor.user.pk == user.pk else "by an administrator",
    )
    return buffer.getvalue()


@transaction.atomic
def erasure_request(*, actor: Actor) -> int:
    """The person asks their school to erase their data: the school's admins are told (in the inbox and by mail)."""
    from workbridge.organizations.models import Membership

    user = actor.user
    schools = school_ids_of(user)
    if not schools:
        raise ValidationFailed(
            _("Only students and teachers of a school can ask here; others write to the platform operator.")
        )
    admins = Membership.objects.filter(
        organization_id__in=schools, role=Role.SCHOOL_ADMIN, is_active=True
    ).select_related("user")
    for membership in admins:
        notification_send(
            recipient=membership.user,
            kind="privacy.erasure_request",
            title=_("A person asks for their personal data to be erased"),
            body=_("Check whether the law requires keeping any of it, then erase it on the personal-data page."),
            link=f"/privacy/people/{user.pk}/",
            email=True,
        )
    audit_record(actor=user, action="privacy.erasure_requested", target=user)
    return len(admins)


def _coarse_birth(date: dt.date | None) -> dt.date | None:
    return dt.date(date.year, 1, 1) if date else None


@transaction.atomic
def person_erase(*, actor: Actor, user, reason: str) -> dict[str, int]:
    """Pseudonymise the person. Kept, because aggregate figures and the law need them: placements, grades,
    evaluations, tripartite agreements (and their PDFs), attendance verdicts, the audit log. Removed: name and
    numbers, contact details, ID number, coordinates, check-in photos and devices, report texts, notifications,
    the log-in."""
    from rest_framework.authtoken.models import Token

    from workbridge.academics.models import Student, Teacher
    from workbridge.core.models import Notification
    from workbridge.messaging.models import DeliveryPreference
    from workbridge.placements.models import CheckIn, Placement, WeeklyReport

    _require(actor, user, self_allowed=False)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the reason for the erasure (for example the person's request of a date)."),
            errors={"reason": [_("Required.")]},
        )
    if user.pk == getattr(actor.user, "pk", None):
        raise PermissionDenied(_("Ask another administrator to erase your own account."))
    counts: dict[str, int] = {}
    students = list(Student.objects.select_for_update().filter(user=user))
    for student in students:
        student.name = _("Erased student %(n)d") % {"n": student.pk}
        student.student_number = f"X{student.pk}"
        student.birth_date = _coarse_birth(student.birth_date)
        student.id_number_encrypted = student.id_number_hash = student.id_number_tail = ""
        student.phone_encrypted = student.phone_tail = ""
        student.user = None
        student.save()
    counts["students"] = len(students)
    teachers = list(Teacher.objects.select_for_update().filter(user=user))
    for teacher in teachers:
        teacher.name = _("Erased teacher %(n)d") % {"n": teacher.pk}
        teacher.employee_number = f"X{teacher.pk}"
        teacher.phone_encrypted = teacher.phone_tail = ""
        teacher.qualifications = teacher.expertise = ""
        teacher.user = None
        teacher.save()
    counts["teachers"] = len(teachers)
    placements = Placement.objects.filter(student__in=students)
    from workbridge.placements.services.attendance import delete_checkin_photos

    delete_checkin_photos(CheckIn.objects.filter(placement__in=placements))
    counts["checkins"] = CheckIn.objects.filter(placement__in=placements).update(
        latitude=None, longitude=None, accuracy_m=None, device_hash=""
    )
    counts["reports"] = WeeklyReport.objects.filter(placement__in=placements).update(tasks="", learnt="", problems="")
    counts["notifications"] = Notification.objects.filter(recipient=user).delete()[0]
    DeliveryPreference.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    user.memberships.update(is_active=False)
    user.username = f"erased-{user.pk}"
    user.first_name = user.last_name = user.email = user.phone = ""
    user.display_name = _("Erased user")
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=actor,
        action="privacy.person_erased",
        target=user,
        summary=reason[:300],
        data={k: v for k, v in counts.items()},
    )
    return counts
