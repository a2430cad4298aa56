"""ECharts options built on the server (rendered by static/evaluation/charts.js) and shared with insights."""

from __future__ import annotations

import json

PALETTE = ["#0f6e6a", "#d9822b", "#3f6fb5", "#8c5fb5", "#b3261e", "#1e7b34"]


def line(categories: list, series: dict[str, list], *, y_max: float | None = None) -> str:
    option = {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 12, "top": 36, "bottom": 28},
        "xAxis": {"type": "category", "data": categories},
        "yAxis": {"type": "value", "min": 0, **({"max": y_max} if y_max is not None else {})},
        "series": [{"name": name, "type": "line", "data": data, "connectNulls": True} for name, data in series.items()],
    }
    return json.dumps(option, ensure_ascii=False)


def bar(categories: list, series: dict[str, list], *, horizontal: bool = False, stack: bool = False) -> str:
    cat_axis = {
        "type": "category",
        "data": categories,
        "axisLabel": {"interval": 0, "width": 90, "overflow": "truncate"},
    }
    val_axis = {"type": "value", "min": 0}
    option = {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 100 if horizontal else 40, "right": 12, "top": 36, "bottom": 28, "containLabel": False},
        "xAxis": val_axis if horizontal else cat_axis,
        "yAxis": cat_axis if horizontal else val_axis,
        "series": [
            {"name": n, "type": "bar", "data": d, **({"stack": "all"} if stack else {})} for n, d in series.items()
        ],
    }
    return json.dumps(option, ensure_ascii=False)


def pie(items: dict[str, float]) -> str:
    option = {
        "color": PALETTE,
        "tooltip": {"trigger": "item"},
        "series": [
            {"type": "pie", "radius": ["35%", "65%"], "data": [{"name": k, "value": v} for k, v in items.items()]}
        ],
    }
    return json.dumps(option, ensure_ascii=False)
