"""Tests of the Tasmota IRHVAC dialect against a real broker, a Tasmota played by a paho client."""

from __future__ import annotations

import json
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_SWING_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
    SERVICE_TURN_OFF,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.bridges.base import FollowMe
from custom_components.window_heatpump.bridges.oneway import ECHO_WINDOW, AssumedStateStore
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import DesiredState, Mode, TemperatureUnit
from custom_components.window_heatpump.protocols import irhvac

from .mosquitto import Broker
from .mqtt_device import (
    Device,
    advance,
    all_arrived,
    climate_state,
    publish_to_bridge,
    settle,
    setup_unit,
    unload_unsubscribes,
    wait_for,
)

ENTITY = "climate.office"
COMMAND = "cmnd/tasmota_ir/IRHVAC"
LWT = "tele/tasmota_ir/LWT"
TELE = "tele/tasmota_ir/RESULT"
STAT = "stat/tasmota_ir/RESULT"
STORAGE_KEY = "window_heatpump.assumed_state.{}"

# What Tasmota reports when the unit's own remote is pressed (IrReceived with IRHVAC).
REMOTE_FRAME: dict[str, Any] = {
    "Vendor": "MIDEA",
    "Model": -1,
    "Mode": "Cool",
    "Power": "On",
    "Celsius": "On",
    "Temp": 24,
    "FanSpeed": "Low",
    "SwingV": "Auto",
    "SwingH": "Off",
    "Quiet": "Off",
    "Turbo": "Off",
    "Econo": "Off",
    "Light": "On",
    "Filter": "Off",
    "Clean": "Off",
    "Beep": "Off",
    "Sleep": -1,
}


def _remote(**changes: Any) -> str:
    """Return an IrReceived message of the remote, with some IRHVAC fields changed."""
    frame = {**REMOTE_FRAME, **changes}
    return json.dumps(
        {
            "IrReceived": {
                "Protocol": frame["Vendor"],
                "Bits": 48,
                "Data": "0xA1826FFFFF62",
                "Repeat": 0,
                "IRHVAC": frame,
            }
        }
    )


@pytest.fixture
def vendor() -> str:
    """Return the IRHVAC vendor of the unit's remote (parametrized per test)."""
    return "MIDEA"


@pytest.fixture
def model() -> str:
    """Return the IRHVAC model of the unit (parametrized per test)."""
    return ""


@pytest.fixture
def tasmota_entry(temperature_unit: str, vendor: str, model: str) -> MockConfigEntry:
    """Return an entry for a unit (MIDEA unless parametrized) behind the Tasmota `tasmota_ir`."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Office",
        unique_id="mqtt_tasmota_tasmota_ir",
        data={
            "bridge": "mqtt_tasmota",
            "tasmota_topic": "tasmota_ir",
            "vendor": vendor,
            "model": model,
            "capacity_btu": 8000,
            "temperature_unit": temperature_unit,
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
        },
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the unit up and wait until its subscriptions reach the broker."""
    await setup_unit(hass, entry, LWT)


def _state(hass: HomeAssistant) -> State:
    """Return the climate entity's state."""
    return climate_state(hass, ENTITY)


@pytest.fixture
async def tasmota(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device, tasmota_entry: MockConfigEntry
) -> Device:
    """Return the Tasmota device, online, with the unit set up."""
    await hass.async_add_executor_job(device.subscribe, "cmnd/tasmota_ir/#")
    await hass.async_add_executor_job(lambda: device.publish(LWT, "Online", retain=True))
    await _setup(hass, tasmota_entry)
    # The retained last will comes after the subscription: let it in before a test counts.
    await wait_for(lambda: tasmota_entry.runtime_data.bridge.diagnostics()["received_messages"])
    return device


async def _call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Call a climate action on the unit."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )


async def _commands(device: Device, count: int = 1) -> list[dict[str, Any]]:
    """Wait for `count` IRHVAC commands; return their JSON."""
    await wait_for(lambda: len(device.messages(COMMAND)) >= count)
    return [json.loads(message.payload) for message in device.messages(COMMAND)]


async def _all_commands(hass: HomeAssistant, device: Device) -> list[dict[str, Any]]:
    """Return every IRHVAC command published so far (and arrived: a marker follows them)."""
    await all_arrived(hass, device, "cmnd/tasmota_ir/Marker")
    return await _commands(device, 0)


