"""The evaluation pages' forms (issue 10.2): bad input answers with the page again and the error beside its field, in
the page's language; never a server error, nothing saved."""

import datetime as dt

import pytest
from django.test import Client

from workbridge.core.roles import Role
from workbridge.evaluation.models import Certification, EvaluatorAssignment, EvaluatorRating, SurchargeDeclaration

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    c.force_login(user)
    return c


def test_certification_date_in_the_future_or_missing_is_refused_beside_the_date(world):
    authority = client_for(world.users[Role.AUTHORITY_OFFICER])
    url = f"/evaluation/integration/{world.enterprise1.pk}/certify/"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    future = authority.post(url, {"reference": "X〔2024〕1号", "certified_on": tomorrow})
    assert future.status_code == 400 and future.context["certify_form"].errors["certified_on"]
    page = future.content.decode()
    assert 'type="date"' in page and "has-error" in page and "认定日期不能晚于今天" in page
    missing = authority.post(url, {"reference": "", "certified_on": "2024-13-01"})
    assert missing.status_code == 400
    assert set(missing.context["certify_form"].errors) == {"reference", "certified_on"}
    assert not Certification.objects.exists()


def test_surcharge_declaration_with_words_for_amounts(world):
    ent = client_for(world.users[Role.ENTERPRISE_ADMIN])
    response = ent.post(
        f"/evaluation/integration/{world.enterprise1.pk}/declare/",
        {"year": "2024", "education_surcharge": "三千", "local_education_surcharge": "-1"},
    )
    assert response.status_code == 400
    errors = response.context["declare_form"].errors
    assert errors["education_surcharge"] and errors["local_education_surcharge"]
    assert not SurchargeDeclaration.objects.exists()


def test_attestation_without_a_statement(world):
    ent = client_for(world.users[Role.ENTERPRISE_ADMIN])
    response = ent.post(
        f"/evaluation/integration/{world.enterprise1.pk}/attest/", {"criterion_key": "good_credit", "statement": ""}
    )
    assert response.status_code == 400
    form = next(r["attest_form"] for r in response.context["items"] if r["attest_form"].is_bound)
    assert form.errors["statement"] and 'id="id_good_credit_statement"' in response.content.decode()


def test_rating_out_of_range_and_a_bad_term_are_shown_beside_the_boxes(world):
    assignment = EvaluatorAssignment.objects.create(
        evaluator=world.association1, school=world.school1, enterprise=world.enterprise1
    )
    officer = client_for(world.users[Role.ASSOCIATION_OFFICER])
    response = officer.post(f"/evaluation/evaluators/{assignment.pk}/rate/", {"term": "2024-2026-3", "score": "八十"})
    assert response.status_code == 400
    row = next(a for a in response.context["rows"] if a.pk == assignment.pk)
    assert set(row.rate_form.errors) == {"term", "score"}
    assert not EvaluatorRating.objects.exists()
    ok = officer.post(f"/evaluation/evaluators/{assignment.pk}/rate/", {"term": "2024-2025-1", "score": "82"})
    assert ok.status_code == 302 and EvaluatorRating.objects.get().score == 82


def test_evaluator_assignment_with_an_unknown_partnership(world):
    authority = client_for(world.users[Role.AUTHORITY_OFFICER])
    response = authority.post(
        "/evaluation/evaluators/assign/", {"evaluator": world.association1.pk, "pair": "999999:999998"}
    )
    assert response.status_code == 400 and response.context["assign_form"].errors["pair"]
    assert not EvaluatorAssignment.objects.exists()


def test_direct_weights_and_recompute_term_are_checked_on_the_index_page(world):
    authority = client_for(world.users[Role.AUTHORITY_OFFICER])
    response = authority.post(
        "/evaluation/index/direct/", {"level": "groups", "w_input": "0.5", "w_process": "x", "w_output": ""}
    )
    assert response.status_code == 400
    errors = response.context["direct_form"].errors
    assert set(errors) == {"w_process", "w_output"}
    recompute = authority.post("/evaluation/recompute/", {"term": "明年"})
    assert recompute.status_code == 400 and recompute.context["recompute_form"].errors["term"]
