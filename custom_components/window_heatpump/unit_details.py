"""The unit details every config entry carries (capacity, temperature unit, modes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .const import CONF_CAPACITY_BTU, CONF_HVAC_MODES, CONF_TEMPERATURE_UNIT, DEFAULT_CAPACITY_BTU
from .model import Capabilities, Mode, TemperatureUnit

# Set point ranges of typical window units' remotes, per display unit.
TEMPERATURE_LIMITS: Mapping[TemperatureUnit, tuple[float, float, float]] = {
    TemperatureUnit.CELSIUS: (16.0, 30.0, 0.5),
    TemperatureUnit.FAHRENHEIT: (61.0, 86.0, 1.0),
}


def capabilities_from_details(data: Mapping[str, Any], base: Capabilities) -> Capabilities:
    """Return `base` narrowed to the details the user gave for the unit."""
    unit = TemperatureUnit(data.get(CONF_TEMPERATURE_UNIT, base.temperature_unit))
    low, high, step = TEMPERATURE_LIMITS[unit]
    wanted = {Mode(mode) for mode in data.get(CONF_HVAC_MODES, base.active_modes)}
    return replace(
        base,
        modes=(Mode.OFF, *(mode for mode in base.active_modes if mode in wanted)),
        temperature_unit=unit,
        min_temperature=low,
        max_temperature=high,
        temperature_step=step,
        capacity_btu=int(data.get(CONF_CAPACITY_BTU, DEFAULT_CAPACITY_BTU)),
    )
