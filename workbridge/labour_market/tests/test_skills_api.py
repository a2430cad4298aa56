"""The skills and occupations API (issue 11): search, filters, the occupation tree, regional demand trends,
extraction of skill spans and occupation codes, its limits and throttle, and who may call it."""

import datetime as dt

import pytest
from django.core.cache import cache

from workbridge.core.roles import Role
from workbridge.labour_market import services
from workbridge.labour_market.engines.occupation import default_coder
from workbridge.labour_market.models import Posting, PostingSkill, PostingSource, Skill

pytestmark = pytest.mark.django_db

BASE = "/api/v1/labour-market"
MARKETING = "agr.agriculture.agricultural-marketing"  # 农产品营销 / Agricultural marketing, alias 农村电商


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the throttle counts in the cache; no test inherits another's calls
    yield
    cache.clear()


@pytest.fixture
def reference(db):
    services.skills_load()
    services.occupations_load()


def _client(api_client_for, world, role=Role.SCHOOL_ADMIN, side="users"):
    return api_client_for(getattr(world, side)[role])


def _ids(payload) -> list[str]:
    return [row["id"] for row in payload["results"]]


# ------------------------------------------------------------------------------------------------- skills


def test_skill_search_in_chinese_english_and_alias(world, api_client_for, reference):
    client = _client(api_client_for, world)
    by_zh = client.get(f"{BASE}/skills/", {"q": "农产品营销"}).json()
    by_en = client.get(f"{BASE}/skills/", {"q": "agricultural MARKETING"}).json()
    by_alias = client.get(f"{BASE}/skills/", {"q": "农村电商"}).json()
    assert MARKETING in _ids(by_zh) and MARKETING in _ids(by_en) and MARKETING in _ids(by_alias)
    assert by_alias["count"] < Skill.objects.count()  # a search, not the whole list
    row = next(r for r in by_zh["results"] if r["id"] == MARKETING)
    assert row["name"] == {"zh": "农产品营销", "en": "Agricultural marketing"}
    assert row["group"] == {"key": "agriculture", "zh": "农业", "en": "Agriculture"}
    assert row["type"] == "skill" and "农村电商" in row["aliases"]
    nothing = client.get(f"{BASE}/skills/", {"q": "没有这种技能xyz"}).json()
    assert nothing["count"] == 0 and nothing["results"] == []


def test_skill_filters_by_type_and_group_and_paginates(world, api_client_for, reference):
    client = _client(api_client_for, world)
    tools = client.get(f"{BASE}/skills/", {"type": "tool", "page_size": 200}).json()
    assert tools["count"] == Skill.objects.filter(skill_type="tool").count() > 0
    assert {r["type"] for r in tools["results"]} == {"tool"}
    counts = set()
    for group in ("agriculture", "农业", "Agriculture"):
        page = client.get(f"{BASE}/skills/", {"group": group, "page_size": 5}).json()
        assert {r["group"]["key"] for r in page["results"]} == {"agriculture"}
        assert len(page["results"]) == 5 and page["next"]
        counts.add(page["count"])
    assert counts == {Skill.objects.filter(group="农业").count()}
    both = client.get(f"{BASE}/skills/", {"group": "agriculture", "type": "skill", "q": "营销"}).json()
    assert MARKETING in _ids(both) and all(r["type"] == "skill" for r in both["results"])
    bad = client.get(f"{BASE}/skills/", {"type": "wizardry"})
    assert bad.status_code == 400 and "type" in bad.json()["errors"]


def test_skill_detail_and_unknown_id(world, api_client_for, reference):
    client = _client(api_client_for, world)
    response = client.get(f"{BASE}/skills/{MARKETING}/")
    assert response.status_code == 200 and response.json()["id"] == MARKETING
    assert client.get(f"{BASE}/skills/no.such.skill/").status_code == 404


