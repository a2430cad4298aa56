import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from workbridge.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.organizations import selectors, services
from workbridge.organizations.engines.credit_code import ALPHABET, credit_code_error, make_credit_code
from workbridge.organizations.engines.names import normalize_name, similar_names
from workbridge.organizations.models import Membership, MembershipInvitation, Organization, User, VettingStatus
from workbridge.organizations.tests.factories import EnterpriseFactory, UserFactory

LICENCE = b"%PDF-1.4 licence"


def test_known_real_credit_code_validates():
    assert credit_code_error("91350100M000100Y43") is None
    assert "check character" in credit_code_error("91350100M000100Y44")
    assert "18 characters" in credit_code_error("9135010")
    assert "not allowed" in credit_code_error("91350100M000100YO3")


@given(st.text(alphabet=ALPHABET[:10], min_size=9, max_size=9))
def test_generated_codes_validate_and_any_single_change_is_caught(tail):
    code = make_credit_code("91330100" + tail)
    assert credit_code_error(code) is None
    for position in range(18):
        for replacement in "0A":
            if code[position] == replacement:
                continue
            changed = code[:position] + replacement + code[position + 1 :]
            assert credit_code_error(changed) is not None


def test_normalised_names_strip_legal_suffixes():
    assert normalize_name("杭州海康威视数字技术股份有限公司") == normalize_name("杭州海康威视数字技术有限公司")
    assert normalize_name("（浙江）宁波吉利汽车集团") == "宁波吉利汽车"
    assert normalize_name("ACME Co., Ltd.") == "acme"
    found = similar_names("杭州海康威视数字技术有限公司", [(1, "杭州海康威视数字技术"), (2, "宁波吉利汽车")])
    assert [key for key, _n, _s in found] == [1]


def _register(world, name="新注册智能科技有限公司", code=None, username="newco"):
    return services.enterprise_register(
        name=name,
        credit_code=code or make_credit_code("91330100MA2XYA123"),
        region=world.region1,
        username=username,
        password="a-long-pass-9876",
        email=f"{username}@example.com",
        contact_name="陈",
        licence_file=SimpleUploadedFile("licence.pdf", LICENCE, content_type="application/pdf"),
    )


@pytest.mark.django_db
def test_self_registration_creates_pending_enterprise_and_admin(world):
    org, user = _register(world)
    assert org.vetting_status == VettingStatus.PENDING and org.licence_file
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.ENTERPRISE_ADMIN and user.current_membership == membership
    assert AuditLog.objects.filter(action="enterprise.register", target_id=str(org.pk)).exists()
    with pytest.raises(Conflict):
        services.require_approved_enterprise(org)


@pytest.mark.django_db
def test_exact_duplicates_are_refused_and_near_ones_shown(world):
    org, _user = _register(world)
    with pytest.raises(Conflict):
        _register(world, name="别的公司", code=org.credit_code, username="dup1")
    with pytest.raises(Conflict):
        _register(world, name="新注册智能科技股份有限公司", code=make_credit_code("91330100MA2XYA124"), username="dup2")
    near = selectors.enterprise_duplicates(name="新注册智能科技（杭州）有限公司", credit_code="")
    assert org.pk in [d["organization"].pk for d in near]