async def _settled_call(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    device: Device,
    service: str,
    data: dict[str, Any],
    count: int = 1,
) -> list[dict[str, Any]]:
    """Call an action, let it settle and wait for the `count`th command; return all so far."""
    await _call(hass, service, data)
    await settle(hass, freezer)
    return await _commands(device, count)


async def _unload(hass: HomeAssistant, entry: MockConfigEntry) -> DesiredState | None:
    """Unload the unit; return the state it stored (None: it stored none)."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return await AssumedStateStore(hass, entry.entry_id).async_load()


async def test_assumed_state_entity(hass: HomeAssistant, tasmota: Device) -> None:
    """The entity is an assumed-state thermostat with IRHVAC's fan speeds and swings."""
    state = _state(hass)
    assert state.state == "off"
    assert state.attributes["assumed_state"] is True
    assert state.attributes["fan_modes"] == ["auto", "quiet", "low", "medium", "high", "turbo"]
    assert state.attributes["swing_modes"] == ["off", "vertical", "horizontal", "both"]
    assert state.attributes["min_temp"] == 16
    assert state.attributes["max_temp"] == 30
    assert state.attributes["target_temp_step"] == 1
    assert "current_temperature" not in state.attributes or (
        state.attributes["current_temperature"] is None
    )


@pytest.mark.parametrize(
    ("service", "data", "fields", "attribute", "shown"),
    [
        (
            SERVICE_SET_HVAC_MODE,
            {ATTR_HVAC_MODE: "heat"},
            {"Power": "On", "Mode": "Heat"},
            None,
            "heat",
        ),
        (
            SERVICE_SET_HVAC_MODE,
            {ATTR_HVAC_MODE: "fan_only"},
            {"Power": "On", "Mode": "Fan"},
            None,
            "fan_only",
        ),
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "dry"}, {"Mode": "Dry"}, None, "dry"),
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "auto"}, {"Mode": "Auto"}, None, "auto"),
        (SERVICE_TURN_OFF, {}, {"Power": "Off", "Mode": "Off"}, None, "off"),
        (
            SERVICE_SET_TEMPERATURE,
            {ATTR_TEMPERATURE: 26},
            {"Temp": 26.0, "Celsius": "On"},
            ATTR_TEMPERATURE,
            26,
        ),
        (SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "low"}, {"FanSpeed": "Low"}, ATTR_FAN_MODE, "low"),
        (
            SERVICE_SET_FAN_MODE,
            {ATTR_FAN_MODE: "quiet"},
            {"FanSpeed": "Min", "Quiet": "On", "Turbo": "Off"},
            ATTR_FAN_MODE,
            "quiet",
        ),
        (
            SERVICE_SET_FAN_MODE,
            {ATTR_FAN_MODE: "turbo"},
            {"FanSpeed": "Max", "Quiet": "Off", "Turbo": "On"},
            ATTR_FAN_MODE,
            "turbo",
        ),
        (
            SERVICE_SET_FAN_MODE,
            {ATTR_FAN_MODE: "medium"},
            {"FanSpeed": "Medium"},
            ATTR_FAN_MODE,
            "medium",
        ),
        (
            SERVICE_SET_FAN_MODE,
            {ATTR_FAN_MODE: "high"},
            {"FanSpeed": "High"},
            ATTR_FAN_MODE,
            "high",
        ),
        (
            SERVICE_SET_SWING_MODE,
            {ATTR_SWING_MODE: "vertical"},
            {"SwingV": "Auto", "SwingH": "Off"},
            ATTR_SWING_MODE,
            "vertical",
        ),
        (
            SERVICE_SET_SWING_MODE,
            {ATTR_SWING_MODE: "horizontal"},
            {"SwingV": "Off", "SwingH": "Auto"},
            ATTR_SWING_MODE,
            "horizontal",
        ),
        (
            SERVICE_SET_SWING_MODE,
            {ATTR_SWING_MODE: "both"},
            {"SwingV": "Auto", "SwingH": "Auto"},
            ATTR_SWING_MODE,
            "both",
        ),
    ],
)
async def test_commands(
    hass: HomeAssistant,
    tasmota: Device,
    service: str,
    data: dict[str, Any],
    fields: dict[str, Any],
    attribute: str | None,
    shown: Any,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each action sends one whole IRHVAC command and the entity assumes it took."""
    (command,) = await _settled_call(hass, freezer, tasmota, service, data)
    assert command["Vendor"] == "MIDEA"
    assert command["Model"] == -1
    assert set(command) == {
        "Vendor", "Model", "Power", "Mode", "Celsius", "Temp", "FanSpeed", "SwingV", "SwingH",
        "Quiet", "Turbo", "Econo", "Light", "Filter", "Clean", "Beep", "Sleep",
    }  # fmt: skip
    assert {key: command[key] for key in fields} == fields
    state = _state(hass)
    assert (state.state if attribute is None else state.attributes[attribute]) == shown


@pytest.mark.parametrize("temperature_unit", ["°F"])
async def test_fahrenheit_unit(
    hass: HomeAssistant, tasmota: Device, freezer: FrozenDateTimeFactory
) -> None:
    """A °F unit gets `Celsius: Off` and its set point in °F."""
    (command,) = await _settled_call(
        hass,
        freezer,
        tasmota,
        SERVICE_SET_TEMPERATURE,
        {ATTR_TEMPERATURE: 23.9, ATTR_HVAC_MODE: "cool"},
    )
    assert command["Celsius"] == "Off"
    assert command["Temp"] == 75
    assert command["Mode"] == "Cool"
    # The remote of a °F unit reports °C now and then; the entity converts.
    await publish_to_bridge(hass, tasmota, TELE, _remote(Temp=20, Celsius="On"))
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 20
    await publish_to_bridge(hass, tasmota, TELE, _remote(Temp=80, Celsius="Off"))
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 26.7  # 80 °F in this °C Home Assistant


async def test_physical_remote_updates_the_state(hass: HomeAssistant, tasmota: Device) -> None:
    """A press on the unit's own remote, heard by Tasmota, becomes the assumed state."""
    await publish_to_bridge(hass, tasmota, TELE, _remote())
    state = _state(hass)
    assert state.state == "cool"
    assert state.attributes[ATTR_TEMPERATURE] == 24
    assert state.attributes[ATTR_FAN_MODE] == "low"
    assert state.attributes[ATTR_SWING_MODE] == "vertical"
    assert state.attributes[ATTR_HVAC_ACTION] == "cooling"
    await publish_to_bridge(hass, tasmota, TELE, _remote(Turbo="On", SwingH="Auto", Temp=22.6))
    state = _state(hass)
    assert state.attributes[ATTR_FAN_MODE] == "turbo"
    assert state.attributes[ATTR_SWING_MODE] == "both"
    assert state.attributes[ATTR_TEMPERATURE] == 23
    await publish_to_bridge(hass, tasmota, TELE, _remote(Quiet="On", SwingV="Middle"))
    assert _state(hass).attributes[ATTR_FAN_MODE] == "quiet"
    assert _state(hass).attributes[ATTR_SWING_MODE] == "off"
    # Protocols without quiet or turbo leave the fields out.
    frame = {k: v for k, v in REMOTE_FRAME.items() if k not in {"Quiet", "Turbo"}}
    await publish_to_bridge(hass, tasmota, TELE, json.dumps({"IrReceived": {"IRHVAC": frame}}))
    assert _state(hass).attributes[ATTR_FAN_MODE] == "low"
    await publish_to_bridge(hass, tasmota, TELE, _remote(Power="Off"))
    assert _state(hass).state == "off"
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == "off"
    # Nothing is sent back: the unit heard its remote itself.
    assert not tasmota.messages(COMMAND)


async def test_command_echo_keeps_the_state(hass: HomeAssistant, tasmota: Device) -> None:
    """Tasmota's IRHVAC echo on stat/RESULT (also of a command sent elsewhere) is taken."""
    echo = {**REMOTE_FRAME, "Mode": "Heat", "Temp": 27, "Command": "Control"}
    await publish_to_bridge(hass, tasmota, STAT, json.dumps({"IRHVAC": echo}))
    assert _state(hass).state == "heat"
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 27


@pytest.mark.parametrize(
    "payload",
    [
        _remote(Vendor="DAIKIN"),
        _remote(Vendor="COOLIX", Mode="Heat"),
        json.dumps({"IrReceived": {"Protocol": "NEC", "Bits": 32, "Data": "0x20DF10EF"}}),
        json.dumps({"POWER": "ON"}),
        json.dumps({"IrReceived": "0x1"}),
    ],
)
async def test_other_remotes_are_filtered(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    payload: str,
) -> None:
    """Frames of other vendors, other remotes and other results change nothing, quietly."""
    before = tasmota_entry.runtime_data.data
    for _ in range(2):
        await publish_to_bridge(hass, tasmota, TELE, payload)
    assert tasmota_entry.runtime_data.data == before
    assert tasmota_entry.runtime_data.bridge.diagnostics()["ignored_messages"] == 0
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and "ignored" in r.message
    ]


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        "[1, 2, 3]",
        '"IRHVAC"',
        json.dumps({"IRHVAC": [1, 2]}),
        json.dumps({"IrReceived": {"IRHVAC": "On"}}),
        _remote(Vendor=7),
        _remote(Temp="24"),
        _remote(Temp=True),
        _remote(Temp=45),
        _remote(Temp=5),
        _remote(Mode="Turbo"),
        # Issue 20: RecursionError and OverflowError escaped the message callback.
        pytest.param("[" * 100_000 + "]" * 100_000, id="deep"),
        pytest.param('{"IrReceived": {"IRHVAC": ' + "[" * 50_000 + "]" * 50_000 + "}}", id="deep2"),
        pytest.param(_remote(Temp=10**400), id="huge"),
        pytest.param(_remote(Temp=-(10**400), Celsius="Off"), id="huge_negative"),
        _remote(Mode=3),
        _remote(Power="Maybe"),
        _remote(Celsius=None),
        _remote(FanSpeed="Hurricane"),
        _remote(SwingV="Sideways"),
        _remote(SwingH=1),
        _remote(Turbo=1),
    ],
)
async def test_bad_input_is_ignored_with_one_log_line(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    payload: str,
) -> None:
    """Malformed, deep or huge JSON, wrong types, unknown values, out-of-range set points.

    Each is ignored and logged once per topic, on the remote's topic and the echo's alike;
    nothing reaches a traceback, and a good frame afterwards still applies.
    """
    before = tasmota_entry.runtime_data.data
    for topic in (TELE, STAT):
        for _ in range(3):
            await publish_to_bridge(hass, tasmota, topic, payload)
    assert tasmota_entry.runtime_data.data == before
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "ignored" in r.message
    ]
    assert [TELE in warnings[0].message, STAT in warnings[1].message] == [True, True]
    assert len(warnings) == 2
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert tasmota_entry.runtime_data.bridge.diagnostics()["ignored_messages"] == 6
    await publish_to_bridge(hass, tasmota, TELE, _remote())
    assert _state(hass).state == "cool"


