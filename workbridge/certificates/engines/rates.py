"""Pass-rate arithmetic for certificate results (pure).

Pass rate = passed / (passed + failed). Candidates who were absent did not sit the exam and are reported
separately; registrations still waiting for results are not counted. A group with nobody sitting has no rate
(None), never 0%.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PassRate:
    registered: int
    sat: int
    passed: int
    failed: int
    absent: int
    pending: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.sat if self.sat else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def pass_rate(counts: dict[str, int]) -> PassRate:
    """counts: result -> number of registrations (results: registered, passed, failed, absent)."""
    unknown = set(counts) - {"registered", "passed", "failed", "absent"}
    if unknown:
        raise ValueError(f"unknown results: {sorted(unknown)}")
    if any(v < 0 for v in counts.values()):
        raise ValueError("counts must be non-negative")
    passed, failed = counts.get("passed", 0), counts.get("failed", 0)
    absent, pending = counts.get("absent", 0), counts.get("registered", 0)
    return PassRate(
        registered=passed + failed + absent + pending,
        sat=passed + failed,
        passed=passed,
        failed=failed,
        absent=absent,
        pending=pending,
    )