def _posting(source, skill, *, region, month, occupation="2-02-10-03", duplicate_of=None, times=1):
    posting = Posting.objects.create(
        source=source,
        title="岗位",
        text="熟悉农产品营销",
        occupation_code=occupation,
        region=region,
        posted_month=month,
        duplicate_of=duplicate_of,
    )
    for i in range(times):  # a skill named twice in one posting still counts the posting once
        PostingSkill.objects.create(posting=posting, skill=skill, start=2 + 10 * i, end=7 + 10 * i)
    return posting


def test_skill_trend_counts_the_callers_region_and_related_occupations(world, api_client_for, reference):
    skill = Skill.objects.get(skill_id=MARKETING)
    source = PostingSource.objects.create(name="trend board")
    jan, feb, mar = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)
    first = _posting(source, skill, region=world.region1, month=jan, times=2)
    _posting(source, skill, region=world.region1, month=mar)
    _posting(source, skill, region=world.region1, month=mar, occupation="4-01-06-01")
    _posting(source, skill, region=world.region1, month=mar, duplicate_of=first)  # a duplicate is not counted
    _posting(source, skill, region=world.region2, month=feb, occupation="4-01-06-01")
    services.demand_recompute()

    def trend(client, **params):
        row = client.get(f"{BASE}/skills/{MARKETING}/", {"months": 3, **params}).json()
        return row["trend"], row

    mine, row = trend(_client(api_client_for, world))
    assert mine["periods"] == ["2024-01", "2024-02", "2024-03"]
    assert mine["postings"] == [1, 0, 2] and mine["region"]["code"] == world.region1.code
    theirs, _row = trend(_client(api_client_for, world, side="other"))
    assert theirs["postings"] == [0, 1, 0] and theirs["region"]["code"] == world.region2.code
    everywhere, _row = trend(api_client_for(world.users[Role.PLATFORM_ADMIN]))
    assert everywhere["region"] is None and everywhere["postings"] == [1, 1, 2]
    asked, _row = trend(_client(api_client_for, world), region_code=world.region2.code)
    assert asked["postings"] == [0, 1, 0]
    by_id, _row = trend(_client(api_client_for, world), region=world.region2.pk)
    assert by_id["postings"] == [0, 1, 0] and by_id["region"]["code"] == world.region2.code
    longer, _row = trend(_client(api_client_for, world), months=12)
    assert len(longer["periods"]) == 12 and longer["periods"][-1] == "2024-03" and sum(longer["postings"]) == 3
    codes = [o["code"] for o in row["occupations"]]
    assert codes == ["2-02-10-03", "4-01-06-01"]  # heaviest first: 2 postings (one named it twice), then 2
    assert row["occupations"][0]["name"] == "计算机软件工程技术人员"  # the classification's S marker is dropped
    client = _client(api_client_for, world)
    listed = client.get(f"{BASE}/skills/", {"q": "农产品营销", "months": 3}).json()["results"]
    assert next(r for r in listed if r["id"] == MARKETING)["trend"]["postings"] == [1, 0, 2]
    assert client.get(f"{BASE}/skills/", {"months": 99}).status_code == 400
    assert client.get(f"{BASE}/skills/", {"region_code": "999999"}).status_code == 404
    assert client.get(f"{BASE}/skills/", {"region": 10**9}).status_code == 404


# ------------------------------------------------------------------------------------------------- occupations


