"""Demo region, part 1: the city, its authority, group, association, schools and enterprises, and the
organisation-side demo log-ins. Synthetic: every school and enterprise name is made up from word lists, but
division codes (GB/T 2260), industry codes (GB/T 4754-2017) and credit codes (GB 32100-2015) are valid and
coordinates lie in the real districts. See core/demo.py for the ctx.shared contract.
"""

from __future__ import annotations

from decimal import Decimal

from workbridge.core.roles import OrgKind, Role

from .engines.credit_code import make_credit_code

ORDER = 10

# Jiaxing (嘉兴市, Zhejiang): GB/T 2260 codes of the city and its districts/counties, approximate centres.
CITY = ("330400", "嘉兴市", "Jiaxing", Decimal("30.7522"), Decimal("120.7555"))
DISTRICTS = [
    ("330402", "南湖区", "Nanhu", Decimal("30.7470"), Decimal("120.7830"), "南湖"),
    ("330411", "秀洲区", "Xiuzhou", Decimal("30.7650"), Decimal("120.7090"), "秀洲"),
    ("330421", "嘉善县", "Jiashan", Decimal("30.8300"), Decimal("120.9260"), "嘉善"),
    ("330424", "海盐县", "Haiyan", Decimal("30.5260"), Decimal("120.9460"), "海盐"),
    ("330481", "海宁市", "Haining", Decimal("30.5100"), Decimal("120.6810"), "海宁"),
    ("330482", "平湖市", "Pinghu", Decimal("30.6760"), Decimal("121.0150"), "平湖"),
    ("330483", "桐乡市", "Tongxiang", Decimal("30.6300"), Decimal("120.5650"), "桐乡"),
]
ROADS = [
    "中山路",
    "禾兴路",
    "文昌路",
    "南溪路",
    "东升路",
    "秀园路",
    "洪兴路",
    "亚太路",
    "昌盛路",
    "长水路",
    "庆丰路",
    "创业路",
    "科技大道",
    "经济开发区兴业路",
    "高新区智造路",
    "港区海港大道",
    "庆丰南路",
    "城南路",
]

# School name parts. Focus words pair with the majors the academics seeder gives each school.
HIGHER_FOCUS = [
    "智能制造",
    "信息工程",
    "商贸",
    "交通",
    "健康",
    "工业",
    "经贸",
    "电子信息",
    "机电",
    "数字经济",
    "建设",
    "海港",
    "现代服务",
    "科技",
    "城建",
]
SECONDARY_NAMES = ["中等专业学校", "职业技术学校", "技工学校", "职业高级中学"]
APPLIED_NAMES = ["应用技术学院", "理工学院", "科技学院"]

# GB/T 4754-2017 (section, division) with name words; weights follow a manufacturing-heavy city.
INDUSTRIES = [
    ("C", "34", ["精密机械", "智能装备", "液压科技", "自动化设备", "轴承"], 10),
    ("C", "38", ["电气", "电机", "新能源科技", "光伏科技"], 8),
    ("C", "39", ["电子", "光电科技", "微电子", "智能传感"], 8),
    ("C", "36", ["汽车零部件", "汽车配件", "新能源汽车部件"], 6),
    ("C", "35", ["专用设备", "医疗器械", "环保设备"], 4),
    ("C", "17", ["纺织", "经编"], 4),
    ("C", "18", ["服饰", "时装"], 3),
    ("C", "29", ["塑业", "橡塑制品"], 3),
    ("C", "26", ["化工新材料", "精细化工"], 2),
    ("C", "14", ["食品", "粮油食品"], 2),
    ("I", "65", ["软件", "信息技术", "数据科技", "网络科技", "智能科技"], 9),
    ("I", "64", ["互联网科技", "数字科技"], 3),
    ("F", "52", ["电子商务", "商贸"], 5),
    ("F", "51", ["贸易", "供应链管理"], 4),
    ("G", "54", ["物流", "运输"], 3),
    ("G", "59", ["仓储物流", "冷链物流"], 2),
    ("H", "61", ["酒店管理", "大酒店"], 2),
    ("H", "62", ["餐饮管理"], 1),
    ("Q", "84", ["护理院", "康复医院", "健康管理"], 3),
    ("E", "47", ["建设", "建筑工程"], 3),
    ("L", "72", ["人力资源", "企业管理咨询"], 2),
    ("M", "74", ["检测技术", "工程设计"], 2),
]
BRANDS = [
    "恒创",
    "华腾",
    "嘉诚",
    "禾丰",
    "远航",
    "鑫达",
    "瑞泰",
    "博远",
    "精工",
    "永信",
    "启明",
    "万润",
    "东升",
    "天誉",
    "新锐",
    "正泰和",
    "明辉",
    "宏达",
    "同创",
    "金盛",
    "德力",
    "凯越",
    "海纳",
    "卓越",
    "汇通",
    "长兴",
    "佳禾",
    "晨光",
    "盛世",
    "翔宇",
    "中瑞",
    "锦程",
    "康力",
    "华宇",
    "信诚",
    "丰源",
    "兆丰",
    "鼎新",
    "世纪",
    "和润",
    "安泰",
    "联创",
    "越达",
    "嘉和",
    "星河",
    "睿思",
    "弘毅",
    "泓源",
    "蓝海",
    "云帆",
    "众合",
    "普惠",
    "宏图",
    "致远",
    "诺德",
    "百川",
    "立新",
    "银河",
    "腾跃",
    "恒昌",
    "华瑞",
    "天成",
    "昊天",
    "励精",
    "创新",
    "富达",
    "瑞丰",
    "金桥",
    "茂源",
    "乐科",
]
SUFFIXES = [("有限公司", 8), ("股份有限公司", 2), ("集团有限公司", 1)]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋"
    "蔡余杜叶程魏苏吕丁沈任姚卢钟姜崔谭陆范汪"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红文辉力斌宇浩凯鹏晨阳欣怡佳琪子涵雨轩梓睿思源嘉俊宁晓"


