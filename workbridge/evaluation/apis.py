"""REST API of the evaluation app (/api/v1/evaluation/...). Every read is scoped through core.access."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound, ValidationFailed
from workbridge.organizations.models import Organization

from . import selectors, services
from .incentives import statement_for
from .ledger import ledgers_for_year
from .models import Attestation, Score, ScoreItem
from .readiness import readiness_for


class ScoreItemSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="indicator.key")
    group = serializers.CharField(source="indicator.group")

    class Meta:
        model = ScoreItem
        fields = ["key", "group", "raw", "normalised", "contribution", "count", "evidence"]


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = [
            "id",
            "term",
            "level",
            "school",
            "enterprise",
            "major",
            "total",
            "band",
            "group_scores",
            "coverage",
            "weight_set",
            "computed_at",
        ]


class ScoreDetailSerializer(ScoreSerializer):
    items = ScoreItemSerializer(many=True, read_only=True)

    class Meta(ScoreSerializer.Meta):
        fields = [*ScoreSerializer.Meta.fields, "items", "evidence"]


class ScoreList(ActorMixin, ListAPIView):
    serializer_class = ScoreSerializer

    def get_queryset(self):
        p = self.request.query_params
        qs = selectors.score_list(actor=self.actor, term=p.get("term"), level=p.get("level")).order_by("id")
        for f in ("school", "enterprise", "major", "band"):
            if p.get(f):
                qs = qs.filter(**{f: p[f]})
        return qs


class ScoreDetail(ActorMixin, RetrieveAPIView):
    """One cooperation-depth score with every indicator's value, weight and evidence."""

    serializer_class = ScoreDetailSerializer

    def get_object(self):
        score = selectors.score_get(actor=self.actor, pk=self.kwargs["pk"])
        score._prefetched_objects_cache = {"items": selectors.score_items(actor=self.actor, score=score)}
        return score


class IndexSystemView(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request):
        """The cooperation-depth index system in force: its groups and indicators, score bands, and the current weights
        with how they were set."""
        system = services.active_system()
        ws = services.current_weights(system)
        return Response(
            {
                "code": system.code,
                "version": system.version,
                "name": system.name,
                "source": system.source,
                "bands": system.bands,
                "weights": {
                    "number": ws.number,
                    "method": ws.method,
                    "groups": ws.group_weights,
                    "indicators": ws.indicator_weights,
                    "matrices": ws.matrices,
                },
                "indicators": [
                    {
                        "key": i.key,
                        "group": i.group,
                        "name": i.name,
                        "name_zh": i.name_zh,
                        "unit": i.unit,
                        "method": i.method,
                        "direction": i.direction,
                        "target": i.target,
                        "source": i.source,
                    }
                    for i in system.indicators.all()
                ],
            }
        )


class AHPInput(serializers.Serializer):
    level = serializers.CharField()
    matrix = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DirectInput(serializers.Serializer):
    level = serializers.CharField()
    weights = serializers.DictField(child=serializers.FloatField())
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _ws(ws):
    return {
        "number": ws.number,
        "method": ws.method,
        "groups": ws.group_weights,
        "indicators": ws.indicator_weights,
        "matrices": ws.matrices,
    }


class WeightsAHP(ActorMixin, APIView):
    @extend_schema(request=AHPInput, responses=dict)
    def post(self, request):
        """Set one level's weights from a pairwise comparison matrix (AHP); refused when its consistency ratio is 0.10
        or more."""
        s = AHPInput(data=request.data)
        s.is_valid(raise_exception=True)
        ws = services.weights_set_ahp(actor=self.actor, system=services.active_system(), **s.validated_data)
        return Response(_ws(ws), status=201)


class WeightsDirect(ActorMixin, APIView):
    @extend_schema(request=DirectInput, responses=dict)
    def post(self, request):
        """Set one level's weights directly: one non-negative weight per item, adding up to 1."""
        s = DirectInput(data=request.data)
        s.is_valid(raise_exception=True)
        ws = services.weights_set_direct(actor=self.actor, system=services.active_system(), **s.validated_data)
        return Response(_ws(ws), status=201)


