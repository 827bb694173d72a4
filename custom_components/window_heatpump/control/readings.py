"""Reading the entities a user links (power, temperatures), refusing what makes no sense."""

from __future__ import annotations

from dataclasses import dataclass
import math

from homeassistant.components.weather import ATTR_WEATHER_TEMPERATURE, ATTR_WEATHER_TEMPERATURE_UNIT
from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.util.unit_conversion import PowerConverter, TemperatureConverter

# Beyond these a reading is nonsense, not weather or a room.
MIN_TEMPERATURE_C = -60.0
MAX_TEMPERATURE_C = 90.0


@dataclass(frozen=True, slots=True)
class Reading:
    """A value in °C or W, or why there is none."""

    value: float | None
    problem: str | None = None


def _number(raw: object) -> float | None:
    """Return `raw` as a finite number, or None."""
    try:
        value = float(raw)  # type: ignore[arg-type]
    except TypeError, ValueError:
        return None
    return value if math.isfinite(value) else None


def read_temperature(hass: HomeAssistant, entity_id: str) -> Reading:
    """Return a sensor's or weather entity's temperature in °C, or why it cannot be used."""
    if (state := hass.states.get(entity_id)) is None:
        return Reading(None, "entity_missing")
    if entity_id.startswith("weather."):
        raw: object = state.attributes.get(ATTR_WEATHER_TEMPERATURE)
        unit = state.attributes.get(ATTR_WEATHER_TEMPERATURE_UNIT)
    else:
        raw, unit = state.state, state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return Reading(None, "entity_unavailable")
    if (value := _number(raw)) is None:
        return Reading(None, "not_a_number")
    if unit not in TemperatureConverter.VALID_UNITS:
        return Reading(None, "wrong_unit")
    celsius = TemperatureConverter.convert(value, unit, UnitOfTemperature.CELSIUS)
    if not MIN_TEMPERATURE_C <= celsius <= MAX_TEMPERATURE_C:
        return Reading(None, "out_of_range")
    return Reading(celsius)


def read_power(hass: HomeAssistant, entity_id: str) -> Reading:
    """Return a power sensor's reading in W, or why it cannot be used."""
    if (state := hass.states.get(entity_id)) is None:
        return Reading(None, "entity_missing")
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return Reading(None, "entity_unavailable")
    if (value := _number(state.state)) is None:
        return Reading(None, "not_a_number")
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if unit not in PowerConverter.VALID_UNITS:
        return Reading(None, "wrong_unit")
    watts = PowerConverter.convert(value, unit, UnitOfPower.WATT)
    if watts < 0:
        return Reading(None, "negative")
    return Reading(watts)