def _weighted(rng, items):
    return rng.choices([i for i in items], weights=[i[-1] for i in items], k=1)[0]


def person_name(rng) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _org_code(index: int, seed: int) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and its check character."""
    body = f"{(seed * 1_000_003 + index * 7919) % 10**8:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _point(rng, district, spread: float = 0.06):
    lat = district[3] + Decimal(str(round(rng.uniform(-spread, spread), 6)))
    lon = district[4] + Decimal(str(round(rng.uniform(-spread, spread), 6)))
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def _address(rng, district) -> str:
    return f"浙江省嘉兴市{district[1]}{rng.choice(ROADS)}{rng.randint(1, 2999)}号"


def _school_plan(rng, count: int) -> list[tuple[str, str]]:
    """(school_type, name) per school: the first (demo) school a higher vocational college, then at least one
    secondary school and one applied university; the rest mostly higher vocational colleges."""
    plan = ["higher", "secondary", "applied", "higher"]
    kinds = ["higher", "higher", "higher", "secondary", "secondary", "undergraduate", "applied"]
    while len(plan) < count:
        plan.append(rng.choice(kinds))
    plan = plan[:count]
    focus = [f for f in HIGHER_FOCUS if f != "智能制造"]
    rng.shuffle(focus)
    focus.insert(0, "智能制造")  # the demo school: a smart-manufacturing college with mechatronics
    prefixes = ["嘉兴"] + [d[5] for d in DISTRICTS]
    used: set[str] = set()
    result = []
    for i, kind in enumerate(plan):
        if kind == "higher":
            candidates = [f"{p}{f}职业技术学院" for f in focus for p in prefixes]
        elif kind == "secondary":
            candidates = [f"嘉兴市{d[1]}{n}" for n in SECONDARY_NAMES for d in DISTRICTS]
        elif kind == "undergraduate":
            candidates = [f"浙江{d[5]}{f}职业技术大学" for f in focus for d in DISTRICTS]
        else:
            candidates = [f"{p}{n}" for n in APPLIED_NAMES for p in prefixes]
        offset = i % len(candidates)
        name = next(c for c in candidates[offset:] + candidates[:offset] if c not in used)
        used.add(name)
        result.append((kind, name))
    return result


def seed(ctx) -> None:
    from .models import Affiliation, Organization, Region, SizeBand, VettingStatus

    rng = ctx.rng
    sizes = ctx.sizes

    city = Region.objects.create(code=CITY[0], name=CITY[1], name_en=CITY[2])
    districts = ctx.bulk(Region, [Region(code=d[0], name=d[1], name_en=d[2], parent=city) for d in DISTRICTS])
    by_code = {r.code: r for r in districts}
    platform = Organization.objects.create(kind=OrgKind.PLATFORM, name="WorkBridge 平台运营中心", short_name="平台")
    authority = Organization.objects.create(
        kind=OrgKind.AUTHORITY,
        name="嘉兴市教育局",
        name_en="Jiaxing Municipal Education Bureau",
        short_name="市教育局",
        region=city,
        address="浙江省嘉兴市南湖区中环南路1号",
        latitude=CITY[3],
        longitude=CITY[4],
    )
    group = Organization.objects.create(
        kind=OrgKind.GROUP,
        name="嘉兴市智能制造职业教育集团",
        short_name="智能制造职教集团",
        region=city,
        description="由市内职业院校与龙头企业组成，开展订单培养、实训基地共建和师资互聘。",
    )
    association = Organization.objects.create(
        kind=OrgKind.ASSOCIATION,
        name="嘉兴市智能制造行业协会",
        short_name="智能制造协会",
        region=city,
        description="服务市内装备制造、电子信息企业的行业组织。",
    )

    schools = []
    for index, (school_type, name) in enumerate(_school_plan(rng, sizes["schools"])):
        district = DISTRICTS[index % len(DISTRICTS)]
        lat, lon = _point(rng, district, 0.03)
        schools.append(
            Organization(
                kind=OrgKind.SCHOOL,
                name=name,
                short_name=name.replace("嘉兴市", "").replace("嘉兴", "")[:20],
                region=by_code[district[0]],
                school_type=school_type,
                code=f"41{33040 + index:05d}{rng.randint(100, 999)}",
                address=_address(rng, district),
                latitude=lat,
                longitude=lon,
                contact_name=person_name(rng),
                contact_phone=f"0573-8{rng.randint(1000000, 9999999)}",
                description="",
            )
        )
    schools = ctx.bulk(Organization, schools)

    enterprises, names = [], set()
    section_codes = {}
    for index in range(sizes["enterprises"]):
        section, division, words, _weight = _weighted(rng, INDUSTRIES) if index else INDUSTRIES[0]
        district = DISTRICTS[rng.randrange(len(DISTRICTS))] if index else DISTRICTS[0]
        while True:
            place = "嘉兴" if rng.random() < 0.45 else district[5]
            suffix = _weighted(rng, SUFFIXES)[0]
            name = f"{place}{rng.choice(BRANDS)}{rng.choice(words)}{suffix}"
            if name not in names:
                break
        names.add(name)
        band = rng.choices(list(SizeBand.values), weights=[30, 45, 17, 8])[0] if index else SizeBand.LARGE
        staff = {
            "micro": rng.randint(5, 19),
            "small": rng.randint(20, 299),
            "medium": rng.randint(300, 999),
            "large": rng.randint(1000, 8000),
        }[band]
        if index == 0:
            status = VettingStatus.APPROVED
        else:
            status = rng.choices(
                [VettingStatus.APPROVED, VettingStatus.PENDING, VettingStatus.REJECTED, VettingStatus.SUSPENDED],
                weights=[88, 7, 3, 2],
            )[0]
        lat, lon = _point(rng, district)
        credit = make_credit_code(f"91{district[0]}{_org_code(index, ctx.seed)}")
        section_codes[section] = section_codes.get(section, 0) + 1
        enterprises.append(
            Organization(
                kind=OrgKind.ENTERPRISE,
                name=name,
                short_name=name.replace("有限公司", "").replace("股份", "")[-8:],
                region=by_code[district[0]],
                credit_code=credit,
                industry_section=section,
                industry_division=division,
                size_band=band,
                staff_count=staff,
                address=_address(rng, district),
                latitude=lat,
                longitude=lon,
                contact_name=person_name(rng),
                contact_phone=f"0573-8{rng.randint(1000000, 9999999)}",
                contact_email=f"hr{index + 1}@example.com",
                description=f"{words[0]}领域企业，员工约{staff}人。",
                vetting_status=status,
                vetting_reason={
                    VettingStatus.REJECTED: "营业执照与统一社会信用代码不一致。",
                    VettingStatus.SUSPENDED: "实习生投诉待核查，暂停合作。",
                }.get(status, ""),
                normalized_name=name,
            )
        )
    enterprises = ctx.bulk(Organization, enterprises)
    approved = [e for e in enterprises if e.vetting_status == VettingStatus.APPROVED]

    affiliations = [
        Affiliation(body=group, member=s, since=ctx.today.replace(year=ctx.today.year - 3, day=1))
        for s in schools
        if s.school_type != "applied"
    ]
    makers = [e for e in approved if e.industry_section == "C"]
    affiliations += [
        Affiliation(body=association, member=e, since=ctx.today.replace(year=ctx.today.year - 2, day=1))
        for e in makers[: max(5, len(makers) // 2)]
    ]
    ctx.bulk(Affiliation, affiliations)

    demo_school, demo_enterprise = schools[0], enterprises[0]
    ctx.shared.update(
        {
            "platform": platform,
            "region": city,
            "districts": districts,
            "authority": authority,
            "group": group,
            "association": association,
            "schools": schools,
            "enterprises": enterprises,
            "approved_enterprises": approved,
            "demo_school": demo_school,
            "demo_enterprise": demo_enterprise,
        }
    )

    ctx.make_login(username="demo_platform", display_name="平台管理员", organization=platform, role=Role.PLATFORM_ADMIN)
    ctx.make_login(
        username="demo_authority",
        display_name=person_name(rng),
        organization=authority,
        role=Role.AUTHORITY_OFFICER,
        title="职成教处科员",
    )
    ctx.make_login(
        username="demo_group",
        display_name=person_name(rng),
        organization=group,
        role=Role.GROUP_OFFICER,
        title="集团秘书处",
    )
    ctx.make_login(
        username="demo_association",
        display_name=person_name(rng),
        organization=association,
        role=Role.ASSOCIATION_OFFICER,
        title="协会秘书长",
    )
    ctx.make_login(
        username="demo_school_admin",
        display_name=person_name(rng),
        organization=demo_school,
        role=Role.SCHOOL_ADMIN,
        title="校企合作处处长",
    )
    ctx.make_login(
        username="demo_enterprise_admin",
        display_name=person_name(rng),
        organization=demo_enterprise,
        role=Role.ENTERPRISE_ADMIN,
        title="人力资源部经理",
    )
    ctx.make_login(
        username="demo_mentor",
        display_name=person_name(rng),
        organization=demo_enterprise,
        role=Role.ENTERPRISE_MENTOR,
        title="设备部高级技师",
    )
    ctx.log(f"    {len(schools)} schools, {len(enterprises)} enterprises ({len(approved)} approved)")
