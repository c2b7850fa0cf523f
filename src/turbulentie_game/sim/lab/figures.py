"""The lab's figures: a measured number held against a threshold, with its 95 % interval
(a normal approximation over games, paired where runs share seeds; Wilson for shares), and the
numbers the words show."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# --------------------------------------------------------------------------- figures

Z = 1.959964  # the 95 % point of the normal distribution
SHORTFALL_CAP = 50.0  # a shortfall counts at most this many standard errors (a figure that
# cannot be measured, or one so far off that its exact distance says nothing, counts this much)


@dataclass(frozen=True)
class Num:
    """A number to show: its unit, 95 % interval and the threshold it is held against (words.lab
    writes it in the reader's language, with more decimals when it is near its threshold)."""

    value: float
    unit: str = "pts"  # pct (a share 0-1), pts (score or meter points), t, n (count), x (factor)
    lo: float | None = None
    hi: float | None = None
    thr: float | None = None
    sign: bool = False


@dataclass(frozen=True)
class Figure:
    """A measured figure held against a threshold: value, 95 % interval and standard error."""

    value: float
    lo: float
    hi: float
    threshold: float
    op: str  # "<=", "<", ">=" or ">": the check wants value op threshold
    unit: str = "pts"

    @property
    def passed(self) -> bool:
        v, t = self.value, self.threshold
        return bool(
            {"<=": v <= t, "<": v < t, ">=": v >= t, ">": v > t}[self.op] and math.isfinite(v)
        )

    @property
    def borderline(self) -> bool:
        """Passes, but the interval reaches over the threshold."""
        if not self.passed:
            return False
        return self.lo < self.threshold if self.op[0] == ">" else self.hi > self.threshold

    @property
    def margin(self) -> float:
        """How far on the passing side of the threshold, in standard errors (negative: failing)."""
        se = max((self.hi - self.lo) / (2 * Z), 1e-12)
        d = self.value - self.threshold if self.op[0] == ">" else self.threshold - self.value
        if not math.isfinite(d):
            return -math.inf if d != d or d < 0 else math.inf
        return d / se

    @property
    def shortfall(self) -> float:
        """How far from passing, in standard errors of this figure (0 when it passes; at most
        SHORTFALL_CAP). Its own interval spans about ±Z of these units."""
        if self.passed:
            return 0.0
        m = self.margin
        return min(max(-m, 0.0), SHORTFALL_CAP) if math.isfinite(m) else SHORTFALL_CAP

    def num(self, unit: str | None = None) -> Num:
        """The figure as a number to show, with its interval and threshold."""
        return Num(self.value, unit or self.unit, self.lo, self.hi, self.threshold)

    def as_dict(self) -> dict:
        return {
            "value": _r(self.value),
            "interval": [_r(self.lo), _r(self.hi)],
            "threshold": _r(self.threshold),
            "op": self.op,
            "unit": self.unit,
        }


def _r(x: float) -> float | None:
    x = float(x)
    return round(x, 6) if math.isfinite(x) else None


def mean_figure(x: np.ndarray, threshold: float, op: str, unit: str = "pts") -> Figure:
    """The mean of per-game numbers with its normal interval."""
    m = float(x.mean()) if x.size else math.nan
    se = float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else 0.0
    return Figure(m, m - Z * se, m + Z * se, threshold, op, unit)


def paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of a - b over paired games, its standard error and t statistic."""
    d = a - b
    mean = float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    t = mean / se if se > 0 else (math.inf if mean > 0 else (-math.inf if mean < 0 else 0.0))
    return mean, se, t


def paired_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of a - b over paired games and its t statistic."""
    mean, _, t = paired(a, b)
    return mean, t


def t_figure(t: float, threshold: float = 0.0) -> Figure:
    """A t statistic held against its threshold; its interval is t ± 1.96 (a rerun's spread)."""
    return Figure(t, t - Z, t + Z, threshold, ">=", "t")


def diff_figure(a: np.ndarray, b: np.ndarray, threshold: float = 0.0, op: str = ">") -> Figure:
    """The paired mean difference a - b with its interval."""
    mean, se, _ = paired(a, b)
    return Figure(mean, mean - Z * se, mean + Z * se, threshold, op, "pts")


def ratio_figure(a: np.ndarray, b: np.ndarray, threshold: float, op: str = "<=") -> Figure:
    """mean(a) / mean(b) over paired games with its interval (delta method); infinite when the
    mean of b is not positive."""
    mb = float(b.mean())
    if mb <= 0:
        return Figure(math.inf, math.inf, math.inf, threshold, op, "pct")
    r = float(a.mean()) / mb
    d = (a - r * b) / mb
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    return Figure(r, r - Z * se, r + Z * se, threshold, op, "pct")


def share_figure(k: float, n: float, threshold: float, op: str) -> Figure:
    """A share k / n with its Wilson interval."""
    if n <= 0:
        return Figure(math.nan, math.nan, math.nan, threshold, op, "pct")
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denom
    return Figure(p, max(0.0, centre - half), min(1.0, centre + half), threshold, op, "pct")


def worst(figures: Iterable[Figure]) -> Figure | None:
    """The figure closest to failing (or failing most)."""
    figures = list(figures)
    return min(figures, key=lambda f: f.margin) if figures else None