def test_occupation_tree_levels_and_parents(world, api_client_for, reference):
    client = _client(api_client_for, world, role=Role.STUDENT)
    top = client.get(f"{BASE}/occupations/", {"level": 1}).json()
    assert top["count"] == 8 and {r["level"] for r in top["results"]} == {1}
    assert all(r["parent"] is None for r in top["results"])
    groups = client.get(f"{BASE}/occupations/", {"parent_code": "2-00-00-00", "page_size": 200}).json()
    assert groups["count"] > 5 and {r["level"] for r in groups["results"]} == {2}
    assert {r["parent"] for r in groups["results"]} == {"2-00-00-00"}
    assert all(r["code"].startswith("2-") for r in groups["results"])
    assert "2-02-00-00" in [r["code"] for r in groups["results"]]
    ict = client.get(f"{BASE}/occupations/", {"parent_code": "2-02-10-00"}).json()["results"]
    assert [r["code"] for r in ict][:3] == ["2-02-10-01", "2-02-10-02", "2-02-10-03"]
    software = next(r for r in ict if r["code"] == "2-02-10-03")
    assert software["name"] == "计算机软件工程技术人员" and software["digital"] is True and software["definition"]
    # a level-4 occupation straight under a level-2 group (no level 3 between)
    party = client.get(f"{BASE}/occupations/", {"parent_code": "1-01-00-00"}).json()["results"]
    assert "1-01-00-01" in [r["code"] for r in party] and {r["level"] for r in party} == {4}
    level3 = client.get(f"{BASE}/occupations/", {"level": 3, "parent_code": "2-02-00-00"}).json()
    assert level3["count"] > 0 and {r["level"] for r in level3["results"]} == {3}
    assert client.get(f"{BASE}/occupations/", {"parent_code": "9-99-99-99"}).status_code == 404
    assert client.get(f"{BASE}/occupations/", {"level": 7}).status_code == 400


def test_occupation_search_and_detail(world, api_client_for, reference):
    client = _client(api_client_for, world, role=Role.ENTERPRISE_MENTOR)
    found = client.get(f"{BASE}/occupations/", {"q": "软件工程技术"}).json()
    assert "2-02-10-03" in [r["code"] for r in found["results"]]
    by_code = client.get(f"{BASE}/occupations/", {"q": "2-02-10"}).json()
    assert by_code["results"] and all(r["code"].startswith("2-02-10") for r in by_code["results"])
    detail = client.get(f"{BASE}/occupations/2-02-10-03/").json()
    assert detail["parent"] == "2-02-10-00" and detail["level"] == 4
    assert [p["code"] for p in detail["path"]] == ["2-00-00-00", "2-02-00-00", "2-02-10-00"]
    assert detail["children"] == []
    group = client.get(f"{BASE}/occupations/2-02-10-00/").json()
    assert "2-02-10-03" in [c["code"] for c in group["children"]]
    assert client.get(f"{BASE}/occupations/0-00-00-00/").status_code == 404


# ------------------------------------------------------------------------------------------------- extract


