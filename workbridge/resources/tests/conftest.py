import datetime as dt

import pytest
from django.utils import timezone

from workbridge.partnerships.models import Agreement


@pytest.fixture
def partnered(world):
    """School 1 and enterprise 1 have an active agreement (so shared resources are visible across)."""
    Agreement.objects.create(
        school=world.school1,
        enterprise=world.enterprise1,
        title="合作协议",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2029, 1, 1),
        status="active",
    )
    return world


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local time ``days`` from today (always in the future for days >= 1)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())
