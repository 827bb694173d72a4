"""Tests of the IR bridges: coalescing, receiver, power sensor, delivery check, restore, paths."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceCall, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.window_heatpump.bridges.base import FollowMe
from custom_components.window_heatpump.bridges.oneway import ECHO_WINDOW
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import (
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
)
from custom_components.window_heatpump.protocols import PROTOCOLS, ReceivedState, Toggle
from custom_components.window_heatpump.protocols.raw import from_broadlink

from .ir_hardware import HAS_RECEIVERS, RecordingEmitter, async_setup_hardware

MIDEA = PROTOCOLS["midea"]
CLIMATE = "climate.office"
POWER = "sensor.office_plug_power"
BASE_DATA: dict[str, Any] = {
    "bridge": "infrared",
    "emitter": "infrared.test_emitter",
    "protocol": "midea",
    "capacity_btu": 8000,
    "temperature_unit": "°C",
    "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
    "settle_time": 0.8,
    "power_on_w": 20,
    "power_hysteresis_w": 5,
    "compressor_w": 200,
    "power_debounce": 5,
    "response_time": 30,
    "retries": 2,
}


def _entry(**data: Any) -> MockConfigEntry:
    """Return an IR unit named Office with the given data over the base."""
    return MockConfigEntry(
        domain=DOMAIN, title="Office", unique_id="infrared_office", data={**BASE_DATA, **data}
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add and set up an entry."""
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move the clock on and run what came due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _set_power(hass: HomeAssistant, value: str, unit: str = "W") -> None:
    """Report a power reading and let the listeners take it (before the clock moves)."""
    hass.states.async_set(POWER, value, {"unit_of_measurement": unit})
    await hass.async_block_till_done()


async def _climate(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate action on the unit."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: CLIMATE, **data}, blocking=True
    )


def _state(hass: HomeAssistant, entity_id: str = CLIMATE) -> State:
    """Return an entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None
    return state


def _decoded(emitter: RecordingEmitter, index: int = -1) -> Any:
    """Return what a recorded frame says, read back with the Midea decoder."""
    return MIDEA.decode(emitter.sent[index][1], TemperatureUnit.CELSIUS)


@pytest.fixture
async def emitter(hass: HomeAssistant) -> RecordingEmitter:
    """Set up the test IR hardware; return the emitter."""
    emitter, _receiver = await async_setup_hardware(hass)
    return emitter


async def test_slider_drag_is_one_frame(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emitter: RecordingEmitter
) -> None:
    """Ten set points within the settle time become one frame with the last of them."""
    await _setup(hass, _entry())
    state = _state(hass)
    assert state is not None
    assert state.attributes["assumed_state"] is True
    # No power sensor: what the unit does is not known, so it is not reported.
    assert state.attributes.get("hvac_action") is None
    assert "hvac_action_estimated" not in state.attributes
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    for step in range(10):
        await _climate(hass, "set_temperature", temperature=20 + step)
        await _advance(hass, freezer, 0.1)
    assert emitter.sent == []
    # The state shows the change at once, before the frame goes out.
    assert _state(hass).attributes["temperature"] == 29
    await _advance(hass, freezer, 0.8)
    assert len(emitter.sent) == 1
    assert emitter.sent[0][0] == 38000
    assert _decoded(emitter) == ReceivedState(
        mode=Mode.COOL,
        target_temperature=29,
        fan_speed=FanSpeed.AUTO,
        swing=None,
        preset=Preset.NONE,
    )
    await _advance(hass, freezer, 10)
    assert len(emitter.sent) == 1


async def test_swing_sends_toggle_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emitter: RecordingEmitter
) -> None:
    """Swing is a toggle frame on Midea: sent after the state frame, only when swing changes."""
    await _setup(hass, _entry())
    await _climate(hass, "set_hvac_mode", hvac_mode="heat")
    await _climate(hass, "set_swing_mode", swing_mode="vertical")
    await _advance(hass, freezer, 1)
    assert len(emitter.sent) == 2
    assert [
        command.get_raw_timings()
        for command in MIDEA.commands(
            DesiredState(mode=Mode.HEAT, swing=Swing.VERTICAL), TemperatureUnit.CELSIUS
        )
    ][1] == emitter.sent[1][1]
    await _climate(hass, "set_temperature", temperature=25)
    await _advance(hass, freezer, 1)
    assert len(emitter.sent) == 3


@pytest.mark.skipif(not HAS_RECEIVERS, reason="IR receivers exist from Home Assistant 2026.10")
async def test_receiver_follows_the_remote(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A remote's frame heard by the receiver becomes the state; foreign frames are ignored."""
    _emitter, receiver = await async_setup_hardware(hass)
    await _setup(hass, _entry(receiver="infrared.test_receiver"))
    frame = MIDEA.encode(
        DesiredState(mode=Mode.HEAT, target_temperature=24, fan_speed=FanSpeed.HIGH),
        TemperatureUnit.CELSIUS,
    )
    receiver.receive(frame.get_raw_timings())
    await hass.async_block_till_done()
    state = _state(hass)
    assert (state.state, state.attributes["temperature"], state.attributes["fan_mode"]) == (
        "heat",
        24,
        "high",
    )
    receiver.receive(MIDEA.toggles[next(iter(MIDEA.toggles))].get_raw_timings())
    await hass.async_block_till_done()
    assert _state(hass).attributes["swing_mode"] == "vertical"
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="custom_components.window_heatpump"):
        for _ in range(3):
            # A burst of NEC frames of a TV remote: not this unit's.
            receiver.receive([9000, -4500, *([560, -560] * 32), 560])
        broken = frame.get_raw_timings()
        broken[20] = -broken[20] * 3
        receiver.receive(broken)
        await hass.async_block_till_done()
    assert len([r for r in caplog.records if "ignored an IR frame" in r.message]) == 1
    state = _state(hass)
    assert (state.state, state.attributes["temperature"]) == ("heat", 24)


