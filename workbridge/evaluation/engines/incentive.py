"""Education-surcharge offset for certified industry-education integration enterprises, carried forward.

Rule (财税〔2019〕46号 §3, see docs/evaluation.md): from the start year, a certified (pilot) enterprise may offset
``rate`` (30%) of its eligible investment in vocational education against the education surcharge and the local
education surcharge (教育费附加和地方教育附加) payable for that year; what cannot be offset carries forward to later
years without expiry; withdrawing an investment means repaying the offset it supported.

The engine works per enterprise over consecutive years:

- credit(y)      = rate x eligible investment(y)  (0 before the start year or outside certification)
- reversal(y)    = rate x investment withdrawn(y); it first cancels unused credit, and what exceeds the unused
                   credit was already used and is ``repayable``
- available(y)   = carried_in(y) + credit(y) - reversal absorbed by the balance
- offset(y)      = min(available(y), surcharge payable(y)); with no declared surcharge, nothing is offset
- carried_out(y) = available(y) - offset(y) = carried_in(y + 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearInput:
    year: int
    investment: Decimal = Decimal(0)  # eligible investment recorded that year
    surcharge_payable: Decimal | None = None  # education + local education surcharge payable; None = not declared
    withdrawn: Decimal = Decimal(0)  # investment withdrawn that year
    eligible: bool = True  # the enterprise was certified for (part of) the year


@dataclass(frozen=True)
class YearStatement:
    year: int
    investment: Decimal
    credit: Decimal
    carried_in: Decimal
    withdrawn: Decimal
    reversal: Decimal
    available: Decimal
    surcharge_payable: Decimal | None
    offset: Decimal
    carried_out: Decimal
    repayable: Decimal
    eligible: bool

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items()}


class IncentiveError(ValueError):
    pass


def carry_forward(
    inputs: Iterable[YearInput], *, rate: Decimal = Decimal("0.30"), start_year: int = 2019, until: int | None = None
) -> list[YearStatement]:
    """One statement per year from the first input year to ``until`` (or the last input year), gaps filled."""
    by_year: dict[int, YearInput] = {}
    for item in inputs:
        if item.year in by_year:
            raise IncentiveError(f"Year {item.year} appears twice.")
        for name in ("investment", "withdrawn"):
            if _money(getattr(item, name)) < 0:
                raise IncentiveError(f"Year {item.year}: {name} cannot be negative.")
        if item.surcharge_payable is not None and _money(item.surcharge_payable) < 0:
            raise IncentiveError(f"Year {item.year}: the surcharge payable cannot be negative.")
        by_year[item.year] = item
    if not by_year:
        return []
    rate = Decimal(str(rate))
    if not (Decimal(0) <= rate <= Decimal(1)):
        raise IncentiveError("The offset rate must lie between 0 and 1.")
    first, last = min(by_year), max(by_year)
    if until is not None:
        last = max(last, until)
    carried = Decimal(0)
    out: list[YearStatement] = []
    for year in range(first, last + 1):
        item = by_year.get(year, YearInput(year=year))
        investment = _money(item.investment)
        withdrawn = _money(item.withdrawn)
        eligible = item.eligible and year >= start_year
        credit = _money(investment * rate) if eligible else Decimal(0)
        reversal = _money(withdrawn * rate) if year >= start_year else Decimal(0)
        pool = carried + credit
        absorbed = min(pool, reversal)
        repayable = reversal - absorbed
        available = pool - absorbed
        payable = None if item.surcharge_payable is None else _money(item.surcharge_payable)
        offset = min(available, payable) if payable is not None else Decimal(0)
        carried_out = available - offset
        out.append(
            YearStatement(
                year=year,
                investment=investment,
                credit=credit,
                carried_in=carried,
                withdrawn=withdrawn,
                reversal=reversal,
                available=available,
                surcharge_payable=payable,
                offset=offset,
                carried_out=carried_out,
                repayable=repayable,
                eligible=eligible,
            )
        )
        carried = carried_out
    return out
