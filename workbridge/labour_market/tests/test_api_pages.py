import io

import pytest
from django.urls import reverse

from workbridge.core.roles import Role
from workbridge.labour_market import services
from workbridge.labour_market.models import IngestBatch, MajorTargetOccupation

pytestmark = pytest.mark.django_db


def test_api_ingest_list_and_matrix_scope(world, api_client_for, postings_csv):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    upload = io.BytesIO(postings_csv)
    upload.name = "p.csv"
    response = client.post(
        "/api/v1/labour-market/postings/ingest/", {"file": upload, "source": "api"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    batch = response.json()
    assert batch["status"] == "done" and batch["imported"] == 8 and batch["duplicates"] == 1
    assert client.get(f"/api/v1/labour-market/batches/{batch['id']}/").status_code == 200
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/labour-market/batches/{batch['id']}/").status_code
        == 404
    )
    listing = client.get("/api/v1/labour-market/postings/?q=Python").json()
    assert listing["count"] >= 5 and listing["results"][0]["skills"]
    demand = client.get("/api/v1/labour-market/demand/?dimension=skill").json()
    assert demand["rows"]
    MajorTargetOccupation.objects.create(major=world.major1, occupation_code="2-02-10-03")
    assert client.get(f"/api/v1/labour-market/majors/{world.major1.pk}/matrix/").status_code == 200
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN])
        .get(f"/api/v1/labour-market/majors/{world.major1.pk}/matrix/")
        .status_code
        == 404
    )
    assert (
        api_client_for(world.users[Role.STUDENT])
        .post("/api/v1/labour-market/postings/ingest/", {"file": io.BytesIO(b"x")}, format="multipart")
        .status_code
        == 403
    )


def test_pages_render_and_export(world, client, postings_csv):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    upload = io.BytesIO(postings_csv)
    upload.name = "p.csv"
    response = client.post(reverse("labour_market:ingest"), {"file": upload, "step": "preview"})
    assert response.status_code == 200 and "jobName" in response.content.decode()
    token = response.context["token"]
    mapping = response.context["preview"]["mapping"]
    data = {
        "step": "commit",
        "token": token,
        "file_name": "p.csv",
        "format": "csv",
        **{f"map_{k}": v for k, v in mapping.items()},
    }
    response = client.post(reverse("labour_market:ingest"), data)
    assert response.status_code == 302
    batch = IngestBatch.objects.get()
    page = client.get(reverse("labour_market:batch", args=[batch.pk])).content.decode()
    assert "Python" in page
    MajorTargetOccupation.objects.create(major=world.major1, occupation_code="2-02-10-03")
    services.warnings_recompute(majors=[world.major1], year=2024)
    for name, args in [
        ("overview", []),
        ("majors", []),
        ("major", [world.major1.pk]),
        ("warnings", []),
        ("destinations", []),
        ("surveys", []),
        ("programmes", []),
        ("association", []),
        ("course-skills", [world.course1.pk]),
    ]:
        assert client.get(reverse(f"labour_market:{name}", args=args)).status_code == 200, name
    for name, args in [("major", [world.major1.pk]), ("warnings", []), ("overview", [])]:
        xlsx = client.get(reverse(f"labour_market:{name}", args=args) + "?export=xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        pdf = client.get(reverse(f"labour_market:{name}", args=args) + "?export=pdf")
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(reverse("labour_market:major", args=[world.major1.pk])).status_code == 404
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    assert client.get(reverse("labour_market:supply")).status_code == 200
    assert client.get(reverse("labour_market:supply") + "?export=pdf").content[:4] == b"%PDF"


def test_posting_programme_and_survey_pages(world, client, api_client_for, postings_csv):
    from workbridge.labour_market.models import Posting, SurveyStatus

    upload = io.BytesIO(postings_csv)
    upload.name = "p.csv"
    services.postings_ingest(actor=world.users[Role.PLATFORM_ADMIN], file=upload)
    posting = Posting.objects.filter(title="Python开发工程师", duplicate_of__isnull=True).first()
    client.force_login(world.users[Role.STUDENT])
    page = client.get(reverse("labour_market:posting", args=[posting.pk])).content.decode()
    assert "<mark" in page and posting.occupation_code in page
    # a school drafts a programme; the invited expert sees and comments on it; another school does not see it
    teacher = world.users[Role.TEACHER]
    programme = services.programme_create(
        actor=teacher,
        major=world.major1,
        cohort_year=2025,
        title="方案",
        content={
            "target_posts": ["软件工程师"],
            "courses": [{"name": "Python", "semester": 2, "hours": 64, "practice_hours": 32}],
        },
    )
    services.programme_invite(actor=teacher, programme=programme, user=world.users[Role.ENTERPRISE_ADMIN])
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    url = reverse("labour_market:programme", args=[programme.pk])
    assert "Python" in client.get(url).content.decode()
    client.post(url, {"action": "comment", "version": 1, "line_key": "courses:Python", "text": "增加项目实训"})
    assert programme.current.comments.get().text == "增加项目实训"
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(url).status_code == 404
    # survey answered through the page and the API
    school = world.users[Role.SCHOOL_ADMIN]
    survey = services.survey_create(actor=school, title="需求调查", target_year=2026)
    services.survey_invite(actor=school, survey=survey, enterprises=[world.enterprise1])
    services.survey_set_status(actor=school, survey=survey, status=SurveyStatus.OPEN)
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    answer = reverse("labour_market:survey-answer", args=[survey.pk])
    response = client.post(
        answer, {"post_title": ["PLC工程师", ""], "post_headcount": ["4", ""], "post_skills": ["熟练PLC编程", ""]}
    )
    assert response.status_code == 302
    assert survey.responses.get().posts.get().headcount == 4
    api = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    result = api.post(
        f"/api/v1/labour-market/surveys/{survey.pk}/responses/",
        {"posts": [{"title": "电工", "headcount": 2, "skills": "电气"}]},
        format="json",
    )
    assert result.status_code == 201 and result.json()["posts"][0]["headcount"] == 2
    assert (
        api_client_for(world.other[Role.ENTERPRISE_ADMIN])
        .post(f"/api/v1/labour-market/surveys/{survey.pk}/responses/", {"posts": []}, format="json")
        .status_code
        == 404
    )
