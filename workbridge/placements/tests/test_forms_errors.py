"""Bad input on a placements page answers with the error beside its field, in the page's language (issue 10.2):
the page comes back (400, never a 5xx) with the field marked and what was typed kept, and nothing is saved."""

import datetime as dt

import pytest
from lxml import html

from workbridge.placements import models as m
from workbridge.placements.tests.conftest import make_active_placement, make_ready_placement

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def field_errors(response, form_action: str, name: str) -> list[str]:
    """The errors shown beside field ``name`` in the form posting to ``form_action``."""
    page = html.fromstring(response.content.decode())
    forms = [
        f
        for f in page.iter("form")
        if (f.get("action") or "").endswith(form_action) and f.xpath(f".//*[@name='{name}']")
    ]
    assert forms, f"no form posting to {form_action or 'the page'} with a field {name}"
    boxes = forms[0].xpath(f".//div[contains(@class,'form-field')][.//*[@name='{name}']]")
    assert boxes, f"no field {name} in the form"
    assert "has-error" in boxes[0].get("class")
    return [e.text_content().strip() for e in boxes[0].xpath(".//small[contains(@class,'error')]")]


def test_end_early_without_a_reason_category_shows_the_error_beside_it(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    url = f"/placements/placements/{placement.pk}/terminate/"
    response = client.post(url, {"end_reason": "", "reason": "连续三天未到岗"}, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "/terminate/", "end_reason") == ["请选择实习提前结束的原因。"]
    assert "连续三天未到岗" in response.content.decode()  # what was typed stays
    placement.refresh_from_db()
    assert placement.status == m.PlacementStatus.ACTIVE and not placement.end_reason


def test_end_early_for_other_reasons_needs_what_happened(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    response = client.post(f"/placements/placements/{placement.pk}/terminate/", {"end_reason": "other"}, **EN)
    assert response.status_code == 400
    assert field_errors(response, "/terminate/", "reason") == ["Say what happened."]
    placement.refresh_from_db()
    assert placement.status == m.PlacementStatus.ACTIVE


def test_a_leave_ending_before_it_starts_is_refused_beside_the_end_date(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.student_user)
    today = dt.date.today()
    data = {
        "start_date": today.isoformat(),
        "end_date": (today - dt.timedelta(days=2)).isoformat(),
        "reason": "回校补考",
    }
    response = client.post(f"/placements/placements/{placement.pk}/leave/", data, **ZH)
    assert response.status_code == 400
    # the student's day comes back, the leave box open, with the error beside "Until"
    assert b"data-checkin-form" in response.content
    assert field_errors(response, "/leave/", "end_date") == ["请假结束日期早于开始日期。"]
    assert not m.LeaveRequest.objects.filter(placement=placement).exists()


def test_a_leave_outside_the_placement_shows_the_services_error_beside_the_date(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.student_user)
    before = placement.start_date - dt.timedelta(days=10)
    data = {"start_date": before.isoformat(), "end_date": before.isoformat(), "reason": "家中有事"}
    response = client.post(f"/placements/placements/{placement.pk}/leave/", data, **EN)
    assert response.status_code == 400
    assert field_errors(response, "/leave/", "start_date") == ["Out of range."]
    assert not m.LeaveRequest.objects.filter(placement=placement).exists()


def test_a_training_with_hours_that_are_not_a_number_is_refused_beside_hours(setup, client):
    placement = make_ready_placement(setup)
    trainings = placement.trainings.count()
    client.force_login(setup.school_admin)
    data = {"kind": "safety", "held_on": "2026-03-01", "hours": "四小时", "trainer": "安全科"}
    response = client.post(f"/placements/placements/{placement.pk}/training/", data, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "/training/", "hours") == ["请输入数字。"]
    assert placement.trainings.count() == trainings


def test_insurance_with_a_missing_insurer_and_a_bad_date_marks_both_fields(setup, client):
    from workbridge.placements.tests.factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    client.force_login(setup.school_admin)
    data = {"insurer": "", "policy_number": "P-1", "cover_start": "2026-02-30", "cover_end": "2026-09-01"}
    response = client.post(f"/placements/placements/{placement.pk}/insurance/", data, **EN)
    assert response.status_code == 400
    assert field_errors(response, "/insurance/", "insurer") == ["This field is required."]
    assert field_errors(response, "/insurance/", "cover_start") == ["Enter a valid date."]
    assert not m.Insurance.objects.filter(placement=placement).exists()


def test_a_week_confirmation_with_text_for_overtime_is_refused(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.mentor)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 7)
    data = {"week_start": monday.isoformat(), "days": [monday.isoformat()], "overtime_hours": "两小时"}
    response = client.post(f"/placements/placements/{placement.pk}/confirm_week/", data, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "/confirm_week/", "overtime_hours") == ["请输入数字。"]
    assert not m.AttendanceConfirmation.objects.filter(placement=placement).exists()


def test_a_self_found_proposal_missing_its_post_is_refused_beside_it(setup, client):
    setup.world.enterprise1.vetting_status = "approved"
    setup.world.enterprise1.save(update_fields=["vetting_status"])
    client.force_login(setup.student_user)
    data = {
        "enterprise": setup.world.enterprise1.pk,
        "title": "",
        "occupation_code": "6-31-01-03",
        "workplace_address": "苏州工业园区星湖街 1 号",
        "latitude": "31.3",
        "longitude": "120.7",
        "monthly_pay": "3200",
        "start_date": "2026-03-02",
        "end_date": "2026-07-31",
    }
    response = client.post("/placements/self-found/", data, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "/self-found/", "title") == ["该字段是必填项。"]
    assert 'value="苏州工业园区星湖街 1 号"' in response.content.decode()
    assert not m.SelfFoundProposal.objects.exists()


def test_an_unknown_action_is_still_refused(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    assert client.post(f"/placements/placements/{placement.pk}/explode/", {}).status_code in (403, 404)


def test_a_valid_end_early_still_ends_the_placement(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.school_admin)
    data = {"end_reason": "health", "reason": ""}
    response = client.post(f"/placements/placements/{placement.pk}/terminate/", data, **ZH)
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == m.PlacementStatus.TERMINATED and placement.end_reason == "health"


def test_a_weekly_report_with_hours_in_words_comes_back_with_the_text_kept(setup, client):
    placement = make_active_placement(setup)
    client.force_login(setup.student_user)
    from workbridge.placements import selectors

    week = selectors.week_start(dt.date.today())
    data = {
        "kind": "weekly",
        "period_start": week.isoformat(),
        "tasks": "完成电气柜接线",
        "learnt": "学会核对端子号",
        "hours": "四十",
    }
    response = client.post(f"/placements/placements/{placement.pk}/report/", data, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "/report/", "hours") == ["请输入数字。"]
    assert "完成电气柜接线" in response.content.decode()
    assert not placement.reports.exists()


def test_resolving_an_alert_without_saying_how_is_refused_beside_the_box(setup, client):
    from workbridge.placements.services import alerts as alerts_svc

    placement = make_active_placement(setup)
    alert = alerts_svc.left_post_report(actor=setup.mentor, placement=placement, note="下午未到岗")
    client.force_login(setup.school_admin)
    response = client.post(f"/placements/alerts/{alert.pk}/", {"action": "resolve", "resolution": ""}, **EN)
    assert response.status_code == 400
    assert field_errors(response, "", "resolution") == ["This field is required."]
    alert.refresh_from_db()
    assert alert.status != m.AlertStatus.RESOLVED


def test_a_round_without_a_title_or_a_sane_choice_count_is_refused(setup, client):
    client.force_login(setup.school_admin)
    data = {"title": "", "max_choices": "abc", "variant": "da", "positions": [setup.position.pk]}
    response = client.post("/placements/rounds/", data, **ZH)
    assert response.status_code == 400
    assert field_errors(response, "", "title") == ["该字段是必填项。"]
    assert field_errors(response, "", "max_choices") == ["输入整数。"]
    assert not m.MatchingRound.objects.exists()


def test_a_ranking_or_scores_with_odd_input_answer_with_a_message_not_a_5xx(setup, client):
    from workbridge.placements.services import rounds as match_svc

    rnd = match_svc.round_create(actor=setup.school_admin, title="春季双选", position_ids=[setup.position.pk])
    client.force_login(setup.student_user)
    response = client.post(f"/placements/rounds/{rnd.pk}/rank/", {"choice": ["abc"]}, **EN)
    assert response.status_code == 302
    assert not rnd.choices.exists()
    client.force_login(setup.ent_admin)
    data = {"position": setup.position.pk, "s_abc": "90", f"s_{setup.student.pk}": "ninety"}
    response = client.post(f"/placements/rounds/{rnd.pk}/score/", data, **EN)
    assert response.status_code == 302
    assert not rnd.scores.exists()
