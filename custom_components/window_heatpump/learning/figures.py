"""What the learned sums say: the room's loss and time constant, capacity, balance point.

Rates are in K/s: k = UA/C, the gains G/C, and the unit's Q/C per outdoor bin. Watts follow
from the room's heat capacity C, which one absolute figure gives: the nameplate capacity at its
rating temperature, where the unit ran near it (corrected along the typical derating of a
fixed-speed unit, the curve ASHRAE's and AHRI's ratings describe: ~2.5 %/K below the heating
rating, ~1 %/K above it, ~0.5 %/K for cooling, of which ~75 % is sensible). Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

BIN_K = 2.0
# A bin is used once the unit ran this long in it.
BIN_MIN_S = 3600.0
# The resting stretches must spread over this much (K^2) before the gains are fitted too.
MIN_GAP_VARIANCE_K2 = 1.0
HEAT_RATING_C = 8.3
COOL_RATING_C = 35.0
# The room's temperature sees only the sensible part of a cooling rating (the rest dries the
# air): window units are rated near this sensible heat ratio.
SENSIBLE_HEAT_RATIO = 0.75
# Heating bins used for the scale: frost-free (above ~6 °C) and near the rating.
HEAT_SCALE_RANGE_C = (6.0, 14.0)
# The balance point is extrapolated along the coldest bins seen (a line through a few, as the
# frost makes each bin's capacity uneven), at most this far beyond the coldest.
EXTRAPOLATION_BINS = 4
MAX_EXTRAPOLATION_K = 5.0
# Days of accepted data for full confidence.
DAYS_FOR_CONFIDENCE = 7


def heat_derating(outdoor_c: float) -> float:
    """Return a typical fixed-speed unit's heating capacity relative to its rating."""
    delta = outdoor_c - HEAT_RATING_C
    return 1.0 + (0.01 if delta > 0 else 0.025) * delta


def cool_derating(outdoor_c: float) -> float:
    """Return a typical fixed-speed unit's cooling capacity relative to its rating."""
    delta = COOL_RATING_C - outdoor_c
    return 1.0 + (0.005 if delta > 0 else 0.01) * delta


class SlopeSums:
    """Weighted sums for the regression of the resting rate on the room's gap to outdoors."""

    __slots__ = ("weight_s", "x_sum", "xx_sum", "xy_sum", "y_sum")

    def __init__(self, values: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)) -> None:
        """Initialize from stored sums (or empty)."""
        self.weight_s, self.x_sum, self.y_sum, self.xx_sum, self.xy_sum = values

    def add(self, seconds: float, rise_k: float, gap_ks: float) -> None:
        """Add a resting stretch: its mean gap (x) and its rate (y), weighted by its length."""
        x = gap_ks / seconds
        y = rise_k / seconds
        self.weight_s += seconds
        self.x_sum += seconds * x
        self.y_sum += seconds * y
        self.xx_sum += seconds * x * x
        self.xy_sum += seconds * x * y

    def decay(self, factor: float) -> None:
        """Weigh what came before less."""
        self.weight_s *= factor
        self.x_sum *= factor
        self.y_sum *= factor
        self.xx_sum *= factor
        self.xy_sum *= factor

    def fit(self) -> tuple[float, float] | None:
        """Return (G/C, k) in K/s, or None before there is a usable fit."""
        weight = self.weight_s
        if weight <= 0:
            return None
        mean_x = self.x_sum / weight
        variance = self.xx_sum / weight - mean_x * mean_x
        if variance >= MIN_GAP_VARIANCE_K2:
            k = -(self.xy_sum / weight - mean_x * self.y_sum / weight) / variance
            gains = self.y_sum / weight + k * mean_x
        elif self.xx_sum > 0:
            # Too little spread to tell the gains from the loss: the loss alone.
            k, gains = -self.xy_sum / self.xx_sum, 0.0
        else:
            return None
        return (gains, k) if k > 0 else None

    def as_list(self) -> list[float]:
        """Return the sums as stored."""
        return [self.weight_s, self.x_sum, self.y_sum, self.xx_sum, self.xy_sum]

    @classmethod
    def from_list(cls, stored: list[float]) -> SlopeSums:
        """Return stored sums."""
        return cls(tuple(float(value) for value in stored))


