"""Engines are pure algorithms: no Django, and no project module outside the engines (docs/architecture.md).
This reads every engines/*.py so a Django import cannot slip in."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "workbridge"
ENGINES = sorted(ROOT.glob("*/engines/*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_there_are_engines():
    assert len(ENGINES) > 30


@pytest.mark.parametrize("path", ENGINES, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_engine_imports_neither_django_nor_the_rest_of_the_project(path):
    for name in _imports(path):
        assert not name.startswith(("django", "rest_framework", "celery")), f"{name}: engines are pure"
        if name.startswith("workbridge."):
            assert ".engines" in name, f"{name}: an engine may use other engines only"
