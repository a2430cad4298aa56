"""Every chart is built by core.charts: plain data the one script (static/js/charts.js) draws the same way."""

import json

from hypothesis import given
from hypothesis import strategies as st

from workbridge.core import charts


def test_a_bar_chart_in_percent_asks_the_script_for_the_unit_and_caps_the_axis():
    chart = charts.bar(["甲校", "乙校"], {"实习率": [86.2, None]}, y_max=100, unit="%", label="实习率")
    option = json.loads(chart.json)
    assert option["wb"]["unit"] == "%"
    assert option["yAxis"]["max"] == 100
    assert option["series"][0]["data"] == [86.2, None]
    assert option["series"][0]["name"] == "实习率"  # the legend names what the bars count
    assert chart.label == "实习率"


def test_the_json_keeps_chinese_readable():
    assert "甲校" in charts.bar(["甲校"], {"x": [1]}).json


def test_a_chart_without_series_is_false_so_the_template_shows_nothing():
    assert not charts.Chart(option={"series": []})
    assert charts.line(["2025"], {"合计": [1]})


@given(st.integers(min_value=0, max_value=60))
def test_a_horizontal_bar_chart_grows_with_its_categories(n):
    names = [f"学校{i}" for i in range(n)]
    chart = charts.bar(names, {"深度": list(range(n))}, horizontal=True)
    assert chart.height >= 200
    assert chart.height >= 28 * n
    assert json.loads(chart.json)["yAxis"]["inverse"] is True


def test_percent_turns_a_share_into_a_percentage_and_keeps_gaps():
    assert charts.percent(0.862) == 86.2
    assert charts.percent(None) is None


def test_a_heat_map_scales_to_its_peak_and_names_its_cells_in_the_tooltip():
    chart = charts.heatmap(["车工", "PLC 编程"], ["数控编程", "电气识图"], [(0, 0, 3.0), (1, 1, 7.5)])
    option = json.loads(chart.json)
    assert option["visualMap"]["max"] == 7.5
    assert option["wb"]["tooltip"] == "cell"
    assert option["series"][0]["data"] == [[0, 0, 3.0], [1, 1, 7.5]]