@pytest.mark.django_db
def test_vetting_workflow_and_rights(world):
    org, _user = _register(world)
    with pytest.raises(PermissionDenied):
        services.enterprise_review(actor=world.other[Role.SCHOOL_ADMIN], enterprise=org, decision="approve")
    with pytest.raises(PermissionDenied):
        services.enterprise_review(actor=world.users[Role.TEACHER], enterprise=org, decision="approve")
    with pytest.raises(ValidationFailed):
        services.enterprise_review(actor=world.users[Role.SCHOOL_ADMIN], enterprise=org, decision="reject")
    services.enterprise_review(
        actor=world.users[Role.SCHOOL_ADMIN], enterprise=org, decision="reject", reason="执照模糊"
    )
    org.refresh_from_db()
    assert org.vetting_status == VettingStatus.REJECTED and org.vetting_reason == "执照模糊"
    admin = Membership.objects.get(organization=org).user
    services.enterprise_resubmit(actor=admin, enterprise=org)
    services.enterprise_review(actor=world.users[Role.AUTHORITY_OFFICER], enterprise=org, decision="approve")
    org.refresh_from_db()
    assert services.require_approved_enterprise(org) is org
    with pytest.raises(InvalidTransition):
        services.enterprise_review(actor=world.users[Role.AUTHORITY_OFFICER], enterprise=org, decision="approve")
    services.enterprise_review(
        actor=world.users[Role.AUTHORITY_OFFICER], enterprise=org, decision="suspend", reason="安全事故"
    )
    org.refresh_from_db()
    with pytest.raises(Conflict):
        services.require_approved_enterprise(org)
    history = [(r.from_status, r.to_status) for r in org.vetting_reviews.order_by("id")]
    assert history[-4:] == [
        ("pending", "rejected"),
        ("rejected", "pending"),
        ("pending", "approved"),
        ("approved", "suspended"),
    ]
    assert (
        AuditLog.objects.filter(action__in=["enterprise.reject", "enterprise.approve", "enterprise.suspend"]).count()
        == 3
    )
    assert admin.notifications.count() == 3


@pytest.mark.django_db
def test_approval_needs_licence(world):
    org = EnterpriseFactory(region=world.region1, vetting_status=VettingStatus.PENDING)
    with pytest.raises(ValidationFailed):
        services.enterprise_review(actor=world.users[Role.SCHOOL_ADMIN], enterprise=org, decision="approve")


@pytest.mark.django_db
def test_pending_enterprise_is_hidden_from_other_region_and_students(world):
    org = EnterpriseFactory(region=world.region1, vetting_status=VettingStatus.PENDING)
    assert org in selectors.organization_list(actor=world.users[Role.SCHOOL_ADMIN])
    assert org in selectors.organization_list(actor=world.users[Role.AUTHORITY_OFFICER])
    for user in (
        world.other[Role.SCHOOL_ADMIN],
        world.other[Role.AUTHORITY_OFFICER],
        world.users[Role.STUDENT],
        world.users[Role.ENTERPRISE_ADMIN],
    ):
        assert org not in selectors.organization_list(actor=user)


@pytest.mark.django_db
def test_role_grant_and_revoke_are_audited_and_scoped(world):
    person = UserFactory(username="newteacher")
    admin = world.users[Role.SCHOOL_ADMIN]
    membership = services.membership_grant(actor=admin, user=person, organization=world.school1, role=Role.TEACHER)
    assert AuditLog.objects.filter(action="membership.grant", target_id=str(membership.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=admin, user=person, organization=world.school2, role=Role.TEACHER)
    with pytest.raises(ValidationFailed):
        services.membership_grant(actor=admin, user=person, organization=world.school1, role=Role.ENTERPRISE_ADMIN)
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=admin, user=person, organization=world.school1, role=Role.PLATFORM_ADMIN)
    with pytest.raises(Conflict):
        services.membership_grant(actor=admin, user=person, organization=world.school1, role=Role.TEACHER)
    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=world.other[Role.SCHOOL_ADMIN], membership=membership)
    services.membership_revoke(actor=admin, membership=membership)
    assert AuditLog.objects.filter(action="membership.revoke", target_id=str(membership.pk)).exists()