async def test_power_sensor_is_the_truth(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emitter: RecordingEmitter
) -> None:
    """Power draw says on/off (debounced) and estimates the compressor for hvac_action."""
    await _set_power(hass, "0")
    await _setup(hass, _entry(power_sensor=POWER))
    assert _state(hass).attributes["hvac_action"] == "off"
    await _climate(hass, "set_hvac_mode", hvac_mode="heat")
    await _advance(hass, freezer, 1)
    await _set_power(hass, "650")
    await _advance(hass, freezer, 6)
    state = _state(hass)
    assert (state.state, state.attributes["hvac_action"]) == ("heat", "heating")
    assert state.attributes["hvac_action_estimated"] is True
    await _set_power(hass, "45")
    await hass.async_block_till_done()
    assert _state(hass).attributes["hvac_action"] == "idle"
    # A dip shorter than the debounce is not an off.
    await _set_power(hass, "2")
    await _advance(hass, freezer, 2)
    await _set_power(hass, "45")
    await _advance(hass, freezer, 6)
    assert _state(hass).state == "heat"
    # Someone switched it off with the remote: the state follows.
    await _set_power(hass, "1")
    await _advance(hass, freezer, 6)
    state = _state(hass)
    assert (state.state, state.attributes["hvac_action"]) == ("off", "off")
    # And on again: back in the mode it last ran in.
    await _set_power(hass, "0.7", "kW")
    await _advance(hass, freezer, 6)
    assert _state(hass).state == "heat"
    assert len(emitter.sent) == 1


async def test_delivery_check_resends_then_repairs(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emitter: RecordingEmitter
) -> None:
    """A unit that does not switch on is sent the frame again, then a repair asks to check it."""
    await _set_power(hass, "0")
    entry = _entry(power_sensor=POWER)
    await _setup(hass, entry)
    issues = ir.async_get(hass)
    issue_id = f"unit_not_responding_{entry.entry_id}"
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    await _advance(hass, freezer, 1)
    assert len(emitter.sent) == 1
    await _advance(hass, freezer, 31)
    await _advance(hass, freezer, 31)
    assert len(emitter.sent) == 3
    assert emitter.sent[1][1] == emitter.sent[0][1]
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    await _advance(hass, freezer, 31)
    assert len(emitter.sent) == 3
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    # The truth: it is still off.
    assert _state(hass).state == "off"
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    await _advance(hass, freezer, 1)
    await _set_power(hass, "500")
    await _advance(hass, freezer, 6)
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    state = _state(hass)
    assert (state.state, state.attributes["hvac_action"]) == ("cool", "cooling")


