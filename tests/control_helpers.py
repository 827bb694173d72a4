"""Helpers shared by the control tests: commands to the simulated unit's thermostat."""

from __future__ import annotations

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant

CLIMATE = "climate.bedroom"


async def heat(hass: HomeAssistant, target: float = 21.0) -> None:
    """Ask the unit to heat, from its thermostat (a manual change)."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_TEMPERATURE: target, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )
