"""Log-ins for the people a school imports: every student and teacher gets an account, with a first password
the school hands out (on an account sheet downloaded once) and changed at first log-in.

- The user name is the student or staff number; if another school already uses that number as a user name, it
  becomes ``<number>.<school id>`` (the sheet says which).
- The first password follows the school's policy (``SchoolAccountPolicy``): random per person, or the last six
  characters of the ID number (a rule many colleges announce to students); staff always get a random one.
- Re-importing never touches an account that exists; a school admin resets a person or a whole class on purpose.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import secrets
from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.core import crypto
from workbridge.core.access import Actor
from workbridge.core.bulk import set_column_by_pk
from workbridge.core.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, notification_send
from workbridge.organizations.models import Membership, Organization, User

from .models import AccountSheet, InitialCredential, InitialPassword, SchoolAccountPolicy, Student, Teacher

CREDENTIAL_DAYS = 60
# No 0/O, 1/l/I: the sheet is read aloud and typed on phones.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_password(length: int = 10) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass
class SheetRow:
    number: str
    name: str
    group: str  # class (students) or department (teachers)
    username: str
    password: str  # "" when the ID-number rule applies


def _policy(school: Organization) -> str:
    policy = SchoolAccountPolicy.objects.filter(school=school).first()
    return policy.initial_password if policy else InitialPassword.RANDOM


def _require_admin(actor: Actor, school_id: int) -> None:
    if actor.role != Role.SCHOOL_ADMIN or actor.organization_id != school_id:
        raise PermissionDenied(_("Only the school's administrators manage its students' and teachers' log-ins."))


def _free_usernames(numbers: list[str], school_id: int) -> dict[str, str]:
    taken = {u.lower() for u in User.objects.filter(username__in=numbers).values_list("username", flat=True)}
    out = {}
    for number in numbers:
        name = number if number.lower() not in taken else f"{number}.{school_id}"
        taken.add(name.lower())
        out[number] = name
    return out


def _credential(user: User, rule: str, secret: str) -> InitialCredential:
    return InitialCredential(
        user=user,
        rule=rule,
        secret_encrypted=crypto.encrypt(secret) if secret else "",
        expires_at=timezone.now() + dt.timedelta(days=CREDENTIAL_DAYS),
    )


def _sheet(actor: Actor, school: Organization, reason: str, rows: list[SheetRow]) -> AccountSheet | None:
    if not rows:
        return None
    payload = json.dumps([row.__dict__ for row in rows], ensure_ascii=False)
    sheet = AccountSheet.objects.create(
        school=school, created_by=actor.user, reason=reason, people=len(rows), rows_encrypted=crypto.encrypt(payload)
    )
    notification_send(
        recipient=actor.user,
        kind="academics.account_sheet",
        title=_("%(n)d new log-ins: download the account sheet (once)") % {"n": len(rows)},
        link=f"/academics/accounts/sheets/{sheet.pk}/",
        deliver=False,
    )
    return sheet


def _create_accounts(actor: Actor, school: Organization, people: list, role: str, reason: str) -> AccountSheet | None:
    """Accounts for the given students or teachers that have none yet (one query per step, no slow hashing)."""
    people = [p for p in people if p.user_id is None]
    if not people:
        return None
    is_student = role == Role.STUDENT
    numbers = [p.student_number if is_student else p.employee_number for p in people]
    names = _free_usernames(numbers, school.pk)
    rule = _policy(school) if is_student else InitialPassword.RANDOM
    users = [User(username=names[n], display_name=p.name) for n, p in zip(numbers, people, strict=True)]
    for user in users:
        user.set_unusable_password()  # the first password lives in InitialCredential until it is changed
        user.must_change_password = True
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(username__in=[u.username for u in users]))
    by_name = {u.username: u for u in users}
    memberships = [Membership(user=by_name[names[n]], organization=school, role=role) for n in numbers]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    links = Membership.objects.filter(user__in=users, organization=school, role=role).values_list("user_id", "pk")
    set_column_by_pk(User, "current_membership", links)
    credentials, rows = [], []
    for number, person in zip(numbers, people, strict=True):
        user = by_name[names[number]]
        person.user = user
        password = "" if rule == InitialPassword.ID_LAST6 else random_password()
        credentials.append(_credential(user, rule, password))
        group = (
            (person.cohort.name if person.cohort_id else "")
            if is_student
            else (person.department.name if person.department_id else "")
        )
        rows.append(SheetRow(number, person.name, group, user.username, password))
    InitialCredential.objects.bulk_create(credentials, batch_size=1000)
    set_column_by_pk(type(people[0]), "user", [(p.pk, p.user_id) for p in people])
    audit_record(
        actor=actor,
        action="accounts.created",
        organization_id=school.pk,
        summary=f"{len(people)} {role} log-ins ({reason})",
        data={"count": len(people), "rule": rule},
    )
    return _sheet(actor, school, reason, rows)


@transaction.atomic
def accounts_for_imported(*, actor: Actor, school: Organization, students=None, teachers=None) -> AccountSheet | None:
    """Called by the student and teacher imports after they saved their rows."""
    _require_admin(actor, school.pk)
    sheet = None
    if students is not None:
        sheet = _create_accounts(actor, school, list(students.select_related("cohort")), Role.STUDENT, "import")
    if teachers is not None:
        sheet = (
            _create_accounts(actor, school, list(teachers.select_related("department")), Role.TEACHER, "import")
            or sheet
        )
    return sheet


@transaction.atomic
def accounts_reset(*, actor: Actor, students=(), teachers=()) -> AccountSheet:
    """New first passwords for the given people (one student, or a whole class): their own password stops working,
    they must set a new one at their next log-in. People without an account get one."""
    school = Organization.objects.get(pk=actor.organization_id)
    _require_admin(actor, school.pk)
    people = [*students, *teachers]
    if any(p.school_id != school.pk for p in people):
        raise NotFound(_("No such student or teacher."))
    rows = []
    for person in people:
        is_student = isinstance(person, Student)
        if person.user_id is None:
            continue
        user = person.user
        if user.memberships.exclude(organization=school).exists():
            raise Conflict(
                _("%(name)s also works for another organisation; reset their password by e-mail instead.")
                % {"name": person.name}
            )
        rule = _policy(school) if is_student else InitialPassword.RANDOM
        password = "" if rule == InitialPassword.ID_LAST6 else random_password()
        InitialCredential.objects.filter(user=user).delete()
        _credential(user, rule, password).save()
        user.set_unusable_password()
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=user).delete()
        group = (
            (person.cohort.name if person.cohort_id else "")
            if is_student
            else (person.department.name if person.department_id else "")
        )
        rows.append(
            SheetRow(
                person.student_number if is_student else person.employee_number,
                person.name,
                group,
                user.username,
                password,
            )
        )
    new_students = [p for p in students if p.user_id is None]
    new_teachers = [p for p in teachers if p.user_id is None]
    created = []
    if new_students:
        created.append(_create_accounts(actor, school, new_students, Role.STUDENT, "reset"))
    if new_teachers:
        created.append(_create_accounts(actor, school, new_teachers, Role.TEACHER, "reset"))
    for sheet in created:
        if sheet is not None:
            rows.extend(SheetRow(**row) for row in json.loads(crypto.decrypt(sheet.rows_encrypted)))
            sheet.delete()
    audit_record(
        actor=actor, action="accounts.reset", organization_id=school.pk, summary=f"{len(rows)} first passwords reissued"
    )
    return _sheet(actor, school, "reset", rows)


@transaction.atomic
def account_link(*, actor: Actor, user_id: int, student: Student | None = None, teacher: Teacher | None = None):
    """Link an existing log-in (for example one made under People and roles) to the school's student or teacher
    record, so the person sees their internships and the school sees them as that student."""
    record = student or teacher
    _require_admin(actor, record.school_id)
    user = User.objects.filter(pk=user_id, memberships__organization_id=record.school_id).distinct().first()
    if user is None:
        raise NotFound(_("No such log-in in your school."))
    model = type(record)
    if model.objects.filter(user=user).exclude(pk=record.pk).exists():
        raise Conflict(_("This log-in already belongs to another record."))
    record.user = user
    record.save(update_fields=["user"])
    role = Role.STUDENT if isinstance(record, Student) else Role.TEACHER
    Membership.objects.get_or_create(user=user, organization_id=record.school_id, role=role)
    audit_record(actor=actor, action="accounts.linked", target=record, organization_id=record.school_id)
    return record


def sheet_take(*, actor: Actor, sheet_id: int) -> tuple[AccountSheet, bytes]:
    """The account sheet as .xlsx, once: the passwords are erased from the database as it is handed out."""
    from workbridge.core.exporting import xlsx_bytes

    with transaction.atomic():
        sheet = AccountSheet.objects.select_for_update().filter(pk=sheet_id, school_id=actor.organization_id).first()
        if sheet is None or actor.role != Role.SCHOOL_ADMIN:
            raise NotFound(_("No such account sheet."))
        if sheet.downloaded_at is not None:
            raise Conflict(
                _("This account sheet was already downloaded on %(when)s; reset the passwords for a new one.")
                % {"when": timezone.localtime(sheet.downloaded_at).strftime("%Y-%m-%d %H:%M")}
            )
        rows = [SheetRow(**row) for row in json.loads(crypto.decrypt(sheet.rows_encrypted))]
        sheet.rows_encrypted = ""
        sheet.downloaded_at = timezone.now()
        sheet.save(update_fields=["rows_encrypted", "downloaded_at"])
        audit_record(actor=actor, action="accounts.sheet_downloaded", target=sheet, organization_id=sheet.school_id)
    rule_text = _("last six characters of the ID number")
    note = _(
        "Log in at WorkBridge with the user name and first password; you will be asked to choose your own "
        "password at once. First passwords expire after %(d)d days."
    ) % {"d": CREDENTIAL_DAYS}
    columns = [
        (_("Student or staff number"), lambda r: r.number),
        (_("Name"), lambda r: r.name),
        (_("Class or department"), lambda r: r.group),
        (_("User name"), lambda r: r.username),
        (_("First password"), lambda r: r.password or rule_text),
    ]
    footer = SheetRow(note, "", "", "", " ")
    return sheet, xlsx_bytes(str(_("Account sheet")), columns, [*rows, footer])


class InitialPasswordBackend(ModelBackend):
    """Lets a person in with the first password the school handed out, only while they have not set their own."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        user = User.objects.filter(username=username, must_change_password=True, is_active=True).first()
        if user is None or user.has_usable_password():
            return None
        credential = InitialCredential.objects.filter(user=user, expires_at__gt=timezone.now()).first()
        if credential is None:
            return None
        if credential.rule == InitialPassword.ID_LAST6:
            student = Student.objects.filter(user=user).exclude(id_number_encrypted="").first()
            expected = crypto.decrypt(student.id_number_encrypted)[-6:].upper() if student else ""
            given = password.strip().upper()
        else:
            expected, given = crypto.decrypt(credential.secret_encrypted), password
        if expected and hmac.compare_digest(expected.encode(), given.encode()):
            return user
        return None


