"""REST API for messaging (/api/v1/messaging/...): one's own settings, the organisation's messengers, deliveries.

Secrets are write-only; deliveries never carry the message text (it may be personal)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin

from . import selectors, services
from .forms import NOTICE_KINDS
from .models import ORGANIZATION_CHANNELS, Delivery, DeliveryPreference, OrganizationChannel


@extend_schema_field(
    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$", "nullable": True, "example": "22:00"}
)
class ClockTimeField(serializers.TimeField):
    """A wall-clock time without a time zone ("22:00"): what quiet hours are."""


class PreferenceSerializer(serializers.ModelSerializer):
    quiet_start = ClockTimeField(required=False, allow_null=True, format="%H:%M")
    quiet_end = ClockTimeField(required=False, allow_null=True, format="%H:%M")

    class Meta:
        model = DeliveryPreference
        fields = ["email", "wecom", "wecom_userid", "dingtalk", "dingtalk_userid", "sms", "quiet_start", "quiet_end"]


class PreferenceView(ActorMixin, APIView):
    """GET your message settings; PUT replaces them (PATCH changes some)."""

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request):
        return Response(PreferenceSerializer(services.preference_for(request.user)).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool):
        data = PreferenceSerializer(services.preference_for(request.user), data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        pref = services.preference_update(actor=self.actor, **data.validated_data)
        return Response(PreferenceSerializer(pref).data)


class ChannelSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in ORGANIZATION_CHANNELS])
    secret = serializers.CharField(
        write_only=True, required=False, allow_blank=True, help_text="Stored encrypted; never returned."
    )
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=[k for k, _ in NOTICE_KINDS]), required=False)
    has_secret = serializers.SerializerMethodField()

    class Meta:
        model = OrganizationChannel
        fields = [
            "id",
            "kind",
            "name",
            "enabled",
            "webhook_url",
            "app_key",
            "agent_id",
            "sign_name",
            "template_code",
            "kinds",
            "secret",
            "has_secret",
        ]
        read_only_fields = ["id", "has_secret"]

    def get_has_secret(self, obj) -> bool:
        return bool(obj.secret_encrypted)


class DeliverySerializer(serializers.ModelSerializer):
    notification_kind = serializers.CharField(source="notification.kind", read_only=True)
    channel_name = serializers.CharField(source="channel.name", read_only=True, default="")

    class Meta:
        model = Delivery
        fields = [
            "id",
            "created_at",
            "notification_kind",
            "kind",
            "channel",
            "channel_name",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
        ]


class ChannelViewSet(
    ActorMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organisation's messenger connections (organisation admins)."""

    serializer_class = ChannelSerializer

    def get_queryset(self):
        return selectors.channels(self.actor)

    def create(self, request, *args, **kwargs):
        data = ChannelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        channel = services.channel_save(actor=self.actor, **data.validated_data)
        return Response(ChannelSerializer(channel).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        channel = self.get_object()
        data = ChannelSerializer(channel, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = {
            f: getattr(channel, f)
            for f in (
                "kind",
                "name",
                "enabled",
                "webhook_url",
                "app_key",
                "agent_id",
                "sign_name",
                "template_code",
                "kinds",
            )
        }
        values.update(data.validated_data)
        saved = services.channel_save(actor=self.actor, channel_id=channel.pk, **values)
        return Response(ChannelSerializer(saved).data)

    @extend_schema(request=None, responses=DeliverySerializer)
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a test message through this connection to yourself; the delivery shows the result."""
        channel = self.get_object()
        return Response(DeliverySerializer(services.channel_test(actor=self.actor, channel_id=channel.pk)).data)


class DeliveryViewSet(ActorMixin, viewsets.ReadOnlyModelViewSet):
    """Delivery log: your own deliveries; organisation admins also their organisation's."""

    serializer_class = DeliverySerializer

    def get_queryset(self):
        return selectors.deliveries(self.actor)
