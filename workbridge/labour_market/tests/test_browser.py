"""Browser checks: upload real postings through the page and see skills and occupations; a school's matrix page
renders at 375 px."""

import pytest

from workbridge.core.roles import Role
from workbridge.labour_market.models import MajorTargetOccupation, Posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_postings_and_see_skills_and_occupations(world, page_for, postings_csv, tmp_path, screenshot_dir):
    path = tmp_path / "51job-sample.csv"
    path.write_bytes(postings_csv)
    page = page_for(world.users[Role.SCHOOL_ADMIN].username)
    page.goto(f"{page.base_url}/labour-market/ingest/")
    page.set_input_files("#id_file", str(path))
    page.click("#preview-submit")
    page.wait_for_selector("#commit-submit")
    assert page.locator("select[name=map_title]").input_value() == "jobName"
    page.click("#commit-submit")
    page.wait_for_selector("#postings")
    assert page.locator("#imported").inner_text() == "8"
    assert "Python" in page.locator("#postings .skills").first.inner_text()
    occupations = page.locator("#postings .occupation").all_inner_texts()
    assert any(text.strip() not in ("", "—") for text in occupations)
    page.screenshot(path=str(screenshot_dir / "labour_market_batch.png"), full_page=True)
    assert Posting.objects.filter(duplicate_of__isnull=False).count() == 1


def test_school_matrix_page_renders_on_a_phone(world, page_for, postings_csv, screenshot_dir):
    import io

    from workbridge.labour_market import services

    f = io.BytesIO(postings_csv)
    f.name = "p.csv"
    services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=f)
    code = Posting.objects.exclude(occupation_code="").values_list("occupation_code", flat=True).first()
    MajorTargetOccupation.objects.create(major=world.major1, occupation_code=code)
    world.course1.learning_outcomes = "掌握Python程序设计，能使用Django开发Web应用。"
    world.course1.save()
    for tag in services.course_skills_suggest(actor=world.users[Role.TEACHER], course=world.course1):
        services.course_skill_decide(actor=world.users[Role.TEACHER], tag=tag, status="confirmed")
    page = page_for(world.users[Role.TEACHER].username, width=375, height=800)
    page.goto(f"{page.base_url}/labour-market/majors/{world.major1.pk}/")
    page.wait_for_selector("#heat svg")
    assert page.locator("#coverage").inner_text().endswith("%")
    assert page.locator("#gaps li").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 2, f"page scrolls sideways at 375 px ({width})"
    page.screenshot(path=str(screenshot_dir / "labour_market_matrix_375.png"), full_page=True)
