"""Permission rules live in each app's permissions.py (named predicates, core.permissions): templates get flags or
ask ``{% can %}`` and never compare role names; page and API views ask predicates instead of testing roles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from workbridge.core.permissions import PREDICATES, allowed, permission

ROOT = Path(__file__).resolve().parents[2]
ROLE_IN_TEMPLATE = re.compile(r"role\s*(==|!=)\s*[\"']|role\s+(not\s+)?in\s+[\"']")
ROLE_IN_VIEW = re.compile(r"\.role\s*(==|!=|in\b|not in\b)|require_role\(")
# Apps whose views and APIs already ask named predicates only; the rest are listed in the issue note.
CONVERTED = ("placements", "labour_market", "faculty", "certificates", "research", "conversations")


def test_no_template_compares_role_names():
    offenders = []
    for path in ROOT.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ROLE_IN_TEMPLATE.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}")
    assert not offenders, "templates comparing role names (give them a can flag):\n" + "\n".join(offenders)


@pytest.mark.parametrize("app", CONVERTED)
def test_views_and_apis_ask_predicates(app):
    offenders = []
    for path in sorted((ROOT / app).glob("*.py")):
        if not (path.name.startswith("views") or path.name.startswith("apis")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ROLE_IN_VIEW.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert not offenders, "role tests outside permissions.py:\n" + "\n".join(offenders)


def test_the_can_tag_asks_the_named_predicate(world):
    from workbridge.core.access import actor_for
    from workbridge.core.roles import Role

    template = Template('{% load permissions %}{% can "certificates.record_results" as may %}{{ may }}')
    assert template.render(Context({"actor": actor_for(world.users[Role.SCHOOL_ADMIN])})) == "True"
    assert template.render(Context({"actor": actor_for(world.users[Role.TEACHER])})) == "False"
    assert template.render(Context({"actor": None})) == "False"


def test_unknown_and_duplicate_names_fail_loudly():
    with pytest.raises(KeyError):
        allowed("nowhere.nothing", object())
    name = next(iter(PREDICATES))
    with pytest.raises(ValueError):
        permission(name)(lambda actor: True)
