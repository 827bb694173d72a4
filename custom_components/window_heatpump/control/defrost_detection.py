"""Defrost detection for units that do not report it, from the signals around them.

A heat pump defrosting its outdoor coil reverses the cycle and stops the indoor fan while the
compressor keeps running: its power steps away from the steady heating draw (up or down, by
a quarter or more) for a few minutes, and the air at its outlet stops being warm. The
detector learns the heating draw (a slow average, restarted after every start, set-point or
fan change, and after each defrost) and calls a defrost when, in heating with the outdoor air
cold enough for frost, the power has stepped away from it and — where a supply-air sensor is
given — the outlet is no longer warmer than the room. It is an estimate and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import math

from ..model import DesiredState, Mode

# The coil runs ~8 K below the outdoor air: above this it does not frost.
FROST_POSSIBLE_BELOW_C = 7.0
# Below this the compressor is not running (the fan alone draws less).
COMPRESSOR_MIN_W = 150.0
STEP_FRACTION = 0.25
BACK_FRACTION = 0.15
# Heating must have run this long for its draw to be known.
SETTLE = timedelta(minutes=2)
CONFIRM = timedelta(seconds=20)
MAX_DEFROST = timedelta(minutes=15)
BASELINE_TIME_CONSTANT_S = 300.0
# In heating the outlet is 10-25 K above the room; a defrost brings it to or below the room.
OUTLET_WARM_ABOVE_ROOM_K = 3.0


@dataclass(frozen=True, kw_only=True)
class DefrostSignals:
    """One moment's readings (temperatures in °C); None where a signal is missing."""

    desired: DesiredState
    power_w: float | None
    outdoor_c: float | None
    room_c: float | None = None
    supply_air_c: float | None = None


def _finite(value: float | None) -> float | None:
    """Return `value`, or None if it is missing or not a number."""
    return value if value is not None and math.isfinite(value) else None


class DefrostDetector:
    """Estimate whether a unit is defrosting from its power, outdoor and outlet temperatures."""

    def __init__(self) -> None:
        """Initialize with nothing learned."""
        self.defrosting = False
        self.power_says = False
        self.air_says: bool | None = None
        self._baseline_w: float | None = None
        self._heating_since: datetime | None = None
        self._last: datetime | None = None
        self._candidate_since: datetime | None = None
        self._defrost_since: datetime | None = None
        self._plateau_w: float | None = None
        self._settings: DesiredState | None = None

    def update(self, now: datetime, signals: DefrostSignals) -> bool:
        """Take one moment's signals; return whether the unit is (estimated) defrosting."""
        power = _finite(signals.power_w)
        outdoor = _finite(signals.outdoor_c)
        heating_mode = signals.desired.mode in (Mode.HEAT, Mode.AUTO)
        if signals.desired != self._settings:
            # A new set point or fan speed changes the draw: learn it again.
            self._settings = signals.desired
            self._restart()
        if (
            not heating_mode
            or power is None
            or power < 0
            or outdoor is None
            or outdoor >= FROST_POSSIBLE_BELOW_C
            or power < COMPRESSOR_MIN_W
        ):
            self._restart()
            self._last = now
            return False
        self.air_says = self._outlet_cold(signals)
        if self.defrosting:
            self._follow_defrost(now, power)
        else:
            self._watch_heating(now, power)
        self._last = now
        return self.defrosting

    def _outlet_cold(self, signals: DefrostSignals) -> bool | None:
        """Return whether the outlet air is no warmer than the room (None: no sensor)."""
        supply = _finite(signals.supply_air_c)
        room = _finite(signals.room_c)
        if supply is None or room is None:
            return None
        return supply < room + OUTLET_WARM_ABOVE_ROOM_K

    def _watch_heating(self, now: datetime, power: float) -> None:
        """Learn the heating draw, and call a defrost when the power steps away from it."""
        if self._heating_since is None or self._baseline_w is None:
            self._heating_since, self._baseline_w = now, power
            return
        stepped = abs(power - self._baseline_w) >= STEP_FRACTION * self._baseline_w
        settled = now - self._heating_since >= SETTLE
        self.power_says = stepped and settled
        if not self.power_says:
            self._candidate_since = None
            if self._last is not None:
                weight = min(1.0, (now - self._last).total_seconds() / BASELINE_TIME_CONSTANT_S)
                self._baseline_w += weight * (power - self._baseline_w)
            return
        if self._candidate_since is None:
            self._candidate_since = now
        if now - self._candidate_since >= CONFIRM and self.air_says is not False:
            self.defrosting = True
            self._defrost_since, self._plateau_w = self._candidate_since, power

    def _follow_defrost(self, now: datetime, power: float) -> None:
        """End the defrost when the heating draw is back, or it has run too long."""
        assert self._baseline_w is not None  # noqa: S101 - set before any defrost starts
        assert self._plateau_w is not None  # noqa: S101 - set when the defrost starts
        # Back near the old draw, or a step away from the defrost's own steady draw.
        back = abs(power - self._baseline_w) < BACK_FRACTION * self._baseline_w or (
            abs(power - self._plateau_w) >= BACK_FRACTION * self._plateau_w
        )
        outlet_warm = self.air_says is False
        too_long = self._defrost_since is not None and now - self._defrost_since > MAX_DEFROST
        self.power_says = not back
        if back or outlet_warm or too_long:
            # Heating after a defrost draws differently (clean coil): learn it again.
            self._restart()
            self._heating_since, self._baseline_w = now, power

    def _restart(self) -> None:
        """Forget the heating draw and any defrost in progress."""
        self.defrosting = self.power_says = False
        self._baseline_w = self._heating_since = None
        self._candidate_since = self._defrost_since = None
        self._plateau_w = None
