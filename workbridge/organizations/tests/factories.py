import factory

from workbridge.core.roles import OrgKind
from workbridge.organizations.engines.credit_code import make_credit_code
from workbridge.organizations.models import Membership, Organization, Region, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{330100 + n * 100:06d}")
    name = factory.Sequence(lambda n: f"测试市{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    # Hashed at build time: no second save after creation (factory_boy deprecates post-generation saves).
    password = factory.django.Password("pass-1234-word")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrgKind.SCHOOL
    name = factory.Sequence(lambda n: f"测试职业技术学院{n}")
    region = factory.SubFactory(RegionFactory)


class SchoolFactory(OrganizationFactory):
    kind = OrgKind.SCHOOL
    school_type = "higher"


class EnterpriseFactory(OrganizationFactory):
    kind = OrgKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"测试智能制造有限公司{n}")
    credit_code = factory.Sequence(lambda n: make_credit_code(f"91330100{n:09d}"))
    industry_section = "C"
    industry_division = "34"
    size_band = "medium"
    staff_count = 500
    vetting_status = "approved"


class AssociationFactory(OrganizationFactory):
    """An industry association (evaluator of partnerships, publisher of skill standards and forecasts)."""

    kind = OrgKind.ASSOCIATION
    name = factory.Sequence(lambda n: f"测试智能制造行业协会{n}")


class GroupFactory(OrganizationFactory):
    """A vocational education group (职教集团)."""

    kind = OrgKind.GROUP
    name = factory.Sequence(lambda n: f"测试职业教育集团{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(SchoolFactory)
    role = "school_admin"
