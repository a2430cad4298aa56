"""Matrix registrations for certificates routes (see workbridge/core/matrix.py): the national catalogue is shared
by every region; each side's student has one registration for an exam."""

import datetime as dt

from workbridge.certificates.models import Certificate, Registration
from workbridge.core.matrix import register_public_model, register_route, register_sample


def _certificate(world, side):
    item, _created = Certificate.objects.get_or_create(
        code="MATRIX-1X-01",
        defaults={"name": "矩阵测试证书（工业机器人）", "level": "intermediate", "issuer": "某培训评价组织"},
    )
    return item


def _registration(world, side):
    student = getattr(world, f"student{side}")
    return Registration.objects.create(
        school=student.school,
        student=student,
        major=student.major,
        certificate=_certificate(world, side),
        exam_date=dt.date(2025, 6, 15),
    )


register_sample("certificate", model=Certificate, make=_certificate)
register_sample("registration", model=Registration, make=_registration)
register_public_model(Certificate)
register_route("certificates-catalogue-detail", pk="certificate", cross_region=True)
for name in ("certificates:result", "certificates-registration-*"):
    register_route(name, pk="registration")