class RunSums:
    """Sums over running stretches in one outdoor bin: time, the room's rise, its gap."""

    __slots__ = ("gap_ks", "rise_k", "seconds")

    def __init__(self, values: tuple[float, ...] = (0.0, 0.0, 0.0)) -> None:
        """Initialize from stored sums (or empty)."""
        self.seconds, self.rise_k, self.gap_ks = values

    def add(self, seconds: float, rise_k: float, gap_ks: float) -> None:
        """Add a running stretch."""
        self.seconds += seconds
        self.rise_k += rise_k
        self.gap_ks += gap_ks

    def decay(self, factor: float) -> None:
        """Weigh what came before less."""
        self.seconds *= factor
        self.rise_k *= factor
        self.gap_ks *= factor

    def rate(self, gains: float, k: float) -> float:
        """Return the unit's mean Q/C (K/s) over these stretches."""
        return (self.rise_k + k * self.gap_ks) / self.seconds - gains

    def as_list(self) -> list[float]:
        """Return the sums as stored."""
        return [self.seconds, self.rise_k, self.gap_ks]

    @classmethod
    def from_list(cls, stored: list[float]) -> RunSums:
        """Return stored sums."""
        return cls(tuple(float(value) for value in stored))


@dataclass(frozen=True, kw_only=True)
class Figures:
    """What the model says now; None where it cannot say yet."""

    confidence: float
    days: int
    loss_rate_per_s: float | None = None
    gains_rate_k_per_s: float | None = None
    heat_capacity_j_per_k: float | None = None
    scale_source: str | None = None
    # (outdoor °C, Q/C in K/s) per bin with enough running, coldest first.
    heating: tuple[tuple[float, float], ...] = ()
    cooling: tuple[tuple[float, float], ...] = ()
    balance_point_c: float | None = None

    @property
    def time_constant_h(self) -> float | None:
        """Return the room's time constant in hours."""
        return None if self.loss_rate_per_s is None else 1.0 / self.loss_rate_per_s / 3600.0

    @property
    def heat_loss_w_per_k(self) -> float | None:
        """Return the room's heat loss coefficient (UA) in W/K."""
        if self.loss_rate_per_s is None or self.heat_capacity_j_per_k is None:
            return None
        return self.loss_rate_per_s * self.heat_capacity_j_per_k

    def capacity_w(self, outdoor_c: float | None, *, cooling: bool = False) -> float | None:
        """Return the capacity at `outdoor_c`, interpolated between bins seen (no further)."""
        curve = self.cooling if cooling else self.heating
        if outdoor_c is None or self.heat_capacity_j_per_k is None or not curve:
            return None
        rate = interpolate(curve, outdoor_c, extrapolate_k=BIN_K / 2)
        if rate is None:
            return None
        return abs(rate) * self.heat_capacity_j_per_k

    def curve_w(self, *, cooling: bool = False) -> dict[str, int] | None:
        """Return the capacity per outdoor bin (°C: W), for the attributes."""
        if self.heat_capacity_j_per_k is None:
            return None
        curve = self.cooling if cooling else self.heating
        return {f"{t:g}": round(abs(rate) * self.heat_capacity_j_per_k) for t, rate in curve}


def interpolate(
    curve: tuple[tuple[float, float], ...], outdoor_c: float, *, extrapolate_k: float
) -> float | None:
    """Return the curve's value at `outdoor_c`, straight beyond its ends by `extrapolate_k`."""
    if outdoor_c < curve[0][0] - extrapolate_k or outdoor_c > curve[-1][0] + extrapolate_k:
        return None
    if len(curve) == 1:
        return curve[0][1]
    for (t0, r0), (t1, r1) in pairwise(curve):
        if outdoor_c <= t1 or (t1, r1) == curve[-1]:
            return r0 + (r1 - r0) * (outdoor_c - t0) / (t1 - t0)
    return None