async def test_mode_the_unit_lacks_is_ignored(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device, tasmota_entry: MockConfigEntry
) -> None:
    """A remote frame in a mode the unit was set up without changes nothing."""
    tasmota_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        tasmota_entry, data={**tasmota_entry.data, "hvac_modes": ["cool", "heat"]}
    )
    await _setup(hass, tasmota_entry)
    await publish_to_bridge(hass, device, TELE, _remote(Mode="Dry"))
    assert _state(hass).state == "off"
    assert tasmota_entry.runtime_data.bridge.diagnostics()["ignored_messages"] == 1


async def test_availability_from_lwt(hass: HomeAssistant, tasmota: Device) -> None:
    """Tasmota's last will makes the unit unavailable and available again."""
    await publish_to_bridge(hass, tasmota, LWT, "Offline")
    assert _state(hass).state == STATE_UNAVAILABLE
    await publish_to_bridge(hass, tasmota, LWT, "Online")
    assert _state(hass).state == "off"
    await publish_to_bridge(hass, tasmota, LWT, "Sleeping")
    assert _state(hass).state == "off"


async def test_restart_keeps_the_assumed_state(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """The assumed state is stored and comes back after a restart (here: a reload)."""
    await _settled_call(
        hass,
        freezer,
        tasmota,
        SERVICE_SET_TEMPERATURE,
        {ATTR_TEMPERATURE: 25, ATTR_HVAC_MODE: "heat"},
    )
    await _settled_call(hass, freezer, tasmota, SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "high"}, 2)
    assert await hass.config_entries.async_unload(tasmota_entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[STORAGE_KEY.format(tasmota_entry.entry_id)]["data"]
    assert stored == {
        "mode": "heat",
        "target_temperature": 25.0,
        "fan_speed": "high",
        "swing": "off",
        "preset": "none",
    }
    # The clock is frozen: set up without waiting for the broker (the state comes from storage).
    assert await hass.config_entries.async_setup(tasmota_entry.entry_id)
    await hass.async_block_till_done()
    state = _state(hass)
    assert state.state == "heat"
    assert state.attributes[ATTR_TEMPERATURE] == 25
    assert state.attributes[ATTR_FAN_MODE] == "high"
    assert state.attributes["assumed_state"] is True
    # Nothing was sent at start-up: the unit is assumed to be as it was left.
    assert len(tasmota.messages(COMMAND)) == 2


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"mode": "cool", "target_temperature": 19, "fan_speed": "low", "swing": "both"}, "cool"),
        ({"mode": "warp", "target_temperature": 19}, "off"),
    ],
)
async def test_state_stored_by_a_previous_run(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    device: Device,
    tasmota_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    stored: dict[str, Any],
    expected: str,
) -> None:
    """At start-up the state a previous run stored is restored; an unreadable one is not."""
    hass_storage[STORAGE_KEY.format(tasmota_entry.entry_id)] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY.format(tasmota_entry.entry_id),
        "data": stored,
    }
    await _setup(hass, tasmota_entry)
    assert _state(hass).state == expected


