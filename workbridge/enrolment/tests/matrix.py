"""Matrix registrations for joint enrolment: one published plan per side with the side's student applied, and that
application's apprenticeship agreement."""

import datetime as dt

from workbridge.core.matrix import Const, register_route, register_sample
from workbridge.enrolment.models import ApprenticeshipAgreement, EnrolmentApplication, EnrolmentPlan
from workbridge.partnerships.models import Agreement


def _plan(world, side):
    cache = world.__dict__.setdefault("_enrolment_plans", {})
    if side not in cache:
        school, enterprise = getattr(world, f"school{side}"), getattr(world, f"enterprise{side}")
        agreement = Agreement.objects.create(
            school=school,
            enterprise=enterprise,
            title=f"招生合作协议{side}",
            start_date=dt.date(2025, 9, 1),
            end_date=dt.date(2029, 8, 31),
            status="active",
        )
        plan = EnrolmentPlan.objects.create(
            school=school,
            enterprise=enterprise,
            agreement=agreement,
            name=f"订单班招生计划{'甲' if side == 1 else '乙'}",
            year=2026,
            quota=10,
            criteria="品行端正",
            target_posts="数控车工",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2027, 12, 31),
            status="published",
        )
        plan.majors.set([getattr(world, f"major{side}")])
        cache[side] = plan
    return cache[side]


def _application(world, side):
    cache = world.__dict__.setdefault("_enrolment_applications", {})
    if side not in cache:
        cache[side] = EnrolmentApplication.objects.create(
            plan=_plan(world, side), student=getattr(world, f"student{side}"), statement=f"申请理由{side}"
        )
    return cache[side]


def _agreement(world, side):
    from workbridge.enrolment.engines.terms import terms_hash
    from workbridge.enrolment.services import _agreement_terms

    application = _application(world, side)
    terms = _agreement_terms(application.plan, application.student, dt.date(2026, 9, 1))
    agreement, _created = ApprenticeshipAgreement.objects.get_or_create(
        application=application,
        defaults={"terms": terms, "content_hash": terms_hash(terms), "guardian_required": terms["guardian_required"]},
    )
    return agreement


register_sample("enrolment_plan", model=EnrolmentPlan, make=_plan, marker=lambda p: p.name)
register_sample("enrolment_application", model=EnrolmentApplication, make=_application, marker=lambda a: a.statement)
register_sample("enrolment_agreement", model=ApprenticeshipAgreement, make=_agreement)
register_route("enrolment:plan", pk="enrolment_plan")
register_route("enrolment:plan-action", pk="enrolment_plan", action=Const("approve"))
register_route("enrolment:application-action", pk="enrolment_application", action=Const("withdraw"))
register_route("enrolment:agreement", pk="enrolment_agreement")
register_route("enrolment:agreement-confirm", pk="enrolment_agreement")
register_route("enrolment:agreement-pdf", pk="enrolment_agreement")
register_route("enrolment-plan", pk="enrolment_plan")
register_route("enrolment-plan-apply", pk="enrolment_plan")
register_route("enrolment-applications", pk="enrolment_plan")
register_route("enrolment-plan-action", pk="enrolment_plan", action=Const("approve"))
register_route("enrolment-withdraw", pk="enrolment_application")
register_route("enrolment-decide", pk="enrolment_application")
register_route("enrolment-leave", pk="enrolment_application")
register_route("enrolment-agreement", pk="enrolment_agreement")
register_route("enrolment-agreement-confirm", pk="enrolment_agreement")
