"""Tests of the climate entity over the simulated unit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_CURRENT_HUMIDITY,
    ATTR_CURRENT_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_SWING_MODE,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM, UnitSystem
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)

from custom_components.window_heatpump.bridges.base import BridgeCommandError, BridgeConnectionError
from custom_components.window_heatpump.const import DOMAIN

ENTITY_ID = "climate.bedroom"


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate action on the bedroom unit."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY_ID, **data}, blocking=True
    )


def _state(hass: HomeAssistant) -> State:
    """Return the bedroom unit's state."""
    state = hass.states.get(ENTITY_ID)
    assert state is not None
    return state


async def _set_up_in(hass: HomeAssistant, entry: MockConfigEntry, home: UnitSystem) -> None:
    """Set the unit up in a home that uses `home`'s units."""
    hass.config.units = home
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: int
) -> list[State]:
    """Let the simulated unit run minute by minute; return the state after each minute."""
    states = []
    for _ in range(minutes):
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        states.append(_state(hass))
    return states


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    "mode", [HVACMode.COOL, HVACMode.HEAT, HVACMode.DRY, HVACMode.FAN_ONLY, HVACMode.AUTO]
)
async def test_every_mode(hass: HomeAssistant, mode: HVACMode) -> None:
    """Every mode the unit has can be set, and off turns it off again."""
    assert _state(hass).state == HVACMode.OFF
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == HVACAction.OFF
    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: mode})
    assert _state(hass).state == mode
    assert _state(hass).attributes[ATTR_HVAC_ACTION] != HVACAction.OFF
    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.OFF})
    assert _state(hass).state == HVACMode.OFF


@pytest.mark.usefixtures("init_integration")
async def test_actions_follow_the_mode(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A cold room makes heat heat; cool idles in it; fan only blows; dry dries."""
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 23, ATTR_HVAC_MODE: "heat"})
    await _run_for(hass, freezer, 1)
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == HVACAction.HEATING

    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.FAN_ONLY})
    await _run_for(hass, freezer, 1)
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == HVACAction.FAN

    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.COOL})
    await _run_for(hass, freezer, 5)
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == HVACAction.IDLE

    # 16 °C is below the 17 °C room: cooling starts once the minimum off time is over.
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 16})
    actions = [state.attributes[ATTR_HVAC_ACTION] for state in await _run_for(hass, freezer, 5)]
    assert HVACAction.COOLING in actions

    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.DRY})
    actions = [state.attributes[ATTR_HVAC_ACTION] for state in await _run_for(hass, freezer, 5)]
    assert HVACAction.DRYING in actions


@pytest.mark.usefixtures("init_integration")
async def test_temperature_celsius(hass: HomeAssistant) -> None:
    """A °C unit takes half degrees within its own limits; HA refuses values outside."""
    attributes = _state(hass).attributes
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == (16, 30)
    assert attributes[ATTR_TARGET_TEMP_STEP] == 0.5
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 22.5})
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 22.5
    # Not on the unit's grid: the nearest step the unit can take.
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 22.7})
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 22.5
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 35})
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 22.5


@pytest.mark.usefixtures("init_integration")
async def test_temperature_with_mode(hass: HomeAssistant) -> None:
    """A set point sent with a mode sets both in one command."""
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24, ATTR_HVAC_MODE: "cool"})
    state = _state(hass)
    assert state.state == HVACMode.COOL
    assert state.attributes[ATTR_TEMPERATURE] == 24


@pytest.mark.parametrize("temperature_unit", ["°F"])
@pytest.mark.usefixtures("init_integration")
async def test_unit_working_in_fahrenheit(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A °F unit gets whole °F set points, shown in the user's °C."""
    coordinator = init_integration.runtime_data
    # 22 °C is 71.6 °F: the unit takes 72 °F, shown as 22.2 °C.
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 22})
    assert coordinator.data.desired.target_temperature == 72
    attributes = _state(hass).attributes
    assert attributes[ATTR_TEMPERATURE] == pytest.approx(22.2, abs=0.05)
    assert attributes[ATTR_MIN_TEMP] == pytest.approx(16.1, abs=0.05)
    # The room is 17 °C = 62.6 °F at the unit, and shown back in °C.
    assert coordinator.data.current_temperature == pytest.approx(62.6, abs=0.1)
    assert attributes[ATTR_CURRENT_TEMPERATURE] == pytest.approx(17.0, abs=0.1)


