"""Matrix registrations for innovation: one base and venture per side."""

import datetime as dt

from workbridge.core.matrix import Const, register_route, register_sample
from workbridge.innovation.models import InnovationBase, Milestone, Venture


def _base(world, side):
    cache = world.__dict__.setdefault("_innovation_bases", {})
    if side not in cache:
        cache[side] = InnovationBase.objects.create(
            school=getattr(world, f"school{side}"), name=f"双创基地{'甲' if side == 1 else '乙'}"
        )
    return cache[side]


def _venture(world, side):
    cache = world.__dict__.setdefault("_innovation_ventures", {})
    if side not in cache:
        venture = Venture.objects.create(
            base=_base(world, side), title=f"学生项目{'甲' if side == 1 else '乙'}", started_on=dt.date(2026, 3, 1)
        )
        venture.members.create(student=getattr(world, f"student{side}"), role="负责人")
        cache[side] = venture
    return cache[side]


def _milestone(world, side):
    return Milestone.objects.create(venture=_venture(world, side), title=f"样机{side}", due_on=dt.date(2026, 6, 1))


register_sample("innovation_base", model=InnovationBase, make=_base, marker=lambda b: b.name)
register_sample("innovation_venture", model=Venture, make=_venture, marker=lambda v: v.title)
register_sample("innovation_milestone", model=Milestone, make=_milestone, marker=lambda m: m.title)
register_route("innovation:venture", pk="innovation_venture")
register_route("innovation:venture-action", pk="innovation_venture", action=Const("milestone"))
register_route("innovation:milestone-done", pk="innovation_milestone")
register_route("innovation-venture-action", pk="innovation_venture", action=Const("milestone"))
register_route("innovation-milestone-done", pk="innovation_milestone")
