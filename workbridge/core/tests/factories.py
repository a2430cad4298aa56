import factory

from workbridge.core.models import AuditLog, ImportJob, Notification
from workbridge.organizations.tests.factories import SchoolFactory, UserFactory


class AuditLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditLog

    actor = factory.SubFactory(UserFactory)
    action = "academics.student.import"
    target_type = "academics.student"
    target_id = factory.Sequence(lambda n: str(n + 1))
    summary = "导入学生名单"
    data = factory.LazyFunction(lambda: {"created": 3, "updated": 0})


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "placements.alert"
    title = factory.Sequence(lambda n: f"实习预警{n}")
    body = "学生连续两天未签到。"
    link = "/placements/"


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A previewed spreadsheet import of a school (no file kept: the upload is optional once checked)."""

    class Meta:
        model = ImportJob
        exclude = ("school",)

    school = factory.SubFactory(SchoolFactory)
    created_by = factory.SubFactory(UserFactory)
    organization_id = factory.SelfAttribute("school.pk")
    kind = "students"
    filename = factory.Sequence(lambda n: f"学生名单{n}.xlsx")
    status = ImportJob.Status.PREVIEWED
    total_rows = 3
    create_count = 3
    preview = factory.LazyFunction(lambda: [{"row": 2, "action": "create"}])
