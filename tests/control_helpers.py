"""Helpers shared by the control tests: commands to the simulated unit's thermostat."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN

CLIMATE = "climate.bedroom"


async def heat(hass: HomeAssistant, target: float = 21.0) -> None:
    """Ask the unit to heat, from its thermostat (a manual change)."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_TEMPERATURE: target, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )


async def run_clock(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: int) -> None:
    """Move the clock in the simulated unit's 5 s steps, letting each step's work finish."""
    for _ in range(seconds // 5):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def set_outdoor(hass: HomeAssistant, entry: MockConfigEntry, celsius: float) -> None:
    """Change the simulated weather."""
    await hass.services.async_call(
        DOMAIN,
        "set_simulated_conditions",
        {"config_entry_id": entry.entry_id, "outdoor_temperature": celsius},
        blocking=True,
    )
    await hass.async_block_till_done()
