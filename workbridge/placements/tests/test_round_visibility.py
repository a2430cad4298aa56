"""Issue 8.3: who sees what of a matching round. An enterprise sees only students who ranked its positions and only
facts about its own positions; a student only their own result and ticket; the school everything. The page, the
xlsx export and the API agree (one rule: selectors.round_view_for)."""

import io
import json

import pytest
from openpyxl import load_workbook

from workbridge.organizations.tests.factories import EnterpriseFactory
from workbridge.placements.services import rounds as match

from .factories import PositionFactory
from .test_matching_round import _student

pytestmark = pytest.mark.django_db

OTHER_NAME = "别家竞争企业"


@pytest.fixture
def rnd_world(setup):
    w = setup.world
    rival = EnterpriseFactory(region=w.enterprise1.region, name=OTHER_NAME)
    mine = PositionFactory(enterprise=w.enterprise1, reviewed_by_school=w.school1, places=1, title="本企业岗位")
    theirs = PositionFactory(enterprise=rival, reviewed_by_school=w.school1, places=2, title="别家岗位")
    rnd = match.round_create(actor=setup.school_admin, title="春季", position_ids=[mine.pk, theirs.pk], max_choices=2)
    (u1, s1), (u2, s2), (u3, s3) = (_student(setup, i) for i in range(3))
    match.round_rank(actor=u1, rnd=rnd, position_ids=[mine.pk, theirs.pk])
    match.round_rank(actor=u2, rnd=rnd, position_ids=[mine.pk, theirs.pk])
    match.round_rank(actor=u3, rnd=rnd, position_ids=[theirs.pk])  # never ranked the enterprise's post
    match.round_score(actor=setup.ent_admin, rnd=rnd, position=mine, scores={s1.pk: 90, s2.pk: 90})
    rnd = match.round_compute(actor=setup.school_admin, rnd=rnd, variant="da", seed=3)
    match.round_publish(actor=setup.school_admin, rnd=rnd)
    rnd.refresh_from_db()
    return rnd, (u1, s1), (u2, s2), (u3, s3), mine, theirs


def _xlsx_names(content):
    sheet = load_workbook(io.BytesIO(content))["results"]
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}, [
        c for row in sheet.iter_rows(values_only=True) for c in row
    ]


def test_enterprise_sees_only_its_applicants_and_own_facts(setup, rnd_world, client, api_client_for):
    rnd, (u1, s1), (u2, s2), (u3, s3), mine, theirs = rnd_world
    assert "tickets" in rnd.lottery and rnd.lottery["tickets"]  # tie at 90 -> lottery tickets exist
    api = api_client_for(setup.ent_admin)
    results = api.get(f"/api/v1/placements/rounds/{rnd.pk}/results/").json()
    assert {r["student"] for r in results} == {s1.pk, s2.pk}
    blob = json.dumps(results, ensure_ascii=False)
    assert OTHER_NAME not in blob and "别家岗位" not in blob
    for r in results:
        assert r["position"] in (mine.pk, None)
        for item in r["explanation"]["items"]:
            assert item["position"] == mine.pk
            assert set(item) == {"position", "your_rank", "reason"}  # no competitor rank, no caps
    detail = api.get(f"/api/v1/placements/rounds/{rnd.pk}/").json()
    assert detail["lottery"] == {}
    export = api.get(f"/api/v1/placements/rounds/{rnd.pk}/export/")
    names, cells = _xlsx_names(export.content)
    assert names == {s1.name, s2.name}
    assert OTHER_NAME not in cells and "别家岗位" not in cells
    assert str(rnd.seed) not in [str(c) for c in cells]
    client.force_login(setup.ent_admin)
    page_export = client.get(f"/placements/rounds/{rnd.pk}/export.xlsx")
    assert _xlsx_names(page_export.content)[0] == names
    page = client.get(f"/placements/rounds/{rnd.pk}/").content.decode()
    assert s3.name not in page and OTHER_NAME not in page


def test_student_sees_only_own_result_and_ticket(setup, rnd_world, api_client_for):
    rnd, (u1, s1), (u2, s2), (u3, s3), mine, theirs = rnd_world
    api = api_client_for(u1)
    results = api.get(f"/api/v1/placements/rounds/{rnd.pk}/results/").json()
    assert [r["student"] for r in results] == [s1.pk]
    detail = api.get(f"/api/v1/placements/rounds/{rnd.pk}/").json()
    assert detail["lottery"] == {"ticket": rnd.lottery["tickets"][str(s1.pk)]}
    listing = api.get("/api/v1/placements/rounds/").json()
    items = listing["results"] if isinstance(listing, dict) else listing
    assert all(i["lottery"] == {} for i in items)


def test_school_sees_everything_and_page_xlsx_api_agree(setup, rnd_world, client, api_client_for):
    rnd, (u1, s1), (u2, s2), (u3, s3), mine, theirs = rnd_world
    api = api_client_for(setup.school_admin)
    results = api.get(f"/api/v1/placements/rounds/{rnd.pk}/results/").json()
    assert {r["student"] for r in results} == {s1.pk, s2.pk, s3.pk}
    assert api.get(f"/api/v1/placements/rounds/{rnd.pk}/").json()["lottery"]["tickets"]
    names, cells = _xlsx_names(api.get(f"/api/v1/placements/rounds/{rnd.pk}/export/").content)
    assert names == {s1.name, s2.name, s3.name} and OTHER_NAME in cells
    client.force_login(setup.school_admin)
    assert _xlsx_names(client.get(f"/placements/rounds/{rnd.pk}/export.xlsx").content)[0] == names
    page = client.get(f"/placements/rounds/{rnd.pk}/").content.decode()
    assert all(s.name in page for s in (s1, s2, s3))
