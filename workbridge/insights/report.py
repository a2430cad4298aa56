"""The annual industry-education integration quality report (产教融合质量年度报告), per school or for the region.

Built only from records dated in the report year (calendar year), so any past year can be reproduced: indicator
measures over the year window, depth scores computed in memory with the active index (per-term targets doubled for a
year), the mutual-benefit ledger of the year, and the dual-qualified share as of 31 December. Rendered as PDF
(ReportLab, embedded CJK font, charts as ReportLab drawings) and .xlsx (openpyxl).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.evaluation import indicators, services
from workbridge.evaluation.engines.scoring import mean_of
from workbridge.evaluation.ledger import ledgers_for_year

from . import metrics

OVERVIEW_MEASURES = [
    ("interns_hosted", "实习学生（人）"),
    ("hires", "实习留用（人）"),
    ("order_apprentice_students", "订单班与学徒制学生（人）"),
    ("money_invested", "企业资金投入（元）"),
    ("equipment_invested", "企业设备投入（元）"),
    ("lecturer_hours", "企业兼职教师授课（学时）"),
    ("teachers_hosted", "教师企业实践（人）"),
    ("training_base_use", "实训基地共享使用（小时）"),
    ("courses_codeveloped", "共建课程与教材（门/部）"),
    ("rnd_projects", "联合研发项目（项）"),
    ("rnd_outcomes", "研发成果（项）"),
    ("rnd_income", "横向课题合同额（元）"),
    ("people_trained", "培训人数（人）"),
    ("violations", "违规记录（条）"),
]
BAND_ZH = {"deep": "深度", "developing": "发展", "shallow": "浅层"}


@dataclass
class ReportData:
    year: int
    title: str
    scope_label: str
    is_region: bool
    generated_at: str
    index_label: str
    overview: list[tuple[str, str]] = field(default_factory=list)
    bands: dict[str, int] = field(default_factory=dict)
    partnerships: list[dict] = field(default_factory=list)
    schools: list[dict] = field(default_factory=list)
    ledger: list[dict] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)
    employer_satisfaction: list[dict] = field(default_factory=list)  # issue 13.2, by school and major


def _fmt(v) -> str:
    if v is None:
        return "暂无数据"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.2f}"
    return f"{v:,.0f}"


def build(actor, *, year: int, school_id: int | None = None) -> ReportData:
    scope = metrics.scope_for(actor, school_id) if school_id else metrics.scope_for(actor)
    Organization = indicators.model("organizations", "Organization")
    window = indicators.Window(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def in_scope(pair) -> bool:
        if scope.school_ids is None:
            return True
        return pair[0] in scope.school_ids or (pair[1] in (scope.enterprise_ids or set()) and not school_id)

    keys = [k for k, _label in OVERVIEW_MEASURES]
    values, unavailable = indicators.compute(keys, window)
    system = services.active_system()
    ws = services.current_weights(system)
    computed = services.compute_scores(window, system, ws, target_factor=2.0)
    pairs = {p for p in computed.pairs if in_scope(p)}
    for key in keys:
        pairs |= {p for p in values[key] if in_scope(p)}
    names = {o.pk: o for o in Organization.objects.filter(pk__in={x for p in pairs for x in p})}

    data = ReportData(
        year=year,
        title=f"{scope.label or _('Region')} 产教融合质量年度报告（{year}年度）",
        scope_label=scope.label,
        is_region=school_id is None,
        generated_at=timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        index_label=f"{system.name_zh or system.name} v{system.version}，权重第{ws.number}版",
        no_data=sorted(unavailable),
    )
    Agreement = indicators.model("partnerships", "Agreement")
    agreements = Agreement.objects.exclude(status="draft").filter(
        start_date__lte=window.end, end_date__gte=window.start
    )
    if not scope.is_all:
        agreements = (
            agreements.filter(school_id__in=scope.schools_in())
            if school_id
            else agreements.filter(scope.either_q("school_id", "enterprise_id"))
        )
    data.overview.append(("合作协议（年内有效，份）", _fmt(agreements.count())))
    data.overview.append(("合作企业（家）", _fmt(agreements.values("enterprise_id").distinct().count())))
    data.overview.append(
        ("新签协议（份）", _fmt(agreements.filter(signed_on__range=(window.start, window.end)).count()))
    )
    for key, label in OVERVIEW_MEASURES:
        if key in unavailable:
            data.overview.append((label, "暂无数据"))
            continue
        per_pair = values[key]
        total = sum(v.value or 0 for p, v in per_pair.items() if in_scope(p))
        data.overview.append((label, _fmt(float(total))))
    share = _dual_share(actor, scope, year)
    data.overview.append(("双师型教师占比", share))

    band_counts = {"deep": 0, "developing": 0, "shallow": 0}
    per_school = defaultdict(list)
    for pair in pairs:
        r = computed.results.get(pair)
        if r is None:
            continue
        if r.band:
            band_counts[r.band] += 1
        per_school[pair[0]].append(r)
        data.partnerships.append(
            {
                "school": names[pair[0]].name if pair[0] in names else str(pair[0]),
                "enterprise": names[pair[1]].name if pair[1] in names else str(pair[1]),
                "total": r.total,
                "band": r.band or "",
                "input": r.groups.get("input"),
                "process": r.groups.get("process"),
                "output": r.groups.get("output"),
            }
        )
    data.partnerships.sort(key=lambda r: -(r["total"] or 0))
    data.bands = band_counts
    if school_id is None:
        for sid, results in per_school.items():
            if sid not in names:
                continue
            data.schools.append(
                {
                    "school": names[sid].name,
                    "partnerships": len(results),
                    "depth": mean_of(r.total for r in results),
                    "deep": sum(1 for r in results if r.band == "deep"),
                }
            )
        data.schools.sort(key=lambda r: -(r["depth"] or 0))
    for pair, entry in ledgers_for_year(year).items():
        if not in_scope(pair):
            continue
        if pair[0] not in names or pair[1] not in names:
            names.update({o.pk: o for o in Organization.objects.filter(pk__in=pair)})
        data.ledger.append(
            {
                "school": names[pair[0]].name,
                "enterprise": names[pair[1]].name,
                "school_score": entry.balance.school,
                "enterprise_score": entry.balance.enterprise,
                "state": entry.balance.state,
            }
        )
    data.ledger.sort(key=lambda r: (r["state"] not in ("school_only", "enterprise_only"), r["school"], r["enterprise"]))
    data.employer_satisfaction = _employer_satisfaction(scope, year)
    return data


def _employer_satisfaction(scope, year) -> list[dict]:
    """Employer satisfaction by school and major for the year (issue 13.2, employer_feedback app)."""
    from workbridge.employer_feedback.selectors import satisfaction_by_major

    return satisfaction_by_major(school_ids=None if scope.is_all else scope.school_ids, year=year)


def _pct(share) -> str:
    return "—" if share is None else f"{100 * share:.1f}%"


def _dual_share(actor, scope, year) -> str:
    """The dashboard's function (``metrics.dual_share``), as of 31 December or today for the current year."""
    counted = metrics.dual_share(actor, scope, min(dt.date(year, 12, 31), timezone.localdate()))
    if not counted or not counted[1]:
        return "暂无数据"
    dual, professional = counted
    return f"{100 * dual / professional:.1f}%（{dual}/{professional}）"


