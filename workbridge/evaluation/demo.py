"""Demo data for evaluation (runs after every other app): the index system, evaluator assignments and ratings by
the industry association and the vocational education group, the demo enterprise's certification, statements and
surcharge declarations, and the depth scores of the last four terms computed from the seeded records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from workbridge.core.roles import Role

from .engines.terms import term_of

ORDER = 900


def seed(ctx) -> None:
    from workbridge.organizations.models import Affiliation
    from workbridge.partnerships.models import Agreement

    from . import services
    from .models import (
        Attestation,
        AttestationStatus,
        Certification,
        EvaluatorAssignment,
        EvaluatorRating,
        SurchargeDeclaration,
    )

    rng = ctx.rng
    services.index_system_load()
    users = ctx.shared.get("users", {})
    authority_user = users.get(Role.AUTHORITY_OFFICER)
    terms = [term_of(ctx.today)]
    for _ in range(3):
        terms.insert(0, terms[0].previous())

    # Evaluators: the association rates partnerships of its member enterprises, the group those of its member schools.
    pairs = sorted(set(Agreement.objects.exclude(status="draft").values_list("school_id", "enterprise_id")))
    assignments = []
    for body_key, side in (("association", 1), ("group", 0)):
        body = ctx.shared.get(body_key)
        if body is None:
            continue
        members = set(Affiliation.objects.filter(body=body).values_list("member_id", flat=True))
        chosen = [p for p in pairs if p[side] in members]
        rng.shuffle(chosen)
        for school_id, enterprise_id in sorted(chosen[:40]):
            assignments.append(
                EvaluatorAssignment(
                    evaluator=body, school_id=school_id, enterprise_id=enterprise_id, assigned_by=authority_user
                )
            )
    assignments = ctx.bulk(EvaluatorAssignment, assignments)
    raters = {"association": users.get(Role.ASSOCIATION_OFFICER), "group": users.get(Role.GROUP_OFFICER)}
    ratings = []
    for a in assignments:
        rater = raters["association"] if a.evaluator.kind == "association" else raters["group"]
        for t in terms[:-1]:  # the running term is rated at its end
            ratings.append(
                EvaluatorRating(
                    assignment=a,
                    school_id=a.school_id,
                    enterprise_id=a.enterprise_id,
                    term=t.code,
                    rated_on=min(t.end, ctx.today),
                    score=rng.randint(55, 95),
                    rated_by=rater,
                    comment="年度走访评价",
                )
            )
    ctx.bulk(EvaluatorRating, ratings)

    # The demo enterprise: certified two years ago, with verified statements and declared surcharges.
    enterprise = ctx.shared.get("demo_enterprise")
    if enterprise is not None:
        certified_on = ctx.today.replace(year=ctx.today.year - 2, month=3, day=15)
        Certification.objects.create(
            enterprise=enterprise,
            criteria_set="jiangsu-2021",
            reference=f"宁发改社会〔{certified_on.year}〕12号",
            certified_on=certified_on,
            recorded_by=authority_user,
        )
        for key, text in (
            ("voluntary_application", "企业自愿申报产教融合型企业。"),
            ("years_in_operation", "营业执照成立日期2009年5月，已运营5年以上。"),
            ("scale_or_leader", "2023年营业收入2.6亿元，为规模以上工业企业。"),
            ("education_funds", "按工资总额8%提取职工教育经费，见审计报告。"),
            ("good_credit", "信用中国无失信记录，见信用报告。"),
        ):
            Attestation.objects.create(
                enterprise=enterprise,
                criterion_key=key,
                statement=text,
                status=AttestationStatus.VERIFIED,
                attested_by=users.get(Role.ENTERPRISE_ADMIN),
                verified_by=authority_user,
                verified_on=ctx.today - dt.timedelta(days=30),
            )
        Attestation.objects.create(
            enterprise=enterprise,
            criterion_key="skill_linked_pay",
            statement="技能等级与岗位工资挂钩制度（2024版）。",
            status=AttestationStatus.PENDING,
            attested_by=users.get(Role.ENTERPRISE_ADMIN),
        )
        for year in range(certified_on.year, ctx.today.year):
            base = Decimal(rng.randint(40, 160) * 1000)
            SurchargeDeclaration.objects.create(
                enterprise=enterprise,
                year=year,
                education_surcharge=base * 3 / 5,
                local_education_surcharge=base * 2 / 5,
                declared_by=users.get(Role.ENTERPRISE_ADMIN),
            )

    for t in terms:
        result = services.scores_recompute(actor=None, term=t)
        ctx.log(f"  evaluation: {t.code}: {result.partnerships} partnerships scored")
