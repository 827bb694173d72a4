"""Tests of setting up, unloading and reloading a unit."""

from __future__ import annotations

import re
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.bridges.base import BridgeConnectionError
from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
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
    assert (devices[0].manufacturer, devices[0].model) == (
        "Simulator",
        "Simulated window heat pump",
    )
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


async def test_nothing_deprecated_is_reported(
    hass: HomeAssistant, init_integration: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """Set-up, every climate action, reload and unload log no deprecation about the unit.

    A guard for the harness's release; scripts/smoke checks the same on the newest one.
    """
    for service, data in (
        ("turn_on", {}),
        ("set_temperature", {"temperature": 22}),
        ("set_fan_mode", {"fan_mode": "low"}),
        ("set_swing_mode", {"swing_mode": "vertical"}),
        ("set_hvac_mode", {"hvac_mode": "fan_only"}),
        ("turn_off", {}),
    ):
        await hass.services.async_call(
            "climate", service, {"entity_id": "climate.bedroom", **data}, blocking=True
        )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert records
    reported = [
        record.getMessage()
        for record in records
        if re.search(
            r"\bdeprecated\b|Detected that custom integration", record.getMessage(), re.IGNORECASE
        )
    ]
    assert reported == []


# The detail a unit also has, registered but disabled until the user enables it: the
# counters, the parts of a figure another entity shows, the reminders and tasks that Repairs
# already raise and record, and the commissioning controls (also actions).
SHIPPED_DISABLED = {
    "sensor.bedroom_filter_run_time",
    "sensor.bedroom_filter_time_left",
    "sensor.bedroom_filter_last_cleaned",
    "sensor.bedroom_fan_run_time",
    "sensor.bedroom_compressor_run_time",
    "sensor.bedroom_compressor_starts",
    "sensor.bedroom_compressor_starts_per_hour",
    "sensor.bedroom_defrosts_today",
    "sensor.bedroom_defrosts",
    "sensor.bedroom_last_defrost_duration",
    "sensor.bedroom_time_between_defrosts",
    "sensor.bedroom_current_block",
    "sensor.bedroom_compressor_protection",
    "sensor.bedroom_compressor_restart_allowed",
    "sensor.bedroom_test_cycle",
    "binary_sensor.bedroom_heating_season_checkup_due",
    "binary_sensor.bedroom_cooling_season_checkup_due",
    "binary_sensor.bedroom_coil_cleaning_due",
    "binary_sensor.bedroom_window_seal_inspection_due",
    "button.bedroom_seasonal_checkup_done",
    "button.bedroom_coils_cleaned",
    "button.bedroom_window_seals_checked",
    "button.bedroom_run_test_cycle",
    "button.bedroom_cancel_test_cycle",
    "sensor.bedroom_learned_heat_loss",
    "sensor.bedroom_learned_time_constant",
    "sensor.bedroom_learned_heating_capacity",
    "sensor.bedroom_learned_cooling_capacity",
    "sensor.bedroom_sizing_from_operation",
}


async def test_detail_entities_are_shipped_disabled(
    hass: HomeAssistant, init_integration: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    """The everyday entities are on; the detail is registered, disabled, and can be enabled."""
    entries = er.async_entries_for_config_entry(entity_registry, init_integration.entry_id)
    disabled = {entry.entity_id for entry in entries if entry.disabled_by}
    assert disabled == SHIPPED_DISABLED
    assert {e.disabled_by for e in entries if e.disabled_by} == {
        er.RegistryEntryDisabler.INTEGRATION
    }
    enabled = {entry.entity_id for entry in entries} - disabled
    assert "climate.bedroom" in enabled
    assert "binary_sensor.bedroom_filter_needs_cleaning" in enabled
    assert len(enabled) == 19
    assert all(hass.states.get(entity_id) is not None for entity_id in enabled)
    assert not any(hass.states.get(entity_id) for entity_id in disabled)

    entity_registry.async_update_entity("sensor.bedroom_compressor_run_time", disabled_by=None)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    run_time = hass.states.get("sensor.bedroom_compressor_run_time")
    assert run_time is not None
    assert run_time.state == "0.0"
