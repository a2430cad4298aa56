"""Index systems and weights, depth scores with their evidence, evaluator ratings, and the records behind
industry-education integration enterprise readiness and incentive statements."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workbridge.core.models import TimeStampedModel


class IndicatorGroup(models.TextChoices):
    INPUT = "input", _("Input")
    PROCESS = "process", _("Process")
    OUTPUT = "output", _("Output")


class Method(models.TextChoices):
    TARGET = "target", _("Share of target")
    RATIO = "ratio", _("Ratio (0-1)")
    MINMAX = "minmax", _("Min-max among peers")


class Direction(models.TextChoices):
    POSITIVE = "positive", _("Higher is better")
    NEGATIVE = "negative", _("Lower is better")


class IndexSystem(TimeStampedModel):
    """One version of an index system, loaded from a data file (evaluation/data/*.toml)."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    source = models.TextField(_("source"), blank=True)
    data_file = models.CharField(_("loaded from"), max_length=200, blank=True)
    bands = models.JSONField(_("bands"), default=list)  # [{"code": "shallow", "minimum": 0}, ...]
    group_order = models.JSONField(default=list)  # ["input", "process", "output"]
    is_active = models.BooleanField(_("active"), default=False)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="index_system_version_unique"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_active=True), name="index_system_one_active"),
        ]
        verbose_name = _("index system")
        verbose_name_plural = _("index systems")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Indicator(models.Model):
    system = models.ForeignKey(IndexSystem, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("computation key"), max_length=60)
    group = models.CharField(_("group"), max_length=10, choices=IndicatorGroup.choices)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    method = models.CharField(_("normalisation"), max_length=10, choices=Method.choices, default=Method.TARGET)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.POSITIVE)
    target = models.FloatField(_("target"), null=True, blank=True)
    source = models.TextField(_("source records"), blank=True)

    class Meta:
        ordering = ["system", "position"]
        constraints = [
            models.UniqueConstraint(fields=["system", "key"], name="indicator_key_unique"),
            models.CheckConstraint(condition=~Q(method="target") | Q(target__gt=0), name="indicator_target_positive"),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class WeightMethod(models.TextChoices):
    DEFAULT = "default", _("Default from the data file")
    AHP = "ahp", _("AHP pairwise comparison")
    DIRECT = "direct", _("Entered directly")


class WeightSet(TimeStampedModel):
    """A numbered version of the weights of one index system: group weights and local indicator weights.

    ``matrices`` keeps the pairwise matrices behind AHP weights: {"groups": {...}, "input": {...}} where each entry
    holds the matrix, the item keys, lambda_max, CI and CR. Exactly one weight set per system is current.
    """

    system = models.ForeignKey(IndexSystem, on_delete=models.CASCADE, related_name="weight_sets")
    number = models.PositiveIntegerField(_("version"))
    method = models.CharField(_("method"), max_length=10, choices=WeightMethod.choices)
    level = models.CharField(_("changed level"), max_length=20, blank=True)
    group_weights = models.JSONField(_("group weights"), default=dict)
    indicator_weights = models.JSONField(_("indicator weights"), default=dict)
    matrices = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_current = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["system", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["system", "number"], name="weight_set_number_unique"),
            models.UniqueConstraint(fields=["system"], condition=Q(is_current=True), name="weight_set_one_current"),
        ]
        verbose_name = _("weight set")
        verbose_name_plural = _("weight sets")

    def __str__(self) -> str:
        return f"{self.system} weights #{self.number}"


class ScoreLevel(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    MAJOR = "major", _("Major")


class Band(models.TextChoices):
    SHALLOW = "shallow", _("Shallow")
    DEVELOPING = "developing", _("Developing")
    DEEP = "deep", _("Deep")


class Score(models.Model):
    """A depth score for one subject and term. Partnership scores hold ScoreItems (indicator values and their
    evidence rows); enterprise, school and major scores are means of partnership scores named in ``evidence``."""

    system = models.ForeignKey(IndexSystem, on_delete=models.CASCADE, related_name="scores")
    weight_set = models.ForeignKey(WeightSet, on_delete=models.PROTECT, related_name="scores")
    term = models.CharField(_("term"), max_length=11, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=ScoreLevel.choices)
    subject_key = models.CharField(max_length=40)  # "p:<school>:<enterprise>", "e:<id>", "s:<id>", "m:<id>"
    school = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    major = models.ForeignKey("academics.Major", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    total = models.FloatField(_("score"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=12, blank=True)
    group_scores = models.JSONField(default=dict)
    coverage = models.FloatField(_("data coverage"), default=0)
    evidence = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term", "level", "-total"]
        constraints = [
            models.UniqueConstraint(fields=["system", "term", "subject_key"], name="score_subject_term_unique"),
            models.CheckConstraint(
                condition=(
                    Q(level="partnership", school__isnull=False, enterprise__isnull=False, major__isnull=True)
                    | Q(level="enterprise", enterprise__isnull=False, school__isnull=True, major__isnull=True)
                    | Q(level="school", school__isnull=False, enterprise__isnull=True, major__isnull=True)
                    | Q(level="major", major__isnull=False, school__isnull=False, enterprise__isnull=True)
                ),
                name="score_level_subject",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | (Q(total__gte=0) & Q(total__lte=100)), name="score_total_range"
            ),
        ]
        indexes = [models.Index(fields=["level", "term"]), models.Index(fields=["school", "enterprise"])]
        verbose_name = _("depth score")
        verbose_name_plural = _("depth scores")

    def __str__(self) -> str:
        return f"{self.subject_key} {self.term}: {self.total}"


class ScoreItem(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    raw = models.FloatField(_("value"), null=True, blank=True)  # None: no data
    normalised = models.FloatField(null=True, blank=True)
    contribution = models.FloatField(default=0)
    count = models.PositiveIntegerField(_("records"), default=0)
    # {"rows": {"placements.placement": [ids...]}, "truncated": false, "note": "..."}
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["score", "indicator__position"]
        constraints = [models.UniqueConstraint(fields=["score", "indicator"], name="score_item_unique")]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")


class EvaluatorAssignment(TimeStampedModel):
    """An industry association (for partnerships of its member enterprises) or a vocational education group
    (for partnerships of its member schools) appointed to rate a partnership."""

    evaluator = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="evaluator_assignments"
    )
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["evaluator", "school", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "school", "enterprise"], name="evaluator_assignment_unique")
        ]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")


class EvaluatorRating(TimeStampedModel):
    assignment = models.ForeignKey(EvaluatorAssignment, on_delete=models.CASCADE, related_name="ratings")
    school = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    term = models.CharField(_("term"), max_length=11)
    rated_on = models.DateField(_("rated on"))
    score = models.PositiveSmallIntegerField(
        _("score (0-100)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-rated_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "term"], name="evaluator_rating_once_per_term"),
            models.CheckConstraint(condition=Q(score__lte=100), name="evaluator_rating_range"),
        ]
        verbose_name = _("evaluator rating")
        verbose_name_plural = _("evaluator ratings")

    def __str__(self) -> str:
        return f"{self.term} · {self.score}"


class Certification(TimeStampedModel):
    """Certification of an enterprise as an industry-education integration enterprise (产教融合型企业)."""

    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="integration_certifications"
    )
    criteria_set = models.CharField(_("criteria set"), max_length=40)
    reference = models.CharField(_("document number"), max_length=100)
    certified_on = models.DateField(_("certified on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-certified_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("certified_on")),
                name="certification_period_valid",
            )
        ]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class SurchargeDeclaration(TimeStampedModel):
    """The education surcharge and local education surcharge an enterprise declares payable for a year."""

    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="surcharge_declarations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    education_surcharge = models.DecimalField(_("education surcharge payable (yuan)"), max_digits=14, decimal_places=2)
    local_education_surcharge = models.DecimalField(
        _("local education surcharge payable (yuan)"), max_digits=14, decimal_places=2
    )
    declared_by = models.ForeignKey("organizations.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["enterprise", "year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="surcharge_declaration_unique"),
            models.CheckConstraint(
                condition=Q(education_surcharge__gte=0) & Q(local_education_surcharge__gte=0),
                name="surcharge_non_negative",
            ),
        ]
        verbose_name = _("surcharge declaration")
        verbose_name_plural = _("surcharge declarations")

    @property
    def total(self):
        return self.education_surcharge + self.local_education_surcharge


class InvestmentWithdrawal(TimeStampedModel):
    """Investment in vocational education withdrawn (撤回投资): the offset it supported must be repaid."""

    enterprise = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="investment_withdrawals"
    )
    withdrawn_on = models.DateField(_("withdrawn on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300)
    recorded_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-withdrawn_on"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="withdrawal_positive")]
        verbose_name = _("investment withdrawal")
        verbose_name_plural = _("investment withdrawals")


class AttestationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Attestation(TimeStampedModel):
    """An enterprise's statement, with a document, for a criterion the platform's records cannot show
    (years in operation, size, training funds, pay linked to skills, credit); counts once the authority verifies it."""

    enterprise = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="attestations")
    criterion_key = models.CharField(_("criterion"), max_length=60)
    statement = models.TextField(_("statement"))
    document = models.FileField(_("document"), upload_to="attestations/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AttestationStatus.choices, default=AttestationStatus.PENDING
    )
    attested_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "criterion_key"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "criterion_key"], name="attestation_unique")]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
