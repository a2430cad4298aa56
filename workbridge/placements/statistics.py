"""Internship statistics for schools and authorities: placement rate, post relevance to the major, completion and
retention (hired by the host), grouped by school, major or enterprise; .xlsx export.

Definitions (also in docs/internships.md):
- placement rate = students with a placement (any status but terminated) / enrolled students in year 2 or later;
- relevance = placements whose post lists the student's major category (first two digits of the major code) /
  placements whose post declares categories;
- completion = completed / (completed + terminated);
- retention = completed placements hired by the host / completed placements.
"""

from __future__ import annotations

import io
from collections import defaultdict

from django.utils.translation import gettext as _

from workbridge.core.access import visible
from workbridge.core.roles import Role

from .models import Placement

GROUPS = {
    "school": ("school_id", "school__name"),
    "major": ("student__major_id", "student__major__name"),
    "enterprise": ("enterprise_id", "enterprise__name"),
}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def placement_statistics(*, actor, by: str = "school") -> dict:
    from workbridge.academics.models import Student
    from workbridge.core.access import as_actor

    actor = as_actor(actor)
    if by not in GROUPS:
        by = "school"
    if actor.role == Role.STUDENT:
        return {"by": by, "rows": [], "total": {}}
    key, label = GROUPS[by]
    placements = visible(actor, Placement.objects.all()).values(
        key, label, "status", "hired_by_host", "student__major__code", "position__major_categories", "student_id"
    )
    rows: dict = defaultdict(
        lambda: {
            "name": "",
            "placed": set(),
            "relevant": 0,
            "declared": 0,
            "completed": 0,
            "terminated": 0,
            "hired": 0,
            "eligible": None,
        }
    )
    for p in placements:
        row = rows[p[key]]
        row["name"] = p[label]
        if p["status"] != "terminated":
            row["placed"].add(p["student_id"])
        cats = p["position__major_categories"] or []
        if cats:
            row["declared"] += 1
            row["relevant"] += (p["student__major__code"] or "")[:2] in cats
        row["completed"] += p["status"] == "completed"
        row["terminated"] += p["status"] == "terminated"
        row["hired"] += bool(p["status"] == "completed" and p["hired_by_host"])
    if by in ("school", "major"):
        students = visible(actor, Student.objects.filter(enrolment_status="enrolled", grade_year__gte=2))
        skey = "school_id" if by == "school" else "major_id"
        slabel = "school__name" if by == "school" else "major__name"
        counts = defaultdict(int)
        names = {}
        for s in students.values(skey, slabel):
            counts[s[skey]] += 1
            names[s[skey]] = s[slabel]
        for gid, n in counts.items():
            rows[gid]["eligible"] = n
            rows[gid]["name"] = rows[gid]["name"] or names[gid]
    out = []
    for gid, r in rows.items():
        placed = len(r["placed"])
        out.append(
            {
                "id": gid,
                "name": r["name"],
                "eligible": r["eligible"],
                "placed": placed,
                "placement_rate": _ratio(placed, r["eligible"]) if r["eligible"] else None,
                "relevance": _ratio(r["relevant"], r["declared"]),
                "completed": r["completed"],
                "terminated": r["terminated"],
                "completion": _ratio(r["completed"], r["completed"] + r["terminated"]),
                "hired": r["hired"],
                "retention": _ratio(r["hired"], r["completed"]),
            }
        )
    out.sort(key=lambda x: str(x["name"]))
    total_eligible = sum(r["eligible"] or 0 for r in out) if by != "enterprise" else None
    total = {
        "placed": sum(r["placed"] for r in out),
        "completed": sum(r["completed"] for r in out),
        "terminated": sum(r["terminated"] for r in out),
        "hired": sum(r["hired"] for r in out),
    }
    total["placement_rate"] = _ratio(total["placed"], total_eligible) if total_eligible else None
    total["completion"] = _ratio(total["completed"], total["completed"] + total["terminated"])
    total["retention"] = _ratio(total["hired"], total["completed"])
    return {"by": by, "rows": out, "total": total}


def statistics_xlsx(stats: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from workbridge.core.exporting import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = stats["by"]
    headers = [
        _("Name"),
        _("Eligible students"),
        _("Placed"),
        _("Placement rate"),
        _("Post relevance"),
        _("Completed"),
        _("Terminated"),
        _("Completion"),
        _("Hired by host"),
        _("Retention"),
    ]
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in stats["rows"]:
        append_row(
            ws,
            [
                r["name"],
                r["eligible"],
                r["placed"],
                r["placement_rate"],
                r["relevance"],
                r["completed"],
                r["terminated"],
                r["completion"],
                r["hired"],
                r["retention"],
            ],
        )
    for col in ("D", "E", "H", "J"):
        for cell in ws[col][1:]:
            cell.number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
