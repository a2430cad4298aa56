"""REST API (/api/v1/labour-market/...), scoped through core.access like the pages."""

from __future__ import annotations

import json

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.access import access_object
from workbridge.core.api import ActorMixin, Pagination
from workbridge.core.exceptions import ValidationFailed
from workbridge.core.uploads import validate_upload

from . import permissions as perms
from . import selectors, services
from .models import DemandSurvey, Dimension, GraduateDestination, IngestBatch, Posting, TrainingProgramme


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
        posting = access_object(self.actor, Posting.objects.prefetch_related("skills__skill"), pk)
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
        return Response(BatchOut(access_object(self.actor, IngestBatch.objects.select_related("source"), pk)).data)


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
        qs = selectors.destination_list(actor=self.actor)
        from workbridge.core.api import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DestinationOut(page, many=True).data)


class DestinationImport(ActorMixin, APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(request=FileIn, responses={201: ImportedOut})
    def post(self, request):
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
        return Response(
            [
                {"id": p.pk, "major": p.major_id, "cohort_year": p.cohort_year, "title": p.title, "status": p.status}
                for p in selectors.programme_list(actor=self.actor)[:500]
            ]
        )


class ProgrammeDetail(ActorMixin, APIView):
    @extend_schema(responses=ProgrammeDetailOut)
    def get(self, request, pk):
        p = access_object(self.actor, TrainingProgramme.objects.all(), pk)
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
        survey = access_object(self.actor, DemandSurvey.objects.all(), pk)
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