def _curve(
    runs: dict[str, Any], key: str, gains: float, k: float
) -> tuple[tuple[float, float], ...]:
    """Return (bin centre, Q/C) for the bins of `key` with enough running."""
    points = []
    for name, sums in runs.items():
        kind, index = name.split(":")
        if kind == key and sums.seconds >= BIN_MIN_S:
            points.append(((int(index) + 0.5) * BIN_K, sums.rate(gains, k)))
    return tuple(sorted(points))


def _scale(
    rated_w: float | None,
    heating: tuple[tuple[float, float], ...],
    cooling: tuple[tuple[float, float], ...],
) -> tuple[float | None, str | None]:
    """Return the room's heat capacity (J/K) from the nameplate, and what gave it."""
    if rated_w is None:
        return None, None
    low, high = HEAT_SCALE_RANGE_C
    near = [
        rated_w * heat_derating(t) / rate for t, rate in heating if low <= t <= high and rate > 0
    ]
    if near:
        return sum(near) / len(near), "heating_rating"
    sensible_w = rated_w * SENSIBLE_HEAT_RATIO
    cool = [sensible_w * cool_derating(t) / -rate for t, rate in cooling if rate < 0]
    if cool:
        return sum(cool) / len(cool), "cooling_rating"
    return None, None


def balance_point(
    heating: tuple[tuple[float, float], ...], gains: float, k: float, set_point_c: float
) -> float | None:
    """Return where the unit's heat and the gains just meet the loss at `set_point_c`."""
    if not heating:
        return None

    def surplus(t: float, rate: float) -> float:
        """Return the heat to spare at `t` (K/s of the room)."""
        return rate + gains - k * (set_point_c - t)

    points = [(t, surplus(t, rate)) for t, rate in heating]
    for (t0, s0), (t1, s1) in pairwise(points):
        if s0 < 0 <= s1:
            return t0 + (t1 - t0) * -s0 / (s1 - s0)
    if points[0][1] < 0:
        # Short at every bin seen, or never crossing upwards: nothing to say.
        return None
    # Never short: extrapolate down along a line through the coldest bins, not far.
    coldest = points[:EXTRAPOLATION_BINS]
    if len(coldest) == 1:
        return None
    mean_t = sum(t for t, _ in coldest) / len(coldest)
    mean_s = sum(surplus for _, surplus in coldest) / len(coldest)
    spread = sum((t - mean_t) ** 2 for t, _ in coldest)
    slope = sum((t - mean_t) * (surplus - mean_s) for t, surplus in coldest) / spread
    if slope <= 0:
        return None
    crossing = mean_t - mean_s / slope
    return crossing if crossing >= points[0][0] - MAX_EXTRAPOLATION_K else None


def figures_from(
    rest: SlopeSums,
    runs: dict[str, RunSums],
    *,
    rated_w: float | None,
    days: int,
    set_point_c: float | None,
) -> Figures:
    """Return the figures the sums give."""
    confidence = min(1.0, days / DAYS_FOR_CONFIDENCE)
    if (fit := rest.fit()) is None:
        return Figures(confidence=0.0, days=days)
    gains, k = fit
    heating = _curve(runs, "heat_all", gains, k)
    cooling = _curve(runs, "cool", gains, k)
    clean = _curve(runs, "heat", gains, k)
    capacity, source = _scale(rated_w, clean, cooling)
    return Figures(
        confidence=confidence,
        days=days,
        loss_rate_per_s=k,
        gains_rate_k_per_s=gains,
        heat_capacity_j_per_k=capacity,
        scale_source=source,
        heating=heating,
        cooling=cooling,
        balance_point_c=(
            None if set_point_c is None else balance_point(heating, gains, k, set_point_c)
        ),
    )
