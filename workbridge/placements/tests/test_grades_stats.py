import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.placements import services as svc
from workbridge.placements.services import alerts as alerts
from workbridge.placements.services import reports as rep
from workbridge.placements.statistics import placement_statistics, statistics_xlsx

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db

ITEMS = {"professional": 90, "quality": 80, "learning": 85, "teamwork": 70, "discipline": 100}


def test_report_review_evaluations_and_weighted_grade(setup):
    placement = make_active_placement(setup, days_ago=14)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 7)
    report = rep.report_submit(
        actor=setup.student_user, placement=placement, period_start=monday, tasks="接线", learnt="PLC", hours=40
    )
    returned = rep.report_review(actor=setup.mentor, report=report, comment="请补充问题", return_for_revision=True)
    assert returned.status == "returned"
    report = rep.report_submit(
        actor=setup.student_user,
        placement=placement,
        period_start=monday,
        tasks="接线 3 台",
        learnt="PLC 调试",
        hours=40,
    )
    assert report.revision == 2
    with pytest.raises(NotFound):  # another region's enterprise cannot even see it
        rep.report_review(actor=setup.world.other["enterprise_admin"], report=report, score=90)
    with pytest.raises(PermissionDenied):  # the student cannot review their own report
        rep.report_review(actor=setup.student_user, report=report, score=100)
    rep.report_review(actor=setup.mentor, report=report, score=80)
    with pytest.raises(ValidationFailed):
        rep.grade_compute(actor=setup.school_admin, placement=placement)  # no evaluations yet
    with pytest.raises(ValidationFailed):
        rep.evaluation_submit(actor=setup.mentor, placement=placement, scores={"professional": 90})
    ent = rep.evaluation_submit(actor=setup.mentor, placement=placement, scores=ITEMS)
    assert float(ent.total) == pytest.approx(0.3 * 90 + 0.2 * 80 + 0.2 * 85 + 0.15 * 70 + 0.15 * 100, abs=0.05)
    rep.evaluation_submit(actor=setup.teacher_user, placement=placement, scores=dict.fromkeys(ITEMS, 80))
    rep.evaluation_submit(
        actor=setup.student_user,
        placement=placement,
        scores={"guidance": 90, "relevance": 80, "safety": 100, "learning": 90, "respect": 100},
    )
    placement = rep.grade_compute(actor=setup.school_admin, placement=placement)
    parts = placement.grade_breakdown["components"]
    expected = 0.4 * float(ent.total) + 0.3 * 80 + 0.2 * 80 + 0.1 * parts["attendance"]
    assert float(placement.final_grade) == pytest.approx(expected, abs=0.06)


def test_statistics_and_export(setup):
    placement = make_active_placement(setup, days_ago=130)  # ran its 120-day term
    svc.placement_complete(actor=setup.school_admin, placement=placement, hired_by_host=True)
    stats = placement_statistics(actor=setup.school_admin, by="school")
    row = stats["rows"][0]
    assert row["placed"] == 1 and row["eligible"] == 1 and row["placement_rate"] == 1.0
    # major 460101 is in category 46, which the post lists: relevant.
    assert row["completion"] == 1.0 and row["retention"] == 1.0 and row["relevance"] == 1.0
    assert all(
        r["placed"] == 0 for r in placement_statistics(actor=setup.world.other["school_admin"], by="school")["rows"]
    )
    assert statistics_xlsx(stats)[:2] == b"PK"


def test_daily_digest_mails_people_with_open_alerts(setup):
    placement = make_active_placement(setup)
    alerts.left_post_report(actor=setup.mentor, placement=placement, note="下午离岗")
    mail.outbox.clear()
    sent = alerts.digest_send()
    recipients = {m.to[0] for m in mail.outbox}
    assert sent == len(mail.outbox) >= 2
    assert setup.mentor.email in recipients and setup.school_admin.email in recipients
    assert setup.world.other["school_admin"].email not in recipients


def test_a_mentor_reviews_several_reports_at_once_all_or_none(setup, client):
    """Issue 15.6: approve all selected with one score, or return them with one comment; a report that cannot be
    reviewed stops the whole batch."""
    import datetime as dt

    from django.utils import timezone

    from workbridge.core.exceptions import InvalidTransition
    from workbridge.placements.models import WeeklyReport
    from workbridge.placements.services import reports as rep_svc

    placement = make_active_placement(setup, days_ago=40)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    reports = [
        rep_svc.report_submit(
            actor=setup.student_user,
            placement=placement,
            kind="weekly",
            period_start=monday - dt.timedelta(days=7 * k),
            tasks="装配" * 10,
            learnt="学会了" * 10,
            hours=40,
        )
        for k in (1, 2, 3)
    ]
    rep_svc.report_review(actor=setup.mentor, report=reports[2], score=80)
    with pytest.raises(InvalidTransition):  # the third one was already reviewed: nothing changes
        rep_svc.reports_review_batch(actor=setup.mentor, report_ids=[r.pk for r in reports], score=90)
    assert WeeklyReport.objects.filter(pk__in=[reports[0].pk, reports[1].pk], status="submitted").count() == 2
    client.force_login(setup.mentor)
    response = client.post(
        "/placements/reviews/", {"report": [reports[0].pk, reports[1].pk], "score": "88", "decision": "approve"}
    )
    assert response.status_code == 302
    assert set(WeeklyReport.objects.filter(pk__in=[reports[0].pk, reports[1].pk]).values_list("status", "score")) == {
        ("approved", 88)
    }


def test_a_weekly_report_carries_a_checked_attachment_for_the_parties(setup, client):
    """Issue 15.6: reports take attachments (images, PDF, office files), checked by content; the mentor opens it,
    the authority (who reads reports) does not get the student's file."""
    import datetime as dt
    import io

    from django.utils import timezone

    from workbridge.placements.services import reports as rep_svc

    placement = make_active_placement(setup, days_ago=20)
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday() + 7)

    def upload(data, name):
        f = io.BytesIO(data)
        f.name, f.size = name, len(data)
        return f

    with pytest.raises(ValidationFailed):
        rep_svc.report_submit(
            actor=setup.student_user,
            placement=placement,
            period_start=monday,
            tasks="装配",
            learnt="接线",
            hours=40,
            attachment=upload(b"<html>x</html>", "photo.jpg"),
        )
    report = rep_svc.report_submit(
        actor=setup.student_user,
        placement=placement,
        period_start=monday,
        tasks="装配",
        learnt="接线",
        hours=40,
        attachment=upload(b"%PDF-1.4 drawing", "图纸.pdf"),
    )
    assert report.attachment_name == "图纸.pdf"
    client.force_login(setup.mentor)
    assert client.get(f"/placements/reports/{report.pk}/attachment/").status_code == 200
    client.force_login(setup.world.users["authority_officer"])
    assert client.get(f"/placements/reports/{report.pk}/attachment/").status_code == 404
