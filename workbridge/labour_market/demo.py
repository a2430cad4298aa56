"""Demo region for talent-demand intelligence.

Real posting texts shipped in labour_market/data (copied from shared/data/postings with their licences) are
attributed to the demo region's enterprises and spread over the last 24 months, then ingested through the
production path (``postings_ingest``). Demo majors get target occupations, their courses get skill tags
(suggested by the extractor, most confirmed), past cohorts get destination records, one school runs an
enterprise demand survey, an association publishes a standard and a forecast, one programme is in review,
and the warnings are computed, so every page has something true to show.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

ORDER = 70
DATA_DIR = Path(__file__).resolve().parent / "data"

POSTINGS_PER_SCALE = {"small": 600, "medium": 4000, "large": 20000}
POSTING_SECTIONS = {"C", "I", "M"}

# Major-name keyword -> target occupations (csco-2022), first match wins.
TARGETS = [
    (
        ("软件", "计算机", "大数据", "人工智能", "云计算", "信息", "网络", "数字媒体"),
        ["2-02-10-03", "4-04-05-01", "4-04-05-02", "2-02-38-03"],
    ),
    # 电子商务 before 电子: the first match wins.
    (("电子商务", "物流", "市场营销", "商务"), ["4-01-06-01", "4-01-02-01"]),
    (("电子", "嵌入式", "物联网", "通信", "集成电路"), ["2-02-10-06", "2-02-10-02", "2-02-10-03"]),
    # 机电一体化 and its kin train for automation, industrial robots and intelligent manufacturing (the 2021
    # catalogue's 面向职业), not embedded chip design.
    (("机电", "自动化", "电气", "机器人", "智能制造", "数控", "机械"), ["2-02-07-07", "6-31-07-01", "2-02-38-05"]),
    (("汽车",), ["4-12-01-01", "2-02-07-11", "6-22-02-01"]),
    (("护理", "助产"), ["2-05-08-00"]),
    (("会计", "财务", "金融"), ["2-06-03-00"]),
    (("旅游", "酒店"), ["4-07-04-01", "4-07-04-02"]),
    (("托育", "学前", "早期教育"), ["4-10-01-03"]),
]
DEFAULT_TARGETS = ["2-02-10-03", "2-02-10-06"]


def _targets_for(name: str) -> list[str]:
    for words, codes in TARGETS:
        if any(w in name for w in words):
            return codes
    return DEFAULT_TARGETS


SAMPLE_PLACES = (DATA_DIR, Path(__file__).resolve().parent / "tests" / "fixtures" / "devset")

# Job-description texts ship without a title; the demo gives each one a title from what it asks for.
TITLE_RULES = [
    (("嵌入式", "ARM", "单片机", "RTOS", "驱动"), "嵌入式软件工程师"),
    (("PLC", "电气", "自动化"), "电气自动化工程师"),
    (("测试",), "软件测试工程师"),
    (("算法", "机器学习", "深度学习", "图像", "视觉"), "算法工程师"),
    (("数据分析", "大数据", "Hadoop", "Spark"), "大数据开发工程师"),
    (("Java", "JAVA", "java"), "Java开发工程师"),
    (("Python", "python"), "Python开发工程师"),
    (("前端", "JavaScript", "Vue"), "前端开发工程师"),
]


def _title_for(text: str) -> str:
    for words, title in TITLE_RULES:
        if any(w in text for w in words):
            return title
    return "软件工程师"


def _sample_records() -> list[dict]:
    """Real postings shipped in the repository (labour_market/data, else the labelled development set)."""
    import csv

    for place in SAMPLE_PLACES:
        records: list[dict] = []
        for path in sorted(place.glob("*.jsonl")):
            if path.name.startswith("skills.") or path.name == "skills.jsonl":
                continue
            for line in path.read_text(encoding="utf-8").split("\n"):  # not at U+2028 inside a posting
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(item, dict) and item.get("text"):
                    records.append({"title": item.get("title") or _title_for(item["text"]), "text": item["text"]})
        for path in sorted(place.glob("*51job*.csv")):
            with path.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    records.append(
                        {
                            "title": row.get("jobName", ""),
                            "tags": row.get("tags", ""),
                            "salary": row.get("salary", ""),
                            "area": row.get("area", ""),
                            "education": row.get("degree", ""),
                            "experience": row.get("workYear", ""),
                            "company": row.get("companyName", ""),
                        }
                    )
        if records:
            return records
    return []


def seed(ctx) -> None:
    from workbridge.academics.models import Course, Major
    from workbridge.core.access import Actor
    from workbridge.core.roles import OrgKind, Role
    from workbridge.organizations.models import Membership, Organization

    from . import services
    from .models import CourseSkill, GraduateDestination, MajorTargetOccupation, SurveyStatus, TagStatus

    rng = ctx.rng
    services.ensure_reference_data()
    services.warning_rules_load()
    platform = Actor(user=None, role=Role.PLATFORM_ADMIN, organization_id=None, org_kind=None)

    schools = list(ctx.shared.get("schools") or Organization.objects.filter(kind=OrgKind.SCHOOL).order_by("id"))
    enterprises = list(
        ctx.shared.get("enterprises") or Organization.objects.filter(kind=OrgKind.ENTERPRISE).order_by("id")
    )
    majors = list(Major.objects.filter(school__in=schools).select_related("school").order_by("id"))
    if not schools or not majors:
        ctx.log("labour_market: no schools or majors in the demo region; skipped")
        return

    # 1. Postings: real texts, attributed to demo enterprises across the last 24 months. The shipped postings are
    # software, electronics and automation jobs, so only manufacturers, IT firms and technical-service firms
    # (GB/T 4754 sections C, I, M) post them: a catering company advertising embedded software would mislead.
    sample = _sample_records()
    hosts = [e for e in enterprises if e.industry_section in POSTING_SECTIONS] or enterprises
    n = POSTINGS_PER_SCALE.get(ctx.scale, 600)
    if sample:
        lines = []
        for i in range(n):
            item = dict(sample[i % len(sample)] if i < len(sample) else rng.choice(sample))
            demo_enterprise = ctx.shared.get("demo_enterprise")
            roll = rng.random()
            if hosts and roll < 0.6:
                use_demo = demo_enterprise is not None and roll < 0.12 and demo_enterprise in hosts
                ent = demo_enterprise if use_demo else rng.choice(hosts)
                item["company"] = ent.name
                if ent.region_id and not item.get("area"):
                    item["area"] = ent.region.name
            months_ago = rng.randint(0, 23)
            month = ctx.today.replace(day=1) - dt.timedelta(days=30 * months_ago)
            item["posted"] = month.strftime("%Y-%m-15")
            item["id"] = f"demo-{i}"
            lines.append(json.dumps(item, ensure_ascii=False))
        upload = io.BytesIO("\n".join(lines).encode("utf-8"))
        upload.name = "demo-postings.jsonl"
        batch = services.postings_ingest(
            actor=platform, file=upload, fmt="jsonl", source="Demo: real postings (51job/Zhilian, MIT/Apache-2.0)"
        )
        ctx.log(f"labour_market: {batch.imported} postings ({batch.duplicates} near-duplicates)")
    else:
        ctx.log("labour_market: no shipped posting sample found in labour_market/data; demand tables stay empty")

    # 2. Target occupations and course skill tags.
    for major in majors:
        school_actor = Actor(
            user=None, role=Role.SCHOOL_ADMIN, organization_id=major.school_id, org_kind=OrgKind.SCHOOL
        )
        for weight, code in zip((3, 2, 1, 1), _targets_for(major.name), strict=False):
            MajorTargetOccupation.objects.get_or_create(major=major, occupation_code=code, defaults={"weight": weight})
        for course in Course.objects.filter(major=major):
            services.course_skills_suggest(actor=school_actor, course=course)
        tags = list(CourseSkill.objects.filter(course__major=major, status=TagStatus.SUGGESTED))
        for tag in tags:
            tag.status = TagStatus.CONFIRMED if rng.random() < 0.85 else TagStatus.REJECTED
        CourseSkill.objects.bulk_update(tags, ["status"])

    # 3. Destination history for past cohorts (a few majors deliberately weak, so warnings show).
    this_year = ctx.today.year
    employers = [e.name for e in enterprises] or ["宁波智能制造有限公司"]
    records = []
    for index, major in enumerate(majors):
        base = 0.55 if index % 4 == 1 else 0.72 if index % 4 == 2 else 0.9
        for year in range(this_year - 4, this_year):
            size = rng.randint(30, 90)
            rate = max(0.3, min(0.98, base + rng.uniform(-0.04, 0.04)))
            for i in range(size):
                roll = rng.random()
                if roll < rate * 0.8:
                    dest = "employed"
                elif roll < rate * 0.9:
                    dest = "further_study"
                elif roll < rate * 0.95:
                    dest = "self_employed"
                elif roll < rate:
                    dest = "enlisted"
                else:
                    dest = "not_placed"
                employed = dest == "employed"
                records.append(
                    GraduateDestination(
                        school_id=major.school_id,
                        major=major,
                        student_number=f"G{year}{major.pk:04d}{i:03d}",
                        graduation_year=year,
                        destination=dest,
                        employer_name=rng.choice(employers) if employed else "",
                        occupation_code=rng.choice(_targets_for(major.name)) if employed else "",
                        starting_salary=int(rng.gauss(6300 if base > 0.6 else 4300, 700)) if employed else None,
                        relevance=rng.choice(["high", "high", "some", "none"]) if employed else "",
                        hired_by_host=(rng.random() < (0.3 if base > 0.6 else 0.08)) if employed else None,
                        source="import",
                    )
                )
    GraduateDestination.objects.bulk_create(records, batch_size=1000, ignore_conflicts=True)

    # 4. An enterprise demand survey with answers.
    school = schools[0]
    school_actor = Actor(user=None, role=Role.SCHOOL_ADMIN, organization_id=school.pk, org_kind=OrgKind.SCHOOL)
    local = [e for e in enterprises if e.region_id == school.region_id][:4] or enterprises[:4]
    if local:
        survey = services.survey_create(
            actor=school_actor,
            title=f"{this_year + 1}年合作企业用人需求调查",
            target_year=this_year + 1,
            intro="请填写明年需要的岗位、人数和期望技能。",
            questions=[{"text": "贵企业是否愿意接收实习生？", "kind": "choice", "choices": ["愿意", "视情况", "暂不"]}],
        )
        services.survey_invite(actor=school_actor, survey=survey, enterprises=local)
        services.survey_set_status(actor=school_actor, survey=survey, status=SurveyStatus.OPEN)
        posts = [
            ("嵌入式软件工程师", "熟悉C语言、ARM、Linux"),
            ("PLC编程工程师", "熟练PLC编程，会AutoCAD电气制图"),
            ("Python开发工程师", "熟悉Python、Django、MySQL"),
            ("软件测试工程师", "了解自动化测试、SQL"),
        ]
        for ent in local[:3]:
            ent_actor = Actor(
                user=None, role=Role.ENTERPRISE_ADMIN, organization_id=ent.pk, org_kind=OrgKind.ENTERPRISE
            )
            chosen = rng.sample(posts, 2)
            services.survey_submit(
                actor=ent_actor,
                survey=survey,
                posts=[{"title": t, "headcount": rng.randint(2, 12), "skills": s} for t, s in chosen],
                answers={"1": rng.choice(["愿意", "视情况"])},
            )

    # 5. An industry association's standard and forecast (if the region has an association).
    association = Organization.objects.filter(kind=OrgKind.ASSOCIATION).order_by("id").first()
    if association:
        assoc_actor = Actor(
            user=None, role=Role.ASSOCIATION_OFFICER, organization_id=association.pk, org_kind=OrgKind.ASSOCIATION
        )
        try:
            services.standard_publish(
                actor=assoc_actor,
                title="嵌入式软件开发岗位技能标准",
                sector="电子信息",
                occupation_code="2-02-10-06",
                year=this_year,
                source_note=f"{association.name} 行业标准（演示）",
                skills=[("C语言", 5), ("Linux", 4), ("ARM", 4)],
            )
        except Exception as exc:  # an unknown skill name in a changed taxonomy must not break the demo
            ctx.log(f"labour_market: standard skipped ({exc})")
        services.forecast_publish(
            actor=assoc_actor,
            sector="电子信息",
            occupation_code="2-02-10-06",
            year=this_year + 1,
            headcount=350,
            source_note=f"{association.name} 人才需求预测（演示）",
        )

    # 6. A programme in review with an enterprise reviewer.
    first = majors[0]
    reviewer = (
        Membership.objects.filter(role=Role.ENTERPRISE_ADMIN, is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    school_actor = Actor(user=None, role=Role.SCHOOL_ADMIN, organization_id=first.school_id, org_kind=OrgKind.SCHOOL)
    courses = list(Course.objects.filter(major=first)[:12])
    programme = services.programme_create(
        actor=school_actor,
        major=first,
        cohort_year=this_year,
        title=f"{first.name}专业{this_year}级人才培养方案",
        content={
            "target_posts": [f"{c}" for c in _targets_for(first.name)[:3]],
            "competencies": [
                "掌握专业核心技能并能在企业真实项目中应用",
                "具备安全生产与质量意识",
                "具备团队协作与沟通能力",
            ],
            "certificates": ["1+X 相关职业技能等级证书（中级）"],
            "courses": [
                {"name": c.name, "semester": c.semester, "hours": c.hours, "practice_hours": c.hours // 2}
                for c in courses
            ]
            or [{"name": "专业综合实训", "semester": 5, "hours": 120, "practice_hours": 120}],
        },
    )
    if reviewer:
        services.programme_invite(actor=school_actor, programme=programme, user=reviewer.user)

    # 7. Warnings for last year, and the logins worth trying.
    services.warnings_recompute(majors=majors, year=this_year - 1)
    ctx.log(f"labour_market: {len(majors)} majors with matrices and warnings")
