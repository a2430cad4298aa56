"""Shared by the placement services: model validation, the school's placement settings, the acting student, notices."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor, require_org
from workbridge.core.exceptions import (
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import Role
from workbridge.core.services import audit_record, full_clean_or_raise

from ..models import (
    PlacementSettings,
)


def settings_for(school_id: int) -> PlacementSettings:
    """The school's thresholds (created with defaults on first use)."""
    from ..selectors import defaults

    obj, created = PlacementSettings.objects.get_or_create(
        school_id=school_id, defaults={"grade_weights": defaults()["grade_weights"]}
    )
    return obj


@transaction.atomic
def placement_settings_update(*, actor: Actor, school_id: int, **fields) -> PlacementSettings:
    actor = require_org(as_actor(actor), school_id, [Role.SCHOOL_ADMIN])
    obj = settings_for(school_id)
    allowed = {f.name for f in PlacementSettings._meta.fields} - {"id", "school", "created_at", "updated_at"}
    for key, value in fields.items():
        if key not in allowed:
            raise ValidationFailed(_("Unknown setting: %(k)s") % {"k": key}, errors={key: [_("Unknown setting.")]})
        setattr(obj, key, value)
    full_clean_or_raise(obj)
    obj.save()
    audit_record(
        actor=actor,
        action="placements.settings.update",
        target=obj,
        organization_id=school_id,
        data={"fields": sorted(fields)},
    )
    return obj


def acting_student(actor: Actor):
    from workbridge.academics.models import Student

    if actor.role != Role.STUDENT or not actor.student_id:
        raise PermissionDenied(_("Only a student may do this."))
    return Student.objects.select_related("school", "major", "cohort").get(pk=actor.student_id)


def notify_enterprise_admins(enterprise_id: int, title: str, link: str) -> None:
    from workbridge.core.services import notification_send
    from workbridge.organizations.models import Membership

    for m in Membership.objects.filter(
        organization_id=enterprise_id, role=Role.ENTERPRISE_ADMIN, is_active=True
    ).select_related("user"):
        notification_send(recipient=m.user, kind="placements.application", title=title, link=link)


def notify_student(student, title: str, link: str = "") -> None:
    from workbridge.core.services import notification_send

    if student.user_id:
        notification_send(recipient=student.user, kind="placements", title=title, link=link)