async def test_removing_the_unit_deletes_its_stored_state(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Deleting the entry deletes what it stored."""
    await _settled_call(hass, freezer, tasmota, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"})
    assert await hass.config_entries.async_unload(tasmota_entry.entry_id)
    assert STORAGE_KEY.format(tasmota_entry.entry_id) in hass_storage
    await hass.config_entries.async_remove(tasmota_entry.entry_id)
    await hass.async_block_till_done()
    assert STORAGE_KEY.format(tasmota_entry.entry_id) not in hass_storage


async def test_unload_unsubscribes(
    hass: HomeAssistant, tasmota: Device, tasmota_entry: MockConfigEntry
) -> None:
    """Unloading the unit drops its three subscriptions."""
    assert await unload_unsubscribes(hass, tasmota_entry) == {TELE, STAT, LWT}


@pytest.mark.parametrize(("vendor", "model"), [("FUJITSU_AC", "ARRAH2E")])
async def test_model_and_diagnostics(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A model name goes into every command; diagnostics show vendor, model and last command."""
    (command,) = await _settled_call(
        hass, freezer, tasmota, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"}
    )
    assert (command["Vendor"], command["Model"]) == ("FUJITSU_AC", "ARRAH2E")
    await publish_to_bridge(hass, tasmota, TELE, _remote())  # a MIDEA remote nearby
    diagnostics = tasmota_entry.runtime_data.bridge.diagnostics()
    assert diagnostics["dialect"] == "tasmota_irhvac"
    assert diagnostics["last_command"] == command
    assert diagnostics["other_vendors_heard"] == ["MIDEA"]


async def test_slider_drag_is_one_command(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Ten set points within one second are shown at once and become one IRHVAC command."""
    await _settled_call(hass, freezer, tasmota, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"})
    for step in range(10):
        await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 17 + step})
        assert _state(hass).attributes[ATTR_TEMPERATURE] == 17 + step
        await advance(hass, freezer, 0.09)
    assert len(await _all_commands(hass, tasmota)) == 1
    await settle(hass, freezer)
    first, command = await _commands(tasmota, 2)
    assert (first["Mode"], command["Mode"], command["Temp"]) == ("Heat", "Heat", 26)
    # Nothing more comes: the drag was one command.
    await settle(hass, freezer)
    assert len(await _all_commands(hass, tasmota)) == 2
    assert tasmota_entry.runtime_data.bridge.diagnostics()["commands_sent"] == 2


async def test_remote_press_while_settling_cancels_the_command(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The unit's own remote, pressed while a change settles, is the state; nothing is sent."""
    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 28, ATTR_HVAC_MODE: "heat"})
    assert _state(hass).state == "heat"
    await publish_to_bridge(hass, tasmota, TELE, _remote())
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("cool", 24)
    assert tasmota_entry.runtime_data.bridge.diagnostics()["settling"] is False
    await settle(hass, freezer)
    assert not await _all_commands(hass, tasmota)
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("cool", 24)
    stored = await _unload(hass, tasmota_entry)
    assert stored is not None
    assert (stored.mode, stored.target_temperature) == (Mode.COOL, 24)


