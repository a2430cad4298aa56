"""The demo region has a published joint enrolment plan with applications and a formed class with its history."""

import io

import pytest
from django.core.management import call_command

from workbridge.enrolment.models import ApplicationStatus, ChangeKind, EnrolmentPlan, PlanStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_plan_and_a_formed_class():
    call_command(
        "seed_demo",
        "--scale",
        "small",
        "--seed",
        "7",
        "--only",
        "organizations,academics,partnerships,enrolment",
        stdout=io.StringIO(),
    )
    formed = EnrolmentPlan.objects.get(status=PlanStatus.FORMED)
    assert formed.project is not None and formed.project.participants.count() == 8
    assert formed.applications.filter(status=ApplicationStatus.ADMITTED).count() == 8
    assert formed.applications.filter(status=ApplicationStatus.WAITLISTED).count() == 1
    assert set(formed.changes.values_list("kind", flat=True)) == {
        ChangeKind.JOINED,
        ChangeKind.LEFT,
        ChangeKind.REPLACEMENT,
    }
    published = EnrolmentPlan.objects.get(status=PlanStatus.PUBLISHED)
    assert published.applications.count() == 6
    assert published.applications.filter(status=ApplicationStatus.ADMITTED).count() == 2
