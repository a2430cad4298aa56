"""Matrix registrations for teaching resources: side 1 a public resource of school 1, side 2 an internal one of
school 2 (a public resource is for everyone, so only side 2's non-public rows are private)."""

from django.core.files.base import ContentFile
from django.db.models import Q

from workbridge.core.matrix import register_private_rows, register_route, register_sample
from workbridge.teaching_resources.models import Licence, ResourceVersion, TeachingResource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _resource(world, side):
    cache = world.__dict__.setdefault("_teaching_resources", {})
    if side not in cache:
        cache[side] = TeachingResource.objects.create(
            title=f"共享课件{'甲' if side == 1 else '乙'}",
            contributor=getattr(world, f"school{side}"),
            licence=Licence.PUBLIC if side == 1 else Licence.INTERNAL,
        )
    return cache[side]


def _version(world, side):
    resource = _resource(world, side)
    return ResourceVersion.objects.create(
        resource=resource,
        number=resource.versions.count() + 1,
        file=ContentFile(PDF, name="sample.pdf"),
        file_kind="pdf",
        size_bytes=len(PDF),
        uploaded_on="2026-03-01",
    )


register_sample("teaching_resource", model=TeachingResource, make=_resource, marker=lambda r: r.title)
register_sample("teaching_resource_version", model=ResourceVersion, make=_version)
register_private_rows(TeachingResource, lambda w: Q(contributor=w.school2) & ~Q(licence=Licence.PUBLIC))
register_route("teaching_resources:resource*", pk="teaching_resource")
register_route("teaching_resources:version-add", pk="teaching_resource")
register_route("teaching_resources:version-file", pk="teaching_resource_version")
register_route("teaching-resource", pk="teaching_resource")
register_route("teaching-resource-versions", pk="teaching_resource")
register_route("teaching-resource-file", pk="teaching_resource_version")