async def test_echo_while_settling_keeps_the_change(
    hass: HomeAssistant, tasmota: Device, freezer: FrozenDateTimeFactory
) -> None:
    """An IRHVAC echo (a command sent by something else) does not drop a change settling."""
    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 28, ATTR_HVAC_MODE: "heat"})
    echo = {**REMOTE_FRAME, "Mode": "Dry", "Temp": 20}
    await publish_to_bridge(hass, tasmota, STAT, json.dumps({"IRHVAC": echo}))
    assert _state(hass).state == "heat"
    await settle(hass, freezer)
    (command,) = await _commands(tasmota)
    assert (command["Mode"], command["Temp"]) == ("Heat", 28)
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 28
    # The echo of that command confirms it: nothing changes, nothing more is sent.
    echo = {**command, "Command": "Control"}
    await publish_to_bridge(hass, tasmota, STAT, json.dumps({"IRHVAC": echo}))
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("heat", 28)
    assert len(await _all_commands(hass, tasmota)) == 1


async def test_change_while_a_send_fails_still_goes_out(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A change made while a publish is under way and fails stays shown and goes out next."""
    bridge = tasmota_entry.runtime_data.bridge
    publish = bridge._mqtt_publish

    async def _refuse_after_a_newer_change(*_args: Any) -> None:
        """Take a newer change while the publish waits, then fail it as the broker would."""
        bridge._mqtt_publish = publish
        await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 25})
        msg = "the broker refused it"
        raise HomeAssistantError(msg)

    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23, ATTR_HVAC_MODE: "heat"})
    bridge._mqtt_publish = _refuse_after_a_newer_change
    await settle(hass, freezer)
    await wait_for(lambda: "could not be sent" in caplog.text)
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 25
    assert bridge.diagnostics()["settling"] is True
    await settle(hass, freezer)
    (command,) = await _commands(tasmota)
    assert (command["Mode"], command["Temp"]) == ("Heat", 25)


async def test_broker_lost_while_settling_shows_the_state_sent(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    broker: Broker,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A command that cannot be published is logged once and the state last sent comes back."""
    await _settled_call(hass, freezer, tasmota, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "heat"})
    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 27})
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 27
    await hass.async_add_executor_job(broker.stop)
    await wait_for(lambda: _state(hass).state == STATE_UNAVAILABLE)
    await settle(hass, freezer)
    failures = [r for r in caplog.records if "could not be sent" in r.message]
    assert [r.levelno for r in failures] == [logging.WARNING]
    bridge = tasmota_entry.runtime_data.bridge
    assert (bridge.diagnostics()["commands_sent"], bridge.diagnostics()["settling"]) == (1, False)
    await hass.async_add_executor_job(broker.start)
    # Home Assistant's MQTT client tries to reconnect every 10 s.
    await advance(hass, freezer, 11)
    await wait_for(lambda: _state(hass).state != STATE_UNAVAILABLE)
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("heat", 21)
    assert len([r for r in caplog.records if "could not be sent" in r.message]) == 1


