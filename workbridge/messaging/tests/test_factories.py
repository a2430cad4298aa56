"""The messaging factories build valid channels, preferences and deliveries."""

import pytest

from workbridge.core import crypto
from workbridge.core.roles import OrgKind
from workbridge.messaging.models import ORGANIZATION_CHANNELS, ChannelKind, DeliveryStatus
from workbridge.messaging.tests.factories import (
    DeliveryFactory,
    DeliveryPreferenceFactory,
    OrganizationChannelFactory,
)

pytestmark = pytest.mark.django_db


def test_channel_is_a_schools_group_robot():
    channel = OrganizationChannelFactory()
    channel.full_clean()
    assert channel.kind in ORGANIZATION_CHANNELS and channel.kind == ChannelKind.WECOM_ROBOT
    assert channel.organization.kind == OrgKind.SCHOOL
    assert channel.webhook_url.startswith("https://") and channel.secret_encrypted == ""
    second = OrganizationChannelFactory(organization=channel.organization)
    second.full_clean()  # the sequence keeps names unique within the organisation
    assert second.name != channel.name


def test_channel_secret_is_stored_encrypted():
    channel = OrganizationChannelFactory(kind=ChannelKind.WECOM_APP, app_key="ww-corp", agent_id="1000002", secret="s3")
    channel.full_clean()
    assert channel.secret_encrypted != "s3" and crypto.decrypt(channel.secret_encrypted) == "s3"


def test_delivery_preference():
    pref = DeliveryPreferenceFactory()
    pref.full_clean()
    assert pref.user.delivery_preference == pref
    assert pref.wecom and pref.wecom_userid and pref.quiet_start > pref.quiet_end  # quiet over midnight


def test_delivery_by_email_and_through_a_channel():
    mail = DeliveryFactory()
    mail.full_clean()
    assert mail.kind == ChannelKind.EMAIL and mail.channel is None and mail.status == DeliveryStatus.PENDING
    assert list(mail.notification.deliveries.all()) == [mail]

    robot = DeliveryFactory(via_channel=True)
    robot.full_clean()
    assert robot.kind == ChannelKind.WECOM_ROBOT
    assert robot.organization == robot.channel.organization and robot.organization.kind == OrgKind.SCHOOL
