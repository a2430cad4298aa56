"""REST API (/api/v1/labour-market/...), scoped through core.access like the pages."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin, Pagination
from workbridge.core.exceptions import ValidationFailed
from workbridge.core.parsers import ObjectJSONParser
from workbridge.core.uploads import validate_upload

from . import permissions as perms
from . import selectors, services
from .models import (
    Dimension,
    GraduateDestination,
    IngestBatch,
    Posting,
    SkillType,
)


class PostingSkillOut(serializers.Serializer):
    id = serializers.CharField(source="skill.skill_id")
    name = serializers.CharField(source="skill.name_zh")
    name_en = serializers.CharField(source="skill.name_en")
    type = serializers.CharField(source="skill.skill_type")
    field = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    strength = serializers.CharField()


class PostingOut(serializers.ModelSerializer):
    skills = PostingSkillOut(many=True, read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "title",
            "company_name",
            "text",
            "raw_salary",
            "salary_min",
            "salary_max",
            "salary_months",
            "salary_flag",
            "raw_area",
            "province",
            "city",
            "area_flag",
            "education_band",
            "experience_band",
            "occupation_code",
            "occupation_confidence",
            "posted_month",
            "posted_flag",
            "duplicate_of",
            "enterprise",
            "skills",
        ]


class BatchOut(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name")

    class Meta:
        model = IngestBatch
        fields = [
            "id",
            "source",
            "file_name",
            "file_format",
            "encoding",
            "mapping",
            "status",
            "rows_total",
            "rows_done",
            "imported",
            "duplicates",
            "flagged",
            "skipped",
            "errors",
            "created_at",
            "finished_at",
        ]


class DestinationOut(serializers.ModelSerializer):
    class Meta:
        model = GraduateDestination
        fields = [
            "id",
            "major",
            "student_number",
            "graduation_year",
            "destination",
            "employer_name",
            "occupation_code",
            "starting_salary",
            "relevance",
            "hired_by_host",
            "source",
        ]


# Shapes of the hand-built responses and multipart bodies below, for the OpenAPI schema only.


class PostingIngestIn(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.CharField(
        required=False, help_text="csv, xlsx, jsonl or txt; guessed from the file name if empty."
    )
    source = serializers.CharField(required=False, help_text="Name of the posting source.")
    mapping = serializers.CharField(required=False, help_text="JSON object: field -> column of the file.")


class DemandRowOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    postings = serializers.IntegerField()
    headcount = serializers.IntegerField()
    salary_avg = serializers.IntegerField(allow_null=True)
    by_source = serializers.DictField(child=serializers.IntegerField())
    sources = serializers.CharField()


class DemandTrendOut(serializers.Serializer):
    months = serializers.ListField(child=serializers.CharField(), help_text="YYYY-MM")
    series = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField()))


class DemandOut(serializers.Serializer):
    dimension = serializers.CharField()
    rows = DemandRowOut(many=True)
    trend = DemandTrendOut()


class MatrixSkillOut(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    weight = serializers.FloatField()
    share = serializers.FloatField()
    by_occupation = serializers.DictField(child=serializers.FloatField())
    courses = serializers.ListField(child=serializers.CharField())


class MatrixGapOut(MatrixSkillOut):
    postings = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of example postings.")


class MatrixGroupOut(serializers.Serializer):
    group = serializers.CharField()
    weight = serializers.FloatField()
    taught = serializers.BooleanField()


class MajorMatrixOut(serializers.Serializer):
    major = serializers.IntegerField()
    occupations = serializers.ListField(child=serializers.CharField())
    courses = serializers.ListField(child=serializers.CharField())
    coverage = serializers.FloatField(allow_null=True)
    group_coverage = serializers.FloatField(allow_null=True)
    top = MatrixSkillOut(many=True)
    gaps = MatrixGapOut(many=True)
    surplus = MatrixSkillOut(many=True)
    groups = MatrixGroupOut(many=True)


class WarningOut(serializers.Serializer):
    major = serializers.IntegerField()
    major_name = serializers.CharField()
    school = serializers.IntegerField()
    year = serializers.IntegerField()
    level = serializers.CharField()
    reasons = serializers.JSONField()


class FileIn(serializers.Serializer):
    file = serializers.FileField()


class ImportedOut(serializers.Serializer):
    imported = serializers.IntegerField()


class ProgrammeOut(serializers.Serializer):
    id = serializers.IntegerField()
    major = serializers.IntegerField()
    cohort_year = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ProgrammeVersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    author = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    summary = serializers.CharField()
    changes = serializers.JSONField()
    content = serializers.JSONField()


class ProgrammeReviewerOut(serializers.Serializer):
    user = serializers.IntegerField()
    organization = serializers.IntegerField()
    signed_version = serializers.IntegerField(allow_null=True)


class ProgrammeDetailOut(ProgrammeOut):
    versions = ProgrammeVersionOut(many=True)
    reviewers = ProgrammeReviewerOut(many=True)


class SurveyOut(serializers.Serializer):
    id = serializers.IntegerField()
    school = serializers.IntegerField()
    title = serializers.CharField()
    target_year = serializers.IntegerField()
    status = serializers.CharField()


class SurveyResponseIn(serializers.Serializer):
    posts = serializers.ListField(child=serializers.DictField(), required=False)
    answers = serializers.DictField(required=False)


class SurveyPostOut(serializers.Serializer):
    title = serializers.CharField()
    headcount = serializers.IntegerField()
    occupation_code = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())


class SurveyResponseOut(serializers.Serializer):
    id = serializers.IntegerField()
    posts = SurveyPostOut(many=True)


class PostingList(ActorMixin, APIView):
    pagination_class = Pagination  # documents the paginated response (the view paginates itself)

    @extend_schema(
        responses=PostingOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("occupation", str),
            OpenApiParameter("skill", str),
            OpenApiParameter("batch", int),
            OpenApiParameter("duplicates", str, enum=["1"], description="1: only duplicates"),
        ],
    )
    def get(self, request):
        """Job postings, filtered by text, occupation, skill, batch or duplicates only, paginated."""
        qs = selectors.posting_list(
            actor=self.actor,
            q=request.GET.get("q", ""),
            occupation=request.GET.get("occupation", ""),
            skill=request.GET.get("skill", ""),
            batch=request.GET.get("batch") or None,
            duplicates=request.GET.get("duplicates") == "1",
        ).prefetch_related("skills__skill")
        from workbridge.core.api import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PostingOut(page, many=True).data)


class PostingDetail(ActorMixin, APIView):
    @extend_schema(responses=PostingOut)
    def get(self, request, pk):
        """One job posting with its extracted skills and occupation code."""
        posting = selectors.posting_get(actor=self.actor, pk=pk)
        return Response(PostingOut(posting).data)


class PostingIngest(ActorMixin, APIView):
    """POST multipart: file, format (csv/xlsx/jsonl/txt, optional), source, mapping (JSON object field -> column)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=PostingIngestIn, responses={201: BatchOut})
    def post(self, request):
        perms.require_ingest(self.actor)  # before reading the body
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed("Send the file in the 'file' field.", errors={"file": ["required"]})
        validate_upload(upload, purpose="postings", keep_name=True)
        mapping = request.data.get("mapping") or None
        if mapping:
            try:
                mapping = json.loads(mapping)
            except json.JSONDecodeError:
                raise ValidationFailed("mapping must be a JSON object.", errors={"mapping": ["invalid JSON"]}) from None
        batch = services.postings_ingest(
            actor=self.actor,
            file=upload,
            fmt=request.data.get("format") or None,
            source=request.data.get("source", ""),
            mapping=mapping,
        )
        return Response(BatchOut(batch).data, status=201)


