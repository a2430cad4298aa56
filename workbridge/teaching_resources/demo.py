"""Demo region: a dozen shared teaching resources of the demo school and the demo enterprise: PLC courseware for
机电一体化 written with the enterprise, a joint textbook, teaching cases from the shop floor, a question bank, a
video, with licences from internal to public, versions (generated PDFs, a zipped question bank) and some use."""

from __future__ import annotations

import io
import zipfile

ORDER = 75  # after labour_market (70), which loads the skills taxonomy

# title, kind, contributor ("school" / "enterprise"), joint, licence, description, skills, course words, files
ITEMS = [
    (
        "PLC 编程与调试（西门子 S7-1200）课件",
        "courseware",
        "school",
        True,
        "partners",
        "机电一体化技术专业核心课课件，16 个项目，按企业真实产线的"
        "上下料、分拣、装配工站编写，企业工程师审定每个项目的调试步骤。",
        ["西门子PLC", "电气控制", "机电一体化"],
        ("PLC", "电气", "控制"),
        2,
    ),
    (
        "《智能产线安装与调试》校企合作教材",
        "textbook",
        "school",
        True,
        "group",
        "活页式教材，学校教师与合作企业工程师联合编写，含 8 个典型工作任务和评价表。",
        ["工业机器人", "变频器", "组态软件"],
        ("机电", "产线", "机器人"),
        1,
    ),
    (
        "注塑车间设备点检与故障诊断案例集",
        "case",
        "enterprise",
        False,
        "partners",
        "合作企业注塑车间近两年 20 个典型故障的现象、排查过程和处理结果，已隐去客户信息。",
        ["安全生产", "5S管理"],
        (),
        1,
    ),
    (
        "变频器参数设置教学案例",
        "case",
        "school",
        False,
        "internal",
        "校内实训室 G120 变频器的 6 个教学案例，含接线图和常见报警处理。",
        ["变频器"],
        ("电气", "控制"),
        1,
    ),
    (
        "可编程控制器技术题库（2026 版）",
        "question_bank",
        "school",
        False,
        "group",
        "单选、多选、判断和程序分析题共 420 道，按 1+X 可编程控制器系统应用编程（中级）考核点分类。",
        ["西门子PLC"],
        ("PLC",),
        "zip",
    ),
    (
        "工业机器人示教编程实操视频",
        "video",
        "enterprise",
        False,
        "public",
        "企业工程师录制的 12 段示教器操作短视频讲义，配套操作要点文档。",
        ["工业机器人"],
        (),
        1,
    ),
    (
        "WinCC 组态监控项目课件",
        "courseware",
        "school",
        False,
        "partners",
        "以合作企业的包装线为背景的 HMI 组态项目，从变量表到报警画面。",
        ["WinCC", "组态软件"],
        ("组态", "PLC"),
        1,
    ),
    (
        "MES 系统应用入门（企业内训课件改编）",
        "courseware",
        "enterprise",
        False,
        "partners",
        "企业新员工 MES 内训课件改编，适合岗位实习前的认知培训。",
        ["MES"],
        (),
        1,
    ),
    (
        "机械制图识图练习题库",
        "question_bank",
        "school",
        False,
        "public",
        "零件图、装配图识读练习 200 题，附参考答案。",
        ["机械制图"],
        ("制图",),
        "zip",
    ),
    (
        "电气安全与 6S 现场管理课件",
        "courseware",
        "enterprise",
        True,
        "public",
        "企业安全员与学校教师共同制作的岗前安全教育课件，岗位实习前必修。",
        ["安全生产", "5S管理"],
        (),
        1,
    ),
    (
        "产线换型降本改善案例",
        "case",
        "enterprise",
        False,
        "internal",
        "企业内部精益改善案例，仅限本企业培训使用。",
        ["5S管理"],
        (),
        0,
    ),
    (
        "机电设备装调技能竞赛训练指导书",
        "other",
        "school",
        False,
        "group",
        "省级职业院校技能大赛机电一体化赛项训练指导，含赛题分析和训练计划。",
        ["机电一体化", "电气控制"],
        ("机电", "PLC"),
        1,
    ),
]


def _pdf(title: str, description: str) -> bytes:
    from reportlab.platypus import Paragraph, Spacer

    from workbridge.core.pdf import build_pdf, styles

    s = styles()
    return build_pdf([Paragraph(title, s["title"]), Spacer(1, 12), Paragraph(description, s["body"])], title=title)


def _zip(title: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("说明.txt", f"{title}\n题型：单选、多选、判断、程序分析\n")
        archive.writestr("题目.csv", "题号,题型,题目,答案\n1,单选,S7-1200 的扫描周期包括哪几个阶段？,B\n")
    return buf.getvalue()


def seed(ctx) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workbridge.core.access import actor_for
    from workbridge.labour_market.models import Skill

    from . import services
    from .models import ResourceVersion

    users = ctx.shared.get("users", {})
    school, enterprise = ctx.shared.get("demo_school"), ctx.shared.get("demo_enterprise")
    staff = {"school": users.get("teacher") or users.get("school_admin"), "enterprise": users.get("enterprise_admin")}
    if school is None or enterprise is None or not all(staff.values()):
        ctx.log("teaching_resources: no demo school, enterprise or staff; skipped")
        return
    courses = list(ctx.shared.get("courses_by_school", {}).get(school.pk, []))
    partner = {"school": enterprise, "enterprise": school}
    for index, (title, kind, side, joint, licence, description, skills, words, files) in enumerate(ITEMS):
        actor = actor_for(staff[side])
        known = list(Skill.objects.filter(name_zh__in=skills).values_list("name_zh", flat=True))
        course_ids = [c.pk for c in courses if any(w in c.name for w in words)][:2] if words else []
        item = services.resource_create(
            actor=actor,
            title=title,
            kind=kind,
            licence=licence,
            description=description,
            co_contributor_ids=[partner[side].pk] if joint else [],
            course_ids=course_ids if side == "school" or joint else [],
            skill_names=known,
        )
        if files == "zip":
            upload = SimpleUploadedFile("题库.zip", _zip(title))
            services.version_add(actor=actor, resource=item, file=upload, note="题库初版")
        else:
            for number in range(1, int(files) + 1):
                upload = SimpleUploadedFile(f"{title}.pdf", _pdf(title, description))
                note = "初版" if number == 1 else "按企业工程师意见修订调试步骤"
                services.version_add(actor=actor, resource=item, file=upload, note=note)
        # Some use by the demo organisations (counted per organisation and day, nobody named).
        version = ResourceVersion.objects.filter(resource=item).order_by("-number").first()
        if version is not None:
            for _ in range(ctx.rng.randint(1, 6) + (12 - index)):
                services.resource_use_record(actor=actor_for(staff["school"]), version=version)
