"""Analytic Hierarchy Process: weights from a pairwise comparison matrix.

The weights are the principal (Perron) eigenvector of the reciprocal matrix, normalised to sum to 1.
Consistency: CI = (lambda_max - n) / (n - 1); CR = CI / RI(n), where RI is Saaty's random index, the mean
CI of random reciprocal matrices on the 1/9..9 scale:

    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill (table of random indices, n = 1..15);
    also Saaty, T. L. (1990). How to make a decision: The analytic hierarchy process.
    European Journal of Operational Research 48(1), 9-26.

A matrix is accepted only when CR < 0.10 (Saaty's rule; see docs/evaluation.md). Matrices of order 1 or 2
are always consistent (RI = 0, CR defined as 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Saaty's random consistency index RI for matrix order n (index = n).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_THRESHOLD = 0.10
SCALE_MIN, SCALE_MAX = 1 / 9, 9.0
RECIPROCAL_TOLERANCE = 0.01  # relative, so that 0.333 counts as 1/3


class AHPError(ValueError):
    """The matrix is not a valid pairwise comparison matrix; ``where`` names the offending cell (row, col)."""

    def __init__(self, message: str, where: tuple[int, int] | None = None):
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class AHPResult:
    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr < CR_THRESHOLD

    def as_dict(self) -> dict:
        return {
            "weights": list(self.weights),
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "consistent": self.consistent,
        }


def validate_matrix(matrix: Sequence[Sequence[float]]) -> np.ndarray:
    """Check shape, positivity, the 1/9..9 scale, unit diagonal and reciprocity; return it as an array."""
    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError):
        raise AHPError("The matrix must contain numbers only.") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise AHPError("The matrix must be square with at least one row.")
    n = a.shape[0]
    if n > max(RANDOM_INDEX):
        raise AHPError(f"At most {max(RANDOM_INDEX)} items can be compared in one matrix (got {n}).")
    for i in range(n):
        for j in range(n):
            v = a[i, j]
            if not np.isfinite(v) or v <= 0:
                raise AHPError(f"Cell ({i + 1}, {j + 1}) must be a positive number.", (i, j))
            if v < SCALE_MIN * (1 - RECIPROCAL_TOLERANCE) or v > SCALE_MAX * (1 + RECIPROCAL_TOLERANCE):
                raise AHPError(f"Cell ({i + 1}, {j + 1}) is outside Saaty's scale 1/9..9.", (i, j))
        if abs(a[i, i] - 1.0) > 1e-9:
            raise AHPError(f"Diagonal cell ({i + 1}, {i + 1}) must be 1.", (i, i))
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
                raise AHPError(
                    f"Cells ({i + 1}, {j + 1}) and ({j + 1}, {i + 1}) must be reciprocal (a_ij x a_ji = 1).", (j, i)
                )
    return a


def reciprocal_from_upper(upper: Sequence[Sequence[float | None]]) -> list[list[float]]:
    """Complete a matrix from its upper triangle (cells above the diagonal); the rest is 1 and 1/a_ij."""
    n = len(upper)
    full = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            v = upper[i][j]
            if v is None:
                raise AHPError(f"Cell ({i + 1}, {j + 1}) is empty.", (i, j))
            v = float(v)
            if v <= 0:
                raise AHPError(f"Cell ({i + 1}, {j + 1}) must be a positive number.", (i, j))
            full[i][j] = v
            full[j][i] = 1.0 / v
    return full


def principal_eigenvector(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Perron eigenvector (normalised to sum 1) and its eigenvalue of a positive matrix."""
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vec = np.abs(vectors[:, k].real)  # a positive matrix's Perron vector has one sign; abs removes it
    vec = vec / vec.sum()
    return vec, float(values[k].real)


def ahp(matrix: Sequence[Sequence[float]]) -> AHPResult:
    """Weights and consistency of a pairwise comparison matrix (validated first)."""
    a = validate_matrix(matrix)
    n = a.shape[0]
    vec, lam = principal_eigenvector(a)
    if n <= 2:
        ci, ri, cr = 0.0, RANDOM_INDEX[n], 0.0
    else:
        ci = max(0.0, (lam - n) / (n - 1))
        ri = RANDOM_INDEX[n]
        cr = ci / ri
    return AHPResult(weights=tuple(float(w) for w in vec), lambda_max=lam, ci=ci, ri=ri, cr=cr)


def consistent_matrix(weights: Sequence[float]) -> list[list[float]]:
    """The perfectly consistent matrix a_ij = w_i / w_j for given positive weights (for tests and defaults)."""
    return [[wi / wj for wj in weights] for wi in weights]
