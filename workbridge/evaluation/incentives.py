"""Incentive statements: eligible investment from cooperation-project records and the education-surcharge offset
it supports (财税〔2019〕46号 §3), carried forward across years (engine: engines/incentive.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from . import datafiles
from .engines import incentive as engine
from .indicators import model
from .models import Certification, InvestmentWithdrawal, SurchargeDeclaration


@dataclass
class Statement:
    enterprise_id: int
    years: list[engine.YearStatement]
    investment_rows: dict[int, list[int]]  # year -> ProjectOutput ids counted
    by_school: dict[int, dict[int, Decimal]]  # year -> school id -> eligible investment
    certified: list[Certification]
    rule: dict

    def year(self, year: int) -> engine.YearStatement | None:
        return next((y for y in self.years if y.year == year), None)


def _certified_on(certs: list[Certification], day: dt.date) -> bool:
    return any(c.certified_on <= day and (c.revoked_on is None or day <= c.revoked_on) for c in certs)


def eligible_investment(enterprise_ids: list[int] | None, until_year: int):
    """Eligible investment per enterprise and year (and per school), with the output rows behind it.

    Investment counts when recorded in a cooperation project of an eligible type while the enterprise was certified.
    """
    rule = datafiles.incentive_rule()
    ProjectOutput = model("partnerships", "ProjectOutput")
    certs: dict[int, list[Certification]] = defaultdict(list)
    cert_qs = (
        Certification.objects.all()
        if enterprise_ids is None
        else Certification.objects.filter(enterprise_id__in=enterprise_ids)
    )
    for c in cert_qs:
        certs[c.enterprise_id].append(c)
    qs = ProjectOutput.objects.filter(
        kind__in=rule["output_kinds"],
        project__project_type__in=rule["project_types"],
        recorded_on__year__lte=until_year,
        project__enterprise_id__in=list(certs),
    )
    totals: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_school: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal)))
    rows: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row_id, enterprise_id, school_id, qty, day in qs.values_list(
        "id", "project__enterprise_id", "project__school_id", "quantity", "recorded_on"
    ).iterator(chunk_size=5000):
        if not _certified_on(certs[enterprise_id], day):
            continue
        totals[enterprise_id][day.year] += qty
        by_school[enterprise_id][day.year][school_id] += qty
        rows[enterprise_id][day.year].append(row_id)
    return totals, by_school, rows, certs


def statement_for(enterprise_id: int, until_year: int | None = None) -> Statement:
    rule = datafiles.incentive_rule()
    until_year = until_year or dt.date.today().year
    totals, by_school, rows, certs = eligible_investment([enterprise_id], until_year)
    certs_list = certs.get(enterprise_id, [])
    declared = {
        d.year: d.total for d in SurchargeDeclaration.objects.filter(enterprise_id=enterprise_id, year__lte=until_year)
    }
    withdrawn: dict[int, Decimal] = defaultdict(Decimal)
    for w in InvestmentWithdrawal.objects.filter(enterprise_id=enterprise_id, withdrawn_on__year__lte=until_year):
        withdrawn[w.withdrawn_on.year] += w.amount
    years = set(totals.get(enterprise_id, {})) | set(declared) | set(withdrawn)
    if certs_list:
        years.add(max(rule["start_year"], min(c.certified_on.year for c in certs_list)))
    inputs = [
        engine.YearInput(
            year=y,
            investment=totals.get(enterprise_id, {}).get(y, Decimal(0)),
            surcharge_payable=declared.get(y),
            withdrawn=withdrawn.get(y, Decimal(0)),
            eligible=any(
                c.certified_on.year <= y and (c.revoked_on is None or c.revoked_on.year >= y) for c in certs_list
            ),
        )
        for y in sorted(years)
    ]
    result = engine.carry_forward(
        inputs, rate=rule["rate"], start_year=rule["start_year"], until=until_year if inputs else None
    )
    return Statement(
        enterprise_id=enterprise_id,
        years=result,
        investment_rows={y: ids for y, ids in rows.get(enterprise_id, {}).items()},
        by_school={y: dict(s) for y, s in by_school.get(enterprise_id, {}).items()},
        certified=certs_list,
        rule=rule,
    )


def pair_offsets(year: int) -> dict[tuple[int, int], float]:
    """The offset credit each partnership's eligible investment supports in a year (rate x investment), for the
    ledger's enterprise side."""
    rule = datafiles.incentive_rule()
    _totals, by_school, _rows, _certs = eligible_investment(None, year)
    out = {}
    for enterprise_id, years in by_school.items():
        for school_id, amount in years.get(year, {}).items():
            out[(school_id, enterprise_id)] = float(amount * rule["rate"])
    return out