@pytest.mark.parametrize("temperature_unit", ["°F"])
async def test_fahrenheit_everywhere(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A °F unit in a °F home shows and takes its own numbers."""
    await _set_up_in(hass, mock_config_entry, US_CUSTOMARY_SYSTEM)
    attributes = _state(hass).attributes
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == (61, 86)
    assert attributes[ATTR_TARGET_TEMP_STEP] == 1
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 75})
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 75
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 90})


@pytest.mark.usefixtures("init_integration")
async def test_celsius_unit_in_fahrenheit_home(hass: HomeAssistant) -> None:
    """A °C unit in a °F home takes °F from the user and gets its nearest half degree."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 72})
    # 72 °F = 22.2 °C -> 22.0 °C at the unit -> shown as 71.6 °F.
    assert _state(hass).attributes[ATTR_TEMPERATURE] == pytest.approx(71.6, abs=0.05)


@pytest.mark.parametrize(
    ("temperature_unit", "home", "asked", "sent", "shown"),
    [
        # A °F unit in a °C home: the nearest whole °F, shown back in °C.
        ("°F", METRIC_SYSTEM, 22, 72, 22.2),
        ("°F", METRIC_SYSTEM, 22.6, 73, 22.8),
        # A °F unit in a °F home: 72 °F reaches the unit as 72 °F, not 71.96.
        ("°F", US_CUSTOMARY_SYSTEM, 72, 72, 72),
        # A °C unit in a °F home: the nearest half °C, shown back in °F.
        ("°C", US_CUSTOMARY_SYSTEM, 72, 22.0, 71.6),
        ("°C", US_CUSTOMARY_SYSTEM, 73, 23.0, 73.4),
        # A °C unit in a °C home: its own half-degree grid.
        ("°C", METRIC_SYSTEM, 22.7, 22.5, 22.5),
    ],
)
async def test_set_point_reaches_the_unit_on_its_grid(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    home: UnitSystem,
    asked: float,
    sent: float,
    shown: float,
) -> None:
    """A set point in the home's unit reaches the unit exactly, on the unit's own grid."""
    await _set_up_in(hass, mock_config_entry, home)
    bridge = mock_config_entry.runtime_data.bridge
    with patch.object(bridge, "async_send", wraps=bridge.async_send) as send:
        await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: asked})
    (desired,) = [call.args[0] for call in send.call_args_list]
    assert desired.target_temperature == sent
    assert _state(hass).attributes[ATTR_TEMPERATURE] == shown


@pytest.mark.parametrize(
    ("temperature_unit", "home", "limits", "current"),
    [
        ("°F", METRIC_SYSTEM, (16.1, 30.0), 17.0),
        ("°F", US_CUSTOMARY_SYSTEM, (61, 86), 62.6),
        ("°C", US_CUSTOMARY_SYSTEM, (60.8, 86.0), 62.6),
        ("°C", METRIC_SYSTEM, (16, 30), 17.0),
    ],
)
async def test_limits_and_room_shown_in_the_home_unit(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    home: UnitSystem,
    limits: tuple[float, float],
    current: float,
) -> None:
    """The unit's range and the room temperature are shown in the home's unit, to 0.1."""
    await _set_up_in(hass, mock_config_entry, home)
    attributes = _state(hass).attributes
    assert (attributes[ATTR_MIN_TEMP], attributes[ATTR_MAX_TEMP]) == limits
    # The simulated room starts at 17 °C (62.6 °F).
    assert attributes[ATTR_CURRENT_TEMPERATURE] == current


@pytest.mark.usefixtures("init_integration")
async def test_fan_and_swing(hass: HomeAssistant) -> None:
    """Every fan speed and swing setting of the unit can be set."""
    attributes = _state(hass).attributes
    for fan_mode in attributes["fan_modes"]:
        await _call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: fan_mode})
        assert _state(hass).attributes[ATTR_FAN_MODE] == fan_mode
    for swing_mode in attributes["swing_modes"]:
        await _call(hass, SERVICE_SET_SWING_MODE, **{ATTR_SWING_MODE: swing_mode})
        assert _state(hass).attributes[ATTR_SWING_MODE] == swing_mode
    with pytest.raises(ServiceValidationError):
        await _call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: "hurricane"})


