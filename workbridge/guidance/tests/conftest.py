import pytest


@pytest.fixture
def active_placement(world, db):
    """The world's student in an active placement whose school mentor is teacher 1."""
    from types import SimpleNamespace

    from workbridge.compliance.services import rulesets_load_all
    from workbridge.core.roles import Role
    from workbridge.placements.tests.conftest import make_active_placement
    from workbridge.placements.tests.factories import PositionFactory

    rulesets_load_all()
    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    setup = SimpleNamespace(
        world=world,
        position=position,
        student=world.student1,
        student_user=world.users[Role.STUDENT],
        school_admin=world.users[Role.SCHOOL_ADMIN],
        teacher_user=world.users[Role.TEACHER],
        ent_admin=world.users[Role.ENTERPRISE_ADMIN],
        mentor=world.users[Role.ENTERPRISE_MENTOR],
    )
    return make_active_placement(setup)
