"""Pages and API: scope (an enterprise sees only its own, a school only its partnerships), AHP page, drill-down."""

import datetime as dt
import re

import pytest
from django.test import Client
from lxml import html

from workbridge.core.roles import Role
from workbridge.evaluation import services
from workbridge.evaluation.models import Score, WeightSet
from workbridge.partnerships.models import ProjectOutput
from workbridge.placements.models import Placement

from . import builders as b

pytestmark = pytest.mark.django_db
TERM = "2024-2025-1"


@pytest.fixture
def scored(world):
    for s, e in ((world.school1, world.enterprise1), (world.school2, world.enterprise2)):
        p = b.project(b.agreement(s, e), majors=[])
        b.output(p, "money_invested", 80000)
        b.placement(s, e, hired=True)
    services.scores_recompute(actor=None, term=TERM)
    return world


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_api_enterprise_sees_only_its_scores(scored, api_client_for):
    w = scored
    data = api_client_for(w.users[Role.ENTERPRISE_ADMIN]).get("/api/v1/evaluation/scores/", {"term": TERM}).json()
    assert data["count"] == 2 and {r["enterprise"] for r in data["results"]} == {w.enterprise1.pk}
    other = Score.objects.get(level="partnership", enterprise=w.enterprise2)
    assert (
        api_client_for(w.users[Role.ENTERPRISE_ADMIN]).get(f"/api/v1/evaluation/scores/{other.pk}/").status_code == 404
    )
    mine = Score.objects.get(level="partnership", enterprise=w.enterprise1)
    detail = api_client_for(w.users[Role.ENTERPRISE_ADMIN]).get(f"/api/v1/evaluation/scores/{mine.pk}/").json()
    assert {i["key"] for i in detail["items"]} >= {"money_invested", "interns_hosted"}
    assert (
        api_client_for(w.users[Role.ENTERPRISE_ADMIN])
        .get(f"/api/v1/evaluation/enterprises/{w.enterprise2.pk}/statement/")
        .status_code
        == 404
    )
    assert (
        api_client_for(w.users[Role.ENTERPRISE_ADMIN])
        .get(f"/api/v1/evaluation/enterprises/{w.enterprise1.pk}/readiness/")
        .status_code
        == 200
    )


def test_api_school_sees_only_its_partnerships(scored, api_client_for):
    w = scored
    data = api_client_for(w.users[Role.SCHOOL_ADMIN]).get("/api/v1/evaluation/scores/", {"term": TERM}).json()
    assert data["count"] == 3 and {r["school"] for r in data["results"]} == {w.school1.pk}
    ledger = api_client_for(w.users[Role.SCHOOL_ADMIN]).get("/api/v1/evaluation/ledger/", {"year": 2024}).json()
    assert [r["school"] for r in ledger["results"]] == [w.school1.pk]


