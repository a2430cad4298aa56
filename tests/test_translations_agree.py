"""Every app's Chinese catalog translates a text the same way.

Django merges all catalogs into one: for a text two apps translate differently, the first installed app wins
everywhere, so a status could read as another app's word ("Withdrawn" as 已退学 on an application, "Open" as
打开 on a violation). A text that means different things in different places carries a context
(`{% trans "Open" context "survey status" %}`, `pgettext_lazy("internship status", "Active")`)."""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "workbridge"


def _catalogs() -> dict[str, dict]:
    out = {}
    for mo in sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo")) + [
        ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    ]:
        with mo.open("rb") as fh:
            out[mo.relative_to(ROOT).parts[0]] = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    return out


def test_every_catalog_is_compiled_from_its_po():
    for po in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{po} has no compiled .mo"


def test_no_text_is_translated_two_ways():
    seen: dict[object, dict[str, str]] = defaultdict(dict)
    for app, catalog in _catalogs().items():
        for key, text in catalog.items():
            if key == "" or not text:
                continue
            seen[key][app] = text
    clashes = {
        str(key).replace("\x04", " | "): translations
        for key, translations in seen.items()
        if len(set(translations.values())) > 1
    }
    if clashes:
        lines = [f"{key!r}: {translations}" for key, translations in sorted(clashes.items())]
        pytest.fail(
            "The same text is translated differently by several apps (give one a context, or use one word):\n"
            + "\n".join(lines)
        )
