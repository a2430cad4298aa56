"""Issue 16.4 / 10.3: sources shown to users are written for them; the working notes behind them ("[check]",
"policy-facts.md", "Written for this project") stay in the repository."""

import pytest

from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db

WORKING_NOTES = ("[check]", "[read]", "[province]", "policy-facts.md", "Written for this project")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_warning_rules_and_integration_criteria_show_sources_not_working_notes(world, client, language):
    from workbridge.labour_market import services

    services.warning_rules_load()
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    pages = [
        client.get("/labour-market/warnings/", HTTP_ACCEPT_LANGUAGE=language),
        client.get(f"/evaluation/integration/{world.enterprise1.pk}/", HTTP_ACCEPT_LANGUAGE=language),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert not [note for note in WORKING_NOTES if note in text]
    warnings_page = pages[0].content.decode()
    if language == "zh-hans":
        assert "低于 60%" in warnings_page and "教育部" in warnings_page
    else:
        assert "below 60%" in warnings_page and "Ministry of Education" in warnings_page