async def test_unload_while_settling_sends_nothing(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A change still settling when the unit unloads is neither sent nor kept."""
    await _call(hass, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"})
    assert await _unload(hass, tasmota_entry) is None
    await settle(hass, freezer)
    assert not await _all_commands(hass, tasmota)


async def test_diagnostics_while_settling(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Diagnostics say whether a command settles, how many went out and the state last sent."""
    bridge = tasmota_entry.runtime_data.bridge
    diagnostics = bridge.diagnostics()
    assert (diagnostics["settling"], diagnostics["commands_sent"]) == (False, 0)
    assert diagnostics["last_command"] is None
    await _call(hass, SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "dry"})
    diagnostics = bridge.diagnostics()
    assert (diagnostics["settling"], diagnostics["commands_sent"]) == (True, 0)
    assert diagnostics["sent"]["mode"] == "off"
    await settle(hass, freezer)
    (command,) = await _commands(tasmota)
    diagnostics = bridge.diagnostics()
    assert (diagnostics["settling"], diagnostics["commands_sent"]) == (False, 1)
    assert diagnostics["sent"]["mode"] == "dry"
    assert diagnostics["last_command"] == command


def _heard(command: dict[str, Any]) -> str:
    """Return what Tasmota's receiver reports when it hears the command's own frame."""
    return json.dumps(
        {"IrReceived": {"Protocol": command["Vendor"], "Bits": 48, "Repeat": 0, "IRHVAC": command}}
    )


