"""Labour-market intelligence: postings in, skills and occupations out, demand tables, curriculum maps,
graduate destinations, joint training programmes and early warnings for majors (issue 3).

Postings and the demand tables built from them are market statistics without personal data; every
signed-in user may read them. Surveys, destinations, curriculum tags, programmes and warnings belong to a
school and are scoped through core.access (see apps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel


# --------------------------------------------------------------------------------------------------
# Reference tables: skills and occupations
# --------------------------------------------------------------------------------------------------
class SkillType(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILL = "skill", _("Skill")
    TOOL = "tool", _("Tool / technology")
    LANGUAGE = "language", _("Language")
    TRANSVERSAL = "transversal", _("Transversal / soft")


class Skill(models.Model):
    """One entry of the bilingual skills taxonomy (loaded from labour_market/data by ``load_skills``)."""

    skill_id = models.CharField(_("taxonomy id"), max_length=160, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    skill_type = models.CharField(_("type"), max_length=12, choices=SkillType.choices, default=SkillType.SKILL)
    group = models.CharField(_("group"), max_length=80, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["skill_id"]
        verbose_name = _("skill")
        verbose_name_plural = pgettext_lazy("model name", "skills")

    def __str__(self) -> str:
        return self.name_zh

    def label(self, language: str = "zh") -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh

    @property
    def display_name(self) -> str:
        """The name in the page's language (the English name where there is one)."""
        return self.label(get_language() or "zh-hans")


