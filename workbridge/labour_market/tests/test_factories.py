"""The labour-market factories build valid reference rows, postings, surveys, association data, graduate
destinations, curriculum tags, programmes and warnings."""

import pytest
from django.core.exceptions import ValidationError

from workbridge.core.roles import OrgKind
from workbridge.labour_market import services
from workbridge.labour_market.models import Destination, PostingSkill, WarningLevel
from workbridge.labour_market.tests.factories import (
    CourseSkillFactory,
    DemandSurveyFactory,
    DestinationFollowUpFactory,
    GraduateDestinationFactory,
    HeadcountForecastFactory,
    IngestBatchFactory,
    MajorTargetOccupationFactory,
    MajorWarningFactory,
    OccupationFactory,
    PostingFactory,
    PostingSkillFactory,
    PostingSourceFactory,
    ProgrammeVersionFactory,
    SkillFactory,
    SkillStandardFactory,
    StandardSkillFactory,
    SurveyPostDemandFactory,
    SurveyResponseFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_reference_rows_are_unique():
    skills = [SkillFactory(), SkillFactory()]
    occupations = [OccupationFactory(), OccupationFactory()]
    for row in (*skills, *occupations):
        row.full_clean()
    assert skills[0].skill_id != skills[1].skill_id and skills[0].label("en") == skills[0].name_en
    assert occupations[0].code != occupations[1].code and len(occupations[0].code) <= 12


def test_batch_posting_and_skill_span():
    batch = IngestBatchFactory()
    batch.full_clean()
    assert batch.file.read().decode().startswith("jobName") and batch.rows_done == batch.rows_total
    assert batch.organization.kind == OrgKind.SCHOOL

    posting = PostingFactory(source=batch.source, batch=batch)
    posting.full_clean()
    assert posting.salary_min <= posting.salary_max and posting.flags == []
    tag = PostingSkillFactory(posting=posting)
    tag.full_clean()
    assert posting.text[tag.start : tag.end] == "PLC"
    with pytest.raises(ValidationError):
        PostingSkill(posting=posting, skill=tag.skill, start=6, end=6).full_clean()  # an empty span
    PostingSourceFactory().full_clean()


def test_survey_response_and_post_demand():
    survey = DemandSurveyFactory()
    survey.full_clean()
    demand = SurveyPostDemandFactory(response=SurveyResponseFactory(survey=survey))
    demand.full_clean()
    demand.response.full_clean()
    assert survey.school.kind == OrgKind.SCHOOL and demand.response.enterprise.kind == OrgKind.ENTERPRISE
    assert demand.headcount >= 1 and list(survey.responses.all()) == [demand.response]


def test_association_standard_and_forecast():
    item = StandardSkillFactory()
    forecast = HeadcountForecastFactory()
    for row in (item.standard, item, forecast):
        row.full_clean()
    assert item.standard.association.kind == OrgKind.ASSOCIATION and 1 <= item.importance <= 5
    assert list(item.standard.skills.all()) == [item.skill]
    assert forecast.association.kind == OrgKind.ASSOCIATION
    SkillStandardFactory().full_clean()


def test_graduate_destination_and_follow_up():
    destination = GraduateDestinationFactory()
    destination.full_clean()
    assert destination.destination == Destination.EMPLOYED and destination.employer_name
    assert destination.major.school == destination.school == destination.student.school
    assert destination.student_number == destination.student.student_number
    with pytest.raises(ValidationError):
        GraduateDestinationFactory.build(student=destination.student, employer_name="").full_clean()

    follow_up = DestinationFollowUpFactory()
    follow_up.full_clean()
    assert follow_up.school == follow_up.student.school and follow_up.answered_at is None


def test_curriculum_programme_and_warning():
    target = MajorTargetOccupationFactory()
    tag = CourseSkillFactory()
    version = ProgrammeVersionFactory()
    warning = MajorWarningFactory(major=target.major)
    for row in (target, tag, version.programme, version, warning):
        row.full_clean()
    assert 1 <= target.weight <= 10 and tag.course.school.kind == OrgKind.SCHOOL
    assert version.programme.school == version.programme.major.school
    assert version.number == 1 and ProgrammeVersionFactory(programme=version.programme).number == 2
    assert version.programme.current.number == 2
    assert services.programme_validate(version.content) == version.content
    assert warning.level == WarningLevel.YELLOW and warning.reasons[0]["key"] in warning.indicators
    TrainingProgrammeFactory().full_clean()