async def test_state_survives_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emitter: RecordingEmitter,
    hass_storage: dict[str, Any],
) -> None:
    """The state last sent, and the last mode other than off, come back after a reload."""
    entry = _entry()
    await _setup(hass, entry)
    await _climate(hass, "set_temperature", hvac_mode="dry", temperature=23)
    await _advance(hass, freezer, 1)
    await _climate(hass, "turn_off")
    await _advance(hass, freezer, 3)
    stored = hass_storage[f"{DOMAIN}.assumed_state.{entry.entry_id}"]["data"]
    assert stored["last_active_mode"] == "dry"
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    state = _state(hass)
    assert (state.state, state.attributes["temperature"]) == ("off", 23)
    await _climate(hass, "turn_on")
    assert _state(hass).state == "dry"


async def test_state_stored_before_the_one_way_core_is_moved(
    hass: HomeAssistant, emitter: RecordingEmitter, hass_storage: dict[str, Any]
) -> None:
    """What the IR bridge stored under its own key comes back, and moves to the one-way store."""
    entry = _entry()
    old_key = f"{DOMAIN}.{entry.entry_id}"
    desired = {
        "mode": "dry",
        "target_temperature": 23.0,
        "fan_speed": "auto",
        "swing": "off",
        "preset": "none",
    }
    hass_storage[old_key] = {
        "version": 1,
        "minor_version": 1,
        "key": old_key,
        "data": {"desired": desired, "last_active_mode": "dry"},
    }
    await _setup(hass, entry)
    state = _state(hass)
    assert (state.state, state.attributes["temperature"]) == ("dry", 23)
    assert old_key not in hass_storage
    stored = hass_storage[f"{DOMAIN}.assumed_state.{entry.entry_id}"]["data"]
    assert stored == {**desired, "last_active_mode": "dry"}
    await _climate(hass, "turn_off")
    await _climate(hass, "turn_on")
    assert _state(hass).state == "dry"


async def test_room_sensors(hass: HomeAssistant, emitter: RecordingEmitter) -> None:
    """External sensors become the current temperature (converted) and humidity."""
    hass.states.async_set("sensor.room", "68", {"unit_of_measurement": "°F"})
    hass.states.async_set("sensor.room_humidity", "unknown")
    await _setup(
        hass, _entry(temperature_sensor="sensor.room", humidity_sensor="sensor.room_humidity")
    )
    state = _state(hass)
    assert state.attributes["current_temperature"] == 20.0
    assert state.attributes.get("current_humidity") is None
    hass.states.async_set("sensor.room_humidity", "48")
    await hass.async_block_till_done()
    assert _state(hass).attributes["current_humidity"] == 48


