"""seed_demo: deterministic (same seed -> same region), idempotent with --if-empty, valid data."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from workbridge.academics.engines.identity import id_number_error
from workbridge.academics.models import Course, Major, Student, Teacher
from workbridge.organizations.engines.credit_code import credit_code_error
from workbridge.organizations.models import Membership, Organization, User
from workbridge.partnerships.engines.details import validate_details
from workbridge.partnerships.models import Agreement, Milestone, Project, ProjectOutput, ProjectType

pytestmark = pytest.mark.django_db

ONLY = "organizations,academics,partnerships"
TODAY = "2026-03-15"


def _seed(seed=7):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", str(seed), "--only", ONLY, "--today", TODAY, stdout=out)
    return out.getvalue()


def _snapshot():
    return {
        "counts": {
            m.__name__: m.objects.count()
            for m in (
                Organization,
                Major,
                Course,
                Teacher,
                Student,
                Agreement,
                Project,
                Milestone,
                ProjectOutput,
                User,
                Membership,
            )
        },
        "orgs": sorted(Organization.objects.values_list("name", "credit_code", "vetting_status")),
        "students": sorted(Student.objects.values_list("student_number", "name", "birth_date", "id_number_tail")),
        "agreements": sorted(Agreement.objects.values_list("title", "status", "start_date", "end_date")),
        "projects": sorted(Project.objects.values_list("title", "project_type", "status", "start_date")),
    }


def _seed_and_snapshot(seed):
    with transaction.atomic():
        _seed(seed)
        snap = _snapshot()
        transaction.set_rollback(True)
    return snap


def test_same_seed_same_region_other_seed_differs():
    first = _seed_and_snapshot(7)
    assert Organization.objects.count() == 0  # rolled back
    second = _seed_and_snapshot(7)
    assert first == second
    third = _seed_and_snapshot(8)
    assert third["orgs"] != first["orgs"]


def test_if_empty_makes_reruns_idempotent():
    _seed()
    before = _snapshot()
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", "7", "--if-empty", stdout=out)
    assert "not loaded again" in out.getvalue()
    assert _snapshot() == before
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "small", "--seed", "7", stdout=io.StringIO())


def test_region_is_valid_and_complete():
    _seed()
    for org in Organization.objects.filter(kind="enterprise"):
        assert credit_code_error(org.credit_code) is None, org.credit_code
        assert org.region.parent is not None  # a district of the city
    for org in Organization.objects.all()[:80]:
        org.full_clean()
    for major in Major.objects.all():
        major.full_clean()
    assert Major.objects.filter(code="460301", name="机电一体化技术").exists()
    for student in Student.objects.all()[:300]:
        assert id_number_error(student.id_number) is None
        assert student.id_number_tail == student.id_number[-4:]
        assert student.phone.startswith("1") and len(student.phone) == 11
    assert set(Project.objects.values_list("project_type", flat=True)) == set(ProjectType.values)
    assert set(Agreement.objects.values_list("status", flat=True)) == {
        "draft",
        "signed",
        "active",
        "expired",
        "terminated",
    }
    for project in Project.objects.select_related("agreement"):
        assert validate_details(project.project_type, project.details)[1] == {}
        assert project.agreement.start_date <= project.start_date <= project.agreement.end_date
        project.full_clean()
    # The learning outcomes name real skills.
    outcomes = " ".join(Course.objects.values_list("learning_outcomes", flat=True))
    assert "PLC" in outcomes and "AutoCAD" in outcomes and "Python" in outcomes


def test_one_login_per_role_with_demo_password(settings):
    output = _seed()
    assert "Demo region ready" in output
    from workbridge.core.access import actor_for
    from workbridge.core.roles import Role

    for role in Role.values:
        memberships = Membership.objects.filter(role=role, user__username__startswith="demo_")
        assert memberships.count() == 1, role
        user = memberships.get().user
        assert user.check_password(settings.WORKBRIDGE["DEMO_PASSWORD"])
        assert user.current_membership_id == memberships.get().pk
        assert actor_for(user).role == role
    student = User.objects.get(username="demo_student")
    assert actor_for(student).student_id == student.student.pk
    out = io.StringIO()
    call_command("print_demo_logins", stdout=out)
    table = out.getvalue()
    for username in ("demo_platform", "demo_authority", "demo_school_admin", "demo_mentor", "demo_student"):
        assert username in table
    assert settings.WORKBRIDGE["DEMO_PASSWORD"] in table


def test_demo_pair_has_a_rich_timeline_and_an_expiring_agreement():
    _seed()
    from workbridge.core.access import actor_for
    from workbridge.partnerships.timeline import collect_timeline

    admin = User.objects.get(username="demo_school_admin")
    mentor = User.objects.get(username="demo_mentor")
    school, enterprise = admin.current_membership.organization, mentor.current_membership.organization
    events = collect_timeline(actor_for(admin), school.pk, enterprise.pk)
    kinds = {e.kind for e in events}
    assert {"agreement.signed", "agreement.expired", "project.started", "milestone.done", "output.recorded"} <= kinds
    today = dt.date.fromisoformat(TODAY)
    assert Agreement.objects.filter(
        school=school, enterprise=enterprise, status="active", end_date__lte=today + dt.timedelta(days=60)
    ).exists()
    # The demo student is in a project with the demo enterprise, so the mentor sees them.
    from workbridge.core.access import visible

    assert visible(actor_for(mentor), Student.objects.filter(user__username="demo_student")).exists()
