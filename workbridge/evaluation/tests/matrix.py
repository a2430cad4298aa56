"""Matrix registrations for evaluation routes (see workbridge/core/matrix.py).

Scores come from a real recompute over one agreement (with money invested) per side; attestations, evaluator
assignments and the enterprise routes use each side's enterprise."""

from workbridge.core.matrix import register_route, register_sample
from workbridge.core.roles import OrgKind, Role
from workbridge.evaluation.models import Attestation, EvaluatorAssignment, Score, ScoreItem
from workbridge.organizations.tests.factories import OrganizationFactory

TERM = "2024-2025-1"


def _score(world, side):
    from workbridge.evaluation import services
    from workbridge.evaluation.tests import builders as b

    if not getattr(world, "_matrix_scored", False):
        for s, e in ((world.school1, world.enterprise1), (world.school2, world.enterprise2)):
            b.output(b.project(b.agreement(s, e)), "money_invested", 80000)
        services.scores_recompute(actor=None, term=TERM)
        world._matrix_scored = True
    return Score.objects.get(level="partnership", term=TERM, school=getattr(world, f"school{side}"))


def _score_item(world, side):
    return ScoreItem.objects.filter(score=_score(world, side)).order_by("pk").first()


def _attestation(world, side):
    from django.core.files.base import ContentFile

    att = Attestation(
        enterprise=getattr(world, f"enterprise{side}"),
        criterion_key="years_in_operation",
        statement=f"机密声明{'甲' if side == 1 else '乙'}",
        attested_by=(world.users if side == 1 else world.other)[Role.ENTERPRISE_ADMIN],
    )
    att.document.save(f"statement-{side}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    att.save()
    return att


def _assignment(world, side):
    association = OrganizationFactory(
        kind=OrgKind.ASSOCIATION, name=f"行业协会{side}", region=getattr(world, f"region{side}")
    )
    return EvaluatorAssignment.objects.create(
        evaluator=association, school=getattr(world, f"school{side}"), enterprise=getattr(world, f"enterprise{side}")
    )


register_sample("score", model=Score, make=_score)
register_sample("score_item", model=ScoreItem, make=_score_item)
register_sample("attestation", model=Attestation, make=_attestation, marker=lambda a: a.statement)
register_sample("evaluator_assignment", model=EvaluatorAssignment, make=_assignment)

register_route("evaluation:score-detail", pk="score")
register_route("evaluation:score-evidence", pk="score", item_pk="score_item")
register_route("evaluation-api-score", pk="score")
register_route("evaluation-api-readiness", pk="enterprise")
register_route("evaluation-api-statement", pk="enterprise")
register_route("evaluation:attestation-decide", pk="attestation")
register_route("evaluation:attestation-document", pk="attestation")
register_route("evaluation:evaluator-rate", pk="evaluator_assignment")
register_route("evaluation-api-attestations", pk="enterprise")
register_route("evaluation-api-declarations", pk="enterprise")
register_route("evaluation-api-certifications", pk="enterprise")
register_route("evaluation-api-attestation-decide", pk="enterprise", attestation_pk="attestation")
register_route("evaluation-api-evaluator-rate", pk="evaluator_assignment")
