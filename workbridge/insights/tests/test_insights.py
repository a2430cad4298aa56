"""Regional dashboard, drill-down and scope; the annual report as PDF (rendered to PNG) and .xlsx."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.test import Client

from workbridge.core.access import actor_for
from workbridge.core.oversight import oversight_scope
from workbridge.core.roles import Role
from workbridge.evaluation import services
from workbridge.evaluation.tests import builders as b
from workbridge.insights import metrics, report

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def region(world):
    s1, e1 = world.school1, world.enterprise1
    ag = b.agreement(s1, e1, start=D(2023, 9, 1), end=D(2026, 8, 31))
    p = b.project(ag, "order_class", start=D(2024, 2, 1), majors=[world.major1])
    b.output(p, "money_invested", 120000, on=D(2024, 4, 1))
    b.output(p, "equipment_value", 300000, on=D(2025, 4, 1))  # another year
    b.placement(s1, e1, start=D(2024, 3, 1), end=D(2024, 6, 30), hired=True)
    b.placement(s1, e1, start=D(2024, 3, 1), end=D(2024, 6, 30))
    b.agreement(world.school2, world.enterprise2)
    b.placement(world.school2, world.enterprise2, start=D(2024, 3, 1), end=D(2024, 6, 30))
    services.scores_recompute(actor=None, term="2023-2024-2")
    return world


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_figures_are_scoped_to_the_region(region):
    w = region
    officer = actor_for(w.users[Role.AUTHORITY_OFFICER])
    figs = {f.key: f for f in metrics.figures(officer, oversight_scope(officer), year=2024)}
    assert figs["schools"].value == 1 and figs["internships"].value == 2
    assert figs["investment"].value == "120,000"
    _title, qs = metrics.drill_queryset("internships", officer, oversight_scope(officer), 2024)
    assert {p.school_id for p in qs} == {w.school1.pk}


def test_dashboard_and_drill_pages(region):
    w = region
    c = client_for(w.users[Role.AUTHORITY_OFFICER])
    page = c.get("/insights/", {"year": 2024})
    body = page.content.decode()
    assert page.status_code == 200 and w.school1.name in body and w.school2.name not in body
    assert 'id="depth-chart"' in body
    drill = c.get("/insights/drill/internships/", {"year": 2024})
    placements = list(drill.context["page"])
    assert len(placements) == 2 and {p.school_id for p in placements} == {w.school1.pk}
    body = drill.content.decode()
    assert body.count('<tr><td data-label="#">') == 2
    for p in placements:  # the authority sees organisations and dates, never a student's name
        assert p.student.name not in body
        assert f"{w.school1} → {w.enterprise1} · 2024-03-01 – 2024-06-30" in body
    own = client_for(w.users[Role.SCHOOL_ADMIN]).get("/insights/drill/internships/", {"year": 2024}).content.decode()
    assert all(p.student.name in own for p in placements)  # the school's own leaders see their students
    assert client_for(w.users[Role.ENTERPRISE_ADMIN]).get("/insights/").status_code == 403
    assert client_for(w.users[Role.STUDENT]).get("/insights/drill/internships/").status_code == 403
    home = c.get("/").content.decode()
    assert "/insights/drill/internships/" in home


def test_report_is_built_from_the_years_records_only(region):
    w = region
    officer = actor_for(w.users[Role.AUTHORITY_OFFICER])
    data = report.build(officer, year=2024)
    figs = data.figures
    assert figs["money_invested"].value == 120000 and figs["equipment_invested"].value == 0
    assert figs["money_invested"].text == "120,000元"
    assert figs["internships"].value == 2
    deepest = next(t for t in data.sections[0].tables if t.title == "合作最深的校企合作")
    assert [row[0] for row in deepest.rows] == [w.school1.name]
    data2025 = report.build(officer, year=2025)
    assert data2025.figures["equipment_invested"].value == 300000
    again = report.build(officer, year=2024)
    assert {k: f.value for k, f in again.figures.items()} == {k: f.value for k, f in figs.items()}
    assert again.summary == data.summary


def test_report_has_every_section_a_summary_units_and_definitions(region):
    officer = actor_for(region.users[Role.AUTHORITY_OFFICER])
    data = report.build(officer, year=2024)
    assert [s.key for s in data.sections] == ["cooperation", "internships", "demand", "teachers", "research"]
    # the summary is sentences written from the figures
    assert "学生参加实习2人次，已结束的实习中100.0%按期完成，1名实习生被实习单位录用。" in data.summary
    assert "企业投入资金和设备合计120,000元。" in data.summary
    for fig in data.figures.values():
        assert fig.definition, fig.key
        assert fig.percent or fig.unit, fig.key  # every figure has its unit
        assert "_" not in fig.label


def test_report_figures_agree_with_the_dashboards_year_view(region):
    """The figures both show are computed by the dashboard's function, so they are equal."""
    officer = actor_for(region.users[Role.AUTHORITY_OFFICER])
    scope = oversight_scope(officer)
    dashboard = metrics.figure_values(officer, scope, 2024)
    figs = report.build(officer, year=2024).figures
    for key, dashboard_key in [
        ("agreements", "partnerships"),
        ("internships", "internships"),
        ("violations", "violations"),
        ("practice", "practice"),
        ("rnd", "rnd"),
        ("warnings", "warnings"),
        ("usage", "usage"),
        ("investment", "investment"),
    ]:
        assert figs[key].value == dashboard[dashboard_key], key
    # the investment is the money and equipment figures together
    assert figs["investment"].value == figs["money_invested"].value + figs["equipment_invested"].value
    # and the dashboard shows the year's figures on request, saying which basis it shows
    c = client_for(region.users[Role.AUTHORITY_OFFICER])
    page = c.get("/insights/", {"year": 2024, "basis": "year"})
    assert _figures(page)["internships"].value == figs["internships"].value
    assert 'id="figures-basis"' in page.content.decode()


