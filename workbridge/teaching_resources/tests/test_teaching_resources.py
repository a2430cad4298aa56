"""Shared teaching resources: who sees what under each licence, contributing, versions, usage, the API twins."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.labour_market.tests.factories import SkillFactory
from workbridge.organizations.models import Affiliation
from workbridge.organizations.tests.factories import SchoolFactory
from workbridge.partnerships.tests.factories import AgreementFactory
from workbridge.teaching_resources import selectors, services
from workbridge.teaching_resources.models import Licence, ResourceKind, ResourceUse

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="课件.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def zip_file(name="题库.zip"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("questions.csv", "题目,答案\nPLC 扫描周期是什么,……\n")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/zip")


def contribute(user, licence, **extra):
    return services.resource_create(
        actor=user, title=extra.pop("title", f"{licence} 课件"), kind=ResourceKind.COURSEWARE, licence=licence, **extra
    )


def titles(user):
    return set(selectors.resource_list(actor=user).values_list("title", flat=True))


def test_internal_is_seen_by_the_own_organisation_and_the_co_contributor_only(world):
    joint = contribute(
        world.users[Role.TEACHER], Licence.INTERNAL, title="联合教材", co_contributor_ids=[world.enterprise1.pk]
    )
    assert "联合教材" in titles(world.users[Role.SCHOOL_ADMIN])
    assert "联合教材" in titles(world.users[Role.STUDENT])
    assert "联合教材" in titles(world.users[Role.ENTERPRISE_MENTOR])  # the co-contributor's staff
    assert "联合教材" not in titles(world.other[Role.SCHOOL_ADMIN])
    assert "联合教材" not in titles(world.users[Role.AUTHORITY_OFFICER])
    assert joint.co_contributors.get() == world.enterprise1


def test_partners_licence_follows_live_agreements(world):
    contribute(world.users[Role.SCHOOL_ADMIN], Licence.PARTNERS, title="伙伴课件")
    enterprise = world.enterprise2
    assert "伙伴课件" not in titles(world.other[Role.ENTERPRISE_ADMIN])
    agreement = AgreementFactory(school=world.school1, enterprise=enterprise, status="draft")
    assert "伙伴课件" not in titles(world.other[Role.ENTERPRISE_ADMIN])  # a draft is not a live agreement
    agreement.status = "active"
    agreement.save()
    assert "伙伴课件" in titles(world.other[Role.ENTERPRISE_ADMIN])
    agreement.status = "terminated"
    agreement.save()
    assert "伙伴课件" not in titles(world.other[Role.ENTERPRISE_ADMIN])


def test_group_licence_reaches_the_education_group_and_its_members(world):
    contribute(world.users[Role.SCHOOL_ADMIN], Licence.GROUP, title="集团案例")
    sister = SchoolFactory(name="兄弟学校", region=world.region2)
    Affiliation.objects.create(body=world.group1, member=sister)
    from workbridge.core.access import Actor

    sister_staff = Actor(
        user=world.users[Role.SCHOOL_ADMIN], role=Role.SCHOOL_ADMIN, organization_id=sister.pk, org_kind="school"
    )
    assert "集团案例" in titles(sister_staff)
    assert "集团案例" in titles(world.users[Role.GROUP_OFFICER])
    assert "集团案例" not in titles(world.other[Role.GROUP_OFFICER])
    assert "集团案例" not in titles(world.users[Role.ENTERPRISE_ADMIN])  # the enterprise is in another body


def test_public_is_seen_by_every_signed_in_user(world):
    contribute(world.users[Role.ENTERPRISE_ADMIN], Licence.PUBLIC, title="公开视频")
    for user in [*world.users.values(), *world.other.values()]:
        assert "公开视频" in titles(user)


def test_contributing_needs_school_or_enterprise_staff_and_known_skills(world):
    with pytest.raises(PermissionDenied):
        contribute(world.users[Role.STUDENT], Licence.PUBLIC)
    with pytest.raises(PermissionDenied):
        contribute(world.users[Role.AUTHORITY_OFFICER], Licence.PUBLIC)
    skill = SkillFactory(name_zh="PLC编程", name_en="PLC programming")
    with pytest.raises(ValidationFailed) as err:
        contribute(world.users[Role.TEACHER], Licence.PUBLIC, skill_names="PLC编程、不存在的技能")
    assert "不存在的技能" in err.value.message
    item = contribute(
        world.users[Role.TEACHER], Licence.PUBLIC, skill_names="plc programming", course_ids=[world.course1.pk]
    )
    assert list(item.skills.all()) == [skill] and list(item.courses.all()) == [world.course1]
    with pytest.raises(ValidationFailed):
        contribute(world.users[Role.TEACHER], Licence.PUBLIC, course_ids=[world.course2.pk])  # another school's


def test_versions_are_checked_by_content_and_numbered(world):
    item = contribute(world.users[Role.TEACHER], Licence.PARTNERS)
    v1 = services.version_add(actor=world.users[Role.TEACHER], resource=item, file=pdf(), note="初稿")
    v2 = services.version_add(actor=world.users[Role.SCHOOL_ADMIN], resource=item, file=zip_file())
    assert (v1.number, v1.file_kind, v2.number, v2.file_kind) == (1, "pdf", 2, "zip")
    assert not v1.file.name.endswith("课件.pdf")  # stored under a generated name
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed):
        services.version_add(actor=world.users[Role.TEACHER], resource=item, file=fake)
    with pytest.raises(PermissionDenied):
        services.version_add(actor=world.users[Role.ENTERPRISE_ADMIN], resource=item, file=pdf())
    assert item.versions.count() == 2


def test_download_is_permission_checked_and_counted_per_organisation(world, client):
    item = contribute(world.users[Role.TEACHER], Licence.INTERNAL)
    version = services.version_add(actor=world.users[Role.TEACHER], resource=item, file=pdf())
    client.force_login(world.users[Role.STUDENT])
    response = client.get(f"/teaching-resources/versions/{version.pk}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    client.get(f"/teaching-resources/versions/{version.pk}/file/")
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(f"/teaching-resources/versions/{version.pk}/file/").status_code == 404
    use = ResourceUse.objects.get(resource=item)
    assert (use.organization_id, use.count) == (world.school1.pk, 2)
    assert selectors.usage_by_organization(actor=world.users[Role.TEACHER], resource=item) == [
        {"organization": world.school1.name, "count": 2}
    ]
    assert selectors.resource_get(actor=world.users[Role.TEACHER], pk=item.pk).use_count == 2


def test_filters_by_kind_course_skill_and_contributor(world):
    skill = SkillFactory(name_zh="传感器应用")
    a = contribute(world.users[Role.TEACHER], Licence.PUBLIC, title="传感器课件", skill_names=["传感器应用"])
    b = services.resource_create(
        actor=world.users[Role.ENTERPRISE_ADMIN], title="故障案例", kind=ResourceKind.CASE, licence=Licence.PUBLIC
    )
    user = world.users[Role.TEACHER]
    assert list(selectors.resource_list(actor=user, kind=ResourceKind.CASE)) == [b]
    assert list(selectors.resource_list(actor=user, skill_id=skill.pk)) == [a]
    assert list(selectors.resource_list(actor=user, contributor_id=world.enterprise1.pk)) == [b]
    assert list(selectors.resource_list(actor=user, q="传感器")) == [a]
    choices = selectors.filter_choices(actor=user)
    assert skill in choices["skills"] and world.enterprise1 in choices["contributors"]


def test_licence_change_by_the_contributor_only(world):
    item = contribute(world.users[Role.TEACHER], Licence.INTERNAL, title="内部题库")
    with pytest.raises(PermissionDenied):
        services.resource_update(actor=world.users[Role.ENTERPRISE_ADMIN], resource=item, licence=Licence.PUBLIC)
    services.resource_update(actor=world.users[Role.SCHOOL_ADMIN], resource=item, licence=Licence.PUBLIC)
    assert "内部题库" in titles(world.other[Role.STUDENT])


def test_api_twins(world, api_client_for):
    SkillFactory(name_zh="PLC编程")
    client = api_client_for(world.users[Role.TEACHER])
    created = client.post(
        "/api/v1/teaching-resources/",
        {
            "title": "PLC 课件",
            "kind": "courseware",
            "licence": "partners",
            "co_contributor_ids": [world.enterprise1.pk],
            "skill_names": ["PLC编程"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = client.post("/api/v1/teaching-resources/", {"title": "x", "kind": "nope", "licence": "public"}, format="json")
    assert bad.status_code == 400
    upload = client.post(f"/api/v1/teaching-resources/{pk}/versions/", {"file": pdf()}, format="multipart")
    assert upload.status_code == 201, upload.content
    wrong = client.post(
        f"/api/v1/teaching-resources/{pk}/versions/",
        {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 10)},
        format="multipart",
    )
    assert wrong.status_code == 400
    assert client.get(f"/api/v1/teaching-resources/versions/{upload.json()['id']}/file/").status_code == 200
    patched = client.patch(f"/api/v1/teaching-resources/{pk}/", {"licence": "public"}, format="json")
    assert patched.status_code == 200 and patched.json()["use_count"] == 1
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert [r["id"] for r in other.get("/api/v1/teaching-resources/?kind=courseware").json()] == [pk]
