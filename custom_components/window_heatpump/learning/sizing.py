"""Sizing from operation: is the unit too small, right or too big for its room, by how it ran.

At the coldest outdoor band it heated in (and the hottest it cooled in), the learned model says
what share of the time the unit must run to hold the set point (the duty): over 100 % it cannot
hold it (undersized); under 35 % even there it short-cycles through the year (oversized). A
mild season proves only the first: an oversized verdict waits for a band at or below 2 °C
(heating) or at or above 28 °C (cooling). Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .figures import Figures

UNDERSIZED_DUTY = 1.0
OVERSIZED_DUTY = 0.35
COLD_ENOUGH_C = 2.0
HOT_ENOUGH_C = 28.0


class OperationVerdict(StrEnum):
    """The unit's size for its room, as running showed it."""

    UNDERSIZED = "undersized"
    RIGHT_SIZED = "right_sized"
    OVERSIZED = "oversized"


@dataclass(frozen=True, kw_only=True)
class OperationSizing:
    """The verdict, and the evidence it stands on."""

    verdict: OperationVerdict
    heating: bool
    outdoor_c: float
    set_point_c: float
    duty: float
    days: int

    def evidence(self) -> dict[str, float | int | str]:
        """Return the evidence as attributes (and the Repairs issue's placeholders)."""
        return {
            "mode": "heat" if self.heating else "cool",
            "outdoor_c": round(self.outdoor_c, 1),
            "set_point_c": round(self.set_point_c, 1),
            "duty_pct": round(self.duty * 100),
            "days": self.days,
        }


def _judge(figures: Figures, set_point_c: float | None, *, heating: bool) -> OperationSizing | None:
    """Return the verdict of one mode at its most demanding band, or None without one."""
    curve = figures.heating if heating else figures.cooling
    k, gains = figures.loss_rate_per_s, figures.gains_rate_k_per_s
    if set_point_c is None or k is None or gains is None or not curve:
        return None
    outdoor_c, rate = curve[0] if heating else curve[-1]
    if heating:
        need, available = k * (set_point_c - outdoor_c) - gains, rate
    else:
        need, available = k * (outdoor_c - set_point_c) + gains, -rate
    if available <= 0 or need <= 0:
        return None
    duty = need / available
    if duty > UNDERSIZED_DUTY:
        verdict = OperationVerdict.UNDERSIZED
    elif duty < OVERSIZED_DUTY:
        demanding = outdoor_c <= COLD_ENOUGH_C if heating else outdoor_c >= HOT_ENOUGH_C
        if not demanding:
            return None
        verdict = OperationVerdict.OVERSIZED
    else:
        verdict = OperationVerdict.RIGHT_SIZED
    return OperationSizing(
        verdict=verdict,
        heating=heating,
        outdoor_c=outdoor_c,
        set_point_c=set_point_c,
        duty=duty,
        days=figures.days,
    )


def sizing_from_operation(
    figures: Figures, heat_set_point_c: float | None, cool_set_point_c: float | None
) -> OperationSizing | None:
    """Return the unit's size as running showed it: undersized, then oversized, in either mode."""
    judged = [
        sizing
        for sizing in (
            _judge(figures, heat_set_point_c, heating=True),
            _judge(figures, cool_set_point_c, heating=False),
        )
        if sizing is not None
    ]
    if not judged:
        return None
    for verdict in (OperationVerdict.UNDERSIZED, OperationVerdict.OVERSIZED):
        for sizing in judged:
            if sizing.verdict is verdict:
                return sizing
    return judged[0]
