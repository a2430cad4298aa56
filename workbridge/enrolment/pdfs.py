"""The three-party apprenticeship agreement (学徒三方协议) as a PDF: Chinese is the legal text, printed from the
terms kept with the agreement (version and content hash on every copy), with the confirmations recorded in the
platform and signature blocks for the paper copy."""

from __future__ import annotations

from django.utils import timezone

from workbridge.core.pdf import Paragraph, Spacer, build_pdf, styles, table

from .engines.terms import terms_hash


def _clauses(t: dict) -> list[tuple[str, str]]:
    kind = "订单班" if t["kind"] == "order_class" else "现代学徒制班"
    stipend = (
        f"学徒在企业岗位培养期间，乙方每月向学徒本人支付学徒津贴 {t['monthly_stipend']} 元，以货币形式按月直接支付。"
        if t["monthly_stipend"]
        else "乙方在岗位培养期间按国家和地方规定向学徒支付合理报酬。"
    )
    posts = (
        f"学徒完成学业并考核合格的，乙方提供不少于 {t['posts_on_graduation']} 个就业岗位，学徒可优先录用。"
        if t["posts_on_graduation"]
        else "学徒毕业时，乙方根据考核结果择优录用。"
    )
    return [
        (
            "第一条 培养方式",
            f"三方同意按“招生即招工、入校即入企”的{kind}方式联合培养学徒，培养岗位"
            f"：{t['target_posts'].replace(chr(10), '、')}。"
            f"学徒身份自 {t['start']} 起生效，所属班级：{t['plan']}（{t['year']} 年）。",
        ),
        (
            "第二条 学校（甲方）的权利义务",
            "甲方会同乙方制定人才培养方案，负责学籍管理和理论教学，委派学校导师，与企业导师共同实施考核。",
        ),
        (
            "第三条 企业（乙方）的权利义务",
            "乙方提供岗位培养条件，委派企业师傅，落实安全教育和劳动保护，依法为学徒购买意外伤害或实习责任保险；"
            "不安排学徒从事高危岗位和与培养无关的工作。" + stipend,
        ),
        ("第四条 就业承诺", posts + (f"其他承诺：{t['other_commitments']}" if t.get("other_commitments") else "")),
        (
            "第五条 学徒（丙方）的权利义务",
            "丙方遵守学校和企业的规章制度，按培养方案完成学习和岗位训练，享有本协议约定的津贴、保险和劳动保护。",
        ),
        (
            "第六条 变更与解除",
            "丙方因个人原因、学业、健康或企业要求等退出学徒班的，经三方确认后本协议终止，空出的名额可由候补学生递补；"
            "任何一方不得向学徒收取押金或扣押证件。",
        ),
        ("第七条 争议", "履行中发生争议，三方协商解决；协商不成的，依法处理。"),
    ]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "待确认"


def agreement_pdf(agreement) -> bytes:
    t = agreement.terms
    s = styles()
    code = terms_hash(t)
    title = "订单班学生培养三方协议" if t["kind"] == "order_class" else "现代学徒制学徒培养三方协议"
    flow = [
        Paragraph(title, s["title"]),
        Paragraph(f"协议版本：第 {agreement.version} 版 · 内容校验码 {code}", s["small"]),
        Spacer(1, 8),
        table(
            [
                ["甲方（学校）", t["school"]],
                ["乙方（企业）", f"{t['enterprise']}（统一社会信用代码 {t['enterprise_credit_code'] or '—'}）"],
                ["丙方（学徒）", f"{t['student']}，学号 {t['student_number']}，专业 {t['major']}"],
            ],
            col_widths=[110, 360],
            header=False,
        ),
        Spacer(1, 10),
    ]
    for heading, text in _clauses(t):
        flow += [Paragraph(heading, s["h2"]), Paragraph(text, s["body"])]
    if t.get("guardian_required"):
        flow += [
            Paragraph("监护人知情同意", s["h2"]),
            Paragraph(
                f"学徒入班时未满 18 周岁（{t['age_at_start']} 岁），本协议须经其监护人知情并书面同意。"
                f"监护人：{agreement.guardian_name or '________'}",
                s["body"],
            ),
        ]
    if agreement.ended_at:
        flow.append(Paragraph(f"本协议已于 {_when(agreement.ended_at)} 终止（学徒退出）。", s["body"]))
    flow += [Spacer(1, 14), Paragraph("各方确认（在 WorkBridge 平台内确认，时间以平台记录为准）", s["h2"])]
    rows = [
        ["一方", "确认时间"],
        ["甲方 学校", _when(agreement.school_confirmed_at)],
        ["乙方 企业", _when(agreement.enterprise_confirmed_at)],
        ["丙方 学徒", _when(agreement.student_confirmed_at)],
    ]
    if t.get("guardian_required"):
        rows.append(["监护人", _when(agreement.guardian_confirmed_at)])
    flow.append(table(rows, col_widths=[160, 310]))
    flow += [Spacer(1, 16), Paragraph("签字盖章", s["h2"])]
    signatures = [
        ["甲方（学校）（盖章）", "代表签字：", "日期："],
        ["乙方（企业）（盖章）", "代表签字：", "日期："],
        ["丙方（学徒）", "本人签字：", "日期："],
    ]
    if t.get("guardian_required"):
        signatures.append(["监护人", "签字：", "日期："])
    flow.append(table([["一方", "签字", "日期"], *signatures], col_widths=[170, 180, 120], row_heights=36))
    flow.append(
        Paragraph(f"本页为第 {agreement.version} 版，内容校验码 {code}；纸质签署件应与平台记录的版本一致。", s["small"])
    )
    return build_pdf(flow, title=title)
