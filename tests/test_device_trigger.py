"""Tests of the unit's device triggers, through Home Assistant's device-automation API.

Each trigger is listed under the unit's device and fires an automation when the simulated
unit does what it names: a defrost starts and ends, the filter needs cleaning, a command is
held by compressor protection, heating is handed to the backup heater.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import automation
from homeassistant.components.climate import (
    ATTR_HVAC_ACTION,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    HVACAction,
)
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_get_device_automations,
    async_mock_service,
)

from custom_components.window_heatpump.const import DOMAIN

from .control_helpers import CLIMATE, heat, run_clock

CARE_TRIGGERS = ["defrost_started", "defrost_ended", "filter_needs_cleaning", "command_held"]


def _device_id(hass: HomeAssistant) -> str:
    """Return the id of the simulated unit's device."""
    climate = er.async_get(hass).async_get(CLIMATE)
    assert climate is not None
    assert climate.device_id is not None
    return climate.device_id


async def _automate(hass: HomeAssistant, device_id: str, types: list[str]) -> list[ServiceCall]:
    """Set up one automation per trigger type; return the calls their actions make."""
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        automation.DOMAIN,
        {
            automation.DOMAIN: [
                {
                    "trigger": {
                        "platform": "device",
                        "domain": DOMAIN,
                        "device_id": device_id,
                        "type": trigger_type,
                    },
                    "action": {"service": "test.automation", "data": {"type": trigger_type}},
                }
                for trigger_type in types
            ]
        },
    )
    await hass.async_block_till_done()
    return calls


def _fired(calls: list[ServiceCall]) -> list[str]:
    """Return the trigger types that fired, in order."""
    return [call.data["type"] for call in calls]


async def _simulate(hass: HomeAssistant, entry: MockConfigEntry, **conditions: Any) -> None:
    """Change the simulated unit's conditions."""
    await hass.services.async_call(
        DOMAIN,
        "set_simulated_conditions",
        {"config_entry_id": entry.entry_id, **conditions},
        blocking=True,
    )
    await hass.async_block_till_done()


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": -1.0, "outdoor_humidity": 90.0}])
async def test_defrost_filter_and_hold_fire(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A unit without a lockout lists four triggers; each fires when the unit does it."""
    device_id = _device_id(hass)
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device_id)
    listed = {trigger["type"] for trigger in triggers if trigger["domain"] == DOMAIN}
    assert listed == set(CARE_TRIGGERS)
    calls = await _automate(hass, device_id, CARE_TRIGGERS)

    await heat(hass, 24)
    defrosted = False
    for _ in range(120):
        await run_clock(hass, freezer, 60)
        state = hass.states.get(CLIMATE)
        assert state is not None
        defrosted = defrosted or state.attributes.get(ATTR_HVAC_ACTION) == HVACAction.DEFROSTING
        if "defrost_ended" in _fired(calls):
            break
    assert defrosted
    assert _fired(calls)[:2] == ["defrost_started", "defrost_ended"]

    calls.clear()
    await _simulate(hass, init_integration, filter_dirt=60)
    assert _fired(calls) == ["filter_needs_cleaning"]

    # Reversing a running compressor is held by its protection.
    calls.clear()
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: CLIMATE, "hvac_mode": "cool"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert "command_held" in _fired(calls)


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": 2.0,
            "outdoor_humidity": 50.0,
            "speed": 1.0,
            "balance_point": 0.0,
            "lockout_hysteresis": 2.0,
            "backup_heater": "input_boolean.backup_heater",
        }
    ],
)
async def test_backup_heater_took_over_fires(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A unit with a lockout lists the hand-off; it fires when the backup heater takes over."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"backup_heater": {}}}
    )
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    device_id = _device_id(hass)
    triggers = await async_get_device_automations(hass, DeviceAutomationType.TRIGGER, device_id)
    assert "backup_heater_took_over" in {trigger["type"] for trigger in triggers}
    calls = await _automate(hass, device_id, ["backup_heater_took_over"])
    await heat(hass)
    await run_clock(hass, freezer, 30)
    assert _fired(calls) == []
    await _simulate(hass, mock_config_entry, outdoor_temperature=-3.0)
    await run_clock(hass, freezer, 10)
    assert _fired(calls) == ["backup_heater_took_over"]