def test_extract_spans_strength_and_occupation_codes(world, api_client_for):
    client = _client(api_client_for, world, role=Role.TEACHER)
    text = "岗位职责：熟悉Python和MySQL，了解Linux，会使用AutoCAD者优先。"
    response = client.post(
        f"{BASE}/extract/", {"texts": [text, ""], "titles": ["Java开发工程师", "xyzzy"]}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    spans = body["texts"][0]["skills"]
    assert body["texts"][1] == {"index": 1, "skills": []}
    by_text = {s["text"]: s for s in spans}
    assert {"Python", "MySQL", "Linux", "AutoCAD"} <= set(by_text)
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
    assert by_text["Python"]["strength"] == "familiar"
    assert by_text["Linux"]["strength"] == "aware"
    assert by_text["AutoCAD"]["strength"] == "preferred"
    assert by_text["Python"]["name"]["en"] and by_text["Python"]["skill"]
    java, unknown = body["titles"]
    assert java["code"] == "2-02-10-03" and java["name"] == "计算机软件工程技术人员"
    assert java["confidence"] == default_coder().confidence["rule"]  # the calibrated confidence of a keyword rule
    assert "2-02-10-03" not in [a["code"] for a in java["alternatives"]]
    assert unknown["code"] is None and unknown["confidence"] == 0 and unknown["alternatives"] == []
    only_titles = client.post(f"{BASE}/extract/", {"titles": ["大数据开发工程师"]}, format="json").json()
    big_data = only_titles["titles"][0]
    assert "texts" not in only_titles and big_data["code"] == "2-02-38-03"
    # 开发 also matches the software rule: offered as an alternative, below the chosen code
    alternative = next(a for a in big_data["alternatives"] if a["code"] == "2-02-10-03")
    assert alternative["name"] == "计算机软件工程技术人员" and alternative["confidence"] < big_data["confidence"]


def test_extract_batch_and_length_limits(world, api_client_for):
    client = _client(api_client_for, world)
    assert client.post(f"{BASE}/extract/", {"texts": ["熟悉Python"] * 100}, format="json").status_code == 200
    too_many = client.post(f"{BASE}/extract/", {"texts": ["熟悉Python"] * 101}, format="json")
    assert too_many.status_code == 400 and "texts" in too_many.json()["errors"]
    assert "100" in too_many.json()["detail"]
    titles = client.post(f"{BASE}/extract/", {"titles": ["会计"] * 101}, format="json")
    assert titles.status_code == 400 and "titles" in titles.json()["errors"]
    long_text = client.post(f"{BASE}/extract/", {"texts": ["短", "长" * 5001]}, format="json")
    assert long_text.status_code == 400 and "1" in long_text.json()["errors"]["texts"]
    assert client.post(f"{BASE}/extract/", {}, format="json").status_code == 400
    assert client.post(f"{BASE}/extract/", {"texts": "熟悉Python"}, format="json").status_code == 400


def test_extract_errors_speak_chinese(world, api_client_for):
    client = _client(api_client_for, world)
    response = client.post(
        f"{BASE}/extract/", {"titles": ["会计"] * 101}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.json()["detail"] == "每次最多发送 100 个职位名称。"


def test_extract_is_throttled_per_user(world, api_client_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "extract": "2/minute"},
    }
    client = _client(api_client_for, world)
    for _ in range(2):
        assert client.post(f"{BASE}/extract/", {"titles": ["会计"]}, format="json").status_code == 200
    limited = client.post(f"{BASE}/extract/", {"titles": ["会计"]}, format="json")
    assert limited.status_code == 429
    assert limited.json()["code"] == "throttled" and int(limited["Retry-After"]) > 0
    # the limit is the caller's own: another user still gets through, and reads are not throttled
    other = _client(api_client_for, world, role=Role.TEACHER)
    assert other.post(f"{BASE}/extract/", {"titles": ["会计"]}, format="json").status_code == 200
    assert client.get(f"{BASE}/occupations/", {"level": 1}).status_code == 200


# ------------------------------------------------------------------------------------------------- who may call


def test_every_signed_in_role_may_call_and_anonymous_gets_401(world, api_client_for, client, reference):
    urls = [
        f"{BASE}/skills/",
        f"{BASE}/skills/{MARKETING}/",
        f"{BASE}/occupations/",
        f"{BASE}/occupations/2-02-10-03/",
    ]
    for url in urls:
        assert client.get(url).status_code == 401, url
    anonymous = client.post(f"{BASE}/extract/", {"texts": ["熟悉Python"]}, content_type="application/json")
    assert anonymous.status_code == 401
    for role in (
        Role.AUTHORITY_OFFICER,
        Role.GROUP_OFFICER,
        Role.ASSOCIATION_OFFICER,
        Role.SCHOOL_ADMIN,
        Role.TEACHER,
        Role.ENTERPRISE_ADMIN,
        Role.ENTERPRISE_MENTOR,
        Role.STUDENT,
        Role.PLATFORM_ADMIN,
    ):
        signed_in = api_client_for(world.users[role])
        for url in urls:
            assert signed_in.get(url).status_code == 200, (role, url)
        assert signed_in.post(f"{BASE}/extract/", {"titles": ["会计"]}, format="json").status_code == 200, role
