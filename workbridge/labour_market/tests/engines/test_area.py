import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.labour_market.engines.area import parse_area

CASES = [
    ("深圳深圳宝安区宝安", "广东省", "深圳市", "宝安区"),
    ("浙江省宁波", "浙江省", "宁波市", None),
    ("北京-朝阳区", "北京市", "北京市", "朝阳区"),
    ("上海上海浦东新区", "上海市", "上海市", "浦东新区"),
    ("湖北省武汉东湖新技术产业开发区", "湖北省", "武汉市", "东湖新技术产业开发区"),
    ("江苏省苏州苏州工业园区独墅湖", "江苏省", "苏州市", "苏州工业园区"),
    ("江苏省昆山", "江苏省", "苏州市", "昆山市"),
    ("山东省青岛市北区", "山东省", "青岛市", "市北区"),
    ("山东省济南市中区", "山东省", "济南市", "市中区"),
    ("吉林省吉林", "吉林省", "吉林市", None),
    ("辽宁省朝阳", "辽宁省", "朝阳市", None),
    ("吉林省长春朝阳区人民广场", "吉林省", "长春市", "朝阳区"),
    ("广西南宁青秀区", "广西壮族自治区", "南宁市", "青秀区"),
    ("新疆乌鲁木齐", "新疆维吾尔自治区", "乌鲁木齐市", None),
    ("湖南省湘西", "湖南省", "湘西土家族苗族自治州", None),
    ("广省惠州惠城区", "广东省", "惠州市", "惠城区"),  # mistyped province in the real data
    ("重庆重庆渝北区", "重庆市", "重庆市", "渝北区"),
    ("湖北省湖北省", "湖北省", None, None),
]


@pytest.mark.parametrize(("text", "province", "city", "district"), CASES)
def test_real_area_strings(text, province, city, district):
    r = parse_area(text)
    assert r.ok
    assert (r.province, r.city, r.district) == (province, city, district)


@pytest.mark.parametrize("text", ["异地招聘", "全国", "", "火星基地"])
def test_not_a_place(text):
    r = parse_area(text)
    assert not r.ok and r.raw == text and r.province is None and r.reason


def test_every_area_in_the_51job_sample_parses():
    # every distinct area string of the shipped development set's 51job rows resolves to a province
    import csv
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "fixtures" / "devset" / "51job_sample.csv"
    with sample.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["area"]]
    assert len(rows) >= 50
    for row in rows:
        r = parse_area(row["area"])
        assert r.ok and r.province, row["area"]


@given(st.text(max_size=30))
def test_never_raises(text):
    r = parse_area(text)
    assert r.raw == text
    if r.city:
        assert r.province


# ---------------------------------------------------------------------------------------------------------
# Every county-level division of GB/T 2260 (issue 11, "Areas")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("郏县", "410425"),
        ("三原", "610422"),
        ("商水", "411623"),
        ("赤壁", "421281"),
        ("凉城", "150925"),
        ("桐乡市", "330483"),
        ("桐乡", "330483"),
        ("海宁", "330481"),
        ("哈尔滨-延寿", "230129"),
        ("忻州·河曲县", "140930"),
        ("云南大理云龙县高新园", "532929"),
        ("承德·承德县", "130821"),
        ("河北大厂", "131028"),
    ],
)
def test_county_level_divisions_resolve_with_their_code(text, code):
    result = parse_area(text)
    assert result.ok and result.code == code, result


def test_a_short_form_shared_by_several_counties_stays_unresolved():
    result = parse_area("通州")  # 北京市通州区 and 南通市通州区
    assert not result.ok and result.code is None
    assert parse_area("北京通州").code == "110112"  # the city before it decides


