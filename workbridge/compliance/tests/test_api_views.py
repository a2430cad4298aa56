"""API and pages of the compliance app."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from workbridge.compliance import services
from workbridge.compliance.engines.rules import evaluate, load_ruleset
from workbridge.compliance.models import Violation
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def violation(world):
    call_command("load_rules", stdout=StringIO())
    findings = evaluate(load_ruleset(), {"monthly_pay": 2000, "post_wage_reference": 4000}, "position_review")
    (v,) = services.violations_record_findings(
        actor=None, findings=findings, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    return v


def test_api_list_detail_resolve(world, violation, api_client_for):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    data = client.get("/api/v1/compliance/violations/?status=open").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["rule_code"] == "CN-2021-18-pay" and item["severity"] == "high"
    assert item["citation"].endswith("第十八条") and item["certainty"] == "[2021 Art. 18]"
    assert "w_school_admin_1" in item["told"]
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert other.get("/api/v1/compliance/violations/").json()["count"] == 0
    assert other.get(f"/api/v1/compliance/violations/{violation.pk}/").status_code == 404
    assert (
        other.post(
            f"/api/v1/compliance/violations/{violation.pk}/resolve/", {"resolution": "x"}, format="json"
        ).status_code
        == 404
    )
    bad = client.post(f"/api/v1/compliance/violations/{violation.pk}/resolve/", {}, format="json")
    assert bad.status_code == 400
    ok = client.post(
        f"/api/v1/compliance/violations/{violation.pk}/resolve/",
        {"resolution": "Pay raised to 3,600 yuan."},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "resolved"
    again = client.post(f"/api/v1/compliance/violations/{violation.pk}/resolve/", {"resolution": "x"}, format="json")
    assert again.status_code == 409


def test_api_rules_and_dry_run(world, violation, api_client_for):
    client = api_client_for(world.users[Role.STUDENT])
    sets = client.get("/api/v1/compliance/rulesets/").json()
    assert {(s["jurisdiction"], s["year"]) for s in sets} == {("CN", 2021), ("DE", 2024)}
    rules = client.get("/api/v1/compliance/rulesets/DE/2024/rules/").json()
    assert "DE-BBiG-20-probation" in {r["code"] for r in rules}
    res = client.post(
        "/api/v1/compliance/evaluate/", {"facts": {"age": 15}, "checkpoint": "agreement"}, format="json"
    ).json()
    assert [f["rule_id"] for f in res["findings"]] == ["CN-2021-16-2-under-16"]
    assert Violation.objects.count() == 1  # a dry run records nothing
    bad = client.post("/api/v1/compliance/evaluate/", {"facts": {"age": "x"}, "checkpoint": "agreement"}, format="json")
    assert bad.status_code == 400 and "age" in bad.json()["detail"]


def test_inbox_and_detail_pages(world, violation, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(reverse("compliance:inbox"))
    assert page.status_code == 200
    assert violation.message_zh in page.content.decode()  # the finding, with its 2000 yuan, in the page's language
    detail = client.get(reverse("compliance:violation-detail", kwargs={"pk": violation.pk}))
    body = detail.content.decode()
    assert detail.status_code == 200 and "第十八条" in body and 'name="resolution"' in body
    posted = client.post(
        reverse("compliance:violation-detail", kwargs={"pk": violation.pk}), {"resolution": "Pay corrected"}
    )
    assert posted.status_code == 302
    violation.refresh_from_db()
    assert violation.status == "resolved" and violation.resolution == "Pay corrected"
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(reverse("compliance:violation-detail", kwargs={"pk": violation.pk})).status_code == 404
    assert "2000" not in client.get(reverse("compliance:inbox") + "?status=resolved").content.decode()


def test_enterprise_sees_but_cannot_resolve_school_violation(world, violation, client):
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    body = client.get(reverse("compliance:violation-detail", kwargs={"pk": violation.pk})).content.decode()
    assert 'name="resolution"' not in body


def test_rules_catalogue_page(world, violation, client):
    client.force_login(world.users[Role.STUDENT])
    body = client.get(reverse("compliance:rules")).content.decode()
    assert "BBiG" in body and "[2016 Art. 9; province]" in body
