"""One visual system: styles live in the style sheets, charts in core.charts + static/js/charts.js, empty lists
say what to do next. These checks read every template and script so a new page cannot drift into a style of its own.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from workbridge.core.listing import Action, Col, Filter, render_list

ROOT = Path(__file__).resolve().parent.parent / "workbridge"
TEMPLATES = [p for p in ROOT.rglob("templates/**/*.html") if "drf_spectacular" not in p.parts]
SCRIPTS = [p for p in ROOT.rglob("static/**/*.js") if "vendor" not in p.parts]
# Style attributes that carry data (a chart's height, a bar's filled share, a calendar legend's colour swatch).
ALLOWED_STYLE = re.compile(r"^(height:\{\{ chart\.height \}\}px|width:\{\{ [\w.]+ \}\}%|--c:#[0-9a-f]{6})$")


def test_there_are_templates_and_scripts_to_check():
    assert len(TEMPLATES) > 100 and SCRIPTS


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_take_their_look_from_the_style_sheet(path):
    text = path.read_text(encoding="utf-8")
    assert "<style" not in text, "move the rules into static/css/workbridge.css"
    for style in re.findall(r'style="([^"]*)"', text):
        assert ALLOWED_STYLE.match(style), f"style attribute {style!r}: use a class from workbridge.css"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_draw_charts_only_through_the_chart_include(path):
    text = path.read_text(encoding="utf-8")
    assert "echarts" not in text or path.name == "base.html", (
        "build the chart with core.charts and include core/_chart.html"
    )
    assert "data-option" not in text or path.name == "_chart.html"


def test_only_the_chart_script_calls_echarts():
    callers = [p.relative_to(ROOT).as_posix() for p in SCRIPTS if "echarts" in p.read_text(encoding="utf-8")]
    assert callers == ["static/js/charts.js"]


def _page(request, **kwargs):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    request.user = AnonymousUser()
    with translation.override("en"):
        return render_list(
            request,
            title="Students",
            queryset=User.objects.none(),
            columns=[Col("Name", "username")],
            **kwargs,
        )


@pytest.mark.django_db
def test_an_empty_list_offers_its_first_step():
    request = RequestFactory().get("/students/")
    body = _page(request, actions=[Action("Add a student", "/students/new/", primary=True)]).content.decode()
    assert 'class="empty"' in body
    assert 'href="/students/new/"' in body.split('class="empty"')[1]


@pytest.mark.django_db
def test_an_empty_filtered_list_offers_to_clear_the_filters():
    request = RequestFactory().get("/students/", {"q": "nobody"})
    body = _page(request, search=lambda qs, term: qs.filter(username=term)).content.decode()
    empty = body.split('class="empty"')[1]
    assert 'href="/students/"' in empty
    assert "No records match these filters." in empty


@pytest.mark.django_db
def test_a_filter_value_outside_its_choices_is_not_counted_as_filtering():
    request = RequestFactory().get("/students/", {"status": "bogus"})
    body = _page(request, filters=[Filter("is_active", "Status", [("1", "active")])]).content.decode()
    assert "No records match these filters." not in body
