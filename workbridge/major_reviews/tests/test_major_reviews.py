"""A major's exit path (issue 13.5): a red warning opens one review per major; the school's staff weigh the
options, the school's admin decides and tracks the follow-up (stopping enrolment marks the major as not enrolling
in the catalogue, each enrolled cohort is taught out); the authority reads its region's open reviews."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.labour_market import services as lm_services
from workbridge.labour_market.engines import warning as warning_engine
from workbridge.labour_market.models import MajorWarning
from workbridge.major_reviews import selectors, services
from workbridge.major_reviews.models import MajorReview, ReviewStatus, StepKind

pytestmark = pytest.mark.django_db

REASONS = [
    {"key": "employment_rate", "status": "fail", "value": 0.42, "threshold": 0.6, "years": [2025]},
    {"key": "supply_ratio", "status": "fail", "value": 2.1, "threshold": 1.5, "years": [2025]},
    {"key": "salary_ratio", "status": "ok", "value": 0.9, "threshold": 0.7, "years": [2025]},
]


def _warning(major, level="red", year=2025):
    lm_services.warning_rules_load()
    return MajorWarning.objects.create(major=major, year=year, level=level, reasons=REASONS)


@pytest.fixture
def review(world):
    return services.review_open_for_warning(warning=_warning(world.major1))


def test_a_red_warning_opens_one_review_with_its_evidence(world, review):
    assert review.status == ReviewStatus.OPEN and review.school_id == world.school1.pk
    assert review.warning_year == 2025 and review.reasons == REASONS
    assert services.review_open_for_warning(warning=review.warning) is None, "one open review per major"
    assert MajorReview.objects.filter(major=world.major1).count() == 1
    with translation.override("en"):
        words = selectors.reason_words(review.reasons)
        evidence = selectors.evidence_words(review)
    assert words[0]["tone"] == "bad" and "42%" in words[0]["text"] and "60%" in words[0]["text"]
    assert evidence["feedback"] == ["No employer feedback yet."]
    assert any("no target occupations" in line for line in evidence["demand"])
    assert AuditLog.objects.filter(action="major_review.opened", target_id=str(review.pk)).exists()


def test_yellow_and_green_warnings_open_nothing_by_themselves(world):
    assert services.review_open_for_warning(warning=_warning(world.major1, "yellow")) is None
    assert services.review_open_for_warning(warning=_warning(world.major2, "green")) is None
    assert not MajorReview.objects.exists()


def test_the_recomputation_tells_the_listener_after_commit(world, monkeypatch, django_capture_on_commit_callbacks):
    red = warning_engine.Verdict(
        level="red", findings=(warning_engine.Finding("employment_rate", "fail", 0.4, 0.6, (2025,)),), failed_weight=3
    )
    monkeypatch.setattr(warning_engine, "evaluate", lambda *a, **k: red)
    with django_capture_on_commit_callbacks(execute=True):
        lm_services.warnings_recompute(majors=[world.major1], year=2025)
    review = MajorReview.objects.get(major=world.major1)
    assert review.warning_level == "red" and review.reasons[0]["key"] == "employment_rate"
    with django_capture_on_commit_callbacks(execute=True):  # judged again: still the same one review
        lm_services.warnings_recompute(majors=[world.major1], year=2025)
    assert MajorReview.objects.filter(major=world.major1).count() == 1


def test_closing_with_teach_out_stops_enrolment_and_lists_the_cohorts(world, review):
    admin, teacher = world.users[Role.SCHOOL_ADMIN], world.users[Role.TEACHER]
    services.option_propose(
        actor=teacher, review=review, kind="reduce", notes="招生由 50 人压到 30 人", intake_now=50, intake_proposed=30
    )
    close = services.option_propose(actor=admin, review=review, kind="close", notes="停招并做好在校生教学保障")
    review.refresh_from_db()
    assert review.status == ReviewStatus.DISCUSSING
    with pytest.raises(PermissionDenied):
        services.review_decide(actor=teacher, review=review, option_id=close.pk, reasons="x")
    with pytest.raises(ValidationFailed):
        services.review_decide(actor=admin, review=review, option_id=close.pk, reasons="  ")
    services.review_decide(actor=admin, review=review, option_id=close.pk, reasons="连续两年就业率低于 60%")
    review.refresh_from_db()
    assert review.status == ReviewStatus.DECIDED and review.decided_on == timezone.localdate()
    steps = {s.kind: s for s in review.steps.all()}
    assert set(steps) == {StepKind.ENROLMENT_STOPPED, StepKind.TEACH_OUT}
    assert steps[StepKind.TEACH_OUT].cohort == world.cohort1
    assert steps[StepKind.TEACH_OUT].due_on == dt.date(2027, 7, 31)
    with pytest.raises(InvalidTransition):
        services.option_propose(actor=admin, review=review, kind="adjust", notes="太晚了")
    services.step_done(actor=admin, step=steps[StepKind.ENROLMENT_STOPPED])
    world.major1.refresh_from_db()
    assert world.major1.is_active is False, "the catalogue no longer enrols the major"
    assert AuditLog.objects.filter(action="major.update", target_id=str(world.major1.pk)).exists()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DECIDED, "the teach-out is still to do"
    services.step_done(actor=admin, step=steps[StepKind.TEACH_OUT])
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED and review.closed_on == timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.step_done(actor=admin, step=steps[StepKind.TEACH_OUT])


def test_options_are_checked(world, review):
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed):  # a merger names the other major
        services.option_propose(actor=admin, review=review, kind="merge", notes="并入")
    with pytest.raises(ValidationFailed):  # another school's major
        services.option_propose(actor=admin, review=review, kind="merge", notes="并入", merge_into_id=world.major2.pk)
    with pytest.raises(ValidationFailed):  # a reduction reduces
        services.option_propose(
            actor=admin, review=review, kind="reduce", notes="压缩", intake_now=30, intake_proposed=40
        )
    for user in (world.users[Role.STUDENT], world.users[Role.ENTERPRISE_ADMIN], world.other[Role.SCHOOL_ADMIN]):
        with pytest.raises(PermissionDenied):
            services.option_propose(actor=user, review=review, kind="adjust", notes="x")
    assert not review.options.exists()


def test_a_staff_member_opens_a_review_by_hand_for_a_yellow_major(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    with pytest.raises(ValidationFailed):  # no warning yet
        services.review_open(actor=admin, major=world.major1, note="看一看")
    _warning(world.major1, "yellow")
    assert [m for m, _level in selectors.reviewable_majors(actor=admin)] == [world.major1]
    with pytest.raises(PermissionDenied):
        services.review_open(actor=world.users[Role.TEACHER], major=world.major1, note="看一看")
    review = services.review_open(actor=admin, major=world.major1, note="对口就业率连续下滑")
    assert review.opened_by == "staff" and review.warning_level == "yellow"
    with pytest.raises(ValidationFailed):
        services.review_open(actor=admin, major=world.major1, note="再开一次")
    assert selectors.reviewable_majors(actor=admin) == []


def test_who_sees_a_review(world, review):
    for role in (Role.SCHOOL_ADMIN, Role.TEACHER, Role.AUTHORITY_OFFICER, Role.PLATFORM_ADMIN):
        assert list(selectors.review_list(actor=world.users[role])) == [review], role
    for role in (Role.STUDENT, Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.GROUP_OFFICER):
        assert not selectors.review_list(actor=world.users[role]).exists(), role
    for role in (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER):
        assert not selectors.review_list(actor=world.other[role]).exists(), role


def test_the_api_twins(world, review, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    answer = admin.post(
        f"/api/v1/major-reviews/{review.pk}/option/", {"kind": "pause", "notes": "暂停招生一年"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["options"][0]["kind"] == "pause"
    option_id = answer.json()["options"][0]["id"]
    bad = admin.post(f"/api/v1/major-reviews/{review.pk}/decide/", {"option_id": option_id}, format="json")
    assert bad.status_code == 400
    decided = admin.post(
        f"/api/v1/major-reviews/{review.pk}/decide/", {"option_id": option_id, "reasons": "调研后再议"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    stop = next(s for s in decided.json()["steps"] if s["kind"] == "enrolment_stopped")
    assert admin.post(f"/api/v1/major-reviews/steps/{stop['id']}/done/").status_code == 200
    world.major1.refresh_from_db()
    assert world.major1.is_active is False
    assert admin.post(f"/api/v1/major-reviews/{review.pk}/fly/", {}, format="json").status_code == 404
    authority = api_client_for(world.users[Role.AUTHORITY_OFFICER])
    assert [r["id"] for r in authority.get("/api/v1/major-reviews/").json()] == [review.pk]
    refused = authority.post(f"/api/v1/major-reviews/{review.pk}/step/", {"title": "x", "due_on": "2027-01-01"})
    assert refused.status_code == 403
    assert api_client_for(world.users[Role.STUDENT]).get("/api/v1/major-reviews/").status_code == 403


def test_pages(world, review, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    assert client.get("/major-reviews/").status_code == 200
    page = client.get(f"/major-reviews/{review.pk}/").content.decode()
    assert world.major1.name in page and 'name="p-kind"' in page, "the school's admin proposes options"
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    regional = client.get("/major-reviews/").content.decode()
    assert world.major1.name in regional and world.school1.name in regional
    read_only = client.get(f"/major-reviews/{review.pk}/").content.decode()
    assert 'name="p-kind"' not in read_only and 'name="d-reasons"' not in read_only
    client.force_login(world.users[Role.STUDENT])
    assert client.get(f"/major-reviews/{review.pk}/").status_code in (403, 404)


def test_the_api_opens_a_review_by_hand(world, api_client_for):
    _warning(world.major1, "yellow")
    teacher = api_client_for(world.users[Role.TEACHER])
    assert teacher.post("/api/v1/major-reviews/", {"major_id": world.major1.pk, "note": "看看"}).status_code == 403
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert admin.post("/api/v1/major-reviews/", {"major_id": world.major2.pk, "note": "别校"}).status_code == 404
    assert admin.post("/api/v1/major-reviews/", {"major_id": world.major1.pk, "note": ""}).status_code == 400
    answer = admin.post("/api/v1/major-reviews/", {"major_id": world.major1.pk, "note": "对口率下滑"}, format="json")
    assert answer.status_code == 201 and answer.json()["opened_by"] == "staff"
    assert answer.json()["evidence"]["enrolled"] == 1
