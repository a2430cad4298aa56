"""Matrix registrations for research routes (see workbridge/core/matrix.py): each side's enterprise has an open
technical problem with a proposal from the side's school, and an R&D project with one milestone."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q

from workbridge.core.matrix import Const, register_private_rows, register_route, register_sample
from workbridge.research.models import Proposal, RndMilestone, RndProject, TechnicalProblem

SUFFIX = {1: "甲", 2: "乙"}


def _problem(world, side):
    enterprise = getattr(world, f"enterprise{side}")
    return TechnicalProblem.objects.filter(enterprise=enterprise).first() or TechnicalProblem.objects.create(
        enterprise=enterprise,
        title=f"机密技术难题{SUFFIX[side]}",
        description="数控机床主轴振动过大，需要诊断与改进。",
        budget_yuan=Decimal("50000"),
        respond_by=dt.date.today() + dt.timedelta(days=30),
    )


def _proposal(world, side):
    return Proposal.objects.create(
        problem=_problem(world, side),
        school=getattr(world, f"school{side}"),
        enterprise=getattr(world, f"enterprise{side}"),
        lead=getattr(world, f"teacher{side}"),
        approach=f"机密方案{SUFFIX[side]}",
        price_yuan=Decimal("45000"),
        duration_days=90,
    )


def _project(world, side):
    school = getattr(world, f"school{side}")
    return RndProject.objects.filter(school=school).first() or RndProject.objects.create(
        school=school,
        enterprise=getattr(world, f"enterprise{side}"),
        title=f"机密研发项目{SUFFIX[side]}",
        contract_number=f"HT-MATRIX-{side}",
        contract_value_yuan=Decimal("150000"),
        signed_on=dt.date(2025, 1, 10),
        start_date=dt.date(2025, 2, 1),
        end_date=dt.date.today() + dt.timedelta(days=180),
    )


def _milestone(world, side):
    return RndMilestone.objects.create(
        project=_project(world, side),
        title=f"机密里程碑{SUFFIX[side]}",
        due_date=dt.date.today() + dt.timedelta(days=60),
    )


register_sample("technical_problem", model=TechnicalProblem, make=_problem, marker=lambda p: p.title)
register_sample("proposal", model=Proposal, make=_proposal, marker=lambda p: p.approach)
register_sample("rnd_project", model=RndProject, make=_project, marker=lambda p: p.title)
register_sample("rnd_milestone", model=RndMilestone, make=_milestone, marker=lambda m: m.title)

for name in ("research:problem", "research:propose", "research-problem-*"):
    register_route(name, pk="technical_problem")
for name in ("research:accept", "research-proposal-*"):
    register_route(name, pk="proposal")
for name in ("research:project", "research-project-*"):
    register_route(name, pk="rnd_project")
register_route("research:project-add", pk="rnd_project", what=Const("milestone"))
register_route("research:milestone-done", pk="rnd_milestone")
register_private_rows(TechnicalProblem, lambda w: Q(enterprise__region=w.region2))
