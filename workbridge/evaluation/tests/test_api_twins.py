"""The integration-enterprise and evaluator pages' API twins: the same services, their own bodies, the same scope."""

import pytest

from workbridge.core.roles import Role
from workbridge.evaluation.models import Certification, EvaluatorAssignment, SurchargeDeclaration

pytestmark = pytest.mark.django_db


def test_declaration_and_certification(world, api_client_for):
    e1 = world.enterprise1.pk
    ent = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    body = {"year": 2024, "education_surcharge": "3000", "local_education_surcharge": "2000"}
    made = ent.post(f"/api/v1/evaluation/enterprises/{e1}/declarations/", body, format="json")
    assert made.status_code == 201, made.json()
    assert SurchargeDeclaration.objects.get(enterprise_id=e1, year=2024).total == 5000
    too_old = ent.post(f"/api/v1/evaluation/enterprises/{e1}/declarations/", {**body, "year": 1990}, format="json")
    assert too_old.status_code == 400 and "year" in too_old.json()["errors"]

    authority = api_client_for(world.users[Role.AUTHORITY_OFFICER])
    cert = authority.post(
        f"/api/v1/evaluation/enterprises/{e1}/certifications/",
        {"reference": "X〔2024〕1号", "certified_on": "2024-01-10"},
        format="json",
    )
    assert cert.status_code == 201 and Certification.objects.filter(enterprise_id=e1).count() == 1
    foreign = api_client_for(world.other[Role.AUTHORITY_OFFICER]).post(
        f"/api/v1/evaluation/enterprises/{e1}/certifications/",
        {"reference": "Y", "certified_on": "2024-01-01"},
        format="json",
    )
    assert foreign.status_code == 404 and Certification.objects.filter(enterprise_id=e1).count() == 1


def test_statement_then_verification(world, api_client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    e1 = world.enterprise1.pk
    ent = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    made = ent.post(
        f"/api/v1/evaluation/enterprises/{e1}/attestations/",
        {
            "criterion_key": "years_in_operation",
            "statement": "成立于 2010 年",
            "document": SimpleUploadedFile("licence.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        },
        format="multipart",
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert (
        ent.post(
            f"/api/v1/evaluation/enterprises/{e1}/attestations/{pk}/decide/", {"verified": True}, format="json"
        ).status_code
        == 403
    )
    decided = api_client_for(world.users[Role.AUTHORITY_OFFICER]).post(
        f"/api/v1/evaluation/enterprises/{e1}/attestations/{pk}/decide/", {"verified": True}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "verified"


def test_evaluator_assignment_and_rating(world, api_client_for):
    association = world.association1  # the enterprise is a member; its officer is the evaluator
    authority = api_client_for(world.users[Role.AUTHORITY_OFFICER])
    assigned = authority.post(
        "/api/v1/evaluation/evaluators/",
        {"evaluator": association.pk, "school": world.school1.pk, "enterprise": world.enterprise1.pk},
        format="json",
    )
    assert assigned.status_code == 201, assigned.json()
    assignment = EvaluatorAssignment.objects.get(pk=assigned.json()["id"])
    officer = world.users[Role.ASSOCIATION_OFFICER]
    rate = api_client_for(officer).post(
        f"/api/v1/evaluation/evaluators/{assignment.pk}/ratings/",
        {"term": "2024-2025-1", "score": 150},
        format="json",
    )
    assert rate.status_code == 400 and "score" in rate.json()["errors"]
    rate = api_client_for(officer).post(
        f"/api/v1/evaluation/evaluators/{assignment.pk}/ratings/",
        {"term": "2024-2025-1", "score": 82, "comment": "合作稳定"},
        format="json",
    )
    assert rate.status_code == 201, rate.json()
    assert assignment.ratings.get().score == 82
