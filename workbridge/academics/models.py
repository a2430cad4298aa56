from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.core import crypto
from workbridge.core.models import TimeStampedModel

from .engines.identity import major_code_error


class Department(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="departments")
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["school", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="department_unique_name")]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Major(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="majors")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="majors")
    code = models.CharField(_("national major code"), max_length=7)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=3)
    is_active = models.BooleanField(_("enrolling"), default=True)

    class Meta:
        ordering = ["school", "code"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="major_unique_code_per_school")]
        verbose_name = _("major")
        verbose_name_plural = _("majors")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        problem = major_code_error(self.code or "")
        if problem:
            raise ValidationError({"code": problem})
        if self.department_id and self.department.school_id != self.school_id:
            raise ValidationError({"department": _("The department belongs to another school.")})


class Cohort(TimeStampedModel):
    """A class (班级) of one major and intake year."""

    major = models.ForeignKey(Major, on_delete=models.CASCADE, related_name="cohorts")
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    name = models.CharField(_("name"), max_length=100)
    head_teacher = models.ForeignKey(
        "academics.Teacher", null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts"
    )

    class Meta:
        ordering = ["major", "-intake_year", "name"]
        constraints = [models.UniqueConstraint(fields=["major", "name"], name="cohort_unique_name")]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    SUSPENDED = "suspended", _("Suspended")
    GRADUATED = "graduated", _("Graduated")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment status", "Withdrawn")


class Student(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="students")
    user = models.OneToOneField(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="student"
    )
    student_number = models.CharField(_("student number"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    # The ID number is stored encrypted; the keyed hash finds duplicates; the last four identify it in lists.
    id_number_encrypted = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_tail = models.CharField(max_length=4, blank=True)
    phone_encrypted = models.TextField(blank=True)
    phone_tail = models.CharField(max_length=4, blank=True)
    major = models.ForeignKey(Major, on_delete=models.PROTECT, related_name="students")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="students")
    enrolment_status = models.CharField(
        _("enrolment status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    grade_year = models.PositiveSmallIntegerField(_("year of study"), default=1)

    class Meta:
        ordering = ["school_id", "student_number"]  # school_id, not school: no join to sort by school name (issue 14)
        constraints = [
            models.UniqueConstraint(fields=["school", "student_number"], name="student_number_unique_per_school"),
            models.UniqueConstraint(
                fields=["school", "id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="student_id_number_unique_per_school",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "major"]),
            models.Index(fields=["major", "cohort"]),
            # enrolled students per school (regional dashboard) from the index alone (issue 14)
            models.Index(fields=["school", "enrolment_status"], name="student_school_status"),
        ]
        verbose_name = _("student")
        verbose_name_plural = _("students")

    def __str__(self) -> str:
        return f"{self.name} ({self.student_number})"

    def clean(self):
        if self.major_id and self.major.school_id != self.school_id:
            raise ValidationError({"major": _("The major belongs to another school.")})
        if self.cohort_id and self.cohort.major_id != self.major_id:
            raise ValidationError({"cohort": _("The class belongs to another major.")})

    # Reading the clear value is deliberate and rare (agreement PDF); lists use the masked forms.
    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted)

    @property
    def id_number_masked(self) -> str:
        return "*" * 14 + self.id_number_tail if self.id_number_tail else ""

    @property
    def phone_masked(self) -> str:
        return "*" * 7 + self.phone_tail if self.phone_tail else ""

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Teacher(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="teachers")
    user = models.OneToOneField(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="teacher"
    )
    employee_number = models.CharField(_("staff number"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="teachers"
    )
    title = models.CharField(_("professional title"), max_length=60, blank=True)
    qualifications = models.TextField(_("professional qualifications"), blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    phone_encrypted = models.TextField(blank=True)
    phone_tail = models.CharField(max_length=4, blank=True)

    class Meta:
        ordering = ["school_id", "employee_number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "employee_number"], name="teacher_number_unique_per_school")
        ]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.department_id and self.department.school_id != self.school_id:
            raise ValidationError({"department": _("The department belongs to another school.")})


class CourseType(models.TextChoices):
    THEORY = "theory", _("Theory")
    PRACTICE = "practice", _("Practice")
    MIXED = "mixed", _("Theory and practice")


class Course(TimeStampedModel):
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="courses")
    major = models.ForeignKey(Major, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(_("course code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    hours = models.PositiveSmallIntegerField(_("hours"))
    course_type = models.CharField(_("type"), max_length=10, choices=CourseType.choices, default=CourseType.MIXED)
    semester = models.PositiveSmallIntegerField(_("semester"))
    learning_outcomes = models.TextField(_("learning outcomes"), blank=True)

    class Meta:
        ordering = ["major", "semester", "code"]
        constraints = [
            models.UniqueConstraint(fields=["major", "code"], name="course_unique_code_per_major"),
            models.CheckConstraint(
                condition=models.Q(credits__gte=0) & models.Q(credits__lte=40), name="course_credits_range"
            ),
            models.CheckConstraint(
                condition=models.Q(semester__gte=1) & models.Q(semester__lte=12), name="course_semester_range"
            ),
        ]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        if self.major_id and self.major.school_id != self.school_id:
            raise ValidationError({"major": _("The major belongs to another school.")})


class InitialPassword(models.TextChoices):
    RANDOM = "random", _("A random password per person, printed on an account sheet")
    ID_LAST6 = "id_last6", _("The last six characters of the ID number (students; staff get a random one)")


class SchoolAccountPolicy(models.Model):
    """How a school's imported students and teachers get their first password (changed at first log-in)."""

    school = models.OneToOneField("organizations.Organization", on_delete=models.CASCADE, related_name="account_policy")
    initial_password = models.CharField(
        _("initial password"), max_length=10, choices=InitialPassword.choices, default=InitialPassword.RANDOM
    )

    class Meta:
        verbose_name = _("first-password policy")
        verbose_name_plural = _("first-password policies")


class InitialCredential(models.Model):
    """A first password handed out by the school, kept encrypted (not hashed: importing 10,000 students must not
    take 10,000 slow hashes) until the person sets their own password at first log-in, and for 60 days at most.
    ``secret_encrypted`` is empty for the ID-number rule, which is checked against the stored ID number."""

    user = models.OneToOneField("organizations.User", on_delete=models.CASCADE, related_name="initial_credential")
    rule = models.CharField(max_length=10, choices=InitialPassword.choices)
    secret_encrypted = models.TextField(blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("first password")
        verbose_name_plural = _("first passwords")


class AccountSheet(models.Model):
    """The list of new log-ins and first passwords a school admin hands out; downloadable once, then emptied."""

    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="account_sheets")
    created_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("made by"), max_length=20)  # "import" or "reset"
    people = models.PositiveIntegerField(_("people"))
    rows_encrypted = models.TextField(blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account sheet")
        verbose_name_plural = _("account sheets")
