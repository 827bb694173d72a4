"""Tests of setting up, unloading and reloading a unit."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.bridge import BridgeConnectionError
from custom_components.window_heatpump.bridges.simulated import SimulatedBridge
from custom_components.window_heatpump.const import DOMAIN


def _state_of(entry: MockConfigEntry) -> ConfigEntryState:
    """Return the entry's state, read afresh (each call may see a new one)."""
    return entry.state


def _climate_state(hass: HomeAssistant) -> str:
    """Return the state of the bedroom unit's climate entity."""
    state = hass.states.get("climate.bedroom")
    assert state is not None
    return state.state


async def test_setup_unload_reload(
    hass: HomeAssistant, init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """A unit sets up with its device and entity, unloads cleanly and reloads."""
    entry = init_integration
    assert _state_of(entry) is ConfigEntryState.LOADED
    devices = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert [device.identifiers for device in devices] == [{(DOMAIN, "simulated_bedroom")}]
    assert devices[0].name == "Bedroom"
    assert devices[0].manufacturer == "window_heatpump"
    assert hass.states.get("climate.bedroom") is not None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert _state_of(entry) is ConfigEntryState.NOT_LOADED
    assert _climate_state(hass) == "unavailable"

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert _state_of(entry) is ConfigEntryState.LOADED
    assert _climate_state(hass) == "off"


@pytest.mark.parametrize(
    ("failing", "error", "reason"),
    [
        ("async_connect", "no route", "Could not reach the unit: no route"),
        ("async_get_state", "timeout", "Lost contact with the unit: timeout"),
    ],
)
async def test_unreachable_at_setup_retries(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, failing: str, error: str, reason: str
) -> None:
    """A bridge that cannot open, or a unit that does not answer, makes setup retry later."""
    mock_config_entry.add_to_hass(hass)
    with patch.object(SimulatedBridge, failing, side_effect=BridgeConnectionError(error)):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason == reason


async def test_simulated_unit_keeps_its_settings(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Like a real unit, the simulated one keeps its settings when Home Assistant restarts."""
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.bedroom", "temperature": 23, "hvac_mode": "heat"},
        blocking=True,
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get("climate.bedroom")
    assert state is not None
    assert (state.state, state.attributes["temperature"]) == ("heat", 23)
