"""No module imports another module's private names (``from .views import _zip``): what two modules share gets a
public name in a module of its own, so a private helper can change without breaking a neighbour."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workbridge"


def test_no_module_imports_a_private_name_of_another():
    found = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "_" and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}")
    assert not found, "\n".join(found)