class RecomputeInput(serializers.Serializer):
    term = serializers.CharField()


class Recompute(ActorMixin, APIView):
    @extend_schema(request=RecomputeInput, responses={200: dict, 202: dict})
    def post(self, request):
        """Recompute a term's depth scores: queued for a worker (202 with {"term", "queued": true}), or, without a
        broker, run at once (200 with the counts)."""
        s = RecomputeInput(data=request.data)
        s.is_valid(raise_exception=True)
        result = services.scores_recompute_request(actor=self.actor, term=s.validated_data["term"])
        return Response(result, status=202 if result["queued"] else 200)


def _enterprise(actor, pk):
    ent = Organization.objects.filter(pk=pk, kind="enterprise").first()
    if ent is None or not selectors.can_see_enterprise(actor=actor, enterprise=ent):
        raise NotFound("Enterprise not found.")
    return ent


class Readiness(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request, pk):
        """How far an enterprise meets the criteria to be certified as an industry-education integration enterprise:
        each criterion's status, detail and evidence."""
        r = readiness_for(_enterprise(self.actor, pk))
        return Response(
            {
                "ready": r.ready,
                "basic_met": r.basic_met,
                "basic_total": r.basic_total,
                "any_of_met": r.any_of_met,
                "any_of_total": r.any_of_total,
                "criteria": [
                    {
                        "key": i.criterion.key,
                        "tier": i.criterion.tier,
                        "label": i.criterion.label,
                        "status": i.outcome.status,
                        "detail": str(i.outcome.detail),
                        "evidence": [{"label": str(lbl), "url": url} for lbl, url in i.outcome.evidence],
                    }
                    for i in r.items
                ],
            }
        )


class Statement(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request, pk):
        """An enterprise's statement for the education surcharge credit: certification periods, the rate and its source,
        and the qualifying investment per year."""
        ent = _enterprise(self.actor, pk)
        st = statement_for(ent.pk)
        return Response(
            {
                "enterprise": ent.pk,
                "rate": str(st.rule["rate"]),
                "source": st.rule["source"],
                "certified": [
                    {"certified_on": c.certified_on, "revoked_on": c.revoked_on, "reference": c.reference}
                    for c in st.certified
                ],
                "years": [y.as_dict() for y in st.years],
                "investment_rows": {str(y): ids for y, ids in st.investment_rows.items()},
            }
        )


class Ledger(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request):
        """The contribution ledger of each school-enterprise pair the caller may see for a year (?year=, default this
        year): both sides' scores, the balance and each line's value."""
        try:
            year = int(request.query_params.get("year") or dt.date.today().year)
        except ValueError:
            raise ValidationFailed("year must be a number", errors={"year": [request.query_params.get("year")]})
        rows = ledgers_for_year(year)
        actor = self.actor
        out = []
        for (s, e), entry in sorted(rows.items()):
            if not selectors.can_see_pair(actor=actor, school_id=s, enterprise_id=e):
                continue
            out.append(
                {
                    "school": s,
                    "enterprise": e,
                    "state": entry.balance.state,
                    "school_score": entry.balance.school,
                    "enterprise_score": entry.balance.enterprise,
                    "balance": entry.balance.balance,
                    "lines": {k: v.value for k, v in entry.values.items()},
                }
            )
        return Response({"year": year, "results": out})


# --- integration-enterprise evidence and evaluators (the twins of the readiness and evaluator pages) ---------------


class AttestationInput(serializers.Serializer):
    criterion_key = serializers.CharField(max_length=60, help_text="A criterion checked by statement.")
    statement = serializers.CharField(max_length=4000)
    document = serializers.FileField(required=False, help_text="PDF or image backing the statement.")


class AttestationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attestation
        fields = ["id", "enterprise", "criterion_key", "statement", "status", "verified_on"]


class VerifyInput(serializers.Serializer):
    verified = serializers.BooleanField()


class DeclarationInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    education_surcharge = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    local_education_surcharge = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class CertificationInput(serializers.Serializer):
    reference = serializers.CharField(max_length=200, help_text="The authority's document number.")
    certified_on = serializers.DateField()


class EvaluatorAssignInput(serializers.Serializer):
    evaluator = serializers.IntegerField(min_value=1, help_text="An industry association or education group.")
    school = serializers.IntegerField(min_value=1)
    enterprise = serializers.IntegerField(min_value=1)


class EvaluatorRateInput(serializers.Serializer):
    term = serializers.CharField(max_length=20, help_text="e.g. 2026-2027-1")
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class Attestations(ActorMixin, APIView):
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(request={"multipart/form-data": AttestationInput}, responses={201: AttestationSerializer})
    def post(self, request, pk):
        """The enterprise states that it meets a criterion (with a document); the authority verifies it."""
        enterprise = _enterprise(self.actor, pk)
        data = _valid(AttestationInput, request.data)
        att = services.attestation_submit(actor=self.actor, enterprise_id=enterprise.pk, **data)
        return Response(AttestationSerializer(att).data, status=201)


class AttestationDecide(ActorMixin, APIView):
    @extend_schema(request=VerifyInput, responses=AttestationSerializer)
    def post(self, request, pk, attestation_pk):
        """The school admin or the authority verifies or rejects a statement."""
        enterprise = _enterprise(self.actor, pk)
        selectors.attestation_get(actor=self.actor, enterprise_id=enterprise.pk, pk=attestation_pk)
        data = _valid(VerifyInput, request.data)
        att = services.attestation_decide(actor=self.actor, attestation_id=attestation_pk, verified=data["verified"])
        return Response(AttestationSerializer(att).data)


class Declarations(ActorMixin, APIView):
    @extend_schema(request=DeclarationInput, responses={201: dict})
    def post(self, request, pk):
        """The enterprise declares a year's education surcharges (the base of the 30 % credit)."""
        enterprise = _enterprise(self.actor, pk)
        data = _valid(DeclarationInput, request.data)
        item = services.surcharge_declare(actor=self.actor, enterprise_id=enterprise.pk, **data)
        return Response(
            {
                "id": item.pk,
                "year": item.year,
                "education_surcharge": str(item.education_surcharge),
                "local_education_surcharge": str(item.local_education_surcharge),
            },
            status=201,
        )


class Certifications(ActorMixin, APIView):
    @extend_schema(request=CertificationInput, responses={201: dict})
    def post(self, request, pk):
        """Record that the authority certified the enterprise as an integration enterprise (产教融合型企业)."""
        enterprise = _enterprise(self.actor, pk)
        item = services.certification_record(
            actor=self.actor, enterprise_id=enterprise.pk, **_valid(CertificationInput, request.data)
        )
        return Response(
            {"id": item.pk, "reference": item.reference, "certified_on": item.certified_on.isoformat()}, status=201
        )


class EvaluatorAssign(ActorMixin, APIView):
    @extend_schema(request=EvaluatorAssignInput, responses={201: dict})
    def post(self, request):
        """Ask an association or a group to rate one school-enterprise partnership."""
        data = _valid(EvaluatorAssignInput, request.data)
        item = services.evaluator_assign(
            actor=self.actor,
            evaluator_id=data["evaluator"],
            school_id=data["school"],
            enterprise_id=data["enterprise"],
        )
        return Response(
            {"id": item.pk, "evaluator": item.evaluator_id, "school": item.school_id, "enterprise": item.enterprise_id},
            status=201,
        )


class EvaluatorRate(ActorMixin, APIView):
    @extend_schema(request=EvaluatorRateInput, responses={201: dict})
    def post(self, request, pk):
        """The assigned evaluator rates the partnership for a term (0 to 100)."""
        selectors.assignment_get(actor=self.actor, pk=pk)
        item = services.evaluator_rate(actor=self.actor, assignment_id=pk, **_valid(EvaluatorRateInput, request.data))
        return Response({"id": item.pk, "term": item.term, "score": item.score}, status=201)
