"""Tests of the commissioning test cycle over the simulated unit, on a frozen clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.bridges.base import BridgeCommandError
from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import (
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_SPEED,
    CONF_SUPPLY_AIR_SENSOR,
    DOMAIN,
)
from custom_components.window_heatpump.control.commissioning import (
    POWER_FLOOR_W,
    ROOM_CHANGE_K,
    SUPPLY_SPLIT_K,
)
from custom_components.window_heatpump.model import DesiredState, FanSpeed, Mode
from custom_components.window_heatpump.storage import EntryStore, store_key

from .control_helpers import CLIMATE, heat

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

SENSOR = "sensor.bedroom_test_cycle"
START = "button.bedroom_run_test_cycle"
CANCEL = "button.bedroom_cancel_test_cycle"
SUPPLY = "sensor.bedroom_outlet"
MIN_OFF_S = 180


def _bridge(entry: MockConfigEntry) -> SimulatedBridge:
    """Return the simulated unit's bridge."""
    bridge = entry.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    return bridge


def _mode(bridge: SimulatedBridge) -> Mode:
    """Return the mode the simulated unit runs in."""
    return bridge.unit.desired.mode


def _sensor(hass: HomeAssistant) -> tuple[str, dict[str, Any]]:
    """Return the test cycle sensor's state and attributes."""
    state = hass.states.get(SENSOR)
    assert state is not None
    return state.state, dict(state.attributes)


def _outlet(hass: HomeAssistant, bridge: SimulatedBridge) -> None:
    """Report the simulated outlet temperature as a supply-air sensor in the outlet would."""
    hass.states.async_set(
        SUPPLY,
        f"{bridge.unit.snapshot().supply_air_temperature_c:.1f}",
        {"unit_of_measurement": UnitOfTemperature.CELSIUS, "device_class": "temperature"},
    )


