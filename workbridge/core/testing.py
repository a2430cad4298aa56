"""A small two-region world with one user per role on each side, for permission and API tests.

``build_world()`` returns a namespace: ``w.users[role]`` acts for region 1 (school S1, enterprise E1);
``w.other[role]`` acts for region 2 (school S2, enterprise E2). Records of S1/E1 must never be visible to
``w.other`` users and vice versa.
"""

from __future__ import annotations

from types import SimpleNamespace

from workbridge.core.roles import OrgKind, Role


def build_world() -> SimpleNamespace:
    from workbridge.academics.tests.factories import (
        CohortFactory,
        CourseFactory,
        MajorFactory,
        StudentFactory,
        TeacherFactory,
    )
    from workbridge.organizations.models import Affiliation, Membership
    from workbridge.organizations.tests.factories import (
        EnterpriseFactory,
        OrganizationFactory,
        RegionFactory,
        SchoolFactory,
        UserFactory,
    )

    w = SimpleNamespace(users={}, other={})
    platform = OrganizationFactory(kind=OrgKind.PLATFORM, name="WorkBridge 平台", region=None)
    admin = UserFactory(username="w_platform")
    Membership.objects.create(user=admin, organization=platform, role=Role.PLATFORM_ADMIN)
    w.users[Role.PLATFORM_ADMIN] = admin

    for side, suffix, region_code in (("users", "1", "330100"), ("other", "2", "320100")):
        region = RegionFactory(code=region_code, name=f"区域{suffix}")
        authority = OrganizationFactory(kind=OrgKind.AUTHORITY, name=f"教育局{suffix}", region=region)
        school = SchoolFactory(name=f"学校{suffix}", region=region)
        enterprise = EnterpriseFactory(name=f"企业{suffix}", region=region)
        major = MajorFactory(school=school, code=f"46010{suffix}", name=f"机电一体化技术{suffix}")
        cohort = CohortFactory(major=major, name=f"2024级机电{suffix}班")
        teacher = TeacherFactory(school=school, name=f"王老师{suffix}")
        student = StudentFactory(school=school, major=major, cohort=cohort, name=f"李同学{suffix}")
        course = CourseFactory(school=school, major=major)
        # A vocational education group with the school as member, an industry association with the enterprise.
        group = OrganizationFactory(kind=OrgKind.GROUP, name=f"职教集团{suffix}", region=region)
        association = OrganizationFactory(kind=OrgKind.ASSOCIATION, name=f"行业协会{suffix}", region=region)
        Affiliation.objects.create(body=group, member=school)
        Affiliation.objects.create(body=association, member=enterprise)
        roles = {
            Role.GROUP_OFFICER: group,
            Role.ASSOCIATION_OFFICER: association,
            Role.AUTHORITY_OFFICER: authority,
            Role.SCHOOL_ADMIN: school,
            Role.TEACHER: school,
            Role.ENTERPRISE_ADMIN: enterprise,
            Role.ENTERPRISE_MENTOR: enterprise,
            Role.STUDENT: school,
        }
        users = getattr(w, side)
        for role, org in roles.items():
            user = UserFactory(username=f"w_{role}_{suffix}")
            membership = Membership.objects.create(user=user, organization=org, role=role)
            user.current_membership = membership
            user.save(update_fields=["current_membership"])
            users[role] = user
        teacher.user = users[Role.TEACHER]
        teacher.save(update_fields=["user"])
        student.user = users[Role.STUDENT]
        student.save(update_fields=["user"])
        setattr(w, f"region{suffix}", region)
        setattr(w, f"authority{suffix}", authority)
        setattr(w, f"school{suffix}", school)
        setattr(w, f"enterprise{suffix}", enterprise)
        setattr(w, f"major{suffix}", major)
        setattr(w, f"cohort{suffix}", cohort)
        setattr(w, f"teacher{suffix}", teacher)
        setattr(w, f"student{suffix}", student)
        setattr(w, f"course{suffix}", course)
        setattr(w, f"group{suffix}", group)
        setattr(w, f"association{suffix}", association)
    w.platform = platform
    return w