class BatchDetail(ActorMixin, APIView):
    @extend_schema(responses=BatchOut)
    def get(self, request, pk):
        """One ingest batch of job postings: its source and file, its status and progress (rows read, imported,
        duplicates, flagged, skipped, errors)."""
        return Response(BatchOut(selectors.batch_get(actor=self.actor, pk=pk)).data)


class BatchResume(ActorMixin, APIView):
    """Restart a batch whose processing stopped midway (its worker died), from its last committed chunk."""

    @extend_schema(request=None, responses=BatchOut)
    def post(self, request, pk):
        return Response(BatchOut(services.batch_resume(actor=self.actor, batch_id=pk)).data)


class BatchRollback(ActorMixin, APIView):
    """Remove every posting a batch imported; the batch stays, marked failed, with the roll-back recorded."""

    @extend_schema(request=None, responses=BatchOut)
    def post(self, request, pk):
        return Response(BatchOut(services.batch_rollback(actor=self.actor, batch_id=pk)).data)


class DemandTable(ActorMixin, APIView):
    @extend_schema(
        responses=DemandOut,
        parameters=[OpenApiParameter("dimension", str, enum=Dimension.values), OpenApiParameter("limit", int)],
    )
    def get(self, request):
        """Talent demand from job postings by occupation, skill, region, industry or occupation and skill (?dimension=):
        the top ?limit= rows, and the trend of the first ten."""
        dimension = request.GET.get("dimension", Dimension.OCCUPATION)
        if dimension not in Dimension.values:
            raise ValidationFailed(f"dimension must be one of {', '.join(Dimension.values)}.")
        rows = selectors.demand_table(dimension=dimension, limit=min(500, int(request.GET.get("limit", 50))))
        trend = selectors.demand_trend(dimension=dimension, keys=[r.key for r in rows[:10]])
        return Response(
            {
                "dimension": dimension,
                "rows": [
                    {
                        "key": r.key,
                        "label": r.label,
                        "postings": r.postings,
                        "headcount": r.headcount,
                        "salary_avg": r.salary_avg,
                        "by_source": r.by_kind,
                        "sources": r.sources,
                    }
                    for r in rows
                ],
                "trend": trend,
            }
        )