async def _run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: int, bridge: SimulatedBridge
) -> None:
    """Move the clock in 5 s ticks, keeping the outlet sensor up to date."""
    for _ in range(seconds // 5):
        freezer.tick(timedelta(seconds=5))
        _outlet(hass, bridge)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def _run_cycle(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> None:
    """Start the test cycle through the action."""
    await hass.services.async_call(
        DOMAIN,
        "run_test_cycle",
        {ATTR_CONFIG_ENTRY_ID: entry.entry_id, **data},
        blocking=True,
    )
    await hass.async_block_till_done()


async def _press(hass: HomeAssistant, button: str) -> None:
    """Press a button."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: button}, blocking=True
    )
    await hass.async_block_till_done()


async def _heat(hass: HomeAssistant, target: float = 21.0) -> None:
    """Ask the unit to heat (a manual change) and let it take the command."""
    await heat(hass, target)
    await hass.async_block_till_done()


async def _simulate(hass: HomeAssistant, **conditions: Any) -> None:
    """Change the simulated unit's conditions (a fault, the plug)."""
    await hass.services.async_call(DOMAIN, "set_simulated_conditions", conditions, blocking=True)
    await hass.async_block_till_done()


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return a unit with a supply-air sensor linked in its outlet."""
    return {
        CONF_OUTDOOR_TEMPERATURE: 2.0,
        CONF_OUTDOOR_HUMIDITY: 85.0,
        CONF_SPEED: 1.0,
        CONF_SUPPLY_AIR_SENSOR: SUPPLY,
    }


async def test_healthy_unit_passes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """Cooling, the protected reversal, heating: both pass, and the unit goes back to off."""
    bridge = _bridge(init_integration)
    assert _sensor(hass)[0] == "idle"
    # Warm the 17 °C room first, so cooling runs the whole window instead of reaching 16 °C.
    await _heat(hass, 30)
    await _run(hass, freezer, 1200, bridge)
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_HVAC_MODE: "off"},
        blocking=True,
    )
    await _run(hass, freezer, MIN_OFF_S, bridge)
    await _press(hass, START)
    state, attributes = _sensor(hass)
    assert state == "running_cooling"
    # 10 min cooling, the 180 s minimum off time, 10 min heating.
    assert datetime.fromisoformat(attributes["ends_at"]) == dt_util.utcnow() + timedelta(
        seconds=2 * 600 + MIN_OFF_S
    )
    assert _mode(bridge) is Mode.COOL
    assert bridge.unit.desired.fan_speed is FanSpeed.HIGH
    await _run(hass, freezer, 600, bridge)
    assert _sensor(hass)[0] == "running_heating"
    # The reversal is held: the compressor rests in fan only for the minimum off time.
    assert _mode(bridge) is Mode.FAN_ONLY
    await _run(hass, freezer, MIN_OFF_S, bridge)
    assert _mode(bridge) is Mode.HEAT
    await _run(hass, freezer, 600, bridge)
    state, attributes = _sensor(hass)
    assert state == "passed", attributes
    cool, heat = attributes["cool"], attributes["heat"]
    assert cool["result"] == heat["result"] == "passed"
    assert cool["room_change_k"] <= -ROOM_CHANGE_K
    assert heat["room_change_k"] >= ROOM_CHANGE_K
    assert cool["supply_air_split_k"] >= SUPPLY_SPLIT_K[Mode.COOL]
    assert heat["supply_air_split_k"] >= SUPPLY_SPLIT_K[Mode.HEAT]
    assert cool["mean_power_w"] >= POWER_FLOOR_W
    assert heat["mean_power_w"] >= POWER_FLOOR_W
    assert attributes["reason"] is None
    assert "ends_at" not in attributes
    # Restored: the unit was off before the cycle.
    assert _mode(bridge) is Mode.OFF
    assert init_integration.runtime_data.desired.mode is Mode.OFF


async def test_broken_compressor_fails(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """A compressor that never starts: the fan blows, the room barely moves, both modes fail."""
    bridge = _bridge(init_integration)
    await _simulate(hass, compressor_failed=True)
    assert bridge.unit.snapshot().compressor_failed
    await _run_cycle(hass, init_integration, minutes=10)
    # The compressor never ran, so the reversal has no off time to wait out.
    await _run(hass, freezer, 1200, bridge)
    state, attributes = _sensor(hass)
    assert state == "failed"
    for mode in ("cool", "heat"):
        figures = attributes[mode]
        assert figures["result"] == "failed"
        assert figures["power_check"] is False
        assert figures["mean_power_w"] < POWER_FLOOR_W
        assert figures["supply_air_check"] is False
        assert abs(figures["room_change_k"]) < ROOM_CHANGE_K
    assert _mode(bridge) is Mode.OFF


async def test_one_mode_and_figures_without_supply_air(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Only heating is tested when asked; without an outlet reading the room decides."""
    bridge = _bridge(init_integration)
    hass.states.async_set(SUPPLY, "unavailable")
    await _run_cycle(hass, init_integration, minutes=10, modes=["heat"])
    assert _sensor(hass)[0] == "running_heating"
    for _ in range(120):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    state, attributes = _sensor(hass)
    assert state == "passed"
    assert "cool" not in attributes
    assert attributes["heat"]["supply_air_split_k"] is None
    assert attributes["heat"]["room_check"] is True
    assert _mode(bridge) is Mode.OFF


async def test_refusals(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """It refuses while one runs, in a protection delay, while unreachable; cancel needs one."""
    bridge = _bridge(init_integration)
    with pytest.raises(ServiceValidationError) as err:
        await _press(hass, CANCEL)
    assert err.value.translation_key == "test_cycle_not_running"
    # The compressor just stopped: its minimum off time is a protection delay.
    await _heat(hass, 30)
    await _run(hass, freezer, 60, bridge)
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_HVAC_MODE: "off"},
        blocking=True,
    )
    await _run(hass, freezer, 10, bridge)
    with pytest.raises(ServiceValidationError) as err:
        await _press(hass, START)
    assert err.value.translation_key == "test_cycle_protection"
    await _run(hass, freezer, MIN_OFF_S, bridge)
    await _simulate(hass, reachable=False)
    with pytest.raises(ServiceValidationError) as err:
        await _run_cycle(hass, init_integration)
    assert err.value.translation_key == "test_cycle_unavailable"
    await _simulate(hass, reachable=True)
    await _run_cycle(hass, init_integration)
    with pytest.raises(ServiceValidationError) as err:
        await _press(hass, START)
    assert err.value.translation_key == "test_cycle_running"
    assert _sensor(hass)[0] == "running_cooling"


async def test_mode_the_unit_lacks(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> None:
    """A cooling-only unit cannot be asked to heat."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, "hvac_modes": ["cool", "fan_only"]}
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await _run_cycle(hass, mock_config_entry, modes=["heat"])
    assert err.value.translation_key == "test_cycle_modes"


async def test_cancel_restores_through_the_protection(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """Cancelled while cooling, a heating unit goes back to heating after the off time."""
    bridge = _bridge(init_integration)
    await _heat(hass)
    await _run(hass, freezer, 600, bridge)
    await _press(hass, START)
    # Heating -> cooling is a reversal too: the cooling window starts after the off time.
    assert _mode(bridge) is Mode.FAN_ONLY
    await _run(hass, freezer, MIN_OFF_S + 60, bridge)
    assert _mode(bridge) is Mode.COOL
    await _press(hass, CANCEL)
    state, attributes = _sensor(hass)
    assert state == "cancelled"
    assert attributes["reason"] == "cancelled"
    assert "cool" not in attributes
    assert init_integration.runtime_data.desired == DesiredState(
        mode=Mode.HEAT, target_temperature=21.0
    )
    await _run(hass, freezer, MIN_OFF_S, bridge)
    assert _mode(bridge) is Mode.HEAT
    assert bridge.unit.desired.fan_speed is FanSpeed.AUTO


async def test_manual_change_ends_the_cycle(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """A command from the thermostat ends the cycle; the user's command stays."""
    bridge = _bridge(init_integration)
    await _run_cycle(hass, init_integration)
    await _run(hass, freezer, 60, bridge)
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_TEMPERATURE: 24},
        blocking=True,
    )
    await hass.async_block_till_done()
    state, attributes = _sensor(hass)
    assert state == "cancelled"
    assert attributes["reason"] == "manual_change"
    assert _mode(bridge) is Mode.COOL
    assert bridge.unit.desired.target_temperature == 24