async def test_emitter_unavailable(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emitter: RecordingEmitter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An emitter that goes away makes the unit unavailable, logged once, and back."""
    await _setup(hass, _entry())
    with caplog.at_level(logging.WARNING, logger="custom_components.window_heatpump"):
        hass.states.async_set(emitter.entity_id, STATE_UNAVAILABLE)
        await hass.async_block_till_done()
        hass.states.async_set(emitter.entity_id, STATE_UNAVAILABLE, {"x": 1})
        await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNAVAILABLE
    assert len([r for r in caplog.records if "is unavailable" in r.message]) == 1
    coordinator = hass.config_entries.async_entries(DOMAIN)[0].runtime_data
    with pytest.raises(Exception, match="cannot be reached"):
        await coordinator.async_send(DesiredState(mode=Mode.COOL))
    hass.states.async_set(emitter.entity_id, "2026-01-01T00:00:00")
    await hass.async_block_till_done()
    assert _state(hass).state == "off"


async def test_unknown_protocol_retries_setup(hass: HomeAssistant) -> None:
    """An entry naming a protocol this installation lacks does not load, with the reason."""
    entry = _entry(protocol="daikin")
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "daikin" in str(entry.reason)


async def test_send_failure_shows_last_sent(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emitter: RecordingEmitter,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A frame the emitter fails to send is logged once; the state goes back to the last sent."""
    await _setup(hass, _entry())

    async def fail(command: Any) -> None:
        raise HomeAssistantError("transmit failed")

    emitter.async_send_command = fail  # type: ignore[method-assign]
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    await _advance(hass, freezer, 1)
    assert _state(hass).state == "off"
    assert "could not be sent" in caplog.text


async def test_broadlink_remote_path(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """The remote path sends one b64: packet per frame through remote.send_command."""
    calls: list[ServiceCall] = async_mock_service(hass, "remote", "send_command")
    hass.states.async_set("remote.office", "on")
    await _setup(hass, _entry(bridge="broadlink", emitter="remote.office"))
    await _climate(hass, "set_temperature", hvac_mode="heat", temperature=26)
    await _advance(hass, freezer, 1)
    assert len(calls) == 1
    assert calls[0].data[ATTR_ENTITY_ID] == "remote.office"
    (code,) = calls[0].data["command"]
    assert code.startswith("b64:")
    decoded = MIDEA.decode(from_broadlink(code[4:]).get_raw_timings(), TemperatureUnit.CELSIUS)
    assert decoded == ReceivedState(
        mode=Mode.HEAT,
        target_temperature=26,
        fan_speed=FanSpeed.AUTO,
        swing=None,
        preset=Preset.NONE,
    )


async def test_esphome_action_path(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """The ESPHome path calls the node's action with the frame's signed timings."""
    calls = async_mock_service(hass, "esphome", "office_ir_send_raw")
    await _setup(
        hass, _entry(bridge="esphome", emitter=None, esphome_action="esphome.office_ir_send_raw")
    )
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    await _advance(hass, freezer, 1)
    assert len(calls) == 1
    expected = MIDEA.encode(DesiredState(mode=Mode.COOL), TemperatureUnit.CELSIUS)
    assert calls[0].data["command"] == expected.get_raw_timings()
    # The node disconnects: its action goes, and the unit is unavailable.
    hass.services.async_remove("esphome", "office_ir_send_raw")
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNAVAILABLE


def _echoing(emitter: RecordingEmitter, receiver: Any) -> None:
    """Make the receiver hear every frame the emitter sends (as a real node hears its LED)."""
    send = emitter.async_send_command

    async def send_and_hear(command: Any) -> None:
        await send(command)
        receiver.receive(emitter.sent[-1][1])

    emitter.async_send_command = send_and_hear  # type: ignore[method-assign]


@pytest.mark.skipif(not HAS_RECEIVERS, reason="IR receivers exist from Home Assistant 2026.10")
async def test_own_frames_heard_back_are_ignored(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """A receiver hearing the emitter changes nothing; the remote's same press later counts."""
    emitter, receiver = await async_setup_hardware(hass)
    _echoing(emitter, receiver)
    await _setup(hass, _entry(receiver="infrared.test_receiver"))
    with caplog.at_level(logging.DEBUG, logger="custom_components.window_heatpump"):
        await _climate(hass, "set_hvac_mode", hvac_mode="heat")
        await _climate(hass, "set_swing_mode", swing_mode="vertical")
        await _advance(hass, freezer, 1)
    # The state frame and the swing toggle (0xA201FFFFFF7C, issue 21) went out and came back.
    assert len(emitter.sent) == 2
    assert _decoded(emitter) is Toggle.SWING
    state = _state(hass)
    assert (state.state, state.attributes["swing_mode"]) == ("heat", "vertical")
    assert len([r for r in caplog.records if "the bridge sent" in r.message]) == 2
    # Swing off: the toggle again, heard back again, still what was asked.
    await _climate(hass, "set_swing_mode", swing_mode="off")
    await _advance(hass, freezer, 1)
    assert len(emitter.sent) == 4
    assert _state(hass).attributes["swing_mode"] == "off"
    # After the echo window a press of the same toggle on the remote flips the swing.
    await _advance(hass, freezer, ECHO_WINDOW.total_seconds() + 1)
    receiver.receive(MIDEA.toggles[Toggle.SWING].get_raw_timings())
    await hass.async_block_till_done()
    assert _state(hass).attributes["swing_mode"] == "vertical"
    # And a state frame of the remote equal to the last one sent counts too: it is the remote's.
    receiver.receive(emitter.sent[2][1])
    await hass.async_block_till_done()
    state = _state(hass)
    assert (state.state, state.attributes["swing_mode"]) == ("heat", "vertical")


@pytest.mark.skipif(not HAS_RECEIVERS, reason="IR receivers exist from Home Assistant 2026.10")
async def test_late_echo_keeps_a_change_settling(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """A frame of ours heard back while a newer change settles does not drop the change."""
    emitter, receiver = await async_setup_hardware(hass)
    await _setup(hass, _entry(receiver="infrared.test_receiver"))
    await _climate(hass, "set_temperature", hvac_mode="cool", temperature=25)
    await _advance(hass, freezer, 1)
    await _climate(hass, "set_temperature", temperature=22)
    receiver.receive(emitter.sent[-1][1])
    await hass.async_block_till_done()
    assert _state(hass).attributes["temperature"] == 22
    await _advance(hass, freezer, 1)
    assert len(emitter.sent) == 2
    assert _decoded(emitter).target_temperature == 22


@pytest.mark.parametrize(
    ("protocol", "sensor_of"),
    [
        # src/ir_Midea.h:85 and :114: byte 1 bits 0-6, °C above 0 plus one.
        ("midea", lambda value: ((value >> 8) & 0x7F) - 1),
        # src/ir_Coolix.h:145: bits 8-12, °C.
        ("coolix", lambda value: (value >> 8) & 0x1F),
    ],
)
async def test_follow_me_frames_through_the_emitter(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    emitter: RecordingEmitter,
    caplog: pytest.LogCaptureFixture,
    protocol: str,
    sensor_of: Any,
) -> None:
    """The room temperature goes out as the protocol's follow-me frame, never to a unit off."""
    await _setup(hass, _entry(protocol=protocol))
    bridge = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.bridge
    assert bridge.capabilities.follow_me
    assert isinstance(bridge, FollowMe)
    with caplog.at_level(logging.DEBUG, logger="custom_components.window_heatpump"):
        await bridge.async_send_room_temperature(20.4)
    assert emitter.sent == []
    assert "the room temperature is not sent" in caplog.text
    await _climate(hass, "set_temperature", hvac_mode="heat", temperature=23)
    await _advance(hass, freezer, 1)
    await bridge.async_send_room_temperature(19.6)
    assert len(emitter.sent) == 2
    timings = emitter.sent[-1][1]
    received = PROTOCOLS[protocol].decode(timings, TemperatureUnit.CELSIUS)
    assert isinstance(received, ReceivedState)
    assert (received.mode, received.target_temperature) == (Mode.HEAT, 23)
    assert received.sensor_temperature == 20
    # Read again from the bits alone (the first frame, without the project's decoder).
    bits = 0
    for space in timings[3 : 2 + 96 : 2]:
        bits = bits << 1 | (space < -1000)
    # Coolix sends each byte and its inverse: the value is every other byte.
    value = (
        bits
        if protocol == "midea"
        else sum(((bits >> (40 - 16 * index)) & 0xFF) << (16 - 8 * index) for index in range(3))
    )
    assert sensor_of(value) == 20
    # The follow-me frame is no change of state: nothing else goes out.
    await _advance(hass, freezer, 10)
    assert len(emitter.sent) == 2


async def test_sleep_preset_on_midea(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, emitter: RecordingEmitter
) -> None:
    """Midea's sleep is the climate's sleep preset: sent in the state frame's sleep bit."""
    await _setup(hass, _entry())
    assert _state(hass).attributes["preset_modes"] == ["none", "sleep"]
    await _climate(hass, "set_hvac_mode", hvac_mode="cool")
    await _climate(hass, "set_preset_mode", preset_mode="sleep")
    await _advance(hass, freezer, 1)
    received = _decoded(emitter)
    assert isinstance(received, ReceivedState)
    assert received.preset is Preset.SLEEP
    assert _state(hass).attributes["preset_mode"] == "sleep"