class Occupation(models.Model):
    """China's occupation classification (国家职业分类大典 2022), loaded by ``load_occupations``."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"))
    definition = models.TextField(_("definition"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


# --------------------------------------------------------------------------------------------------
# Postings
# --------------------------------------------------------------------------------------------------
class SourceKind(models.TextChoices):
    POSTINGS = "postings", _("Job postings")
    SURVEY = "survey", _("Enterprise survey")
    ASSOCIATION = "association", _("Industry association")


class PostingSource(TimeStampedModel):
    """Where postings come from (a job board export, a partner's feed, a survey)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=SourceKind.choices, default=SourceKind.POSTINGS)
    licence_note = models.CharField(_("source and licence"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("posting source")
        verbose_name_plural = _("posting sources")

    def __str__(self) -> str:
        return self.name


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"
    JSONL = "jsonl", "JSON Lines"
    TXT = "txt", _("Plain text, one posting per line")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Processing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IngestBatch(TimeStampedModel):
    """One uploaded file of postings and how its processing went."""

    source = models.ForeignKey(PostingSource, on_delete=models.PROTECT, related_name="batches")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="postings/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker renews this after every chunk; a running batch whose lease has run out lost its worker and is
    # resumed from ``rows_done`` by labour_market.ingest_recover (each chunk commits together with rows_done).
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("posting import")
        verbose_name_plural = _("posting imports")

    def __str__(self) -> str:
        return self.file_name


class Posting(models.Model):
    """One job posting: the raw values as they came, and what the parsers made of them."""

    source = models.ForeignKey(PostingSource, on_delete=models.PROTECT, related_name="postings")
    batch = models.ForeignKey(IngestBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="postings")
    external_id = models.CharField(_("id in the source"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    text = models.TextField(pgettext_lazy("posting", "text"), blank=True)
    raw_salary = models.CharField(_("salary (as given)"), max_length=80, blank=True)
    raw_area = models.CharField(_("area (as given)"), max_length=120, blank=True)
    raw_education = models.CharField(_("education (as given)"), max_length=60, blank=True)
    raw_experience = models.CharField(_("experience (as given)"), max_length=60, blank=True)
    raw_posted = models.CharField(_("posted (as given)"), max_length=40, blank=True)
    salary_min = models.PositiveIntegerField(_("monthly salary from (yuan)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("monthly salary to (yuan)"), null=True, blank=True)
    salary_months = models.PositiveSmallIntegerField(_("salary months per year"), null=True, blank=True)
    salary_flag = models.BooleanField(_("salary unparseable"), default=False)
    province = models.CharField(_("province"), max_length=30, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    area_flag = models.BooleanField(_("area unparseable"), default=False)
    education_band = models.CharField(_("education"), max_length=30, blank=True)
    experience_band = models.CharField(_("experience"), max_length=30, blank=True)
    occupation_code = models.CharField(_("occupation code"), max_length=12, blank=True, db_index=True)
    occupation_confidence = models.FloatField(_("occupation confidence"), default=0)
    industry = models.CharField(_("industry"), max_length=60, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)  # indexed in Meta: exact look-ups only
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    posted_month = models.DateField(_("month posted"), null=True, blank=True, db_index=True)
    posted_flag = models.BooleanField(_("date unparseable"), default=False)
    # MinHash signature (engines.dedupe, 64 x uint32 little-endian) of an original posting: a later posting whose
    # bucket key (PostingBand) this one holds is verified against it. Empty on duplicates.
    near_dup_signature = models.BinaryField(null=True, blank=True)
    enterprise = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="postings"
    )
    region = models.ForeignKey(
        "organizations.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-posted_month", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=models.F("salary_min")),
                name="posting_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(occupation_confidence__gte=0) & Q(occupation_confidence__lte=1),
                name="posting_confidence_unit",
            ),
        ]
        # fingerprint: a plain b-tree (db_index on a CharField adds a LIKE-pattern index on PostgreSQL that no query
        # uses); duplicate_of is indexed by its foreign key already. Each index is written for every posting.
        indexes = [
            models.Index(fields=["enterprise", "posted_month"]),
            models.Index(fields=["fingerprint"], name="posting_fingerprint_idx"),
        ]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def __str__(self) -> str:
        return self.title or self.text[:40]

    @property
    def flags(self) -> list[str]:
        return [
            name
            for name, on in (("salary", self.salary_flag), ("area", self.area_flag), ("date", self.posted_flag))
            if on
        ]


class PostingBand(models.Model):
    """The near-duplicate index shared by every ingest worker: one row per LSH bucket key (a band of an original
    posting's MinHash signature) naming the first original that fell into it, as ``NearDuplicateIndex`` keeps it
    in memory. The primary key makes the first claim win under concurrency (INSERT ... ON CONFLICT DO NOTHING).

    ``posting`` has neither a database constraint nor an index: a bucket whose posting was rolled back is taken
    over by the next original that falls into it (services.ingest), and nothing looks buckets up by posting.
    """

    key = models.BigIntegerField(primary_key=True)
    posting = models.ForeignKey(
        Posting, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = _("near-duplicate band")
        verbose_name_plural = _("near-duplicate bands")


class Strength(models.TextChoices):
    NONE = "", _("mentioned")
    AWARE = "aware", pgettext_lazy("skill strength", "aware of")
    FAMILIAR = "familiar", pgettext_lazy("skill strength", "familiar with")
    PROFICIENT = "proficient", pgettext_lazy("skill strength", "proficient in")
    EXPERT = "expert", pgettext_lazy("skill strength", "expert in")
    PREFERRED = "preferred", pgettext_lazy("skill strength", "a plus")


class EducationBand(models.TextChoices):
    """The education a posting asks for, as engines/bands.py names it (labels only; postings store the key)."""

    NONE = "none", pgettext_lazy("education band", "no requirement")
    JUNIOR = "junior", pgettext_lazy("education band", "junior secondary")
    SECONDARY = "secondary", pgettext_lazy("education band", "senior or vocational secondary")
    ASSOCIATE = "associate", pgettext_lazy("education band", "associate (dazhuan)")
    BACHELOR = "bachelor", pgettext_lazy("education band", "bachelor")
    MASTER = "master", pgettext_lazy("education band", "master")
    DOCTOR = "doctor", pgettext_lazy("education band", "doctorate")


class PostingSkill(models.Model):
    """A skill span of a posting (about 14 per posting: the largest table).

    Neither foreign key is a database constraint: a deferred constraint checks every row again at commit (two
    look-ups with a row lock per span, twice the cost of writing the span). The only writer, the ingest
    (services.ingest), writes spans of postings it inserts in the same transaction and locks their skills itself
    (one ``FOR KEY SHARE`` per distinct skill of the chunk); deletions cascade through the ORM as before.
    """

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, db_constraint=False, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, db_constraint=False, related_name="posting_links")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    strength = models.CharField(max_length=12, blank=True)
    field = models.CharField(max_length=5, default="text")  # which posting field the span indexes: title / text

    class Meta:
        ordering = ["posting", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="posting_skill_span_valid")]
        verbose_name = _("posting skill")
        verbose_name_plural = _("posting skills")


# --------------------------------------------------------------------------------------------------
# Demand tables (recomputed by services.demand_recompute; pages read only these)
# --------------------------------------------------------------------------------------------------
class Dimension(models.TextChoices):
    OCCUPATION = "occupation", _("Occupation")
    SKILL = "skill", _("Skill")
    REGION = "region", _("Region")
    INDUSTRY = "industry", _("Industry")
    OCCUPATION_SKILL = "occupation_skill", _("Occupation x skill")


class DemandStat(models.Model):
    """One cell of a demand table: postings (counted once), head counts and salary for a key and month."""

    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=200, blank=True)
    month = models.DateField(null=True, blank=True)  # null = all months
    source_kind = models.CharField(max_length=12, choices=SourceKind.choices)
    postings = models.PositiveIntegerField(default=0)
    headcount = models.PositiveIntegerField(default=0)
    salary_sum = models.BigIntegerField(default=0)
    salary_n = models.PositiveIntegerField(default=0)
    sources = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["dimension", "key", "month"]
        indexes = [models.Index(fields=["dimension", "key", "month"]), models.Index(fields=["dimension", "month"])]
        verbose_name = _("demand figure")
        verbose_name_plural = _("demand figures")

    @property
    def salary_avg(self) -> int | None:
        return round(self.salary_sum / self.salary_n) if self.salary_n else None

    @property
    def weight(self) -> int:
        return self.postings + self.headcount


# --------------------------------------------------------------------------------------------------
# Enterprise demand surveys (built by a school, answered by enterprises)
# --------------------------------------------------------------------------------------------------
class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey status", "Open")
    CLOSED = "closed", _("Closed")


class DemandSurvey(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="demand_surveys")
    title = models.CharField(_("title"), max_length=200)
    target_year = models.PositiveSmallIntegerField(_("year asked about"))
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    invited = models.ManyToManyField("organizations.Organization", blank=True, related_name="invited_demand_surveys")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demand survey")
        verbose_name_plural = _("demand surveys")

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("One choice")


class SurveyQuestion(models.Model):
    """An extra question besides the built-in 'posts needed next year' table."""

    survey = models.ForeignKey(DemandSurvey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="survey_question_position_unique")]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")


class SurveyResponse(TimeStampedModel):
    survey = models.ForeignKey(DemandSurvey, on_delete=models.CASCADE, related_name="responses")
    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="survey_responses"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["survey", "enterprise"], name="survey_response_once")]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:  # the audit log names the record by this
        return f"{self.survey.title} · {self.enterprise.name}"


