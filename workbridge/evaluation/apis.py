"""REST API of the evaluation app (/api/v1/evaluation/...). Every read is scoped through core.access."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin
from workbridge.core.exceptions import NotFound, ValidationFailed
from workbridge.organizations.models import Organization

from . import selectors, services
from .incentives import statement_for
from .ledger import ledgers_for_year
from .models import Score, ScoreItem
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
    serializer_class = ScoreDetailSerializer

    def get_object(self):
        score = selectors.score_get(actor=self.actor, pk=self.kwargs["pk"])
        score._prefetched_objects_cache = {"items": selectors.score_items(actor=self.actor, score=score)}
        return score


class IndexSystemView(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request):
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
        s = AHPInput(data=request.data)
        s.is_valid(raise_exception=True)
        ws = services.weights_set_ahp(actor=self.actor, system=services.active_system(), **s.validated_data)
        return Response(_ws(ws), status=201)


class WeightsDirect(ActorMixin, APIView):
    @extend_schema(request=DirectInput, responses=dict)
    def post(self, request):
        s = DirectInput(data=request.data)
        s.is_valid(raise_exception=True)
        ws = services.weights_set_direct(actor=self.actor, system=services.active_system(), **s.validated_data)
        return Response(_ws(ws), status=201)


class RecomputeInput(serializers.Serializer):
    term = serializers.CharField()


class Recompute(ActorMixin, APIView):
    @extend_schema(request=RecomputeInput, responses=dict)
    def post(self, request):
        s = RecomputeInput(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(services.scores_recompute(actor=self.actor, term=s.validated_data["term"]).__dict__)


def _enterprise(actor, pk):
    ent = Organization.objects.filter(pk=pk, kind="enterprise").first()
    if ent is None or not selectors.can_see_enterprise(actor=actor, enterprise=ent):
        raise NotFound("Enterprise not found.")
    return ent


class Readiness(ActorMixin, APIView):
    @extend_schema(responses=dict)
    def get(self, request, pk):
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