def test_api_weights_and_recompute_permissions(scored, api_client_for):
    w = scored
    officer = api_client_for(w.users[Role.AUTHORITY_OFFICER])
    bad = officer.post(
        "/api/v1/evaluation/weights/ahp/",
        {"level": "groups", "matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]},
        format="json",
    )
    assert bad.status_code == 400 and "CR" in bad.json()["detail"]
    ok = officer.post(
        "/api/v1/evaluation/weights/ahp/",
        {"level": "groups", "matrix": [[1, 1, 1], [1, 1, 1], [1, 1, 1]]},
        format="json",
    )
    assert ok.status_code == 201
    assert (
        api_client_for(w.users[Role.ENTERPRISE_ADMIN]).post("/api/v1/evaluation/recompute/", {"term": TERM}).status_code
        == 403
    )
    assert officer.post("/api/v1/evaluation/recompute/", {"term": TERM}).json()["partnerships"] == 2


def test_pages_render_for_each_role(scored):
    w = scored

    mine = Score.objects.get(level="partnership", enterprise=w.enterprise1)
    item = mine.items.get(indicator__key="interns_hosted")
    intern = Placement.objects.get(enterprise=w.enterprise1)
    for role in (Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN):
        c = client_for(w.users[role])
        assert c.get("/evaluation/", {"term": TERM}).status_code == 200
        assert c.get(f"/evaluation/scores/{mine.pk}/").status_code == 200
        page = c.get(f"/evaluation/scores/{mine.pk}/items/{item.pk}/")
        assert page.status_code == 200
        rows = [o for g in page.context["groups"] for o in g["objects"]]
        assert [o["pk"] for o in rows] == [intern.pk]  # the one placement behind "interns hosted"
        body = page.content.decode()
        # the student's name only for the school's own staff; the authority and the host see organisations
        assert (intern.student.name in body) is (role == Role.SCHOOL_ADMIN)
        assert (f"{w.school1} → {w.enterprise1}" in body) is (role != Role.SCHOOL_ADMIN)
        assert c.get("/evaluation/ledger/", {"year": 2024}).status_code == 200
        assert c.get(f"/evaluation/ledger/{w.school1.pk}/{w.enterprise1.pk}/", {"year": 2024}).status_code == 200
        assert c.get("/evaluation/index/").status_code == 200
        assert c.get("/evaluation/evaluators/").status_code == 200
    c = client_for(w.users[Role.ENTERPRISE_ADMIN])
    assert c.get(f"/evaluation/integration/{w.enterprise1.pk}/").status_code == 200
    assert c.get(f"/evaluation/integration/{w.enterprise2.pk}/").status_code == 404
    assert (
        c.get(f"/evaluation/scores/{Score.objects.get(level='partnership', enterprise=w.enterprise2).pk}/").status_code
        == 404
    )
    assert c.get(f"/evaluation/ledger/{w.school2.pk}/{w.enterprise2.pk}/").status_code == 404
    home = c.get("/").content.decode()
    assert "/evaluation/integration/" in home  # readiness and statement cards
    assert client_for(w.users[Role.AUTHORITY_OFFICER]).get("/evaluation/integration/").status_code == 200


def test_evidence_page_lists_the_rows(scored):
    w = scored
    score = Score.objects.get(level="partnership", enterprise=w.enterprise1)
    item = score.items.get(indicator__key="money_invested")
    body = (
        client_for(w.users[Role.SCHOOL_ADMIN]).get(f"/evaluation/scores/{score.pk}/items/{item.pk}/").content.decode()
    )
    pk = item.evidence["rows"]["partnerships.projectoutput"][0]
    assert f">{pk}<" in body
    # each row says what it is (the output's kind and amount), never Python's "ProjectOutput object (12)"
    output = ProjectOutput.objects.get(pk=pk)
    assert "object (" not in body and str(output.get_kind_display()) in body
    assert str(output) == f"{output.get_kind_display()} · {output.quantity.normalize():f}" + (
        f" · {output.note}" if output.note else ""
    )
    # the section says what kind of records it lists, in the reader's language
    for language, heading in (("en", "Project outputs ("), ("zh-hans", "项目成果 (")):
        page = client_for(w.users[Role.SCHOOL_ADMIN]).get(
            f"/evaluation/scores/{score.pk}/items/{item.pk}/", HTTP_ACCEPT_LANGUAGE=language
        )
        assert heading in page.content.decode(), language


def test_ahp_page_checks_and_rejects(scored):
    c = client_for(scored.users[Role.AUTHORITY_OFFICER])
    post = {"level": "groups", "a_0_1": "1", "a_0_2": "1/9", "a_1_2": "9", "action": "save"}
    r = c.post("/evaluation/index/ahp/", post)
    assert r.status_code == 400 and "CR" in r.content.decode()
    r = c.post(
        "/evaluation/index/ahp/", {"level": "groups", "a_0_1": "1", "a_0_2": "2", "a_1_2": "2", "action": "save"}
    )
    assert r.status_code == 200 and 'id="ahp-saved"' in r.content.decode()
    r = c.post(
        "/evaluation/index/ahp/", {"level": "groups", "a_0_1": "x", "a_0_2": "2", "a_1_2": "2", "action": "check"}
    )
    assert r.status_code == 200  # a check only answers; nothing was saved
    page = html.fromstring(r.content.decode())
    assert page.xpath("//*[@id='ahp-error']/@data-bad-cells") == ["a_0_1"]
    assert [li.text_content() for li in page.xpath("//*[@id='ahp-error']//li")] == [
        "投入 与 过程：请填写数字，例如 3 或 1/3。"
    ]
    school = client_for(scored.users[Role.SCHOOL_ADMIN])
    assert (
        school.post(
            "/evaluation/index/ahp/", {"level": "groups", "a_0_1": "1", "a_0_2": "2", "a_1_2": "2", "action": "save"}
        ).status_code
        == 403
    )


def test_declare_and_certify_through_pages(scored):
    w = scored
    ent = client_for(w.users[Role.ENTERPRISE_ADMIN])
    ent.post(
        f"/evaluation/integration/{w.enterprise1.pk}/declare/",
        {"year": 2024, "education_surcharge": "3000", "local_education_surcharge": "2000"},
    )
    from workbridge.evaluation.models import Certification, SurchargeDeclaration

    assert SurchargeDeclaration.objects.get(enterprise=w.enterprise1, year=2024).total == 5000
    client_for(w.users[Role.AUTHORITY_OFFICER]).post(
        f"/evaluation/integration/{w.enterprise1.pk}/certify/",
        {"reference": "X〔2024〕1号", "certified_on": "2024-01-10"},
    )
    assert Certification.objects.filter(enterprise=w.enterprise1).exists()
    client_for(w.other[Role.AUTHORITY_OFFICER]).post(
        f"/evaluation/integration/{w.enterprise1.pk}/certify/",
        {"reference": "Y", "certified_on": str(dt.date(2024, 1, 1))},
    )
    assert Certification.objects.filter(enterprise=w.enterprise1).count() == 1


def test_integration_writes_answer_404_outside_scope_and_403_for_other_roles(world):
    """Another region's enterprise is not found (nothing saved, no message-and-redirect); a role that may not
    write is refused; the owner still gets its validation message on the page."""
    from workbridge.evaluation.models import Attestation, Certification, EvaluatorAssignment, SurchargeDeclaration
    from workbridge.organizations.tests.factories import OrganizationFactory

    w = world
    e2 = w.enterprise2.pk
    declaration = {"year": 2024, "education_surcharge": "3000", "local_education_surcharge": "2000"}
    assert (
        client_for(w.users[Role.ENTERPRISE_ADMIN])
        .post(f"/evaluation/integration/{e2}/declare/", declaration)
        .status_code
        == 404
    )
    assert (
        client_for(w.users[Role.ENTERPRISE_ADMIN])
        .post(f"/evaluation/integration/{e2}/attest/", {"criterion_key": "years_in_operation", "statement": "x"})
        .status_code
        == 404
    )
    certify = {"reference": "Y", "certified_on": "2024-01-01"}
    assert (
        client_for(w.users[Role.AUTHORITY_OFFICER]).post(f"/evaluation/integration/{e2}/certify/", certify).status_code
        == 404
    )
    assert not SurchargeDeclaration.objects.exists() and not Attestation.objects.exists()
    assert not Certification.objects.exists()
    # Own region, wrong role: 403.
    e1 = w.enterprise1.pk
    assert (
        client_for(w.users[Role.ENTERPRISE_MENTOR])
        .post(f"/evaluation/integration/{e1}/declare/", declaration)
        .status_code
        == 403
    )
    assert (
        client_for(w.users[Role.ENTERPRISE_ADMIN]).post(f"/evaluation/integration/{e1}/certify/", certify).status_code
        == 403
    )
    assert (
        client_for(w.users[Role.AUTHORITY_OFFICER])
        .post(f"/evaluation/integration/{e1}/declare/", declaration)
        .status_code
        == 403
    )
    # Attestation decisions: only the enterprise's own attestations, only by the authority.
    att = Attestation.objects.create(
        enterprise=w.enterprise2,
        criterion_key="years_in_operation",
        statement="s",
        attested_by=w.other[Role.ENTERPRISE_ADMIN],
    )
    assert (
        client_for(w.users[Role.AUTHORITY_OFFICER])
        .post(f"/evaluation/integration/{e2}/attestations/{att.pk}/", {"decision": "verify"})
        .status_code
        == 404
    )
    assert (
        client_for(w.other[Role.AUTHORITY_OFFICER])
        .post(f"/evaluation/integration/{e1}/attestations/{att.pk}/", {"decision": "verify"})
        .status_code
        == 404
    )
    assert (
        client_for(w.other[Role.ENTERPRISE_ADMIN])
        .post(f"/evaluation/integration/{e2}/attestations/{att.pk}/", {"decision": "verify"})
        .status_code
        == 403
    )
    ok = client_for(w.other[Role.AUTHORITY_OFFICER]).post(
        f"/evaluation/integration/{e2}/attestations/{att.pk}/", {"decision": "verify"}
    )
    assert ok.status_code == 302
    att.refresh_from_db()
    assert att.status == "verified"
    # Validation errors of an allowed write come back on the page, beside the field (issue 10.2).
    bad = client_for(w.users[Role.ENTERPRISE_ADMIN]).post(
        f"/evaluation/integration/{e1}/declare/", {**declaration, "year": 1990}
    )
    assert bad.status_code == 400 and bad.context["declare_form"].errors["year"]
    assert not SurchargeDeclaration.objects.exists()
    # Evaluator ratings: another region's assignment is not found; a non-evaluator role is refused.
    association = OrganizationFactory(kind="association", region=w.region2)
    assignment = EvaluatorAssignment.objects.create(evaluator=association, school=w.school2, enterprise=w.enterprise2)
    rating = {"term": "2024-2025-1", "score": "80"}
    assert (
        client_for(w.users[Role.AUTHORITY_OFFICER])
        .post(f"/evaluation/evaluators/{assignment.pk}/rate/", rating)
        .status_code
        == 404
    )
    assert (
        client_for(w.other[Role.SCHOOL_ADMIN]).post(f"/evaluation/evaluators/{assignment.pk}/rate/", rating).status_code
        == 403
    )
    assert not assignment.ratings.exists()


def test_score_page_names_the_shared_resources_and_innovation_indicators_in_words(world):
    from workbridge.innovation.models import InnovationBase, Venture
    from workbridge.teaching_resources.models import TeachingResource

    w = world
    b.placement(w.school1, w.enterprise1, hired=True)
    joint = TeachingResource.objects.create(title="PLC 联合教材", contributor=w.school1, licence="partners")
    joint.co_contributors.set([w.enterprise1])
    TeachingResource.objects.filter(pk=joint.pk).update(created_at=dt.datetime(2024, 10, 8, 10, tzinfo=dt.UTC))
    base = InnovationBase.objects.create(school=w.school1, sponsor=w.enterprise1, name="双创基地")
    Venture.objects.create(base=base, title="视觉检测小盒子", started_on=dt.date(2024, 10, 1))
    services.scores_recompute(actor=None, term=TERM)
    score = Score.objects.get(level="partnership", enterprise=w.enterprise1)
    c = client_for(w.users[Role.SCHOOL_ADMIN])
    page = c.get(f"/evaluation/scores/{score.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "共建共享教学资源" in page and "创新创业成果" in page
    item = score.items.get(indicator__key="teaching_resources_shared")
    assert item.raw == 1
    evidence = c.get(f"/evaluation/scores/{score.pk}/items/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "PLC 联合教材" in evidence and "教学资源" in evidence
    venture_item = score.items.get(indicator__key="innovation_outputs")
    evidence = c.get(f"/evaluation/scores/{score.pk}/items/{venture_item.pk}/").content.decode()
    assert "视觉检测小盒子" in evidence and "学生创新创业项目" in evidence


def test_ahp_errors_name_the_two_items_in_the_page_language_and_accept_full_width_input(scored):
    c = client_for(scored.users[Role.AUTHORITY_OFFICER])
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    cells = {"level": "groups", "a_0_1": "12", "a_0_2": "", "a_1_2": "２", "action": "save"}
    r = c.post("/evaluation/index/ahp/", cells, **zh)
    assert r.status_code == 400
    page = html.fromstring(r.content.decode())
    assert page.xpath("//*[@id='ahp-error']/@data-bad-cells") == ["a_0_1 a_0_2"]
    lines = [li.text_content() for li in page.xpath("//*[@id='ahp-error']//li")]
    assert lines == [
        "投入 与 过程：请按萨蒂1–9标度填写：从1/9到9。",
        "投入 与 成果：请填写判断值（两者同样重要时填1）。",
    ]
    assert not WeightSet.objects.filter(method="ahp").exists()
    cells = {"level": "groups", "a_0_1": "１／２", "a_0_2": "1", "a_1_2": "２", "action": "save"}
    r = c.post("/evaluation/index/ahp/", cells, **zh)
    assert r.status_code == 200 and 'id="ahp-saved"' in r.content.decode()


def test_weight_history_names_levels_and_items_in_the_page_language(scored):
    c = client_for(scored.users[Role.AUTHORITY_OFFICER])
    c.post("/evaluation/index/ahp/", {"level": "groups", "a_0_1": "1", "a_0_2": "2", "a_1_2": "2", "action": "save"})
    zh = html.fromstring(c.get("/evaluation/index/?level=input", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    history = " ".join(li.text_content() for li in zh.xpath("//ul[@class='list']/li"))
    assert "全部层级" in history
    assert "groups" not in history and " all " not in history and ".toml" not in history
    en = html.fromstring(c.get("/evaluation/index/?level=input", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    rows = [th.text_content() for th in en.xpath("//table[contains(@class,'ahp')]//tbody/tr/th")]
    assert rows and all(not re.search(r"[\u4e00-\u9fff]", row) for row in rows), rows
    assert not en.xpath("//table[contains(@class,'ahp')]//th[@title='money_invested']")


def test_evidence_rows_are_named_without_a_query_each(scored, django_assert_num_queries):
    """A row's text names the records it points at (a placement's student and position): they come with the rows."""
    from workbridge.core.access import actor_for
    from workbridge.evaluation import selectors

    ids = list(Placement.objects.values_list("pk", flat=True))
    assert len(ids) >= 2
    rows = list(selectors.evidence_objects(actor=actor_for(scored.users[Role.SCHOOL_ADMIN]), model=Placement, ids=ids))
    assert rows
    with django_assert_num_queries(0):
        assert all(str(row) for row in rows)