class MajorMatrix(ActorMixin, APIView):
    @extend_schema(responses=MajorMatrixOut)
    def get(self, request, pk):
        """A major's skills matrix: the skills its target occupations ask for, their weight and share, and the courses
        that teach them (gaps have none)."""
        major = selectors.major_get(actor=self.actor, pk=pk)
        m = selectors.major_matrix(major)
        r = m.result

        def row(x):
            return {
                "skill": x.skill,
                "name": m.skill_label(x.skill),
                "group": x.group,
                "weight": x.weight,
                "share": x.share,
                "by_occupation": x.by_occupation,
                "courses": x.courses,
            }

        return Response(
            {
                "major": major.pk,
                "occupations": r.occupations,
                "courses": r.courses,
                "coverage": r.coverage,
                "group_coverage": r.group_coverage,
                "top": [row(x) for x in r.top],
                "gaps": [{**row(x), "postings": [p.pk for p in m.evidence.get(x.skill, [])]} for x in r.gaps],
                "surplus": [row(x) for x in r.surplus],
                "groups": [{"group": g.group, "weight": g.weight, "taught": g.taught} for g in r.groups],
            }
        )


class WarningList(ActorMixin, APIView):
    @extend_schema(responses=WarningOut(many=True), parameters=[OpenApiParameter("year", int)])
    def get(self, request):
        """Major warnings (green, yellow, red) of the majors the caller may see, for a year (?year=) or all, with their
        reasons."""
        qs = selectors.warning_list(actor=self.actor, year=request.GET.get("year") or None)
        return Response(
            [
                {
                    "major": w.major_id,
                    "major_name": w.major.name,
                    "school": w.major.school_id,
                    "year": w.year,
                    "level": w.level,
                    "reasons": w.reasons,
                }
                for w in qs[:1000]
            ]
        )


class DestinationList(ActorMixin, APIView):
    pagination_class = Pagination  # documents the paginated response (the view paginates itself)

    @extend_schema(responses=DestinationOut(many=True))
    def get(self, request):
        """Graduates' destinations the caller may see (destination, employer, occupation, starting salary, relevance to
        the major), paginated."""
        qs = selectors.destination_list(actor=self.actor)
        from workbridge.core.api import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DestinationOut(page, many=True).data)


