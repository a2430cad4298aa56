import datetime as dt

import factory

from workbridge.academics.tests.factories import CourseFactory, MajorFactory, StudentFactory
from workbridge.labour_market.models import (
    BatchStatus,
    CourseSkill,
    DemandSurvey,
    Destination,
    DestinationFollowUp,
    FileFormat,
    GraduateDestination,
    HeadcountForecast,
    IngestBatch,
    MajorTargetOccupation,
    MajorWarning,
    Occupation,
    Posting,
    PostingSkill,
    PostingSource,
    ProgrammeVersion,
    Relevance,
    Skill,
    SkillStandard,
    SkillType,
    StandardSkill,
    SurveyPostDemand,
    SurveyResponse,
    SurveyStatus,
    TagStatus,
    TrainingProgramme,
    WarningLevel,
)
from workbridge.organizations.tests.factories import AssociationFactory, EnterpriseFactory, SchoolFactory, UserFactory

POSTING_TEXT = "负责 PLC 编程与设备调试，熟悉 AutoCAD 电气制图。"


# Reference tables -----------------------------------------------------------------------------------------
class SkillFactory(factory.django.DjangoModelFactory):
    """A taxonomy entry under a test prefix (clear of the taxonomy the loaders bring in)."""

    class Meta:
        model = Skill

    skill_id = factory.Sequence(lambda n: f"test:skill-{n}")
    name_zh = factory.Sequence(lambda n: f"PLC编程{n}")
    name_en = factory.Sequence(lambda n: f"PLC programming {n}")
    aliases = factory.LazyFunction(lambda: ["PLC"])
    skill_type = SkillType.SKILL
    group = "自动化"


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    code = factory.Sequence(lambda n: f"9-99-{n // 100 % 100:02d}-{n % 100:02d}")
    name = factory.Sequence(lambda n: f"测试电气设备调试员{n}")
    level = 4
    definition = "从事电气设备安装、调试与维护的人员。"


# Postings -------------------------------------------------------------------------------------------------
class PostingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostingSource

    name = factory.Sequence(lambda n: f"测试招聘平台{n}")
    licence_note = "测试数据，无版权限制"


class IngestBatchFactory(factory.django.DjangoModelFactory):
    """A processed upload of one CSV posting (the file is written under the test MEDIA_ROOT)."""

    class Meta:
        model = IngestBatch

    source = factory.SubFactory(PostingSourceFactory)
    organization = factory.SubFactory(SchoolFactory)
    created_by = factory.SubFactory(UserFactory)
    file = factory.django.FileField(
        filename="postings.csv", data="jobName,companyName\n电气调试实习生,测试公司\n".encode()
    )
    file_name = "postings.csv"
    file_format = FileFormat.CSV
    encoding = "utf-8"
    status = BatchStatus.DONE
    rows_total = 1
    rows_done = 1
    imported = 1


class PostingFactory(factory.django.DjangoModelFactory):
    """A parsed posting: 6000-8000 yuan a month in Hangzhou, January 2024."""

    class Meta:
        model = Posting

    source = factory.SubFactory(PostingSourceFactory)
    external_id = factory.Sequence(lambda n: f"job-{n:06d}")
    title = factory.Sequence(lambda n: f"电气调试工程师{n}")
    company_name = "测试智能制造有限公司"
    text = POSTING_TEXT
    raw_salary = "6千-8千"
    raw_area = "浙江省杭州市"
    salary_min = 6000
    salary_max = 8000
    salary_months = 12
    province = "浙江省"
    city = "杭州市"
    education_band = "大专"
    occupation_code = "6-31-01-03"
    occupation_confidence = 0.8
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    posted_month = dt.date(2024, 1, 1)


class PostingSkillFactory(factory.django.DjangoModelFactory):
    """The span "PLC" of the default posting text, tagged with a skill."""

    class Meta:
        model = PostingSkill

    posting = factory.SubFactory(PostingFactory)
    skill = factory.SubFactory(SkillFactory)
    start = 3
    end = 6
    strength = "familiar"


