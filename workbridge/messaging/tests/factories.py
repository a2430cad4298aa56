import datetime as dt

import factory

from workbridge.core import crypto
from workbridge.core.tests.factories import NotificationFactory
from workbridge.messaging.models import (
    ChannelKind,
    Delivery,
    DeliveryPreference,
    DeliveryStatus,
    OrganizationChannel,
)
from workbridge.organizations.tests.factories import SchoolFactory, UserFactory


class OrganizationChannelFactory(factory.django.DjangoModelFactory):
    """A school's WeCom group robot; pass ``secret="..."`` to store an (encrypted) secret."""

    class Meta:
        model = OrganizationChannel
        exclude = ("secret",)

    organization = factory.SubFactory(SchoolFactory)
    kind = ChannelKind.WECOM_ROBOT
    name = factory.Sequence(lambda n: f"实习工作群{n}")
    webhook_url = factory.Sequence(lambda n: f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-{n}")
    kinds = factory.LazyFunction(lambda: ["placements.alert"])
    secret = ""
    secret_encrypted = factory.LazyAttribute(lambda o: crypto.encrypt(o.secret) if o.secret else "")


class DeliveryPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPreference

    user = factory.SubFactory(UserFactory)
    email = True
    wecom = True
    wecom_userid = factory.Sequence(lambda n: f"wx-user-{n}")
    quiet_start = dt.time(22, 0)
    quiet_end = dt.time(7, 0)


class DeliveryFactory(factory.django.DjangoModelFactory):
    """A pending e-mail copy of a notification; ``via_channel=True`` sends it through an organisation's robot."""

    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    kind = ChannelKind.EMAIL
    status = DeliveryStatus.PENDING

    class Params:
        via_channel = factory.Trait(
            channel=factory.SubFactory(OrganizationChannelFactory),
            kind=factory.SelfAttribute("channel.kind"),
            organization=factory.SelfAttribute("channel.organization"),
        )