async def test_unit_lost_ends_the_cycle(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, init_integration: MockConfigEntry
) -> None:
    """The unit unplugged mid-cycle: cancelled, restoring is tried and logged."""
    bridge = _bridge(init_integration)
    await _run_cycle(hass, init_integration)
    await _run(hass, freezer, 60, bridge)
    await _simulate(hass, reachable=False)
    state, attributes = _sensor(hass)
    assert state == "cancelled"
    assert attributes["reason"] == "unit_unavailable"


async def test_command_refused_ends_the_cycle(
    hass: HomeAssistant, init_integration: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """A unit that refuses the test command (a real unit's error): cancelled, and it says so."""
    bridge = _bridge(init_integration)
    with patch.object(bridge, "async_send", side_effect=BridgeCommandError("refused")):
        await _run_cycle(hass, init_integration)
    state, attributes = _sensor(hass)
    assert state == "cancelled"
    assert attributes["reason"] == "command_failed"
    assert "The test cycle of Bedroom stopped" in caplog.text
    assert "could not be restored" in caplog.text


async def test_result_and_interrupted_cycle_survive_a_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """The last result is kept; a cycle cut by a restart is restored and marked interrupted."""
    bridge = _bridge(init_integration)
    await _run_cycle(hass, init_integration, minutes=5, modes=["cool"])
    await _run(hass, freezer, 300, bridge)
    passed = _sensor(hass)
    assert passed[0] == "passed"
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _sensor(hass) == passed

    # The restore stopped the compressor; the stored stop holds a start over the restart.
    await _run(hass, freezer, 185, _bridge(init_integration))
    await _heat(hass)
    await _run_cycle(hass, init_integration, modes=["cool"])
    assert init_integration.runtime_data.desired.mode is Mode.COOL
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    state, attributes = _sensor(hass)
    assert state == "cancelled"
    assert attributes["reason"] == "interrupted"
    # The state before the cycle is asked for again (the held cooling is dropped); the unit
    # heats once the off time since the cycle stopped it is over.
    desired = init_integration.runtime_data.desired
    assert (desired.mode, desired.target_temperature) == (Mode.HEAT, 21)
    assert _mode(_bridge(init_integration)) is Mode.FAN_ONLY
    await _run(hass, freezer, 185, _bridge(init_integration))
    assert _mode(_bridge(init_integration)) is Mode.HEAT
    key = store_key(EntryStore.TEST_CYCLE, init_integration.entry_id)
    assert hass_storage[key]["data"]["restore"] is None
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