# Enterprise demand surveys --------------------------------------------------------------------------------
class DemandSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandSurvey

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"2026年用人需求调查{n}")
    target_year = 2026
    status = SurveyStatus.OPEN
    created_by = factory.SubFactory(UserFactory)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(DemandSurveyFactory)
    enterprise = factory.SubFactory(EnterpriseFactory, region=factory.SelfAttribute("..survey.school.region"))
    submitted_by = factory.SubFactory(UserFactory)
    answers = factory.LazyFunction(dict)


class SurveyPostDemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyPostDemand

    response = factory.SubFactory(SurveyResponseFactory)
    title = "电气设备调试员"
    occupation_code = "6-31-01-03"
    occupation_confidence = 0.9
    headcount = 3
    skills_text = "PLC、电工证"


# Industry associations ------------------------------------------------------------------------------------
class SkillStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillStandard

    association = factory.SubFactory(AssociationFactory)
    title = factory.Sequence(lambda n: f"智能制造电气调试岗位技能标准{n}")
    sector = "智能制造"
    occupation_code = "6-31-01-03"
    year = 2025
    source_note = "协会标准化委员会"
    published = True


class StandardSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardSkill

    standard = factory.SubFactory(SkillStandardFactory)
    skill = factory.SubFactory(SkillFactory)
    importance = 4


class HeadcountForecastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadcountForecast

    association = factory.SubFactory(AssociationFactory)
    sector = "智能制造"
    occupation_code = "6-31-01-03"
    year = 2026
    headcount = 1200
    province = "浙江省"
    source_note = "协会会员企业调查"
    published = True


# Graduate destinations ------------------------------------------------------------------------------------
class GraduateDestinationFactory(factory.django.DjangoModelFactory):
    """A graduate employed in the field of the major."""

    class Meta:
        model = GraduateDestination

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    major = factory.SelfAttribute("student.major")
    student_number = factory.SelfAttribute("student.student_number")
    graduation_year = 2024
    destination = Destination.EMPLOYED
    employer_name = "测试智能制造有限公司"
    occupation_code = "6-31-01-03"
    starting_salary = 5200
    relevance = Relevance.HIGH
    hired_by_host = True


class DestinationFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DestinationFollowUp

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    graduation_year = 2025


# Curriculum -----------------------------------------------------------------------------------------------
class MajorTargetOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MajorTargetOccupation

    major = factory.SubFactory(MajorFactory)
    occupation_code = "6-31-01-03"
    weight = 3


class CourseSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSkill

    course = factory.SubFactory(CourseFactory)
    skill = factory.SubFactory(SkillFactory)
    status = TagStatus.SUGGESTED
    evidence = "能够使用 PLC 完成典型控制系统的编程与调试"


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    major = factory.SubFactory(MajorFactory)
    school = factory.SelfAttribute("major.school")
    cohort_year = 2025
    title = factory.Sequence(lambda n: f"机电一体化技术专业人才培养方案{n}")


class ProgrammeVersionFactory(factory.django.DjangoModelFactory):
    """The programme's next version, with content in the shape ``services.programme_validate`` returns."""

    class Meta:
        model = ProgrammeVersion

    programme = factory.SubFactory(TrainingProgrammeFactory)
    number = factory.LazyAttribute(lambda o: o.programme.versions.count() + 1)
    content = factory.LazyFunction(
        lambda: {
            "target_posts": ["电气设备调试"],
            "competencies": ["PLC 编程"],
            "courses": [{"name": "PLC 编程与应用", "semester": 3, "hours": 64, "practice_hours": 32}],
            "certificates": [],
            "practice_share": 0.5,
        }
    )
    author = factory.SubFactory(UserFactory)
    summary = "初稿"


# Early warning --------------------------------------------------------------------------------------------
class MajorWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MajorWarning

    major = factory.SubFactory(MajorFactory)
    year = 2024
    level = WarningLevel.YELLOW
    reasons = factory.LazyFunction(
        lambda: [{"key": "employment_rate", "status": "yellow", "value": 0.82, "threshold": 0.85, "years": [2024]}]
    )
    indicators = factory.LazyFunction(lambda: {"employment_rate": {"2024": 0.82}})
