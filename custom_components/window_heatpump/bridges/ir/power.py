"""A power sensor read as the truth about an IR unit: on or off, and the compressor running.

An IR unit never answers, so the power it draws is the only word from it: above the on threshold
it runs (its fan at least), above the compressor threshold its compressor runs. Each threshold
has a hysteresis below it, and on/off only changes once the reading has stayed across the
threshold for the debounce time, so a fan speed change or a compressor start is not an on/off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers.event import async_call_later, async_track_state_change_event

from ...model import Action, Mode, TemperatureUnit, from_celsius, to_celsius
from ..oneway import ASSUMED_ACTIONS


@dataclass(frozen=True, kw_only=True)
class PowerSettings:
    """Where the thresholds are, in W, and how long a reading must hold, in s."""

    entity_id: str
    on_w: float
    hysteresis_w: float
    compressor_w: float
    debounce_s: float


class PowerMonitor:
    """Follow a power sensor; report on/off after the debounce, keep the compressor estimate."""

    def __init__(
        self,
        hass: HomeAssistant,
        settings: PowerSettings,
        on_change: Callable[[], None],
        on_power: Callable[[bool], None],
    ) -> None:
        """Follow `settings.entity_id`; `on_change` on any news, `on_power` on a new on/off."""
        self._hass = hass
        self._settings = settings
        self._on_change = on_change
        self._on_power = on_power
        self.powered: bool | None = None
        self.compressor_running: bool | None = None
        self.power_w: float | None = None
        self._pending: bool | None = None
        self._unsub_pending: CALLBACK_TYPE | None = None
        self._unsub_state: CALLBACK_TYPE | None = None

    @callback
    def start(self) -> None:
        """Read the sensor now (no debounce for the first reading) and follow it."""
        self._unsub_state = async_track_state_change_event(
            self._hass, [self._settings.entity_id], self._handle_event
        )
        if (watts := _watts(self._hass.states.get(self._settings.entity_id))) is not None:
            self.power_w = watts
            self.powered = watts >= self._settings.on_w
            self.compressor_running = self.powered and watts >= self._settings.compressor_w

    @callback
    def stop(self) -> None:
        """Stop following the sensor."""
        if self._unsub_state is not None:
            self._unsub_state()
            self._unsub_state = None
        self._cancel_pending()

    def diagnostics(self) -> dict[str, Any]:
        """Return the reading, the on/off it says and the compressor estimate."""
        return {
            "watts": self.power_w,
            "powered": self.powered,
            "compressor_running": self.compressor_running,
        }

    def action(  # noqa: PLR0911 - one return per case
        self, mode: Mode, target: float, temperature: float | None
    ) -> Action | None:
        """Return what a unit in `mode` (not off) does by its draw; None without a reading."""
        if self.powered is None:
            return None
        if not self.powered:
            return Action.OFF
        if mode is Mode.FAN_ONLY:
            return Action.FAN
        if not self.compressor_running:
            return Action.IDLE
        if mode is Mode.AUTO:
            if temperature is None:
                return None
            return Action.HEATING if temperature < target else Action.COOLING
        return ASSUMED_ACTIONS[mode]

    @callback
    def _handle_event(self, event: Event[EventStateChangedData]) -> None:
        """Take a new reading: update the estimate now, and on/off after the debounce."""
        if (watts := _watts(event.data["new_state"])) is None:
            return
        settings = self._settings
        self.power_w = watts
        self.compressor_running = _above(
            watts, settings.compressor_w, settings.hysteresis_w, was=self.compressor_running
        )
        powered = _above(watts, settings.on_w, settings.hysteresis_w, was=self.powered)
        if self.powered is None:
            self.powered = powered
        if not powered:
            self.compressor_running = False
        if powered is self.powered:
            self._cancel_pending()
        elif powered is not self._pending:
            self._cancel_pending()
            self._pending = powered
            self._unsub_pending = async_call_later(self._hass, settings.debounce_s, self._commit)
        self._on_change()

    @callback
    def _commit(self, _now: datetime) -> None:
        """Take the on/off that held for the debounce time."""
        self._unsub_pending = None
        powered, self._pending = self._pending, None
        if powered is None or powered is self.powered:
            return
        self.powered = powered
        self._on_power(powered)

    @callback
    def _cancel_pending(self) -> None:
        """Drop an on/off change that did not hold."""
        self._pending = None
        if self._unsub_pending is not None:
            self._unsub_pending()
            self._unsub_pending = None


def _above(watts: float, threshold: float, hysteresis: float, *, was: bool | None) -> bool:
    """Return whether a reading is above a threshold, with hysteresis below it once above."""
    if was:
        return watts >= threshold - hysteresis
    return watts >= threshold


def numeric_state(state: State | None) -> float | None:
    """Return a sensor's numeric state, or None when it has none."""
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None
    try:
        return float(state.state)
    except ValueError:
        return None


def _watts(state: State | None) -> float | None:
    """Return a power sensor's reading in W, or None when it has none."""
    if (value := numeric_state(state)) is None:
        return None
    assert state is not None  # noqa: S101 - numeric_state returned a value
    if state.attributes.get("unit_of_measurement") == "kW":
        return value * 1000.0
    return value


def temperature_state(state: State | None, unit: TemperatureUnit) -> float | None:
    """Return a temperature sensor's reading in the unit's own temperature unit."""
    if (value := numeric_state(state)) is None:
        return None
    assert state is not None  # noqa: S101 - numeric_state returned a value
    sensor_unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if sensor_unit in (TemperatureUnit.CELSIUS.value, TemperatureUnit.FAHRENHEIT.value):
        value = from_celsius(to_celsius(value, TemperatureUnit(sensor_unit)), unit)
    return round(value, 1)
