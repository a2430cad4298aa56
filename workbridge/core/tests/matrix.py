"""Matrix registrations for core routes (see workbridge/core/matrix.py)."""

from django.db.models import Q

from workbridge.core.matrix import Const, register_kwarg, register_private_rows, register_route, register_sample
from workbridge.core.models import AuditLog, ImportJob
from workbridge.core.roles import Role


def _job(world, side):
    user = (world.users if side == 1 else world.other)[Role.SCHOOL_ADMIN]
    return ImportJob.objects.create(
        kind="students",
        created_by=user,
        organization_id=getattr(world, f"school{side}").pk,
        filename=f"matrix-job-{side}.xlsx",
        status=ImportJob.Status.PREVIEWED,
    )


def _audit(world, side):
    return AuditLog.objects.create(
        action="matrix.sample", organization_id=getattr(world, f"school{side}").pk, summary=f"matrix-audit-{side}"
    )


def _side2_orgs(world):
    return [world.school2.pk, world.enterprise2.pk, world.authority2.pk]


register_sample("import_job", model=ImportJob, make=_job, marker=lambda job: job.filename)
register_sample("audit_entry", model=AuditLog, make=_audit, marker=lambda entry: entry.summary)
register_kwarg("job_id", "import_job")
register_kwarg("kind", Const("students"))
register_private_rows(ImportJob, lambda w: Q(organization_id__in=_side2_orgs(w)))
register_private_rows(AuditLog, lambda w: Q(organization_id__in=_side2_orgs(w)))

# Public pages and endpoints (anonymous users may open them).
for name in (
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "set_language",
    "javascript-catalog",
    "schema",
    "api-docs",
    "api-redoc",
    "api-token-obtain",
    "api-root",
):
    register_route(name, public=True)
register_route("password_reset_confirm", public=True, uidb64=Const("MQ"), token=Const("set-password"))
register_route("home", public=False)
# The app shell: manifest, service worker and its offline page hold no data; anyone may fetch them.
for name in ("web-manifest", "service-worker", "offline", "favicon"):
    register_route(name, public=True)

# Archiving: an agreement of each side (the kind is a path segment; core.archiving knows the kinds).
register_route("archive-action", kind=Const("agreement"), pk="agreement", action=Const("restore"))
register_route("archive", kind=Const("agreement"), pk="agreement", action=Const("restore"))
