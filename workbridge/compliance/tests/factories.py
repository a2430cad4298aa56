import factory

from workbridge.compliance.models import Checkpoint, Rule, RuleSet, Severity, Violation, subject_key
from workbridge.organizations.tests.factories import EnterpriseFactory, SchoolFactory


class RuleSetFactory(factory.django.DjangoModelFactory):
    """A small rule set of its own jurisdiction (clear of the CN / DE sets the data migration loads)."""

    class Meta:
        model = RuleSet

    jurisdiction = factory.Sequence(lambda n: f"ZZ{n}")
    year = 2025
    version = "1"
    name_zh = factory.Sequence(lambda n: f"测试实习规则{n}")
    name_en = factory.Sequence(lambda n: f"Test internship rules {n}")
    source = "测试用规则"
    params = factory.LazyFunction(lambda: {"max_daily_hours": 8})


class RuleFactory(factory.django.DjangoModelFactory):
    """A rule that compiles against its set: more than ``max_daily_hours`` a day is a violation."""

    class Meta:
        model = Rule

    ruleset = factory.SubFactory(RuleSetFactory)
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    position = factory.Sequence(lambda n: n)
    title_zh = "每日工作时间不得超过8小时"
    title_en = "At most 8 hours a day"
    description_zh = "学生每日实习时间不超过8小时。"
    description_en = "Interns work at most 8 hours a day."
    document = "《职业学校学生实习管理规定》（2021）"
    article = "第十六条"
    certainty = "[read]"
    severity = Severity.HIGH
    checkpoints = factory.LazyFunction(lambda: [Checkpoint.POSITION_REVIEW.value, Checkpoint.ATTENDANCE.value])
    needs = factory.LazyFunction(lambda: ["daily_hours"])
    when_expr = "true"
    violation_expr = "daily_hours > max_daily_hours"
    message_zh = "每日工作{daily_hours}小时，超过{max_daily_hours}小时。"
    message_en = "{daily_hours} hours a day, more than {max_daily_hours}."


class ViolationFactory(factory.django.DjangoModelFactory):
    """An open finding of a rule between a school and an enterprise (no placement, position or student)."""

    class Meta:
        model = Violation

    rule = factory.SubFactory(RuleFactory)
    rule_code = factory.SelfAttribute("rule.code")
    jurisdiction = factory.SelfAttribute("rule.ruleset.jurisdiction")
    ruleset_year = factory.SelfAttribute("rule.ruleset.year")
    severity = factory.SelfAttribute("rule.severity")
    citation = factory.LazyAttribute(lambda o: o.rule.citation)
    certainty = factory.SelfAttribute("rule.certainty")
    message_zh = "每日工作10小时，超过8小时。"
    message_en = "10 hours a day, more than 8."
    details = factory.LazyFunction(lambda: {"daily_hours": 10, "max_daily_hours": 8})
    checkpoint = Checkpoint.ATTENDANCE
    school = factory.SubFactory(SchoolFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..school.region"))
    subject_key = factory.LazyAttribute(
        lambda o: subject_key(o.rule_code, school_id=o.school.pk, enterprise_id=o.enterprise.pk)
    )