@pytest.mark.django_db
def test_staff_flag_follows_platform_admin_role(world, client):
    person = UserFactory(username="opsperson")
    platform_admin = world.users[Role.PLATFORM_ADMIN]
    membership = services.membership_grant(
        actor=platform_admin, user=person, organization=world.platform, role=Role.PLATFORM_ADMIN
    )
    person.refresh_from_db()
    assert person.is_staff
    client.force_login(person)
    assert client.get("/admin/").status_code == 200
    services.membership_revoke(actor=platform_admin, membership=membership)
    person.refresh_from_db()
    assert not person.is_staff
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_staff_without_platform_role_cannot_use_admin(world, client):
    user = world.users[Role.SCHOOL_ADMIN]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_approve_action_calls_the_service(world, client):
    org = EnterpriseFactory(region=world.region1, vetting_status=VettingStatus.PENDING)
    org.licence_file.save("l.pdf", SimpleUploadedFile("l.pdf", LICENCE), save=True)
    admin = world.users[Role.PLATFORM_ADMIN]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    response = client.post("/admin/organizations/organization/", {"action": "approve", "_selected_action": [org.pk]})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.vetting_status == VettingStatus.APPROVED
    assert org.vetting_reviews.filter(to_status="approved").exists()


@pytest.mark.django_db
def test_registration_page_and_review_page(world, client):
    response = client.get("/organizations/register/")
    assert response.status_code == 200
    data = {
        "name": "页面注册机器人有限公司",
        "credit_code": make_credit_code("91330100MA2PAGE12"),
        "region": world.region1.pk,
        "contact_name": "周",
        "contact_phone": "13800000000",
        "username": "pageco",
        "display_name": "周经理",
        "email": "pageco@example.com",
        "password": "a-long-pass-9876",
        "password2": "a-long-pass-9876",
        "licence_file": SimpleUploadedFile("licence.pdf", LICENCE),
    }
    response = client.post("/organizations/register/", data)
    assert response.status_code == 200 and "页面注册机器人有限公司" in response.content.decode()
    org = Organization.objects.get(name="页面注册机器人有限公司")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get(f"/organizations/{org.pk}/review/").content.decode()
    assert org.credit_code in page
    response = client.post(f"/organizations/{org.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.vetting_status == VettingStatus.APPROVED
    assert client.get(f"/organizations/{org.pk}/licence/").status_code == 200
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(f"/organizations/{org.pk}/licence/").status_code == 403


@pytest.mark.django_db
def test_registration_api(world, api_client_for):
    from rest_framework.test import APIClient

    client = APIClient()
    response = client.post(
        "/api/v1/enterprise-registrations/",
        {
            "name": "接口注册有限公司",
            "credit_code": make_credit_code("91330100MA2APAX12"),
            "region": world.region1.pk,
            "username": "apico",
            "email": "apico@example.com",
            "password": "a-long-pass-9876",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    bad = client.post(
        "/api/v1/enterprise-registrations/",
        {
            "name": "坏代码公司",
            "credit_code": "91330100MA2APAX12Z",
            "region": world.region1.pk,
            "username": "apico2",
            "email": "a@example.com",
            "password": "a-long-pass-9876",
        },
        format="json",
    )
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["credit_code"]


@pytest.mark.django_db
def test_people_page_grants_roles(world, client):
    UserFactory(username="joiner")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    assert client.get("/organizations/people/").status_code == 200
    response = client.post(
        "/organizations/people/", {"grant-username": "joiner", "grant-role": "teacher", "grant-title": "讲师"}
    )
    assert response.status_code == 302
    # Someone outside the school is invited, not attached (issue 8): the role comes with their acceptance.
    assert not Membership.objects.filter(user__username="joiner", organization=world.school1).exists()
    invitation = MembershipInvitation.objects.get(user__username="joiner", organization=world.school1, role="teacher")
    services.invitation_answer(actor=User.objects.get(username="joiner"), invitation_id=invitation.pk, accept=True)
    assert Membership.objects.filter(user__username="joiner", role="teacher", organization=world.school1).exists()
    response = client.post(
        "/organizations/people/", {"add-username": "brandnew", "add-display_name": "新人", "add-role": "teacher"}
    )
    assert response.status_code == 302
    client.force_login(world.users[Role.TEACHER])
    assert client.get("/organizations/people/").status_code == 403
