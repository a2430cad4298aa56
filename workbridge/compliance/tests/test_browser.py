"""A school admin opens the violation inbox on a phone, reads a violation and closes it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from workbridge.compliance import services
from workbridge.compliance.engines.rules import evaluate, load_ruleset
from workbridge.compliance.models import Violation
from workbridge.core.roles import Role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inbox_and_resolve_on_a_phone(world, page_for, screenshot_dir):
    call_command("load_rules", stdout=StringIO())
    findings = evaluate(
        load_ruleset(), {"monthly_pay": 2000, "post_wage_reference": 4000, "via_agency": True}, "position_review"
    )
    services.violations_record_findings(
        actor=None, findings=findings, school=world.school1, enterprise=world.enterprise1, checkpoint="position_review"
    )
    page = page_for(world.users[Role.SCHOOL_ADMIN].username, width=375, height=800)
    page.goto(f"{page.base_url}/compliance/")
    page.wait_for_load_state("networkidle")
    assert page.locator("text=不得通过中介机构组织实习").count() >= 1
    page.screenshot(path=str(screenshot_dir / "compliance-inbox-375.png"), full_page=True)
    page.locator("text=不得通过中介机构组织实习").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("text=第十六条第（六）项").count() >= 1
    page.screenshot(path=str(screenshot_dir / "compliance-violation-375.png"), full_page=True)
    page.fill("textarea[name=resolution]", "已取消中介，由学校直接安排实习。")
    page.click("#form-submit")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "compliance-resolved-375.png"), full_page=True)
    v = Violation.objects.get(rule_code="CN-2021-16-6-agency")
    assert v.status == "resolved" and v.resolved_by == world.users[Role.SCHOOL_ADMIN]
    page.goto(f"{page.base_url}/compliance/rules/")
    page.screenshot(path=str(screenshot_dir / "compliance-rules-375.png"), full_page=False)
