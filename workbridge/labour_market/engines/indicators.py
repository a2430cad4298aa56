"""A major's yearly warning indicators from its records (pure, no Django).

The formulas (issue 4's warning indicators, thresholds in data/warning_rules.json):
- employment_rate, destination_rate: from the cohort's graduate destinations;
- retention_rate: completed placements ending with the host hiring the student, where placement records exist,
  else the destination records' "hired by internship host" share;
- salary_ratio: the cohort's average starting salary / the average salary posted that year for the major's target
  occupations (all years' average when that year has none);
- demand_trend: (postings this year - last year) / last year, for the target occupations;
- supply_ratio: graduates this year / postings this year.
A value that cannot be computed is absent, never zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

INDICATORS = ("employment_rate", "destination_rate", "demand_trend", "supply_ratio", "salary_ratio", "retention_rate")


@dataclass(frozen=True)
class CohortFigures:
    employment_rate: float | None
    destination_rate: float | None
    retention_rate: float | None
    salary_avg: float | None


def indicator_history(
    *,
    cohorts: Mapping[int, CohortFigures],
    postings: Mapping[int, int],
    salaries: Mapping[int, float],
    supply: Mapping[int, int],
    retention: Mapping[int, float],
) -> dict[str, dict[int, float | None]]:
    history: dict[str, dict[int, float | None]] = {k: {} for k in INDICATORS}
    mean_salary = sum(salaries.values()) / len(salaries) if salaries else None
    for year in set(cohorts) | set(postings) | set(supply) | set(retention):
        cohort = cohorts.get(year)
        if cohort:
            history["employment_rate"][year] = cohort.employment_rate
            history["destination_rate"][year] = cohort.destination_rate
            history["retention_rate"][year] = cohort.retention_rate
            posted = salaries.get(year) or mean_salary
            history["salary_ratio"][year] = (cohort.salary_avg / posted) if (cohort.salary_avg and posted) else None
        if year in retention:  # placement records, where they exist, are the better source
            history["retention_rate"][year] = retention[year]
        if postings.get(year - 1):
            history["demand_trend"][year] = (postings.get(year, 0) - postings[year - 1]) / postings[year - 1]
        if postings.get(year) and supply.get(year):
            history["supply_ratio"][year] = supply[year] / postings[year]
    return history
