"""REST API for personal-data rights (/api/v1/privacy/...)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound
from workbridge.organizations.models import User

from . import services
from .downloads import export_response


class ExportView(ActorMixin, APIView):
    """Your personal data as a .zip (JSON records, references and files); admins may pass ?user=<id>."""

    @extend_schema(
        parameters=[OpenApiParameter("user", int, required=False)],
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        target = request.user
        if request.query_params.get("user"):
            try:
                target = User.objects.filter(pk=int(request.query_params["user"])).first()
            except ValueError:
                target = None
            if target is None:
                raise NotFound("No such person.")
        return export_response(services.person_export(actor=self.actor, user=target), target)


class EraseIn(serializers.Serializer):
    user = serializers.IntegerField()
    reason = serializers.CharField(max_length=300)


class EraseOut(serializers.Serializer):
    students = serializers.IntegerField()
    teachers = serializers.IntegerField()
    checkins = serializers.IntegerField()
    reports = serializers.IntegerField()
    notifications = serializers.IntegerField()


class EraseView(ActorMixin, APIView):
    """Pseudonymise a student or teacher (school admins for their school; platform admins)."""

    @extend_schema(request=EraseIn, responses=EraseOut)
    def post(self, request):
        data = EraseIn(data=request.data)
        data.is_valid(raise_exception=True)
        target = User.objects.filter(pk=data.validated_data["user"]).first()
        if target is None:
            raise NotFound("No such person.")
        return Response(services.person_erase(actor=self.actor, user=target, reason=data.validated_data["reason"]))


class ErasureRequestOut(serializers.Serializer):
    notified = serializers.IntegerField()


class ErasureRequestView(ActorMixin, APIView):
    """Ask your school to erase your data."""

    @extend_schema(request=None, responses=ErasureRequestOut)
    def post(self, request):
        return Response({"notified": services.erasure_request(actor=self.actor)})
