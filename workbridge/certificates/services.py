"""Writes for 1+X certificates: course mappings (书证融通), registrations and results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Course, Student
from workbridge.core.access import Actor, access_object, acting_user, as_actor, require_org, require_role
from workbridge.core.exceptions import Conflict, InvalidTransition, ValidationFailed
from workbridge.core.roles import SCHOOL_ROLES, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean

from .models import Certificate, CourseMapping, Registration, Result


def _certificate(certificate_id) -> Certificate:
    item = Certificate.objects.filter(pk=certificate_id, is_active=True).first()
    if item is None:
        raise ValidationFailed(
            _("Pick a certificate from the catalogue."), errors={"certificate": [_("Not in the catalogue.")]}
        )
    return item


@transaction.atomic
def mapping_add(
    *, actor: Actor, course_id: int, certificate_id: int, kind: str = "embed", credits=0, note: str = ""
) -> CourseMapping:
    actor = as_actor(actor)
    require_role(actor, [Role.SCHOOL_ADMIN])
    course = access_object(actor, Course.objects.all(), course_id)
    require_org(actor, course.school_id, [Role.SCHOOL_ADMIN])
    certificate = _certificate(certificate_id)
    if CourseMapping.objects.filter(course=course, certificate=certificate).exists():
        raise Conflict(_("This course is already mapped to this certificate."))
    try:
        credits = Decimal(str(credits))
    except InvalidOperation:
        raise ValidationFailed(_("Credits must be a number."), errors={"credits": [_("Enter a number.")]}) from None
    mapping = CourseMapping(
        school_id=course.school_id, course=course, certificate=certificate, kind=kind, credits=credits, note=note
    )
    _clean(mapping)
    mapping.save()
    audit_record(actor=actor, action="certificates.mapping.add", target=mapping, organization_id=course.school_id)
    return mapping


@transaction.atomic
def registration_create(*, actor: Actor, student_id: int, certificate_id: int, exam_date: dt.date) -> Registration:
    """The school registers one of its students for an exam sitting."""
    actor = as_actor(actor)
    require_role(actor, SCHOOL_ROLES, _("Schools register their students."))
    student = access_object(actor, Student.objects.all(), student_id)
    require_org(actor, student.school_id, SCHOOL_ROLES)
    if student.enrolment_status not in ("enrolled", "graduated"):
        raise ValidationFailed(
            _("Only enrolled students are registered."), errors={"student": [student.get_enrolment_status_display()]}
        )
    certificate = _certificate(certificate_id)
    if Registration.objects.filter(student=student, certificate=certificate, exam_date=exam_date).exists():
        raise Conflict(_("%(s)s is already registered for this sitting.") % {"s": student.name})
    item = Registration(
        school_id=student.school_id,
        student=student,
        major_id=student.major_id,
        certificate=certificate,
        exam_date=exam_date,
        registered_by=acting_user(actor),
    )
    _clean(item)
    item.save()
    audit_record(actor=actor, action="certificates.registration.create", target=item, organization_id=student.school_id)
    return item


@transaction.atomic
def result_record(
    *, actor: Actor, registration: Registration, result: str, score=None, certificate_number: str = ""
) -> Registration:
    actor = as_actor(actor)
    require_org(actor, registration.school_id, [Role.SCHOOL_ADMIN])
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if result not in (Result.PASSED, Result.FAILED, Result.ABSENT):
        raise ValidationFailed(_("The result is passed, failed or absent."), errors={"result": [result]})
    if registration.result != Result.REGISTERED:
        raise InvalidTransition(_("The result of this sitting is already recorded."))
    if registration.exam_date > timezone.localdate():
        raise InvalidTransition(_("Results are recorded after the exam date."))
    certificate_number = (certificate_number or "").strip()
    if result == Result.PASSED and not certificate_number:
        raise ValidationFailed(
            _("A pass needs the certificate number."), errors={"certificate_number": [_("This field is required.")]}
        )
    if score not in (None, ""):
        try:
            score = Decimal(str(score))
        except InvalidOperation:
            raise ValidationFailed(_("The score must be a number."), errors={"score": [_("Enter a number.")]}) from None
    else:
        score = None
    registration.result, registration.score = result, score
    registration.certificate_number = certificate_number if result == Result.PASSED else ""
    registration.result_recorded_at = timezone.now()
    _clean(registration)
    registration.save()
    audit_record(
        actor=actor,
        action="certificates.result.record",
        target=registration,
        organization_id=registration.school_id,
        data={"result": result},
    )
    if registration.student.user_id:
        notification_send(
            recipient=registration.student.user,
            kind="certificates.result",
            title=_("Result for %(c)s: %(r)s")
            % {"c": registration.certificate, "r": registration.get_result_display()},
            link="/certificates/mine/",
        )
    return registration
