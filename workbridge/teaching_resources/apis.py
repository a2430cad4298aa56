"""The teaching-resources API: the pages' twins, calling the same services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.uploads import serve_upload

from . import selectors, services
from .models import Licence, ResourceKind, ResourceVersion, TeachingResource


class ResourceVersionOut(serializers.ModelSerializer):
    class Meta:
        model = ResourceVersion
        fields = ["id", "number", "file_kind", "size_bytes", "note", "uploaded_on"]


class TeachingResourceOut(serializers.ModelSerializer):
    contributor_name = serializers.CharField(source="contributor.name", read_only=True)
    version_count = serializers.IntegerField(read_only=True, default=0)
    use_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = TeachingResource
        fields = [
            "id",
            "title",
            "kind",
            "licence",
            "description",
            "contributor",
            "contributor_name",
            "co_contributors",
            "courses",
            "skills",
            "version_count",
            "use_count",
        ]


class TeachingResourceDetailOut(TeachingResourceOut):
    versions = ResourceVersionOut(many=True, read_only=True)

    class Meta(TeachingResourceOut.Meta):
        fields = [*TeachingResourceOut.Meta.fields, "versions"]


class TeachingResourceIn(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ResourceKind.choices)
    licence = serializers.ChoiceField(choices=Licence.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    co_contributor_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    course_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    skill_names = serializers.ListField(
        child=serializers.CharField(max_length=160), required=False, default=list, help_text="Skill names (zh or en)"
    )


class TeachingResourceUpdateIn(serializers.Serializer):
    licence = serializers.ChoiceField(choices=Licence.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    course_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    skill_names = serializers.ListField(child=serializers.CharField(max_length=160), required=False, default=list)


class ResourceVersionIn(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ResourceKind.values),
    OpenApiParameter("course", OpenApiTypes.INT),
    OpenApiParameter("skill", OpenApiTypes.INT),
    OpenApiParameter("contributor", OpenApiTypes.INT),
    OpenApiParameter("q", OpenApiTypes.STR),
]


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class Resources(ActorMixin, APIView):
    @extend_schema(parameters=FILTERS, responses=TeachingResourceOut(many=True))
    def get(self, request):
        """The resources the actor may use under their licences, filtered by kind, course, skill, contributor."""
        p = request.query_params
        kind = p.get("kind") if p.get("kind") in ResourceKind.values else None
        qs = selectors.resource_list(
            actor=self.actor,
            kind=kind,
            course_id=_int(p.get("course")),
            skill_id=_int(p.get("skill")),
            contributor_id=_int(p.get("contributor")),
            q=(p.get("q") or "").strip()[:100] or None,
        ).prefetch_related("co_contributors", "courses", "skills")
        return Response(TeachingResourceOut(qs[:500], many=True).data)

    @extend_schema(request=TeachingResourceIn, responses={201: TeachingResourceOut})
    def post(self, request):
        """The actor's organisation contributes a resource (co-contributors for a joint work)."""
        item = services.resource_create(actor=self.actor, **_valid(TeachingResourceIn, request.data))
        return Response(
            TeachingResourceOut(selectors.resource_get(actor=self.actor, pk=item.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ResourceDetail(ActorMixin, APIView):
    @extend_schema(responses=TeachingResourceDetailOut)
    def get(self, request, pk):
        """One shared teaching resource with its versions, licence and the courses and skills it serves."""
        return Response(TeachingResourceDetailOut(selectors.resource_get(actor=self.actor, pk=pk)).data)

    @extend_schema(request=TeachingResourceUpdateIn, responses=TeachingResourceDetailOut)
    def patch(self, request, pk):
        """Change the licence, the description and the links to courses and skills."""
        item = selectors.resource_get(actor=self.actor, pk=pk)
        services.resource_update(actor=self.actor, resource=item, **_valid(TeachingResourceUpdateIn, request.data))
        return Response(TeachingResourceDetailOut(selectors.resource_get(actor=self.actor, pk=pk)).data)


class Versions(ActorMixin, APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": ResourceVersionIn}, responses={201: ResourceVersionOut})
    def post(self, request, pk):
        """Upload a new version (PDF, Office, image, mp4 or zip; at most 24 MB)."""
        item = selectors.resource_get(actor=self.actor, pk=pk)
        version = services.version_add(actor=self.actor, resource=item, **_valid(ResourceVersionIn, request.data))
        return Response(ResourceVersionOut(version).data, status=status.HTTP_201_CREATED)


class VersionFile(ActorMixin, APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        """The file of a version; the download is counted for the actor's organisation."""
        version = selectors.version_get(actor=self.actor, pk=pk)
        services.resource_use_record(actor=self.actor, version=version)
        return serve_upload(version.file, download_name=f"{version.resource.title}-v{version.number}")
