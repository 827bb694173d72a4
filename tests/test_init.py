"""Tests of setting up, unloading and reloading a unit."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
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


async def test_bridge_cannot_connect_retries_setup(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A bridge that cannot open makes Home Assistant retry the setup later."""
    mock_config_entry.add_to_hass(hass)
    with patch.object(
        SimulatedBridge, "async_connect", side_effect=BridgeConnectionError("no route")
    ):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason == "Could not reach the unit: no route"


async def test_first_read_fails_retries_setup(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A unit that does not answer the first read makes Home Assistant retry the setup."""
    mock_config_entry.add_to_hass(hass)
    with patch.object(
        SimulatedBridge, "async_get_state", side_effect=BridgeConnectionError("timeout")
    ):
        await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert mock_config_entry.reason == "Lost contact with the unit: timeout"
