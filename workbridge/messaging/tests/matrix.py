"""Matrix registrations for messaging: each side's school has a WeCom robot connection and one delivery of a
notice to its school admin. Only that school's admins (and the platform admin) may see or use them."""

from workbridge.core import crypto
from workbridge.core.matrix import register_route, register_sample
from workbridge.core.models import Notification
from workbridge.messaging.models import Delivery, OrganizationChannel
from workbridge.organizations.models import Role

SUFFIX = {1: "甲", 2: "乙"}


def _channel(world, side):
    return OrganizationChannel.objects.create(
        organization=getattr(world, f"school{side}"),
        kind="wecom_app",
        name=f"机密渠道{SUFFIX[side]}",
        app_key="ww",
        agent_id="1",
        secret_encrypted=crypto.encrypt("s"),
    )


def _delivery(world, side):
    users = world.users if side == 1 else world.other
    note = Notification.objects.create(
        recipient=users[Role.SCHOOL_ADMIN], kind="placements.alert", title=f"机密通知{SUFFIX[side]}"
    )
    return Delivery.objects.create(
        notification=note,
        kind="email",
        organization=getattr(world, f"school{side}"),
        status="sent",
        sent_at=note.created_at,
    )


register_sample("messaging_channel", model=OrganizationChannel, make=_channel, marker=lambda c: c.name)
register_sample("messaging_delivery", model=Delivery, make=_delivery, marker=lambda d: d.notification.title)
register_route("messaging:channel-test", pk="messaging_channel")
