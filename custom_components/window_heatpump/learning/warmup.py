"""How long the room takes to reach a block's temperature: when a "ready by" block starts.

The learned room obeys dT/dt = r(T_out) + g - k (T - T_out) while the unit runs (r the unit's
Q/C at the outdoor temperature, g the gains, k the loss rate), so the room tends to
T_eq = T_out + (r + g) / k, and reaches a target between the room and T_eq after
ln((T_eq - T_room) / (T_eq - T_target)) / k. The outdoor temperature is a weather entity's
hourly forecast over the warm-up where one is configured, else the current reading.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
import math
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from ..const import (
    CONF_READY_BY_MAX_MINUTES,
    CONF_WEATHER_ENTITY,
    DEFAULT_READY_BY_MAX_MINUTES,
    LOGGER,
)
from ..model import to_celsius
from ..port import UnitPort
from .estimator import OUTDOOR_RANGE_C
from .figures import BIN_K, Figures, cool_derating, heat_derating, interpolate

# The capacity curve is followed this far beyond the coldest (or hottest) bin seen; further, the
# nearest bin is carried along the typical derating, up to BEYOND_K.
EXTRAPOLATE_K = 2 * BIN_K
BEYOND_K = 15.0
# The warm-up aims this far past the target: better a few minutes early than late (the unit
# cycles and defrosts near the end). The first minutes of a run warm the coil, not the room.
AIM_K = 0.3
START_UP_S = 600.0
# A forecast is asked for again after this long.
FORECAST_MAX_AGE = timedelta(minutes=30)
# The room must end this close to the target (K) for the warm-up to count as reachable.
REACH_MARGIN_K = 0.1


def warm_up_s(
    figures: Figures,
    *,
    room_c: float,
    outdoor_c: float,
    target_c: float,
    cooling: bool,
) -> float | None:
    """Return the unit's seconds to reach `target_c`: inf if it cannot, None if unknown."""
    k = figures.loss_rate_per_s
    gains = figures.gains_rate_k_per_s
    curve = figures.cooling if cooling else figures.heating
    if k is None or gains is None or k <= 0 or not curve:
        return None
    if (target_c <= room_c) if not cooling else (target_c >= room_c):
        return 0.0
    rate = _rate(curve, outdoor_c, cooling=cooling)
    if rate is None:
        return None
    settles_c = outdoor_c + (rate + gains) / k
    # Where the room settles must lie beyond the target, or the unit never gets there.
    beyond = settles_c - target_c if not cooling else target_c - settles_c
    if beyond <= REACH_MARGIN_K:
        return math.inf
    aim_c = target_c + min(AIM_K, beyond - REACH_MARGIN_K) * (-1 if cooling else 1)
    return START_UP_S + math.log((settles_c - room_c) / (settles_c - aim_c)) / k


def _rate(
    curve: tuple[tuple[float, float], ...], outdoor_c: float, *, cooling: bool
) -> float | None:
    """Return the unit's Q/C at `outdoor_c`: the curve, or its nearest end along the derating."""
    if (rate := interpolate(curve, outdoor_c, extrapolate_k=EXTRAPOLATE_K)) is not None:
        return rate
    end_c, end_rate = min(curve, key=lambda point: abs(point[0] - outdoor_c))
    if abs(outdoor_c - end_c) > BEYOND_K:
        return None
    derating = cool_derating if cooling else heat_derating
    return end_rate * max(0.0, derating(outdoor_c)) / derating(end_c)


class WarmUp:
    """Lead times of "ready by" blocks from the learned room; nothing until it is confident."""

    def __init__(
        self,
        hass: HomeAssistant,
        unit: UnitPort,
        *,
        figures: Callable[[], Figures | None],
        outdoor_now: Callable[[], float | None],
    ) -> None:
        """Initialize; `figures` gives the learned room's figures once it is confident."""
        self._hass = hass
        self._unit = unit
        self._figures = figures
        self._outdoor_now = outdoor_now
        # (fetched at, [(instant, °C)]) of the weather entity's hourly forecast.
        self._forecast: tuple[datetime, list[tuple[datetime, float]]] | None = None
        self.missing: str | None = None

    @property
    def max_lead(self) -> timedelta:
        """Return the earliest a block starts before its time (the user's cap)."""
        options = self._unit.config_entry.options
        minutes = options.get(CONF_READY_BY_MAX_MINUTES, DEFAULT_READY_BY_MAX_MINUTES)
        return timedelta(minutes=float(minutes))

    async def async_prepare(self) -> None:
        """Fetch the hourly forecast if one is configured and the last one is old."""
        entity_id = self._unit.config_entry.options.get(CONF_WEATHER_ENTITY)
        now = dt_util.utcnow()
        if not entity_id:
            self._forecast = None
            return
        if self._forecast is not None and now - self._forecast[0] < FORECAST_MAX_AGE:
            return
        try:
            response = await self._hass.services.async_call(
                "weather",
                "get_forecasts",
                {ATTR_ENTITY_ID: entity_id, "type": "hourly"},
                blocking=True,
                return_response=True,
            )
        except HomeAssistantError as err:
            LOGGER.debug("No hourly forecast from %s: %s", entity_id, err)
            self._forecast = (now, [])
            return
        self._forecast = (now, self._hours(response, entity_id))

    def _hours(self, response: Any, entity_id: str) -> list[tuple[datetime, float]]:
        """Return (instant, °C) of each forecast hour with a plausible temperature."""
        unit = self._hass.config.units.temperature_unit
        hours: list[tuple[datetime, float]] = []
        raw = (response or {}).get(entity_id, {}).get("forecast") or []
        for item in raw:
            when = dt_util.parse_datetime(str(item.get("datetime", "")))
            value = item.get("temperature")
            if when is None or not isinstance(value, int | float) or isinstance(value, bool):
                continue
            celsius = TemperatureConverter.convert(float(value), unit, "°C")
            if OUTDOOR_RANGE_C[0] <= celsius <= OUTDOOR_RANGE_C[1]:
                hours.append((when, celsius))
        return hours

    def outdoor_c(self, start: datetime, now: datetime) -> float | None:
        """Return the outdoor temperature over the warm-up: the forecast's mean, or now's."""
        if self._forecast is not None and self._forecast[1]:
            window = [
                t for when, t in self._forecast[1] if now - timedelta(hours=1) < when <= start
            ]
            if window:
                return sum(window) / len(window)
        return self._outdoor_now()

    def lead(self, *, cooling: bool, target: float, start: datetime) -> timedelta:
        """Return how long before `start` the block begins (0 when it cannot say)."""
        now = dt_util.utcnow()
        figures = self._figures()
        state = self._unit.state
        room = None if state is None else state.current_temperature
        outdoor = self.outdoor_c(start, now)
        self.missing = (
            "not_confident"
            if figures is None
            else "no_room_temperature"
            if room is None
            else "no_outdoor_temperature"
            if outdoor is None
            else None
        )
        if figures is None or room is None or outdoor is None:
            return timedelta(0)
        unit = self._unit.capabilities.temperature_unit
        seconds = warm_up_s(
            figures,
            room_c=to_celsius(room, unit),
            outdoor_c=outdoor,
            target_c=to_celsius(target, unit),
            cooling=cooling,
        )
        if seconds is None:
            self.missing = "outdoor_not_learned"
            return timedelta(0)
        cap = self.max_lead
        if math.isinf(seconds):
            self.missing = "out_of_reach"
            return cap
        return min(cap, timedelta(seconds=seconds / self._unit.time_scale))
