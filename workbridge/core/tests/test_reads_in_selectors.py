"""Scoped reads live in selectors (docs/DEVELOPING.md): a view or API module asks a selector for its rows and never
calls core.access.visible / access_object itself, so every page, export and API route of a thing reads the same
rows. core/viewsets.py is the one exception: it is the generic selector behind ScopedViewSet."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    p
    for p in [
        *ROOT.glob("*/views*.py"),
        *ROOT.glob("*/apis*.py"),
        *ROOT.glob("*/views/*.py"),
        *ROOT.glob("*/apis/*.py"),
    ]
    if p.relative_to(ROOT).as_posix() != "core/viewsets.py"
)


def test_there_are_view_and_api_modules():
    assert len(MODULES) > 25


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_views_and_apis_read_through_selectors(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("visible", "access_object")
    ]
    assert not calls, f"lines {calls}: move the scoped read into the app's selectors"
