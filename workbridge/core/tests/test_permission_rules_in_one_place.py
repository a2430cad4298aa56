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
# The generic scoped viewset enforces the write roles each viewset declares (its one line of rule plumbing).
ALLOWED = {"workbridge/core/viewsets.py: require_role(self.actor, self.write_roles)"}
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def test_no_template_compares_role_names():
    offenders = []
    for path in ROOT.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ROLE_IN_TEMPLATE.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}")
    assert not offenders, "templates comparing role names (give them a can flag):\n" + "\n".join(offenders)


def test_every_app_is_read():
    assert {"placements", "partnerships", "core", "evaluation", "academics"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_views_and_apis_ask_predicates(app):
    offenders = []
    for path in sorted((ROOT / app).glob("*.py")):
        if not (path.name.startswith("views") or path.name.startswith("apis")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if ROLE_IN_VIEW.search(line) and f"{path.relative_to(ROOT.parent)}: {line.strip()}" not in ALLOWED:
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