@pytest.mark.usefixtures("init_integration")
async def test_turn_on_restores_last_mode(hass: HomeAssistant) -> None:
    """turn_on goes back to the mode the unit last ran in; the first time, heat."""
    await _call(hass, SERVICE_TURN_ON)
    assert _state(hass).state == HVACMode.HEAT
    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: HVACMode.COOL})
    await _call(hass, SERVICE_TURN_OFF)
    assert _state(hass).state == HVACMode.OFF
    await _call(hass, SERVICE_TURN_ON)
    assert _state(hass).state == HVACMode.COOL


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("dry", HVACMode.DRY),
        # A stored mode the unit does not have is ignored: the first-time default.
        ("turbo_mode", HVACMode.HEAT),
    ],
)
async def test_last_mode_survives_restart(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, stored: str, expected: HVACMode
) -> None:
    """The mode turn_on goes back to is restored after a restart."""
    mock_restore_cache_with_extra_data(
        hass, [(State(ENTITY_ID, HVACMode.OFF), {"last_active_mode": stored})]
    )
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await _call(hass, SERVICE_TURN_ON)
    assert _state(hass).state == expected


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": 0.0, "outdoor_humidity": 90.0}])
@pytest.mark.usefixtures("init_integration")
async def test_heat_cycle_with_defrost(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Heating a room in cold humid weather: heating, defrosting (no heat), heating again."""
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 30, ATTR_HVAC_MODE: "heat"})
    states = await _run_for(hass, freezer, 4 * 60)
    actions = [state.attributes[ATTR_HVAC_ACTION] for state in states]
    assert actions[0] == HVACAction.HEATING
    first = actions.index(HVACAction.DEFROSTING)
    end = first + actions[first:].index(HVACAction.HEATING)
    assert 3 <= end - first <= 10, "a defrost lasts several minutes"
    # No heat reaches the room while the unit defrosts.
    during = [state.attributes[ATTR_CURRENT_TEMPERATURE] for state in states[first:end]]
    assert max(during) <= states[first - 1].attributes[ATTR_CURRENT_TEMPERATURE]
    # Heat comes back afterwards, and the unit defrosts again later.
    assert states[-1].attributes[ATTR_CURRENT_TEMPERATURE] > during[-1]
    assert actions[end:].count(HVACAction.DEFROSTING) > 0
    assert states[-1].attributes[ATTR_CURRENT_HUMIDITY] is not None


@pytest.mark.usefixtures("init_integration")
async def test_unreachable_unit(hass: HomeAssistant, caplog: pytest.LogCaptureFixture) -> None:
    """An unplugged unit is unavailable, refuses commands in words, and comes back."""
    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": False}, blocking=True
    )
    assert _state(hass).state == STATE_UNAVAILABLE
    assert caplog.text.count("Bedroom is unreachable") == 1
    # Home Assistant does not hand a command to an unavailable entity; it says so in the log.
    await _call(hass, SERVICE_TURN_ON)
    assert "climate.bedroom are missing or not currently available" in caplog.text
    assert _state(hass).state == STATE_UNAVAILABLE
    # Saying it again is no news: the log has it once.
    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": False}, blocking=True
    )
    assert caplog.text.count("Bedroom is unreachable") == 1

    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": True}, blocking=True
    )
    assert _state(hass).state == HVACMode.OFF
    assert caplog.text.count("Bedroom is reachable again") == 1


async def test_send_fails_while_reported_available(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A command the unit refuses raises a translated error and changes nothing."""
    bridge = init_integration.runtime_data.bridge
    with (
        patch.object(bridge, "async_send", side_effect=BridgeCommandError("checksum")),
        pytest.raises(HomeAssistantError) as error,
    ):
        await _call(hass, SERVICE_TURN_ON)
    assert error.value.translation_key == "command_failed"
    assert error.value.translation_placeholders == {"error": "checksum"}
    assert _state(hass).state == HVACMode.OFF


async def test_send_finds_unit_gone(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A unit that vanishes between reports gives the unavailable error, not a traceback."""
    bridge = init_integration.runtime_data.bridge
    with (
        patch.object(bridge, "async_send", side_effect=BridgeConnectionError("timeout")),
        pytest.raises(HomeAssistantError) as error,
    ):
        await _call(hass, SERVICE_TURN_ON)
    assert error.value.translation_key == "unit_unavailable"