class DestinationImport(ActorMixin, APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=FileIn, responses={201: ImportedOut})
    def post(self, request):
        """Import graduates' destinations from a spreadsheet (.xlsx in the 'file' field): all rows or none, with each
        bad row's error."""
        perms.require_destination_import(self.actor)  # before reading the body
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed("Send the .xlsx in the 'file' field.", errors={"file": ["required"]})
        validate_upload(upload, purpose="workbook", keep_name=True)
        imported = services.destinations_import(actor=self.actor, data=upload.read(), filename=upload.name)
        return Response({"imported": imported}, status=201)


class ProgrammeList(ActorMixin, APIView):
    @extend_schema(responses=ProgrammeOut(many=True))
    def get(self, request):
        """Joint talent-training programmes of the majors the caller may see."""
        return Response(
            [
                {"id": p.pk, "major": p.major_id, "cohort_year": p.cohort_year, "title": p.title, "status": p.status}
                for p in selectors.programme_list(actor=self.actor)[:500]
            ]
        )


class ProgrammeDetail(ActorMixin, APIView):
    @extend_schema(responses=ProgrammeDetailOut)
    def get(self, request, pk):
        """A joint talent-training programme with its versions and reviewers."""
        p = selectors.programme_get(actor=self.actor, pk=pk)
        return Response(
            {
                "id": p.pk,
                "major": p.major_id,
                "cohort_year": p.cohort_year,
                "title": p.title,
                "status": p.status,
                "versions": [
                    {
                        "number": v.number,
                        "author": str(v.author) if v.author else None,
                        "created_at": v.created_at,
                        "summary": v.summary,
                        "changes": v.changes,
                        "content": v.content,
                    }
                    for v in p.versions.select_related("author")
                ],
                "reviewers": [
                    {"user": r.user_id, "organization": r.organization_id, "signed_version": r.signed_version}
                    for r in p.reviewers.all()
                ],
            }
        )


class SurveyList(ActorMixin, APIView):
    @extend_schema(responses=SurveyOut(many=True))
    def get(self, request):
        """Enterprise demand surveys the caller may see (newest 500): title, target year and status."""
        return Response(
            [
                {"id": s.pk, "school": s.school_id, "title": s.title, "target_year": s.target_year, "status": s.status}
                for s in selectors.survey_list(actor=self.actor)[:500]
            ]
        )


class SurveyRespond(ActorMixin, APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=SurveyResponseIn, responses={201: SurveyResponseOut})
    def post(self, request, pk):
        """An invited enterprise answers a demand survey: the posts it will need and its answers to the questions."""
        survey = selectors.survey_get(actor=self.actor, pk=pk)
        response = services.survey_submit(
            actor=self.actor,
            survey=survey,
            posts=request.data.get("posts", []),
            answers=request.data.get("answers", {}),
        )
        return Response(
            {
                "id": response.pk,
                "posts": [
                    {
                        "title": p.title,
                        "headcount": p.headcount,
                        "occupation_code": p.occupation_code,
                        "skills": list(p.skills.values_list("skill_id", flat=True)),
                    }
                    for p in response.posts.all()
                ],
            },
            status=201,
        )


# --------------------------------------------------------------------------------------------------
# Skills and occupations API (issue 11): reference data for every signed-in role
# --------------------------------------------------------------------------------------------------
EXTRACT_MAX_ITEMS = 100  # texts, and titles, per request
EXTRACT_MAX_TEXT = 5000  # characters per text
EXTRACT_MAX_TITLE = 200  # characters per title
EXTRACT_RATE = "30/minute"  # per user (and so per token); settings REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["extract"]
TREND_MAX_MONTHS = 36


class ExtractThrottle(ScopedRateThrottle):
    """The "extract" scope, keyed by the user (a token acts for its user). The rate comes from
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["extract"]`` when set, else ``EXTRACT_RATE``."""

    scope_attr = "throttle_scope"

    def get_rate(self):
        from rest_framework.settings import api_settings

        return (api_settings.DEFAULT_THROTTLE_RATES or {}).get(self.scope) or EXTRACT_RATE


class LocalisedName(serializers.Serializer):
    zh = serializers.CharField()
    en = serializers.CharField(allow_blank=True)


class SkillGroupOut(serializers.Serializer):
    key = serializers.CharField()
    zh = serializers.CharField()
    en = serializers.CharField()


class RelatedOccupationOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    postings = serializers.IntegerField(help_text="Postings and surveyed head count asking for the skill.")


class RegionOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class SkillTrendOut(serializers.Serializer):
    region = RegionOut(allow_null=True, help_text="The region counted (with the regions below it); null: nationwide.")
    periods = serializers.ListField(child=serializers.CharField(), help_text="YYYY-MM, oldest first.")
    postings = serializers.ListField(
        child=serializers.IntegerField(), help_text="Postings asking for the skill per period (duplicates left out)."
    )


class SkillOut(serializers.Serializer):
    id = serializers.CharField(help_text="Taxonomy id, e.g. it.programming.python.")
    name = LocalisedName()
    aliases = serializers.ListField(child=serializers.CharField())
    type = serializers.ChoiceField(choices=SkillType.choices)
    group = SkillGroupOut()
    occupations = RelatedOccupationOut(many=True, help_text="Occupations whose postings ask for it most.")
    trend = SkillTrendOut()


class OccupationOut(serializers.Serializer):
    code = serializers.CharField(help_text="国家职业分类大典 2022 code, e.g. 2-02-10-03.")
    name = serializers.CharField()
    level = serializers.IntegerField(help_text="1 (major group) to 4 (occupation).")
    parent = serializers.CharField(allow_null=True)
    definition = serializers.CharField(allow_blank=True)
    digital = serializers.BooleanField(help_text="Marked S (digital occupation) in the classification.")
    green = serializers.BooleanField(help_text="Marked L (green occupation) in the classification.")


class OccupationRefOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()


class OccupationDetailOut(OccupationOut):
    path = OccupationRefOut(many=True, help_text="Ancestors from the top of the tree down.")
    children = OccupationRefOut(many=True)


class ExtractIn(serializers.Serializer):
    texts = serializers.ListField(
        child=serializers.CharField(
            allow_blank=True,
            trim_whitespace=False,
            max_length=EXTRACT_MAX_TEXT,
            error_messages={"max_length": gettext_lazy("Each text may have at most {max_length} characters.")},
        ),
        required=False,
        max_length=EXTRACT_MAX_ITEMS,
        error_messages={"max_length": gettext_lazy("Send at most {max_length} texts in one request.")},
        help_text=f"Posting or course texts, at most {EXTRACT_MAX_ITEMS}, each at most {EXTRACT_MAX_TEXT} characters.",
    )
    titles = serializers.ListField(
        child=serializers.CharField(
            allow_blank=True,
            max_length=EXTRACT_MAX_TITLE,
            error_messages={"max_length": gettext_lazy("Each title may have at most {max_length} characters.")},
        ),
        required=False,
        max_length=EXTRACT_MAX_ITEMS,
        error_messages={"max_length": gettext_lazy("Send at most {max_length} titles in one request.")},
        help_text=f"Job titles, at most {EXTRACT_MAX_ITEMS}, each at most {EXTRACT_MAX_TITLE} characters.",
    )

    def validate(self, attrs):
        if "texts" not in attrs and "titles" not in attrs:
            raise serializers.ValidationError(_("Send texts, titles or both."))
        return attrs