def first_password_set(*, user: User, password: str) -> None:
    """The person chose their own password: the first one stops working."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        InitialCredential.objects.filter(user=user).delete()
        audit_record(actor=user, action="user.first_password_set", target=user)
        from workbridge.organizations.services import user_tokens_revoke

        user_tokens_revoke(user=user, reason="first password replaced")


def people_without_accounts(school_id: int):
    return (
        Student.objects.filter(school_id=school_id, user__isnull=True).count(),
        Teacher.objects.filter(school_id=school_id, user__isnull=True).count(),
    )


# ---------------------------------------------------------------------------------------------------------
# A student claims their record (学籍认证): for schools that do not import log-ins

CLAIM_ATTEMPTS = 5  # wrong tries per student number and per network address ...
CLAIM_WINDOW = dt.timedelta(hours=1)  # ... within this window


def _claim_keys(school_id: int, number: str, address: str) -> list[str]:
    import hashlib

    digest = hashlib.sha256(f"{school_id}:{number.strip().upper()}".encode()).hexdigest()[:24]
    return [f"claim:record:{digest}", f"claim:address:{hashlib.sha256(address.encode()).hexdigest()[:24]}"]


def school_login_id(*, school_id: int, username: str) -> int | None:
    """The log-in with this user name among the school's members (for linking it to a record), or None."""
    return (
        User.objects.filter(username=username, memberships__organization_id=school_id, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


def record_claim(
    *, school_id: int, student_number: str, name: str, id_tail: str, password: str, address: str = ""
) -> User:
    """A student without a log-in proves who they are with their student number, name and the last four
    characters of their ID number, and chooses a password: the record gets a log-in. Wrong tries are limited per
    record and per address, and the error never says which detail was wrong."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.cache import cache
    from django.core.exceptions import ValidationError as DjangoValidationError

    from workbridge.core.exceptions import TooManyAttempts, ValidationFailed

    keys = _claim_keys(school_id, student_number, address)
    if any((cache.get(key) or 0) >= CLAIM_ATTEMPTS for key in keys):
        raise TooManyAttempts(_("Too many attempts. Try again in an hour, or ask your school's internship office."))
    student = (
        Student.objects.filter(school_id=school_id, student_number=student_number.strip(), user__isnull=True)
        .select_related("cohort", "school")
        .first()
    )
    matches = (
        student is not None
        and student.name.strip() == name.strip()
        and bool(student.id_number_tail)
        and hmac.compare_digest(student.id_number_tail.upper(), id_tail.strip().upper())
    )
    if not matches:
        for key in keys:
            cache.add(key, 0, timeout=int(CLAIM_WINDOW.total_seconds()))
            cache.incr(key)
        raise ValidationFailed(
            _(
                "These details do not match a student of this school who has no log-in yet. Check "
                "them, or ask your school's internship office."
            ),
            errors={"student_number": [_("No match.")]},
        )
    try:
        validate_password(password)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), errors={"password": list(exc.messages)}) from None
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        if student.user_id:
            raise Conflict(_("This student already has a log-in."))
        username = _free_usernames([student.student_number], school_id)[student.student_number]
        user = User(username=username, display_name=student.name)
        user.set_password(password)
        user.save()
        membership = Membership.objects.create(user=user, organization_id=school_id, role=Role.STUDENT)
        User.objects.filter(pk=user.pk).update(current_membership=membership)
        student.user = user
        student.save(update_fields=["user"])
        audit_record(actor=user, action="accounts.claimed", target=student, organization_id=school_id)
    for key in keys:
        cache.delete(key)
    return user


def people_for_reset(
    *,
    actor: Actor,
    cohort_id: int | None = None,
    student_id: int | None = None,
    teacher_id: int | None = None,
    number: str = "",
) -> tuple[list[Student], list[Teacher]]:
    """Whom a reset is for: a whole class, one student, one teacher, or whoever of the school has that number.
    Records out of the school admin's sight are 404, as everywhere."""
    from workbridge.core.access import access_object

    from .models import Cohort

    if cohort_id:
        cohort = access_object(actor, Cohort.objects.all(), cohort_id)
        return list(Student.objects.filter(cohort=cohort).select_related("user", "cohort")), []
    if student_id:
        return [access_object(actor, Student.objects.select_related("user", "cohort"), student_id)], []
    if teacher_id:
        return [], [access_object(actor, Teacher.objects.select_related("user", "department"), teacher_id)]
    number = number.strip()[:30]
    if number:
        students = list(
            Student.objects.filter(school_id=actor.organization_id, student_number=number).select_related(
                "user", "cohort"
            )
        )
        teachers = list(
            Teacher.objects.filter(school_id=actor.organization_id, employee_number=number).select_related(
                "user", "department"
            )
        )
        if not students and not teachers:
            raise NotFound(_("No student or teacher of your school has the number %(n)s.") % {"n": number})
        return students, teachers
    raise ValidationFailed(_("Choose a class, a student or a teacher."))


def account_link_by_number(*, actor: Actor, username: str, number: str):
    """Link the school's log-in called ``username`` to the student or teacher record with that number."""
    username, number = username.strip()[:150], number.strip()[:30]
    student = Student.objects.filter(school_id=actor.organization_id, student_number=number).first()
    teacher = (
        None if student else Teacher.objects.filter(school_id=actor.organization_id, employee_number=number).first()
    )
    if student is None and teacher is None:
        raise NotFound(_("No student or teacher of your school has the number %(n)s.") % {"n": number})
    user_id = school_login_id(school_id=actor.organization_id, username=username)
    if user_id is None:
        raise NotFound(_("No log-in of your school has the user name %(u)s.") % {"u": username})
    return account_link(actor=actor, user_id=user_id, student=student, teacher=teacher)