STATE_ZH = {
    "balanced": "互利均衡",
    "school_only": "单向：学校受益",
    "enterprise_only": "单向：企业受益",
    "inactive": "无活动",
}


def _num(v, digits=1):
    return "—" if v is None else f"{v:.{digits}f}"


def render_pdf(data: ReportData) -> bytes:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from workbridge.core.pdf import Paragraph, Spacer, build_pdf, register_cjk_font, styles, table

    font = register_cjk_font()
    s = styles()
    flow = [
        Paragraph(data.title, s["title"]),
        Paragraph(
            f"统计口径：{data.year}年1月1日至12月31日平台记录；评价指数：{data.index_label}；生成时间：{data.generated_at}",
            s["small"],
        ),
        Spacer(1, 6 * mm),
        Paragraph("一、总体情况", s["h2"]),
    ]
    flow.append(table([["指标", "数值"], *[[k, v] for k, v in data.overview]], col_widths=[110 * mm, 60 * mm]))
    flow += [
        Spacer(1, 6 * mm),
        Paragraph("二、校企合作深度", s["h2"]),
        Paragraph(
            "按照投入、过程、产出三组指标计算每对校企合作的深度得分（0–100），年度目标值为学期目标值的两倍。", s["body"]
        ),
    ]
    drawing = Drawing(170 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, 140 * mm, 45 * mm
    chart.data = [[data.bands.get("shallow", 0), data.bands.get("developing", 0), data.bands.get("deep", 0)]]
    chart.categoryAxis.categoryNames = ["浅层", "发展", "深度"]
    chart.categoryAxis.labels.fontName = font
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#0f6e6a")
    drawing.add(chart)
    drawing.add(String(15 * mm, 58 * mm, "合作深度分布（对）", fontName=font, fontSize=9))
    flow.append(drawing)
    if data.schools:
        flow += [
            Paragraph("各校比较", s["h2"]),
            table(
                [
                    ["学校", "合作企业", "平均深度", "深度合作"],
                    *[[r["school"], r["partnerships"], _num(r["depth"]), r["deep"]] for r in data.schools],
                ],
                col_widths=[80 * mm, 30 * mm, 30 * mm, 30 * mm],
            ),
        ]
    if data.partnerships:
        flow += [
            Spacer(1, 4 * mm),
            Paragraph("合作深度前列的校企合作", s["h2"]),
            table(
                [
                    ["学校", "企业", "得分", "等级", "投入", "过程", "产出"],
                    *[
                        [
                            r["school"],
                            r["enterprise"],
                            _num(r["total"]),
                            BAND_ZH.get(r["band"], "—"),
                            _num(r["input"]),
                            _num(r["process"]),
                            _num(r["output"]),
                        ]
                        for r in data.partnerships[:20]
                    ],
                ],
                col_widths=[35 * mm, 45 * mm, 16 * mm, 16 * mm, 18 * mm, 18 * mm, 18 * mm],
            ),
        ]
    flow += [Spacer(1, 4 * mm), Paragraph("三、互利共赢台账", s["h2"])]
    one_sided = [r for r in data.ledger if r["state"] in ("school_only", "enterprise_only")]
    flow.append(
        Paragraph(
            f"{data.year}年有记录的校企合作{len(data.ledger)}对，其中单向受益{len(one_sided)}对，需关注。", s["body"]
        )
    )
    if one_sided:
        flow.append(
            table(
                [
                    ["学校", "企业", "学校受益", "企业受益", "状态"],
                    *[
                        [
                            r["school"],
                            r["enterprise"],
                            _num(r["school_score"], 0),
                            _num(r["enterprise_score"], 0),
                            STATE_ZH[r["state"]],
                        ]
                        for r in one_sided[:30]
                    ],
                ],
                col_widths=[40 * mm, 50 * mm, 24 * mm, 24 * mm, 32 * mm],
            )
        )
    flow += [Spacer(1, 4 * mm), Paragraph("四、用人单位满意度", s["h2"])]
    if data.employer_satisfaction:
        flow.append(
            table(
                [
                    ["学校", "专业", "评价份数", "满意率", "平均分（5分制）"],
                    *[
                        [r["school"], r["major"], r["answers"], _pct(r["satisfied"]), _num(r["mean"], 2)]
                        for r in data.employer_satisfaction
                    ],
                ],
                col_widths=[40 * mm, 50 * mm, 24 * mm, 24 * mm, 32 * mm],
            )
        )
        flow.append(Paragraph("满意率：总体评价为“满意”或“非常满意”的份数占比；不足 3 份不计算。", s["small"]))
    else:
        flow.append(Paragraph(f"{data.year}年暂无用人单位评价记录。", s["body"]))
    if data.no_data:
        flow += [Spacer(1, 4 * mm), Paragraph("暂无数据来源的指标：" + "、".join(data.no_data), s["small"])]
    flow += [
        Spacer(1, 4 * mm),
        Paragraph(
            "说明：本报告全部数字由平台记录计算，可在平台中追溯至原始记录；指数、权重和来源见评价方法文档。", s["small"]
        ),
    ]
    return build_pdf(flow, title=data.title)


def render_xlsx(data: ReportData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from workbridge.core.exporting import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = "总体情况"
    append_row(ws, [data.title])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(
        ws, [f"统计口径：{data.year}年平台记录", f"评价指数：{data.index_label}", f"生成时间：{data.generated_at}"]
    )
    append_row(ws, [])
    append_row(ws, ["指标", "数值"])
    for k, v in data.overview:
        append_row(ws, [k, v])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 24
    p = wb.create_sheet("合作深度")
    append_row(p, ["学校", "企业", "得分", "等级", "投入", "过程", "产出"])
    for r in data.partnerships:
        append_row(
            p,
            [
                r["school"],
                r["enterprise"],
                r["total"],
                BAND_ZH.get(r["band"], ""),
                r["input"],
                r["process"],
                r["output"],
            ],
        )
    b = wb.create_sheet("深度分布")
    append_row(b, ["等级", "校企合作（对）"])
    for code in ("deep", "developing", "shallow"):
        append_row(b, [BAND_ZH[code], data.bands.get(code, 0)])
    if data.schools:
        sc = wb.create_sheet("各校比较")
        append_row(sc, ["学校", "合作企业", "平均深度", "深度合作"])
        for r in data.schools:
            append_row(sc, [r["school"], r["partnerships"], r["depth"], r["deep"]])
    lg = wb.create_sheet("互利台账")
    append_row(lg, ["学校", "企业", "学校受益", "企业受益", "状态"])
    for r in data.ledger:
        append_row(
            lg,
            [
                r["school"],
                r["enterprise"],
                round(r["school_score"], 1),
                round(r["enterprise_score"], 1),
                STATE_ZH[r["state"]],
            ],
        )
    es = wb.create_sheet("用人单位满意度")
    append_row(es, ["学校", "专业", "评价份数", "满意率", "平均分（5分制）"])
    for r in data.employer_satisfaction:
        append_row(
            es,
            [
                r["school"],
                r["major"],
                r["answers"],
                None if r["satisfied"] is None else round(r["satisfied"], 3),
                None if r["mean"] is None else round(r["mean"], 2),
            ],
        )
    for sheet in wb.worksheets[1:]:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
