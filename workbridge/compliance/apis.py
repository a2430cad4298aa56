"""REST API of the compliance app: violations (list, detail, resolve), rule sets and rules, and a dry-run
evaluation of facts against the active rules."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from workbridge.core.api import ActorMixin, Pagination
from workbridge.core.exceptions import ValidationFailed

from . import selectors, services
from .engines.rules import CHECKPOINTS
from .models import Rule, RuleSet, Violation


class ViolationSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", default="", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", default="", read_only=True)
    rule_title_zh = serializers.CharField(source="rule.title_zh", default="", read_only=True)
    rule_title_en = serializers.CharField(source="rule.title_en", default="", read_only=True)
    told = serializers.SerializerMethodField()

    class Meta:
        model = Violation
        fields = [
            "id",
            "rule_code",
            "rule_title_zh",
            "rule_title_en",
            "jurisdiction",
            "ruleset_year",
            "severity",
            "citation",
            "certainty",
            "message_zh",
            "message_en",
            "details",
            "checkpoint",
            "school",
            "school_name",
            "enterprise",
            "enterprise_name",
            "position",
            "placement",
            "student",
            "status",
            "occurrences",
            "last_seen_at",
            "told",
            "notified_at",
            "resolution",
            "resolved_by",
            "resolved_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_told(self, obj) -> list[str]:
        return [str(u) for u in obj.notified_users.all()]


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rule
        fields = [
            "code",
            "title_zh",
            "title_en",
            "description_zh",
            "description_en",
            "document",
            "article",
            "certainty",
            "severity",
            "checkpoints",
            "needs",
            "when_expr",
            "violation_expr",
            "message_zh",
            "message_en",
            "enabled",
        ]


class RuleSetSerializer(serializers.ModelSerializer):
    rule_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RuleSet
        fields = [
            "jurisdiction",
            "year",
            "version",
            "name_zh",
            "name_en",
            "source",
            "params",
            "lists",
            "is_active",
            "rule_count",
        ]


class ViolationListView(ActorMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated]

    serializer_class = ViolationSerializer
    pagination_class = Pagination
    queryset = Violation.objects.none()  # the model, for the schema; rows come from the selector

    @extend_schema(responses=ViolationSerializer(many=True))
    def get(self, request):
        q = request.query_params
        qs = selectors.violation_list(
            actor=self.actor,
            status=q.get("status"),
            severity=q.get("severity"),
            checkpoint=q.get("checkpoint"),
            rule=q.get("rule"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.prefetch_related("notified_users"), request, view=self)
        return paginator.get_paginated_response(ViolationSerializer(page, many=True).data)


class ViolationDetailView(ActorMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ViolationSerializer)
    def get(self, request, pk: int):
        """One rule violation found on a position or placement: the rule it breaks, where, and how it was resolved."""
        return Response(ViolationSerializer(selectors.violation_get(actor=self.actor, pk=pk)).data)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()
    dismiss = serializers.BooleanField(required=False, default=False)


class ViolationResolveView(ActorMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ResolveSerializer, responses=ViolationSerializer)
    def post(self, request, pk: int):
        """Close a violation with what was done, or dismiss it with why it does not apply (dismiss=true)."""
        violation = selectors.violation_get(actor=self.actor, pk=pk)
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.violation_resolve(actor=self.actor, violation=violation, **data.validated_data)
        return Response(ViolationSerializer(done).data)


class RuleSetListView(ActorMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RuleSetSerializer(many=True))
    def get(self, request):
        """The internship rule sets (national and provincial, by year) with their sources."""
        return Response(RuleSetSerializer(selectors.ruleset_list(actor=self.actor), many=True).data)


class RuleListView(ActorMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request, jurisdiction: str, year: int):
        """The rules of one rule set (a jurisdiction and year): each rule's conditions, severity and the document and
        article it cites."""
        ruleset = selectors.ruleset_get(actor=self.actor, jurisdiction=jurisdiction, year=year)
        return Response(RuleSerializer(selectors.rule_list(actor=self.actor, ruleset=ruleset), many=True).data)


class EvaluateSerializer(serializers.Serializer):
    facts = serializers.DictField()
    checkpoint = serializers.ChoiceField(choices=CHECKPOINTS)
    jurisdiction = serializers.CharField(required=False, default=services.DEFAULT_JURISDICTION)
    year = serializers.IntegerField(required=False, default=services.DEFAULT_YEAR)


class EvaluateView(ActorMixin, APIView):
    """Dry run: which rules would these facts break at this checkpoint? Nothing is recorded."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EvaluateSerializer,
        responses=inline_serializer(
            "Evaluation",
            {
                "findings": serializers.ListField(child=serializers.DictField()),
                "skipped": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def post(self, request):
        from .engines import rules as engine

        data = EvaluateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            ruleset = services.active_ruleset(v["jurisdiction"], v["year"])
        except engine.RulesError:
            raise ValidationFailed(
                _("No rule set for %(j)s %(y)s.") % {"j": v["jurisdiction"], "y": v["year"]},
                errors={"jurisdiction": [_("No rule set for this jurisdiction and year.")]},
            ) from None
        try:
            report = engine.evaluate_report(ruleset, v["facts"], v["checkpoint"])
        except engine.RulesError as exc:
            raise ValidationFailed(str(exc))
        return Response({"findings": [f.as_dict() for f in report.findings], "skipped": report.skipped})