def test_held_out_generated_strings_meet_the_target():
    """WorkBridge's own set, generated with a fixed seed from the code list (engines/area_eval.py): every
    county-level division once, in the shapes job boards print, with separators (-, ·, /, space) and trailing
    noise (开发区, 街道办 ...); strings naming several counties must stay unresolved. The test half and a second
    draw (seed 7) were not looked at while writing the rules. bench/bench_areas.py prints the same figures."""
    from workbridge.labour_market.engines import area_eval

    _dev, test = area_eval.split(area_eval.cases())
    for part in (test, area_eval.cases(seed=7)):
        figures = area_eval.score(part)
        assert figures["n"] > 1000
        assert figures["right"] >= 0.97 and figures["wrong"] <= 0.01, figures


def test_hand_labelled_real_area_strings_meet_the_target():
    """200 distinct area strings of the shared 51job file, labelled by hand (tests/fixtures/areas_51job_labelled.csv;
    how: README, 'Areas, measured')."""
    from pathlib import Path

    from workbridge.labour_market.engines import area_eval

    cases = area_eval.labelled(Path(__file__).resolve().parent.parent / "fixtures" / "areas_51job_labelled.csv")
    figures = area_eval.score(cases)
    assert figures["n"] == 200
    assert figures["right"] >= 0.97 and figures["wrong"] <= 0.01, figures


def test_every_former_name_resolves_in_the_job_board_shapes():
    from workbridge.labour_market.engines import area_eval

    figures = area_eval.score(area_eval.old_name_cases())
    assert figures["n"] >= 100
    assert figures["right"] >= 0.97 and figures["wrong"] <= 0.01, figures


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # renames known independently of the derived file (checked against the State Council's approvals)
        ("中甸县", "533401"),  # 香格里拉市
        ("云南迪庆中甸", "533401"),
        ("波阳县", "361128"),  # 鄱阳县
        ("山东临沂苍山县", "371324"),  # 兰陵县
        ("潞西市", "533103"),  # 芒市
        ("南坪县", "513225"),  # 九寨沟县
        ("酃县", "430225"),  # 炎陵县
        ("完县", "130636"),  # 顺平县
        ("沈阳-东陵区", "210112"),  # 浑南区
        ("襄阳县", "420607"),  # 襄州区 (not the city 襄阳市)
        ("秀城区", "330402"),  # 嘉兴 南湖区
    ],
)
def test_former_names_resolve_to_todays_division(text, code):
    result = parse_area(text)
    assert result.ok and result.code == code, result


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("甘孜县", "513328"),  # a county named like its prefecture's short form, not the prefecture
        ("阿拉善右旗", "152922"),
        ("阿拉善·阿拉善右", "152922"),
        ("黄石·黄石港", "420202"),
        ("岳阳楼区", "430602"),
        ("甘肃/临夏市工业园区", "622901"),
        ("海南区", "150303"),  # 乌海, not 海南省
        ("海南·兴海县", "632524"),  # 海南藏族自治州 of 青海
        ("青海海南共和县高新区", "632521"),
        ("内江 市中区", "511002"),
        ("乐山-市中", "511102"),
        ("衡阳县人民路", "430421"),
        ("浙江/海宁 开发区", "330481"),
    ],
)
def test_counties_named_like_a_larger_division(text, code):
    result = parse_area(text)
    assert result.ok and result.code == code, result


@pytest.mark.parametrize("text", ["朝阳区", "市中区", "西湖区高新区", "山东省市中", "铁东"])
def test_names_several_counties_share_stay_unresolved_without_context(text):
    result = parse_area(text)
    assert not (result.ok and result.code and not result.code.endswith("00")), result


def test_every_division_of_the_demo_region_resolves_in_the_shapes_postings_use():
    from workbridge.organizations.demo import DISTRICTS

    for code, name, _en, _lat, _lon, short in DISTRICTS:
        for text in (name, short, f"嘉兴{short}", f"浙江省嘉兴{name}", f"嘉兴市-{name}", f"浙江 {short}"):
            result = parse_area(text)
            assert result.ok and result.code == code, (text, result)