def test_report_pdf_renders_chinese(region, tmp_path):
    officer = actor_for(region.users[Role.AUTHORITY_OFFICER])
    pdf = report.render_pdf(report.build(officer, year=2024))
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "".join(pages)
    assert "产教融合质量年度报告" in pages[0]  # the cover
    assert "目录" in pages[1] and "摘要" in pages[1] and "附录" in pages[1]  # contents with the sections
    for heading in ("校企合作", "实习与合规", "人才需求与专业", "教师与共享资源", "联合研发与1+X证书"):
        assert heading in text
    assert "120,000元" in text
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed: make system-deps")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True
    )
    png = next(tmp_path.glob("p*.png"))
    from PIL import Image

    img = Image.open(png).convert("L")
    # the cover's title must contain dark glyph pixels: CJK rendered, not blank boxes or nothing
    w, h = img.size
    title = img.crop((0, int(h * 0.2), w, int(h * 0.45)))
    dark = sum(1 for px in title.getdata() if px < 128)
    assert dark > 200


def test_report_in_english(region):
    from django.utils import translation

    officer = actor_for(region.users[Role.AUTHORITY_OFFICER])
    with translation.override("en"):
        data = report.build(officer, year=2024)
        pdf = report.render_pdf(data)
        assert data.figures["money_invested"].text == "120,000 yuan"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "annual report on industry-education integration" in text and "Contents" in text
    assert "120,000 yuan" in text


def test_report_xlsx_and_downloads(region):
    w = region
    c = client_for(w.users[Role.AUTHORITY_OFFICER])
    resp = c.get("/insights/report.xlsx", {"year": 2024})
    assert resp.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames[0] == "摘要" and wb.sheetnames[-1] == "指标说明" and len(wb.sheetnames) == 8
    assert "产教融合质量年度报告" in wb["摘要"]["A1"].value
    pdf = c.get("/insights/report.pdf", {"year": 2024, "school": w.school1.pk})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert c.get("/insights/report.pdf", {"year": 2024, "school": w.school2.pk}).status_code == 404
    school = client_for(w.users[Role.SCHOOL_ADMIN])
    assert school.get("/insights/report.xlsx", {"year": 2024}).status_code == 200
    assert school.get("/insights/report.xlsx", {"year": 2024, "school": w.school2.pk}).status_code == 404