class SurveyPostDemand(models.Model):
    """One row of an enterprise's answer: a post it needs next year, how many people, which skills."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(_("post"), max_length=120)
    occupation_code = models.CharField(max_length=12, blank=True)
    occupation_confidence = models.FloatField(default=0)
    headcount = models.PositiveIntegerField(_("head count"))
    skills_text = models.TextField(_("skills expected"), blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(headcount__gte=1), name="survey_post_headcount_positive")]
        verbose_name = _("post needed")
        verbose_name_plural = _("posts needed")


# --------------------------------------------------------------------------------------------------
# Industry associations: skill standards and head-count forecasts
# --------------------------------------------------------------------------------------------------
class SkillStandard(TimeStampedModel):
    association = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="skill_standards"
    )
    title = models.CharField(_("title"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100)
    occupation_code = models.CharField(_("occupation code"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    source_note = models.CharField(_("source"), max_length=300)
    published = models.BooleanField(_("published"), default=False)
    skills = models.ManyToManyField(Skill, through="StandardSkill", related_name="+")

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("skill standard")
        verbose_name_plural = _("skill standards")


class StandardSkill(models.Model):
    standard = models.ForeignKey(SkillStandard, on_delete=models.CASCADE, related_name="items")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    importance = models.PositiveSmallIntegerField(_("importance (1-5)"), default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["standard", "skill"], name="standard_skill_once"),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=5), name="standard_skill_importance_range"
            ),
        ]
        verbose_name = _("skill standard item")
        verbose_name_plural = _("skill standard items")


class HeadcountForecast(TimeStampedModel):
    association = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="headcount_forecasts"
    )
    sector = models.CharField(_("sector"), max_length=100)
    occupation_code = models.CharField(_("occupation code"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    headcount = models.PositiveIntegerField(_("head count"))
    province = models.CharField(_("province"), max_length=30, blank=True)
    source_note = models.CharField(_("source"), max_length=300)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-year", "occupation_code"]
        verbose_name = _("head-count forecast")
        verbose_name_plural = _("head-count forecasts")


# --------------------------------------------------------------------------------------------------
# Graduate destinations
# --------------------------------------------------------------------------------------------------
class Destination(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    FURTHER_STUDY = "further_study", _("Further study")
    ENLISTED = "enlisted", _("Enlisted")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    NOT_PLACED = "not_placed", _("Not yet placed")


PLACED_DESTINATIONS = (Destination.EMPLOYED, Destination.FURTHER_STUDY, Destination.ENLISTED, Destination.SELF_EMPLOYED)
EMPLOYED_DESTINATIONS = (Destination.EMPLOYED, Destination.SELF_EMPLOYED)


class Relevance(models.TextChoices):
    HIGH = "high", _("Closely related")
    SOME = "some", _("Somewhat related")
    NONE = "none", _("Unrelated")


class DestinationSource(models.TextChoices):
    IMPORT = "import", _("School records")
    SURVEY = "survey", _("Follow-up survey")
    MANUAL = "manual", _("Entered by hand")


class GraduateDestination(TimeStampedModel):
    """Where one graduate went. Personal data stays minimal: the student link and the facts asked for."""

    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="graduate_destinations"
    )
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="graduate_destinations")
    student = models.ForeignKey(
        "academics.Student", null=True, blank=True, on_delete=models.SET_NULL, related_name="destinations"
    )
    student_number = models.CharField(_("student number"), max_length=30)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    employer = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occupation_code = models.CharField(_("occupation code"), max_length=12, blank=True)
    starting_salary = models.PositiveIntegerField(_("starting monthly salary"), null=True, blank=True)
    relevance = models.CharField(_("relevance to the major"), max_length=6, choices=Relevance.choices, blank=True)
    hired_by_host = models.BooleanField(_("hired by internship host"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=DestinationSource.choices, default=DestinationSource.IMPORT
    )

    class Meta:
        ordering = ["-graduation_year", "major", "student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_number", "graduation_year"], name="destination_once_per_graduate"
            ),
            models.CheckConstraint(
                condition=Q(graduation_year__gte=1990) & Q(graduation_year__lte=2100), name="destination_year_range"
            ),
        ]
        indexes = [models.Index(fields=["major", "graduation_year"])]
        verbose_name = _("graduate destination")
        verbose_name_plural = _("graduate destinations")

    def clean(self):
        if self.major_id and self.school_id and self.major.school_id != self.school_id:
            raise ValidationError({"major": _("The major belongs to another school.")})
        if self.destination == Destination.EMPLOYED and not self.employer_name:
            raise ValidationError({"employer_name": _("An employed graduate needs an employer.")})


class FollowUpStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")


class DestinationFollowUp(TimeStampedModel):
    """The six-month follow-up survey sent to one graduate (by the beat task)."""

    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE, related_name="destination_followups")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    graduation_year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.SENT)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "graduation_year"], name="followup_once")]
        verbose_name = _("destination follow-up")
        verbose_name_plural = _("destination follow-ups")


# --------------------------------------------------------------------------------------------------
# Curriculum: target occupations, course skill tags
# --------------------------------------------------------------------------------------------------
class MajorTargetOccupation(TimeStampedModel):
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="target_occupations")
    occupation_code = models.CharField(_("occupation code"), max_length=12)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["major", "occupation_code"]
        constraints = [
            models.UniqueConstraint(fields=["major", "occupation_code"], name="target_occupation_once"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10), name="target_occupation_weight_range"
            ),
        ]
        verbose_name = _("target occupation")
        verbose_name_plural = _("target occupations")


class TagStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class CourseSkill(TimeStampedModel):
    """A skill a course's learning outcomes teach: suggested by the extractor, confirmed by the teacher."""

    course = models.ForeignKey("academics.Course", on_delete=models.CASCADE, related_name="skill_tags")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="course_tags")
    status = models.CharField(max_length=10, choices=TagStatus.choices, default=TagStatus.SUGGESTED)
    evidence = models.CharField(_("evidence"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["course", "skill"]
        constraints = [models.UniqueConstraint(fields=["course", "skill"], name="course_skill_once")]
        verbose_name = _("course skill")
        verbose_name_plural = _("course skills")


# --------------------------------------------------------------------------------------------------
# Joint talent-training programmes (人才培养方案)
# --------------------------------------------------------------------------------------------------
class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    APPROVED = "approved", _("Signed off")


class TrainingProgramme(TimeStampedModel):
    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="training_programmes"
    )
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="training_programmes")
    cohort_year = models.PositiveSmallIntegerField(_("intake year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)

    class Meta:
        ordering = ["-cohort_year", "major"]
        constraints = [models.UniqueConstraint(fields=["major", "cohort_year"], name="programme_once_per_cohort")]
        verbose_name = _("talent-training programme")
        verbose_name_plural = _("talent-training programmes")

    def __str__(self) -> str:
        return self.title

    @property
    def current(self):
        return self.versions.order_by("-number").first()


class ProgrammeVersion(models.Model):
    """An immutable version of the programme's content; the diff says who changed what."""

    programme = models.ForeignKey(TrainingProgramme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(_("change summary"), max_length=300, blank=True)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="programme_version_unique")]
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")


class ProgrammeReviewer(TimeStampedModel):
    programme = models.ForeignKey(TrainingProgramme, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    signed_version = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="programme_reviewer_once")]
        verbose_name = _("programme reviewer")
        verbose_name_plural = _("programme reviewers")


