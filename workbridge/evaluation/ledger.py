"""The mutual-benefit ledger per partnership and year, built from records (lines: data/ledger.toml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import datafiles, indicators
from .engines import ledger as engine
from .incentives import pair_offsets

Pair = tuple[int, int]


@dataclass
class LedgerYear:
    year: int
    values: dict[str, indicators.Value]
    balance: engine.Balance


def _window(year: int) -> indicators.Window:
    return indicators.Window(dt.date(year, 1, 1), dt.date(year, 12, 31))


def ledgers_for_year(year: int, pairs: set[Pair] | None = None) -> dict[Pair, LedgerYear]:
    """Ledgers of every partnership with records in the year (or of the given pairs)."""
    spec = datafiles.ledger_spec()
    window = _window(year)
    sources = {line.key: indicators.LEDGER_SOURCES.get(line.key) for line in spec["lines"]}
    values, unavailable = indicators.compute({s for s in sources.values() if s}, window)
    offsets = pair_offsets(year)
    found: set[Pair] = set(offsets)
    for per_pair in values.values():
        found |= set(per_pair)
    if pairs is not None:
        found = set(pairs)
    out = {}
    for pair in found:
        row: dict[str, indicators.Value] = {}
        for line in spec["lines"]:
            source = sources[line.key]
            if line.key == "surcharge_offset":
                row[line.key] = indicators.Value(offsets.get(pair, 0.0), 1 if pair in offsets else 0)
            elif source:
                row[line.key] = indicators.value_for(source, values, unavailable, pair)
            else:
                row[line.key] = indicators.Value(None)
        bal = engine.balance(spec["lines"], {k: v.value for k, v in row.items()}, spec["one_sided_share"])
        out[pair] = LedgerYear(year=year, values=row, balance=bal)
    return out


def ledger_history(pair: Pair, years: list[int]) -> list[LedgerYear]:
    return [ledgers_for_year(y, {pair})[pair] for y in years]