class SkillSpanOut(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character in the text as sent.")
    end = serializers.IntegerField(help_text="Offset after the last character (text[start:end]).")
    text = serializers.CharField()
    skill = serializers.CharField(help_text="Taxonomy id (GET /api/v1/labour-market/skills/<id>/).")
    name = LocalisedName()
    type = serializers.ChoiceField(choices=SkillType.choices)
    strength = serializers.ChoiceField(
        choices=["aware", "familiar", "proficient", "expert", "preferred"],
        allow_null=True,
        help_text="How strongly the text asks for it (了解/熟悉/熟练/精通/优先); null: only mentioned.",
    )


class TextSkillsOut(serializers.Serializer):
    index = serializers.IntegerField()
    skills = SkillSpanOut(many=True)


class OccupationGuessOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    confidence = serializers.FloatField()


class TitleOccupationOut(serializers.Serializer):
    index = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    code = serializers.CharField(allow_null=True, help_text="null when no occupation is close enough.")
    name = serializers.CharField(allow_blank=True)
    level = serializers.IntegerField(allow_null=True)
    confidence = serializers.FloatField(help_text="0 to 1.")
    method = serializers.CharField(help_text="exact, rule, vague, fuzzy, none or empty.")
    alternatives = OccupationGuessOut(many=True)


class ExtractOut(serializers.Serializer):
    texts = TextSkillsOut(many=True, required=False)
    titles = TitleOccupationOut(many=True, required=False)


class ErrorOut(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


def _int_param(request, name: str, *, lo: int, hi: int, default: int | None = None) -> int | None:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise ValidationFailed(
            _("%(name)s must be a whole number from %(lo)d to %(hi)d.") % {"name": name, "lo": lo, "hi": hi},
            errors={name: [_("out of range")]},
        )
    return value


TREND_PARAMETERS = [
    OpenApiParameter(
        "region", int, description="Id of the region to count the trend in; default: your organisation's."
    ),
    OpenApiParameter("region_code", str, description="The same by division code (GB/T 2260), e.g. 330100."),
    OpenApiParameter("months", int, description=f"Periods (months) in the trend, 1 to {TREND_MAX_MONTHS}; default 12."),
]


class _SkillTrendMixin:
    def trend_args(self, request) -> dict:
        months = _int_param(request, "months", lo=1, hi=TREND_MAX_MONTHS, default=selectors.TREND_MONTHS)
        return {
            "area": selectors.trend_area(
                actor=self.actor,
                region_id=request.GET.get("region") or None,  # a whole number (core.params checks it)
                region_code=request.GET.get("region_code", "").strip(),
            ),
            "months": selectors.trend_months(months=months),
        }


class SkillList(ActorMixin, _SkillTrendMixin, APIView):
    """Skills of the WorkBridge taxonomy, with the occupations that ask for them and the demand trend in your
    region. Reference data: the same for every signed-in role."""

    pagination_class = Pagination  # documents the paginated response (the view paginates itself)

    @extend_schema(
        responses=SkillOut(many=True),
        parameters=[
            OpenApiParameter("q", str, description="Part of the Chinese or English name, an alias or the id."),
            OpenApiParameter("type", str, enum=SkillType.values),
            OpenApiParameter("group", str, description="Group key, Chinese or English label (e.g. it, 信息技术)."),
            *TREND_PARAMETERS,
        ],
    )
    def get(self, request):
        skill_type = request.GET.get("type", "")
        if skill_type and skill_type not in SkillType.values:
            raise ValidationFailed(
                _("type must be one of %(types)s.") % {"types": ", ".join(SkillType.values)},
                errors={"type": [_("unknown type")]},
            )
        trend = self.trend_args(request)
        qs = selectors.skill_list(
            actor=self.actor, q=request.GET.get("q", ""), skill_type=skill_type, group=request.GET.get("group", "")
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(selectors.skill_rows(list(page), **trend))


class SkillDetail(ActorMixin, _SkillTrendMixin, APIView):
    """One skill by its taxonomy id, with related occupations and the demand trend in your region."""

    @extend_schema(responses=SkillOut, parameters=TREND_PARAMETERS)
    def get(self, request, skill_id):
        skill = selectors.skill_get(actor=self.actor, skill_id=skill_id)
        return Response(selectors.skill_rows([skill], **self.trend_args(request))[0])


class OccupationList(ActorMixin, APIView):
    """China's occupation classification (国家职业分类大典 2022) as a tree: ``?parent_code=`` lists one node's children
    (``parent`` is a record id everywhere in this API, see core.params), ``?level=`` every node of a level, ``?q=``
    searches names, codes and definitions."""

    pagination_class = Pagination  # documents the paginated response (the view paginates itself)

    @extend_schema(
        responses=OccupationOut(many=True),
        parameters=[
            OpenApiParameter("q", str, description="Part of the name or definition, or the start of the code."),
            OpenApiParameter("parent_code", str, description="Code whose children to list, e.g. 2-02-00-00."),
            OpenApiParameter("level", int, enum=[1, 2, 3, 4]),
        ],
    )
    def get(self, request):
        rows = selectors.occupation_list(
            actor=self.actor,
            q=request.GET.get("q", ""),
            parent=request.GET.get("parent_code", "").strip(),
            level=_int_param(request, "level", lo=1, hi=4),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        parents = selectors.occupation_parents(page)
        return paginator.get_paginated_response([selectors.occupation_row(o, parents[o.code]) for o in page])


class OccupationDetail(ActorMixin, APIView):
    """One occupation by its code, with its path from the top of the tree and its children."""

    @extend_schema(responses=OccupationDetailOut)
    def get(self, request, code):
        occupation = selectors.occupation_get(actor=self.actor, code=code)
        return Response(selectors.occupation_detail(occupation, actor=self.actor))


class Extract(ActorMixin, APIView):
    """Skill spans in texts and occupation codes for job titles, with the engines that process the postings.

    At most 100 texts and 100 titles per request (400 naming the field beyond), each text at most 5,000 characters,
    each title at most 200; rate-limited per user and token (the "extract" throttle scope, 30 a minute unless
    configured; 429 beyond, with Retry-After)."""

    parser_classes = [ObjectJSONParser]
    throttle_classes = [ExtractThrottle]
    throttle_scope = "extract"

    @extend_schema(
        request=ExtractIn,
        responses={
            200: ExtractOut,
            400: OpenApiResponse(ErrorOut, description="Too many items, a text too long, or neither list sent."),
            429: OpenApiResponse(ErrorOut, description="Rate limit of the extract scope reached; see Retry-After."),
        },
        examples=[
            OpenApiExample(
                "Texts and titles",
                value={"texts": ["熟悉Python，会使用AutoCAD者优先。"], "titles": ["大数据开发工程师"]},
                request_only=True,
            ),
            OpenApiExample(
                "Answer",
                value={
                    "texts": [
                        {
                            "index": 0,
                            "skills": [
                                {
                                    "start": 2,
                                    "end": 8,
                                    "text": "Python",
                                    "skill": "it.programming_languages.python",
                                    "name": {"zh": "Python", "en": "Python"},
                                    "type": "tool",
                                    "strength": "familiar",
                                },
                                {
                                    "start": 12,
                                    "end": 19,
                                    "text": "AutoCAD",
                                    "skill": "man.mech_design.autocad",
                                    "name": {"zh": "AutoCAD", "en": "AutoCAD"},
                                    "type": "tool",
                                    "strength": "preferred",
                                },
                            ],
                        }
                    ],
                    "titles": [
                        {
                            "index": 0,
                            "title": "大数据开发工程师",
                            "code": "2-02-38-03",
                            "name": "大数据工程技术人员",
                            "level": 4,
                            "confidence": 0.85,
                            "method": "rule",
                            "alternatives": [
                                {"code": "2-02-10-03", "name": "计算机软件工程技术人员", "level": 4, "confidence": 0.6}
                            ],
                        }
                    ],
                },
                response_only=True,
                status_codes=["200"],
            ),
            OpenApiExample(
                "Too many texts",
                value={
                    "code": "invalid",
                    "detail": "Send at most 100 texts in one request.",
                    "errors": {"texts": ["Send at most 100 texts in one request."]},
                },
                response_only=True,
                status_codes=["400"],
            ),
            OpenApiExample(
                "Rate limit reached",
                value={"code": "throttled", "detail": "Request was throttled. Expected available in 42 seconds."},
                response_only=True,
                status_codes=["429"],
            ),
        ],
    )
    def post(self, request):
        data = ExtractIn(data=request.data)
        if not data.is_valid():
            raise ValidationFailed(_first_error(data.errors), errors=data.errors)
        out = {}
        if "texts" in data.validated_data:
            out["texts"] = selectors.text_skills(data.validated_data["texts"])
        if "titles" in data.validated_data:
            out["titles"] = selectors.title_occupations(data.validated_data["titles"])
        return Response(out)


def _first_error(errors) -> str:
    """The first message of a DRF error tree (a list item's errors come keyed by its index)."""
    while isinstance(errors, (dict, list)) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors) if errors else _("The request is not valid.")
