"""Icons are drawn inline (core/_icon.html), not written as emoji: a computer without a colour-emoji font (many
Linux desktops in school offices, headless browsers) shows an emoji as an empty box."""

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]
# pictographs that need a colour-emoji font (text symbols such as check marks and flags are in the text fonts)
EMOJI = re.compile("[\U0001f300-\U0001faff]")


def test_no_template_writes_an_emoji():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("name", ["chat", "paperclip"])
def test_an_icon_is_an_inline_drawing_hidden_from_screen_readers(name):
    html = render_to_string("core/_icon.html", {"name": name})
    assert html.startswith("<svg") and 'aria-hidden="true"' in html and "<path d=" in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched from anywhere