class ProgrammeComment(TimeStampedModel):
    version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="comments")
    line_key = models.CharField(max_length=40)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("programme comment")
        verbose_name_plural = _("programme comments")


# --------------------------------------------------------------------------------------------------
# Early warning
# --------------------------------------------------------------------------------------------------
class WarningRule(models.Model):
    """One indicator's threshold and weight (seeded from data/warning_rules.json, editable)."""

    key = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    label_zh = models.CharField(max_length=120, blank=True)
    threshold = models.FloatField()
    yellow_threshold = models.FloatField(null=True, blank=True)
    direction = models.CharField(max_length=6, choices=[("below", "below"), ("above", "above")])
    weight = models.FloatField(default=1)
    consecutive_years = models.PositiveSmallIntegerField(default=1)
    mandatory = models.BooleanField(default=False)
    citation = models.CharField(max_length=300, blank=True)  # the working note behind the rule; not shown to users
    source_zh = models.CharField(_("source (Chinese)"), max_length=300, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=300, blank=True)
    unit = models.CharField(max_length=10, blank=True, choices=[("percent", "percent"), ("number", "number")])
    enabled = models.BooleanField(default=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")


class WarningSetting(models.Model):
    """Global combination rule: how many failing indicators (or how much weight) make red / yellow."""

    key = models.CharField(max_length=40, unique=True)
    value = models.FloatField()
    citation = models.CharField(max_length=300, blank=True)  # the working note; not shown to users
    source_zh = models.CharField(_("source (Chinese)"), max_length=300, blank=True)
    source_en = models.CharField(_("source (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("warning setting")
        verbose_name_plural = _("warning settings")


class WarningLevel(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class MajorWarning(models.Model):
    major = models.ForeignKey("academics.Major", on_delete=models.CASCADE, related_name="warnings")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=6, choices=WarningLevel.choices)
    reasons = models.JSONField(default=list)
    indicators = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["major", "-year"]
        constraints = [models.UniqueConstraint(fields=["major", "year"], name="major_warning_once_per_year")]
        verbose_name = _("major warning")
        verbose_name_plural = _("major warnings")
