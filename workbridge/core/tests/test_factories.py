"""The core factories build valid rows (full_clean) that say what they claim to."""

import pytest

from workbridge.core.models import ImportJob
from workbridge.core.roles import OrgKind
from workbridge.core.tests.factories import AuditLogFactory, ImportJobFactory, NotificationFactory
from workbridge.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_audit_log():
    log = AuditLogFactory()
    log.full_clean()
    assert log.actor is not None and log.actor.check_password("pass-1234-word")
    assert str(log).endswith(f"academics.student.import academics.student:{log.target_id}")
    assert AuditLogFactory().target_id != log.target_id


def test_notification_is_unread_in_the_recipients_inbox():
    note = NotificationFactory()
    note.full_clean()
    assert note.read_at is None
    assert list(note.recipient.notifications.all()) == [note]


def test_import_job_belongs_to_a_school():
    job = ImportJobFactory()
    job.full_clean()
    assert job.status == ImportJob.Status.PREVIEWED and not job.upload
    assert Organization.objects.get(pk=job.organization_id).kind == OrgKind.SCHOOL
    assert job.create_count + job.update_count + job.error_count == job.total_rows
