"""The tripartite internship agreement (三方实习协议) as a PDF, from a template with every regulated term.

Chinese is the legal text; the template lives here, each clause tied to the rule it implements
(教职成〔2021〕4号 and provincial rules; see docs/internships.md).
"""

from __future__ import annotations

from workbridge.core.pdf import Paragraph, Spacer, build_pdf, styles, table


def _clauses(t: dict) -> list[tuple[str, str]]:
    ins = t.get("insurance")
    insurance = (
        f"由{'学校' if ins['paid_by'] == 'school' else '实习单位'}投保实习责任保险，保险公司：{ins['insurer']}，"
        f"保单号：{ins['policy_number']}，保险期间：{ins['cover_start']} 至 {ins['cover_end']}，覆盖整个实习期；"
        "保费不由学生承担。"
        if ins
        else "实习开始前须投保覆盖整个实习期的实习责任保险（保单号、保险公司及保险期间待登记）；保费不由学生承担。"
    )
    schedule = ""
    if t.get("schedule"):
        parts = [f"{p['start']}至{p['end']}{'在岗' if p['kind'] == 'work' else '在校'}" for p in t["schedule"]]
        schedule = "实行工学交替：" + "；".join(parts) + "。"
    return [
        (
            "第一条 实习岗位与内容",
            f"岗位：{t['post']}（职业编码 {t['occupation_code']}）。工作地点：{t['workplace']}。"
            f"主要任务：{t['duties'] or '按岗位说明'}。岗位与学生所学专业（{t['major']}）相关，不安排简单重复劳动。",
        ),
        ("第二条 实习期限", f"自 {t['start_date']} 至 {t['end_date']}。{schedule}"),
        (
            "第三条 工作时间与休息",
            f"每日工作不超过 {t['daily_hours']} 小时，班次 {t['shift']}，每周休息"
            f" {t['rest_days_per_week']} 天。不安排加班和夜班，不在法定节假日安排实习。",
        ),
        (
            "第四条 实习报酬",
            f"实习报酬每月 {t['monthly_pay']} 元，不低于同岗位员工工资的"
            f" 80%，以货币形式按月直接支付给学生本人，不以实物或代金券代替，不经第三方转发。",
        ),
        ("第五条 保险", insurance),
        (
            "第六条 安全与劳动保护",
            "实习单位在实习前对学生进行安全生产和岗位培训，免费提供必要的劳动防护用品；不安排高危岗位、三级及以上体力劳动强度的工作，不安排未成年人和女性禁忌从事的工作。",
        ),
        (
            "第七条 指导与管理",
            f"学校指导教师：{t['school_mentor'] or '待指派'}；企业指导教师"
            f"：{t['enterprise_mentor'] or '待指派'}。"
            f"学生每周提交实习周志，由指导教师审阅；实习考核由学校和实习单位共同实施。",
        ),
        (
            "第八条 费用",
            "学校和实习单位不得向学生收取押金、培训费、管理费、实习材料费、就业服务费等任何费用，不得扣押学生证件。",
        ),
        (
            "第九条 各方权利义务",
            "学校负责实习组织、巡查和学生管理；实习单位提供实习条件并落实安全管理；学生遵守实习单位规章制度和劳动纪律，完成实习任务。任何一方发现违规情形应及时通报其他各方。",
        ),
        (
            "第十条 争议与解除",
            "协议履行中发生争议，三方协商解决；实习单位违反本协议或法律法规的，学校有权终止实习并将学生撤回。",
        ),
    ]


def agreement_pdf(agreement) -> bytes:
    from .services.agreements import agreement_missing, terms_hash

    t = agreement.terms
    s = styles()
    missing = agreement_missing(t, agreement)
    flow = [
        Paragraph("职业学校学生岗位实习三方协议", s["title"]),
        Paragraph(
            f"协议版本：第 {agreement.version} 版 · 内容校验码 {terms_hash(t)}"
            f"（依据《职业学校学生实习管理规定》教职成〔2021〕4号）",
            s["small"],
        ),
        Paragraph(
            "【尚缺】" + "、".join(missing) + "。补齐并经各方确认后协议方可生效。"
            if missing
            else "各项内容齐备，各方均已确认。",
            s["body"],
        ),
        Spacer(1, 8),
        table(
            [
                ["甲方（学校）", t["school"]],
                ["乙方（实习单位）", f"{t['enterprise']}（统一社会信用代码 {t['enterprise_credit_code'] or '—'}）"],
                ["丙方（学生）", f"{t['student']}，学号 {t['student_number']}，专业 {t['major']}"],
            ],
            col_widths=[110, 360],
            header=False,
        ),
        Spacer(1, 10),
    ]
    for heading, text in _clauses(t):
        text = text.replace("待指派", "【待指派】").replace("待登记", "【待登记】")
        flow.append(Paragraph(heading, s["h2"]))
        flow.append(Paragraph(text, s["body"]))
    if t.get("guardian_required"):
        flow += [
            Paragraph("监护人知情同意", s["h2"]),
            Paragraph(
                f"学生实习开始时未满 18 周岁（{t['age_at_start']} 岁），本协议须经其监护人知"
                f"情并书面同意。监护人：{agreement.guardian_name or '________'}",
                s["body"],
            ),
        ]
    flow += [Spacer(1, 14), Paragraph("各方确认（在 WorkBridge 平台内确认，时间以平台记录为准）", s["h2"])]
    rows = [["一方", "确认时间"]]
    rows.append(["甲方 学校", _fmt(agreement.school_confirmed_at)])
    rows.append(["乙方 实习单位", _fmt(agreement.enterprise_confirmed_at)])
    rows.append(["丙方 学生", _fmt(agreement.student_confirmed_at)])
    if t.get("guardian_required"):
        rows.append(["监护人", _fmt(agreement.guardian_confirmed_at)])
    flow.append(table(rows, col_widths=[160, 310]))
    flow += [Spacer(1, 16), Paragraph("签字盖章", s["h2"])]
    signatures = [
        ["甲方（学校）（盖章）", "代表签字：", "日期："],
        ["乙方（实习单位）（盖章）", "代表签字：", "日期："],
        ["丙方（学生）", "本人签字：", "日期："],
    ]
    if t.get("guardian_required"):
        signatures.append(["监护人", "签字：", "日期："])
    flow.append(table([["一方", "签字", "日期"], *signatures], col_widths=[170, 180, 120], row_heights=36))
    flow.append(
        Paragraph(
            f"本页为第 {agreement.version} 版，内容校验码 {terms_hash(t)}；纸质签署件应与平台记录的版本一致。",
            s["small"],
        )
    )
    return build_pdf(flow, title="岗位实习三方协议")


def _fmt(value) -> str:
    if not value:
        return "待确认"
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
