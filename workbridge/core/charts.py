"""Every chart in WorkBridge is built here and drawn by one script, `static/js/charts.js`.

A view builds a `Chart` (an ECharts option plus its height and an accessible name) with `line`, `bar`, `pie` or
`heatmap`, passes it to the template, and the template writes `{% include "core/_chart.html" with chart=... %}`.
The script loads the vendored ECharts only on pages that hold a chart, draws every `[data-option]` element as SVG,
redraws on resize and after htmx swaps. Options are plain data: what needs a function in ECharts (a unit after
values, a tooltip naming both axes of a heat map, truncated long labels) is asked for under the `wb` key and the
script supplies the function, so no page carries chart code of its own and every chart looks the same.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

# The brand teal first, then colours that stay apart for the colour-blind and in greyscale print.
PALETTE = ["#0f6e6a", "#d9822b", "#3f6fb5", "#8c5fb5", "#b3261e", "#1e7b34"]
# Heat maps run from the brand's pale tint to the brand colour.
HEAT_RANGE = ["#e8f4f3", "#0f6e6a"]
TEXT = "#1d2733"
MUTED = "#5d6b7a"
LABEL_CHARS = 14  # category labels longer than this are cut with "…" (the tooltip shows them whole)


def percent(ratio: float | None) -> float | None:
    """A share (0.862) as the percentage a chart with unit="%" plots (86.2); no data stays a gap."""
    return None if ratio is None else round(ratio * 100, 1)


@dataclass(frozen=True)
class Chart:
    option: dict
    height: int = 260
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def json(self) -> str:
        return json.dumps(self.option, ensure_ascii=False)

    def __bool__(self) -> bool:
        return bool(self.option.get("series"))


def _base(*, unit: str | None, label_chars: int | None = LABEL_CHARS) -> dict:
    wb: dict = {}
    if unit:
        wb["unit"] = unit
    if label_chars:
        wb["truncate"] = label_chars
    return {
        "color": PALETTE,
        "textStyle": {"color": TEXT},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "wb": wb,
    }


def _value_axis(*, y_max: float | None = None) -> dict:
    axis: dict = {"type": "value", "min": 0, "axisLabel": {"color": MUTED}}
    if y_max is not None:
        axis["max"] = y_max
    return axis


def _category_axis(categories: Sequence, *, rotate: int = 0) -> dict:
    return {
        "type": "category",
        "data": [str(c) for c in categories],
        "axisLabel": {"interval": 0, "color": MUTED, **({"rotate": rotate} if rotate else {})},
    }


def line(
    categories: Sequence,
    series: dict[str, list],
    *,
    y_max: float | None = None,
    unit: str | None = None,
    label: str = "",
    height: int = 240,
) -> Chart:
    """One line per series over ordered categories (terms, months, years)."""
    option = _base(unit=unit)
    option.update(
        {
            "grid": {"left": 48, "right": 16, "top": 40, "bottom": 28, "containLabel": True},
            "xAxis": _category_axis(categories),
            "yAxis": _value_axis(y_max=y_max),
            "series": [
                {"name": str(name), "type": "line", "data": list(data), "connectNulls": True, "smooth": False}
                for name, data in series.items()
            ],
        }
    )
    option["xAxis"]["axisLabel"].pop("interval")
    return Chart(option=option, height=height, label=label)


def bar(
    categories: Sequence,
    series: dict[str, list],
    *,
    horizontal: bool = False,
    stack: bool = False,
    y_max: float | None = None,
    unit: str | None = None,
    label: str = "",
    height: int | None = None,
) -> Chart:
    """Bars per category; horizontal for long names (schools, skills), which also sets the height by count."""
    option = _base(unit=unit)
    rotate = 0 if horizontal or len(categories) <= 6 else 30
    cat_axis = _category_axis(categories, rotate=rotate)
    val_axis = _value_axis(y_max=y_max)
    if horizontal:
        cat_axis["inverse"] = True
    option.update(
        {
            "grid": {"left": 12, "right": 24, "top": 40 if len(series) > 1 else 16, "bottom": 16, "containLabel": True},
            "xAxis": val_axis if horizontal else cat_axis,
            "yAxis": cat_axis if horizontal else val_axis,
            "series": [
                {"name": str(n), "type": "bar", "data": list(d), **({"stack": "all"} if stack else {})}
                for n, d in series.items()
            ],
        }
    )
    if height is None:
        height = max(200, 28 * len(categories) * (1 if stack else max(1, len(series))) + 60) if horizontal else 280
    return Chart(option=option, height=height, label=label)


def pie(items: dict[str, float], *, unit: str | None = None, label: str = "", height: int = 240) -> Chart:
    option = _base(unit=unit, label_chars=None)
    option["tooltip"] = {"trigger": "item"}
    option["series"] = [
        {"type": "pie", "radius": ["35%", "65%"], "data": [{"name": str(k), "value": v} for k, v in items.items()]}
    ]
    return Chart(option=option, height=height, label=label)


def heatmap(
    columns: Sequence[str],
    rows: Sequence[str],
    cells: Sequence[tuple[int, int, float]],
    *,
    unit: str | None = None,
    label: str = "",
) -> Chart:
    """A matrix of intensities: `cells` are (column index, row index, value); rows are listed top down."""
    option = _base(unit=unit)
    option["wb"]["tooltip"] = "cell"
    peak = max((c[2] for c in cells), default=1) or 1
    option.update(
        {
            "legend": {"show": False},
            "tooltip": {"trigger": "item"},
            "grid": {"left": 8, "right": 8, "top": 8, "bottom": 8, "containLabel": True},
            "xAxis": _category_axis(columns, rotate=60),
            "yAxis": {**_category_axis(rows), "inverse": True},
            "visualMap": {"min": 0, "max": peak, "show": False, "inRange": {"color": HEAT_RANGE}},
            "series": [{"type": "heatmap", "data": [list(c) for c in cells]}],
        }
    )
    return Chart(option=option, height=max(260, 140 + 20 * len(rows)), label=label)