def _figures(resp):
    return {f.key: f for f in resp.context["figures"]}


def _dual_teacher(w):
    """teacher1: professional-course, 180 confirmed days this year, an intermediate qualification not yet verified."""
    from workbridge.faculty import services as faculty
    from workbridge.faculty.models import TeacherProfile

    today = dt.date.today()
    TeacherProfile.objects.create(teacher=w.teacher1, school=w.school1, employment_start=D(2010, 9, 1))
    b.practice(
        w.school1,
        w.enterprise1,
        teacher=w.teacher1,
        start=today - dt.timedelta(days=200),
        end=today - dt.timedelta(days=10),
        days=180,
    )
    return faculty.qualification_add(
        actor=w.users[Role.TEACHER],
        teacher=w.teacher1,
        kind="skill_level",
        name="电工",
        level="intermediate",
        issuer="人社局",
        issued_on=D(2020, 1, 1),
    )


def test_a_write_changes_the_next_dashboard_figure(region):
    """The dashboard is cached per region and term; a write behind a figure drops the cached copy, so the next
    page shows it (a service's write, a model save, and a bulk recompute)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workbridge.faculty import services as faculty

    w = region
    qualification = _dual_teacher(w)
    c = client_for(w.users[Role.AUTHORITY_OFFICER])
    first = _figures(c.get("/insights/"))
    assert first["dual"].value == "0%"
    with CaptureQueriesContext(connection) as cached:
        again = _figures(c.get("/insights/"))
    assert again["dual"].value == "0%"
    assert not any("faculty_qualification" in q["sql"] for q in cached.captured_queries)  # served from the cache
    faculty.qualification_verify(actor=w.users[Role.SCHOOL_ADMIN], qualification=qualification)
    assert _figures(c.get("/insights/"))["dual"].value == "100%"
    active = first["internships"].value
    b.placement(w.school1, w.enterprise1, start=D(2024, 3, 1), end=D(2030, 6, 30), status="active")
    assert _figures(c.get("/insights/"))["internships"].value == active + 1
    bands = c.get("/insights/", {"term": "2023-2024-2"}).context["bands"]
    b.agreement(w.school1, w.enterprise2, start=D(2023, 9, 1), end=D(2026, 8, 31))
    services.scores_recompute(actor=None, term="2023-2024-2")  # bulk: no model signals, the service says so
    assert sum(c.get("/insights/", {"term": "2023-2024-2"}).context["bands"].values()) == sum(bands.values()) + 1


def test_dashboard_and_report_agree_on_the_dual_qualified_share(region):
    from workbridge.faculty import services as faculty

    w = region
    faculty.qualification_verify(actor=w.users[Role.SCHOOL_ADMIN], qualification=_dual_teacher(w))
    officer = actor_for(w.users[Role.AUTHORITY_OFFICER])
    figs = {f.key: f for f in metrics.figures(officer, oversight_scope(officer))}
    assert figs["dual"].value == "100%" and "1" in str(figs["dual"].hint)
    dual = report.build(officer, year=dt.date.today().year).figures["dual"]
    assert dual.value == 1.0 and dual.text == "100.0%"
    # the school's own report counts only its teachers; the other school has none
    other = report.build(officer, year=dt.date.today().year, school_id=w.school2.pk).figures["dual"]
    assert other.value is None and other.text == "暂无数据"


def test_region_scope_is_a_subquery_not_a_list_of_ids(region):
    """The headline figures' SQL does not grow with the number of enterprises in the region."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workbridge.organizations.tests.factories import EnterpriseFactory

    w = region
    officer = actor_for(w.users[Role.AUTHORITY_OFFICER])

    def sql_size():
        with CaptureQueriesContext(connection) as ctx:
            metrics.figure_values(officer, oversight_scope(officer))
        return sum(len(q["sql"]) for q in ctx.captured_queries), len(ctx.captured_queries)

    before = sql_size()
    EnterpriseFactory.create_batch(40, region=w.school1.region)
    assert sql_size() == before
