"""Issue 10.3, both languages complete: an English source text says it in English. A Chinese gloss in the source
("Order class (订单班)") shows on every English page; the Chinese belongs in the zh_Hans catalog, and an example
in a help text is given in the page's language ("e.g. Education Dept. Notice [2024] No. 12" in English,
"如 X教〔2024〕12号" in the catalog).

Scanned: the texts of gettext calls in every non-test Python module, the ``{% trans %}`` / ``{% blocktrans %}``
texts and ``_("…")`` arguments of every template, and every msgid the catalogs hold (what makemessages found,
however it was written)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workbridge"
# Han characters and CJK punctuation / full-width forms: "（）", "：", "、" and "〔〕" are Chinese on a page too.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
GETTEXT = {
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# English texts that must carry Chinese, and why. A new entry needs a reason a reader outside China accepts:
# the Chinese is what the user types or reads in a file, not a translation of the English.
ALLOWED = {
    # The destinations workbook's column headers are Chinese in the file itself (the import reads them by name).
    "Columns: 学号, 专业代码, 毕业年份, 去向, 单位, 职业代码, 起薪, 专业相关度, 实习单位留用.": "spreadsheet columns",
    # A workbook cell holds 是 or 否; the English names the accepted cell values.
    "answer 是 or 否 (yes or no)": "spreadsheet cell values",
}


def _gettext_names(tree: ast.Module) -> set[str]:
    """The names this module calls gettext by (``_`` for ``gettext_lazy as _``, or the function's own name)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in GETTEXT}
    return names


def _python_texts():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _gettext_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else None
            if isinstance(func, ast.Attribute) and func.attr in GETTEXT:  # translation.gettext_lazy(...)
                called = func.attr
                names = names | {called}
            if called not in names:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", arg.value


TRANS = re.compile(r"""{%\s*(?:trans|translate)\s+("[^"]*"|'[^']*')""")
BLOCKTRANS = re.compile(r"{%\s*(blocktrans|blocktranslate)\b.*?%}(.*?){%\s*end\1\s*%}", re.S)
UNDERSCORE = re.compile(r"""\b_\(\s*("[^"]*"|'[^']*')\s*\)""")


def _template_texts():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if not path.is_file() or path.suffix not in {".html", ".txt", ".xml", ".js", ".webmanifest"}:
            continue
        source = path.read_text(encoding="utf-8")
        for pattern, group in ((TRANS, 1), (BLOCKTRANS, 2), (UNDERSCORE, 1)):
            for match in pattern.finditer(source):
                text = match.group(group)
                if group == 1:
                    text = text[1:-1]
                line = source.count("\n", 0, match.start()) + 1
                yield f"{path.relative_to(ROOT)}:{line}", text


# Chinese a template writes outside {% trans %}, shown in both languages, and why.
LITERAL_ALLOWED = {
    ("templates/base.html", "产教融合"): "the product's tagline beside its name, the same in both languages",
    ("templates/base.html", "中文"): "the language switch names Chinese in Chinese, as language menus do",
}
BLOCKS = re.compile(r"{%\s*(blocktrans|blocktranslate|comment)\b.*?{%\s*end\1\s*%}", re.S)
TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)


def _template_literals():
    """Chinese written straight into a template (a "、" between names, a "：" before a reason)."""
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        source = path.read_text(encoding="utf-8")
        rest = TAGS.sub(" ", BLOCKS.sub(" ", source))
        name = str(path.relative_to(ROOT))
        for run in re.findall(CJK.pattern + "+", rest):
            if (name, run) not in LITERAL_ALLOWED:
                yield name, run
        for match in re.finditer(r"\|join:(\"[^\"]*\"|'[^']*')", source):  # {{ names|join:"、" }}
            if CJK.search(match.group(1)):
                yield name, match.group(0)


def _catalog_msgids():
    """Every live msgid of every zh_Hans catalog (obsolete ``#~`` entries are not shown anywhere)."""
    for po in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/*.po")):
        current: list[str] | None = None
        for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(("msgid ", "msgid_plural ")):
                current = [line.split(" ", 1)[1]]
                start = number
            elif line.startswith('"') and current is not None:
                current.append(line)
            else:
                if current is not None:
                    text = "".join(ast.literal_eval(part) for part in current)
                    if text:
                        yield f"{po.relative_to(ROOT)}:{start}", text
                current = None


def _chinese(texts) -> list[str]:
    return sorted(f"{where}: {text!r}" for where, text in texts if CJK.search(text) and text not in ALLOWED)


def test_python_sources_are_english():
    found = _chinese(_python_texts())
    assert not found, "Chinese in an English source text (put it in the zh_Hans catalog):\n" + "\n".join(found)


def test_template_sources_are_english():
    found = _chinese(_template_texts())
    assert not found, "Chinese in an English template text (put it in the zh_Hans catalog):\n" + "\n".join(found)


def test_templates_write_no_chinese_outside_trans():
    found = sorted(f"{where}: {text!r}" for where, text in _template_literals())
    assert not found, (
        "Chinese written into a template outside {% trans %} (shown on English pages too; use "
        '{% trans ", " context "list separator" %} and put the Chinese in the catalog):\n' + "\n".join(found)
    )


def test_catalog_msgids_are_english():
    found = _chinese(_catalog_msgids())
    assert not found, "Chinese in a catalog's msgid (the English side):\n" + "\n".join(found)


def test_the_scan_finds_a_gloss():
    """The scan sees the forms a gloss comes in, so a pass means something."""
    tree_texts = list(_python_texts())
    assert any(where.startswith("partnerships/models.py") for where, _text in tree_texts)
    assert TRANS.search('{% trans "Order class (订单班)" %}') and CJK.search("订单班")
    body = BLOCKTRANS.search("{% blocktrans with n=3 %}{{ n }} days（天）{% endblocktrans %}").group(2)
    assert CJK.search(body)
    assert CJK.search("Period：") and CJK.search("A、B")
    assert UNDERSCORE.search('{{ x|default:_("无") }}')
