"""Texts built when a module is imported are translated lazily: a label made with ``gettext`` at import time is
frozen in whatever language the first request had, so an English page would show it in Chinese (a depth band on
the home page did)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workbridge"
EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def _calls(node, names) -> bool:
    return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in names for c in ast.walk(node))


def test_module_and_class_level_texts_are_lazy():
    found = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _eager_names(tree)
        if not names:
            continue
        statements = [n for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)]
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            statements += [n for n in cls.body if isinstance(n, ast.Assign | ast.AnnAssign)]
        found += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in statements if _calls(n, names)]
    assert not found, "translated at import time (use gettext_lazy): " + ", ".join(sorted(found))
