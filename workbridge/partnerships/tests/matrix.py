"""Matrix registrations for partnership routes: one agreement (with a project, a participant, a milestone and an
output) between each side's school and enterprise of the world."""

import datetime as dt

from workbridge.core.matrix import register_route, register_sample
from workbridge.core.roles import Role
from workbridge.partnerships.models import (
    Agreement,
    AgreementClause,
    Milestone,
    Project,
    ProjectOutput,
    ProjectParticipant,
)

SUFFIX = {1: "甲", 2: "乙"}


def _agreement(w, side):
    agreement = Agreement.objects.create(
        school=getattr(w, f"school{side}"),
        enterprise=getattr(w, f"enterprise{side}"),
        title=f"机密合作协议{SUFFIX[side]}",
        scope="订单培养",
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2028, 8, 31),
        status="active",
        signed_on=dt.date(2025, 8, 20),
    )
    AgreementClause.objects.create(
        agreement=agreement, position=1, party="enterprise", kind="obligation", text=f"机密条款{SUFFIX[side]}"
    )
    return agreement


def _project(w, side):
    agreement = _sample("agreement", w, side)
    project = Project.objects.create(
        agreement=agreement,
        school=agreement.school,
        enterprise=agreement.enterprise,
        project_type="order_class",
        title=f"机密订单班{SUFFIX[side]}",
        start_date=dt.date(2025, 9, 1),
        status="running",
        details={"class_size": 30, "target_posts": ["设备维护员"]},
    )
    project.majors.add(getattr(w, f"major{side}"))
    return project


def _participant(w, side):
    return ProjectParticipant.objects.create(
        project=_sample("project", w, side), role="student", student=getattr(w, f"student{side}"), duty="学员"
    )


def _milestone(w, side):
    return Milestone.objects.create(
        project=_sample("project", w, side), title=f"机密里程碑{SUFFIX[side]}", due_date=dt.date(2026, 6, 30)
    )


def _output(w, side):
    return ProjectOutput.objects.create(
        project=_sample("project", w, side),
        kind="people_trained",
        quantity=30,
        recorded_on=dt.date(2026, 1, 10),
        note=f"机密成果{SUFFIX[side]}",
    )


def _sample(name, w, side):
    """The side's object of sample ``name``, created once per world (children share their parents)."""
    cache = w.__dict__.setdefault("_partnerships_matrix", {})
    if (name, side) not in cache:
        cache[(name, side)] = MAKERS[name](w, side)
    return cache[(name, side)]


MAKERS = {
    "agreement": _agreement,
    "project": _project,
    "participant": _participant,
    "milestone": _milestone,
    "output": _output,
}

register_sample(
    "agreement", model=Agreement, make=lambda w, side: _sample("agreement", w, side), marker=lambda a: a.title
)
register_sample("project", model=Project, make=lambda w, side: _sample("project", w, side), marker=lambda p: p.title)
register_sample("project_participant", model=ProjectParticipant, make=lambda w, side: _sample("participant", w, side))
register_sample(
    "milestone", model=Milestone, make=lambda w, side: _sample("milestone", w, side), marker=lambda m: m.title
)
register_sample(
    "project_output", model=ProjectOutput, make=lambda w, side: _sample("output", w, side), marker=lambda o: o.note
)

# Pages (<int:pk> names the object the page acts on).
for route in (
    "agreement-detail",
    "agreement-edit",
    "agreement-sign",
    "agreement-activate",
    "agreement-terminate",
    "agreement-renew",
    "agreement-signed-copy",
):
    register_route(f"partnerships:{route}", pk="agreement")
for route in ("project-detail", "project-edit", "project-status", "participant-add", "milestone-add", "output-add"):
    register_route(f"partnerships:{route}", pk="project")
register_route("partnerships:participant-remove", pk="project_participant")
register_route("partnerships:milestone-done", pk="milestone")
register_route("partnerships:milestone-remove", pk="milestone")
register_route("partnerships:output-remove", pk="project_output")
register_route("partnerships:output-file", pk="project_output")

# API (the viewsets build their querysets in get_queryset, so name the samples).
for route in (
    "agreement-detail",
    "agreement-activate",
    "agreement-sign",
    "agreement-signed-file",
    "agreement-terminate",
):
    register_route(route, pk="agreement")
register_route("project-detail", pk="project")
register_route("project-set-status", pk="project")
register_route("project-participant-detail", pk="project_participant")
register_route("project-milestone-detail", pk="milestone")
register_route("project-milestone-complete", pk="milestone")
register_route("project-output-detail", pk="project_output")

# Only party admins draft agreements and projects (permissions.may_write_partnership); the platform admin too.
register_route("partnerships:agreement-create", write_roles=(Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN))
register_route("partnerships:project-create", write_roles=(Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN))
register_route("agreement-list", write_roles=(Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN))
register_route("project-list", write_roles=(Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN))