async def test_own_commands_heard_back_are_ignored(
    hass: HomeAssistant,
    tasmota: Device,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Frames of ours reported by the receiver change nothing; the remote's later press counts."""
    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 28, ATTR_HVAC_MODE: "heat"})
    await settle(hass, freezer)
    (heat,) = await _commands(tasmota)
    with caplog.at_level(logging.DEBUG, logger="custom_components.window_heatpump"):
        await publish_to_bridge(hass, tasmota, TELE, _heard(heat))
        # Swing and turbo, the settings other Midea paths toggle: asked, sent, heard back.
        swing, turbo = {ATTR_SWING_MODE: "vertical"}, {ATTR_FAN_MODE: "turbo"}
        for service, data, count in (
            (SERVICE_SET_SWING_MODE, swing, 2),
            (SERVICE_SET_FAN_MODE, turbo, 3),
        ):
            command = (await _settled_call(hass, freezer, tasmota, service, data, count))[-1]
            await publish_to_bridge(hass, tasmota, TELE, _heard(command))
    assert len([r for r in caplog.records if "the bridge sent" in r.message]) == 3
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_SWING_MODE], state.attributes[ATTR_FAN_MODE]) == (
        "heat",
        "vertical",
        "turbo",
    )
    # A late echo of the first command does not drop a change settling.
    await _call(hass, SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 25})
    await publish_to_bridge(hass, tasmota, TELE, _heard(command))
    await settle(hass, freezer)
    assert (await _commands(tasmota, 4))[-1]["Temp"] == 25
    # After the echo window, the remote sending the first command's frame is the remote.
    await advance(hass, freezer, ECHO_WINDOW.total_seconds() + 1)
    await publish_to_bridge(hass, tasmota, TELE, _heard(heat))
    state = _state(hass)
    assert (state.attributes[ATTR_TEMPERATURE], state.attributes[ATTR_SWING_MODE]) == (28, "off")


async def test_room_temperature_goes_out_as_sensor_temp(
    hass: HomeAssistant,
    tasmota: Device,
    tasmota_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The room temperature is sent with the state as SensorTemp (iFeel on), not while off."""
    bridge = tasmota_entry.runtime_data.bridge
    assert bridge.capabilities.follow_me
    assert isinstance(bridge, FollowMe)
    await bridge.async_send_room_temperature(20.4)
    assert not await _all_commands(hass, tasmota)
    await _settled_call(
        hass,
        freezer,
        tasmota,
        SERVICE_SET_TEMPERATURE,
        {ATTR_TEMPERATURE: 23, ATTR_HVAC_MODE: "heat"},
    )
    await bridge.async_send_room_temperature(19.6)
    _, command = await _commands(tasmota, 2)
    assert (command["Mode"], command["Temp"]) == ("Heat", 23)
    assert (command["iFeel"], command["SensorTemp"]) == ("On", 19.6)


@pytest.mark.parametrize(("vendor", "model"), [("DAIKIN", "")])
async def test_no_room_temperature_for_other_vendors(
    hass: HomeAssistant, tasmota: Device, tasmota_entry: MockConfigEntry
) -> None:
    """A vendor whose IRac sender takes no room temperature is not a Follow Me unit."""
    bridge = tasmota_entry.runtime_data.bridge
    assert not bridge.capabilities.follow_me
    await bridge.async_send_room_temperature(20.0)
    assert not await _all_commands(hass, tasmota)


def test_sensor_temp_is_in_the_command_scale() -> None:
    """SensorTemp follows the command's Celsius flag, as IRac reads it."""
    fahrenheit = irhvac.with_sensor_temperature({"Celsius": "Off"}, 20.0, TemperatureUnit.CELSIUS)
    assert (fahrenheit["iFeel"], fahrenheit["SensorTemp"]) == ("On", 68.0)
    celsius = irhvac.with_sensor_temperature({"Celsius": "On"}, 68.0, TemperatureUnit.FAHRENHEIT)
    assert celsius["SensorTemp"] == 20.0
