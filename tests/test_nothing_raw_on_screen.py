"""Issue 10.3: a crawl of the demo region as every demo role, in Chinese, from the home page through every link a
page offers, finds no raw identifier on screen: no snake_case field or key names, no Python values (``{'``,
``None``, ``True``), no taxonomy ids and no English form labels; and no page answers 5xx.

User data (a person's log-in name on the people page) and the operator's command on the scheduled-jobs page are
the only identifiers a page may show, listed below with the reason.

The same roles then crawl in English: a page shows no Chinese (Han characters or Chinese punctuation) that is not
a record's own text, so a gloss in a source text ("Order class (订单班)") or a "、" between two names fails."""

from __future__ import annotations

import bisect
import html
import io
import re
from collections import deque
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.test import Client

SNAKE = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")
# Python values, and a record without a name shown as Django's default ("ReviewTask object (1)").
PYTHON_VALUE = re.compile(r"\{'|(?<![\w-])(?:None|True|False)(?![\w-])|\b[A-Z]\w* object \(\d+\)")
TAXONOMY_ID = re.compile(r"(?<![\w./])[a-z]+\.[a-z_]+\.[a-z0-9_-]+(?![\w/])")
ACTION_KEY = re.compile(r"(?<![\w./@-])[a-z]+\.[a-z]+_[a-z_]+(?![\w./@-])")  # e.g. an audit key, app.thing_done
LABEL = re.compile(r"<label\b[^>]*>(.*?)</label>", re.S)
ENGLISH_LABEL = re.compile(r"^[A-Za-z][A-Za-z ()/-]{2,}$")

SKIPPED_PREFIXES = ("/accounts/logout", "/static/", "/media/", "/admin/", "/api/", "/i18n/", "/sw.js", "/offline")
SKIPPED_ENDINGS = (".pdf", ".xlsx", ".csv", ".png", ".svg", ".json", "/file/", "/download/", "/attachment/")
PAGES_PER_ROLE = 90

# (page path prefix, text) a page may show, and why.
ALLOWED = {
    ("/operations/", "run_job"): "the management command an operator runs from cron, shown as such",
}
DEMO_USERS = (
    "demo_platform",
    "demo_authority",
    "demo_group",
    "demo_association",
    "demo_school_admin",
    "demo_teacher",
    "demo_enterprise_admin",
    "demo_mentor",
    "demo_student",
)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def _links(page: str) -> list[str]:
    out = []
    for href in re.findall(r'href="(/[^"#]*)"', page):
        path = urlparse(html.unescape(href)).path
        if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_ENDINGS) or "export" in href:
            continue
        out.append(path)
    return out


def _crawl(language: str, pages_per_role: int):
    """Each demo role's pages in ``language``, breadth first from the home page along the links each page shows
    (up to ``pages_per_role`` a role): yields (username, path, response)."""
    from workbridge.organizations.models import User

    for username in DEMO_USERS:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(User.objects.get(username=username))
        seen: set[str] = set()
        queue = deque(["/"])
        while queue and len(seen) < pages_per_role:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path, follow=True)
            yield username, path, response
            if response.status_code < 500 and "text/html" in response.get("Content-Type", ""):
                queue.extend(link for link in _links(response.content.decode()) if link not in seen)


@pytest.mark.slow
@pytest.mark.django_db
def test_no_page_shows_raw_identifiers_to_any_role():
    from workbridge.operations.jobs import recorded_task_names
    from workbridge.organizations.models import User

    call_command("seed_demo", "--scale", "small", "--seed", "7", stdout=io.StringIO())
    usernames = set(User.objects.values_list("username", flat=True))
    # The scheduled-jobs page names each job as `manage.py run_job <name>` takes it, for operators using cron.
    job_names = recorded_task_names()
    findings: dict[str, set[str]] = {}
    pages = 0
    for username, path, response in _crawl("zh-hans", PAGES_PER_ROLE):
        pages += 1
        where = f"{username} {path}"
        if response.status_code >= 500:
            findings.setdefault(f"{response.status_code} answer", set()).add(where)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        text = _visible_text(page)
        found = [m.group(0) for m in SNAKE.finditer(text)]
        found += [m.group(0) for m in PYTHON_VALUE.finditer(text)]
        found += [m.group(0) for m in TAXONOMY_ID.finditer(text)]
        found += [m.group(0) for m in ACTION_KEY.finditer(text)]
        for raw in LABEL.findall(page):
            label = _visible_text(raw).strip().rstrip("*").strip()
            if ENGLISH_LABEL.match(label):
                found.append(f"English label {label!r}")
        for item in found:
            if item in usernames:  # a person's log-in name is their data, shown to their admins
                continue
            if any(path.startswith(prefix) and item == allowed for prefix, allowed in ALLOWED):
                continue
            if path.startswith("/operations/") and item in job_names:
                continue
            findings.setdefault(item, set()).add(where)
    assert pages > 300, f"the crawl reached only {pages} pages"
    assert not findings, "raw identifiers on screen:\n" + "\n".join(
        f"  {item!r}: {', '.join(sorted(where)[:3])}" for item, where in sorted(findings.items())
    )
    chinese = _chinese_on_english_pages()
    assert not chinese, "Chinese on English pages that is not a record's own text:\n" + "\n".join(
        f"  {text!r}: {', '.join(sorted(where)[:3])}" for text, where in sorted(chinese.items())
    )


# Han characters with the Chinese punctuation around them: a "、" or "（" from a template is Chinese on an English
# page even between two names.
CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
ENGLISH_PAGES_PER_ROLE = 150


def _record_runs() -> list[str]:
    """The Chinese runs of every text the database holds (names, titles, descriptions, sources, the reference
    data): on an English page these are the records' own words, shown as entered. Whole runs only: a generic term
    such as 订单班 inside a project's title does not excuse the term on its own."""
    from django.apps import apps
    from django.db import models

    runs = set()
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.is_relation
        ]
        for row in model.objects.values_list(*names).iterator() if names else ():
            for value in row:
                if value:
                    runs.update(CJK_RUN.findall(str(value)))
    return sorted(runs)


def _is_record_text(run: str, runs: list[str]) -> bool:
    """A run is a record's own text when a record holds it whole, or its start (a title cut short with "…")."""
    at = bisect.bisect_left(runs, run)
    return at < len(runs) and runs[at].startswith(run) and (runs[at] == run or len(run) >= 4)


def _chinese_on_english_pages() -> dict[str, set[str]]:
    """Issue 10.3, the other language: the same roles in English see no Chinese but their records' own text."""

    runs = _record_runs()
    found: dict[str, set[str]] = {}
    pages = 0
    for username, path, response in _crawl("en", ENGLISH_PAGES_PER_ROLE):
        pages += 1
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for run in CJK_RUN.findall(_visible_text(response.content.decode())):
            if run not in BRAND and not _is_record_text(run, runs):
                found.setdefault(run, set()).add(f"{username} {path}")
    assert pages > 1000, f"the English crawl reached only {pages} pages"
    return found


# The product's name and the language switch's own name for Chinese, the same in both languages.
BRAND = ("WorkBridge", "产教桥", "产教融合", "中文")
