"""Early-warning rules for majors (pure, no Django).

Each indicator has a threshold, an optional yellow threshold, a direction ("below" fails when the value is
below the threshold, "above" when above), a weight and a number of consecutive years the failure must last
(the Ministry's rule: employment below 60% two years running). The combination rule: red when the weight of
failing indicators reaches ``red_weight`` (Heilongjiang: any two of five indicators) or a ``mandatory``
indicator fails; yellow when anything fails or sits in its yellow band; green otherwise. Missing values are
reported and never count as failures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

GREEN, YELLOW, RED = "green", "yellow", "red"
FAIL, WATCH, OK, MISSING = "fail", "watch", "ok", "missing"


@dataclass(frozen=True)
class Rule:
    key: str
    threshold: float
    direction: str = "below"
    yellow_threshold: float | None = None
    weight: float = 1.0
    consecutive_years: int = 1
    mandatory: bool = False

    def __post_init__(self):
        if self.direction not in ("below", "above"):
            raise ValueError(f"{self.key}: direction must be 'below' or 'above'")
        if self.consecutive_years < 1:
            raise ValueError(f"{self.key}: consecutive_years must be at least 1")
        if self.weight < 0:
            raise ValueError(f"{self.key}: weight must not be negative")

    def breaches(self, value: float, threshold: float) -> bool:
        return value < threshold if self.direction == "below" else value > threshold


@dataclass(frozen=True)
class Finding:
    key: str
    status: str  # fail / watch / ok / missing
    value: float | None
    threshold: float
    years: tuple[int, ...] = ()  # the years whose values made the finding


@dataclass(frozen=True)
class Verdict:
    level: str
    findings: tuple[Finding, ...]
    failed_weight: float

    @property
    def reasons(self) -> list[Finding]:
        return [f for f in self.findings if f.status in (FAIL, WATCH)]


def evaluate(
    history: Mapping[str, Mapping[int, float | None]],
    year: int,
    rules: list[Rule],
    *,
    red_weight: float = 2.0,
) -> Verdict:
    """history[indicator][year] -> value (None or absent = missing). Judge the given year."""
    if red_weight <= 0:
        raise ValueError("red_weight must be positive")
    findings = []
    failed_weight = 0.0
    mandatory_failed = False
    for rule in rules:
        values = history.get(rule.key, {})
        current = values.get(year)
        if current is None:
            findings.append(Finding(rule.key, MISSING, None, rule.threshold))
            continue
        years = tuple(range(year - rule.consecutive_years + 1, year + 1))
        run = [values.get(y) for y in years]
        if all(v is not None and rule.breaches(v, rule.threshold) for v in run):
            findings.append(Finding(rule.key, FAIL, current, rule.threshold, years))
            failed_weight += rule.weight
            mandatory_failed = mandatory_failed or rule.mandatory
        elif rule.breaches(current, rule.threshold) or (
            rule.yellow_threshold is not None and rule.breaches(current, rule.yellow_threshold)
        ):
            threshold = rule.threshold if rule.breaches(current, rule.threshold) else rule.yellow_threshold
            findings.append(Finding(rule.key, WATCH, current, threshold, (year,)))
        else:
            findings.append(Finding(rule.key, OK, current, rule.threshold, (year,)))
    if mandatory_failed or failed_weight >= red_weight:
        level = RED
    elif any(f.status in (FAIL, WATCH) for f in findings):
        level = YELLOW
    else:
        level = GREEN
    return Verdict(level=level, findings=tuple(findings), failed_weight=failed_weight)


def backtest(
    history: Mapping[str, Mapping[int, float | None]], years: list[int], rules: list[Rule], *, red_weight: float = 2.0
) -> dict[int, Verdict]:
    """What the rule would have said in each past year, using only data up to that year."""
    result = {}
    for year in sorted(years):
        visible = {k: {y: v for y, v in series.items() if y <= year} for k, series in history.items()}
        result[year] = evaluate(visible, year, rules, red_weight=red_weight)
    return result


# --------------------------------------------------------------------------------------------------
# The warnings' record: what the rule said in a year against what happened the next year
# --------------------------------------------------------------------------------------------------
OUTCOME_KEYS = ("employment_rate", "destination_rate")


@dataclass(frozen=True)
class YearRecord:
    """Judged with data up to ``year``; "troubled" means the major's employment or destination rate of
    ``year + 1`` breached its rule's threshold. Precision: of the majors flagged, the share that were troubled;
    recall: of the troubled majors, the share that had been flagged. None when there is nothing to divide by."""

    year: int
    judged: int
    flagged: int  # red or yellow
    troubled: int
    hits: int  # flagged and troubled
    red_flagged: int
    red_hits: int

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def precision(self) -> float | None:
        return self._ratio(self.hits, self.flagged)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.hits, self.troubled)

    @property
    def red_precision(self) -> float | None:
        return self._ratio(self.red_hits, self.red_flagged)

    @property
    def red_recall(self) -> float | None:
        return self._ratio(self.red_hits, self.troubled)


def troubled_in(history: Mapping[str, Mapping[int, float | None]], year: int, rules: list[Rule]) -> bool | None:
    """Whether the year's employment or destination rate breached its threshold; None when neither is known."""
    known = False
    for rule in rules:
        if rule.key not in OUTCOME_KEYS:
            continue
        value = history.get(rule.key, {}).get(year)
        if value is None:
            continue
        known = True
        if rule.breaches(value, rule.threshold):
            return True
    return False if known else None


def outcome_years(history: Mapping[str, Mapping[int, float | None]], *, last_year: int) -> list[int]:
    """The years with an employment or destination figure, never after ``last_year`` (no future years)."""
    return sorted(
        {y for key in OUTCOME_KEYS for y, v in history.get(key, {}).items() if v is not None and y <= last_year}
    )


def measure(
    histories: Sequence[Mapping[str, Mapping[int, float | None]]],
    rules: list[Rule],
    *,
    last_year: int,
    red_weight: float = 2.0,
) -> list[YearRecord]:
    """Replays the rule year by year on every major's history and scores each year's verdicts against the next
    year's outcome. Only years whose next year has an outcome and lies within ``last_year`` are scored."""
    tallies: dict[int, list[int]] = {}
    for history in histories:
        years = outcome_years(history, last_year=last_year)
        verdicts = backtest(history, years, rules, red_weight=red_weight)
        for year, verdict in verdicts.items():
            if year + 1 > last_year:
                continue
            trouble = troubled_in(history, year + 1, rules)
            if trouble is None:
                continue
            flagged = verdict.level in (RED, YELLOW)
            red = verdict.level == RED
            t = tallies.setdefault(year, [0, 0, 0, 0, 0, 0])
            t[0] += 1
            t[1] += flagged
            t[2] += trouble
            t[3] += flagged and trouble
            t[4] += red
            t[5] += red and trouble
    return [YearRecord(year, *tallies[year]) for year in sorted(tallies)]
