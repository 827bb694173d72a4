"""Tests of the Zigbee2MQTT IR-blaster dialect against a real broker, a blaster played by paho."""

from __future__ import annotations

import json
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_ACTION,
    ATTR_SWING_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.bridges.base import FollowMe
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import FanSpeed, Mode, Swing, TemperatureUnit
from custom_components.window_heatpump.protocols import PROTOCOLS, ReceivedState, Toggle, tuya

from .mosquitto import Broker
from .mqtt_device import (
    Device,
    advance,
    assert_unavailable_without_the_broker,
    climate_state,
    publish_to_bridge,
    settle,
    setup_unit,
    unload_unsubscribes,
    wait_for,
)

ENTITY = "climate.bedroom"
TOPIC = "zigbee2mqtt/bedroom_ir"
SET = f"{TOPIC}/set"
AVAILABILITY = f"{TOPIC}/availability"
STORAGE_KEY = "window_heatpump.assumed_state.{}"
ONLINE = json.dumps({"state": "online"})
OFFLINE = json.dumps({"state": "offline"})


@pytest.fixture
def protocol() -> str:
    """Return the IR protocol of the unit (parametrized per test)."""
    return "midea"


@pytest.fixture
def z2m_options() -> dict[str, Any]:
    """Return the unit's options (override per test).

    A heat -> cool reversal held by compressor protection is tested on its own, so the other
    tests turn the protection off.
    """
    return {"min_off_seconds": 0}


@pytest.fixture
def z2m_entry(temperature_unit: str, protocol: str, z2m_options: dict[str, Any]) -> MockConfigEntry:
    """Return an entry for a unit behind the blaster `bedroom_ir` of Zigbee2MQTT."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id=f"mqtt_zigbee2mqtt_{TOPIC}",
        data={
            "bridge": "mqtt_zigbee2mqtt",
            "base_topic": "zigbee2mqtt",
            "friendly_name": "bedroom_ir",
            "protocol": protocol,
            "capacity_btu": 8000,
            "temperature_unit": temperature_unit,
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options=z2m_options,
    )


@pytest.fixture
async def blaster(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device, z2m_entry: MockConfigEntry
) -> Device:
    """Return the blaster, online, with the unit set up."""
    await hass.async_add_executor_job(device.subscribe, SET)
    await hass.async_add_executor_job(lambda: device.publish(AVAILABILITY, ONLINE, retain=True))
    await setup_unit(hass, z2m_entry, AVAILABILITY)
    await wait_for(lambda: z2m_entry.runtime_data.bridge.diagnostics()["received_messages"])
    return device


def _state(hass: HomeAssistant) -> State:
    """Return the climate entity's state."""
    return climate_state(hass, ENTITY)


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate action on the unit."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )


async def _frames(blaster: Device, count: int) -> list[Any]:
    """Wait for `count` codes on the set topic; return each decoded in the unit's protocol."""
    await wait_for(lambda: len(blaster.messages(SET)) >= count)
    decoded = []
    for message in blaster.messages(SET):
        payload = json.loads(message.payload)
        assert set(payload) == {"ir_code_to_send"}
        timings = tuya.decode(payload["ir_code_to_send"])
        assert timings is not None
        decoded.append(timings)
    return decoded


def _read(timings: list[int], protocol: str, unit: TemperatureUnit) -> ReceivedState | Toggle:
    """Return what a frame says, read with the protocol's decoder."""
    received = PROTOCOLS[protocol].decode(timings, unit)
    assert received is not None
    return received


async def _nth_frame(blaster: Device, count: int) -> tuple[Mode, float | None]:
    """Wait for the `count`th Midea frame; return the mode and set point it says."""
    frames = await _frames(blaster, count)
    received = _read(frames[count - 1], "midea", TemperatureUnit.CELSIUS)
    assert isinstance(received, ReceivedState)
    return received.mode, received.target_temperature


@pytest.mark.parametrize("protocol", ["midea", "coolix"])
async def test_frame_decodes_to_the_commanded_state(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory, protocol: str
) -> None:
    """The code published decodes (Tuya, then the protocol) to the state asked for."""
    state = _state(hass)
    assert state.state == "off"
    assert state.attributes["assumed_state"] is True
    assert state.attributes["target_temp_step"] == 1
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=25, hvac_mode="heat")
    await _call(hass, SERVICE_SET_FAN_MODE, fan_mode="high")
    # Shown at once, before the frame goes out.
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("heat", 25)
    # What a one-way unit does is a guess from its mode, and says so.
    assert state.attributes[ATTR_HVAC_ACTION] == "heating"
    assert state.attributes["hvac_action_estimated"] is True
    await settle(hass, freezer)
    (frame,) = await _frames(blaster, 1)
    received = _read(frame, protocol, TemperatureUnit.CELSIUS)
    assert isinstance(received, ReceivedState)
    assert received.mode is Mode.HEAT
    assert received.target_temperature == 25
    assert received.fan_speed is FanSpeed.HIGH
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    assert entry.runtime_data.bridge.diagnostics()["frames_sent"] == 1


@pytest.mark.parametrize("temperature_unit", ["°F"])
async def test_fahrenheit_unit(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory
) -> None:
    """A °F unit's set point goes out in °F where the protocol has a °F scale."""
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=23.9, hvac_mode="cool")
    await settle(hass, freezer)
    (frame,) = await _frames(blaster, 1)
    received = _read(frame, "midea", TemperatureUnit.FAHRENHEIT)
    assert isinstance(received, ReceivedState)
    assert received.mode is Mode.COOL
    assert received.target_temperature == 75


async def test_slider_drag_is_one_frame(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory
) -> None:
    """Ten set points within the settle time become one frame with the last of them."""
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    for step in range(10):
        await _call(hass, SERVICE_SET_TEMPERATURE, temperature=17 + step)
        await advance(hass, freezer, 0.05)
    assert not blaster.messages(SET)
    await settle(hass, freezer)
    (frame,) = await _frames(blaster, 1)
    received = _read(frame, "midea", TemperatureUnit.CELSIUS)
    assert isinstance(received, ReceivedState)
    assert (received.mode, received.target_temperature) == (Mode.COOL, 26)
    # Nothing more comes: the burst was one frame.
    await settle(hass, freezer)
    await hass.async_add_executor_job(blaster.publish, AVAILABILITY, ONLINE)
    assert len(blaster.messages(SET)) == 1


@pytest.mark.parametrize("z2m_options", [{}])
async def test_reversal_sends_what_cannot_start_the_compressor(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory
) -> None:
    """Heating at 24 °C, "cool 22 °C" goes out at once as fan only at 22 °C, not the old 24.

    A set point dragged while the cooling is held goes out too (one frame per burst, as ever,
    in fan only), and the cooling follows at the last set point once the off time is over.
    """
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=24, hvac_mode="heat")
    await settle(hass, freezer)
    await _frames(blaster, 1)
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=22, hvac_mode="cool")
    await settle(hass, freezer)
    assert await _nth_frame(blaster, 2) == (Mode.FAN_ONLY, 22)
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("cool", 22)
    assert state.attributes["compressor_held_mode"] == "cool"
    for target in range(27, 17, -1):
        await _call(hass, SERVICE_SET_TEMPERATURE, temperature=target)
        await advance(hass, freezer, 0.05)
    await settle(hass, freezer)
    assert await _nth_frame(blaster, 3) == (Mode.FAN_ONLY, 18)
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 18
    await advance(hass, freezer, 180)
    await settle(hass, freezer)
    assert await _nth_frame(blaster, 4) == (Mode.COOL, 18)
    assert len(blaster.messages(SET)) == 4
    assert "compressor_held_mode" not in _state(hass).attributes


@pytest.mark.parametrize("protocol", ["coolix"])
async def test_swing_toggle_follows_the_state_frame(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory
) -> None:
    """Where swing is a toggle (Coolix), a swing change adds the toggle frame, once."""
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    await settle(hass, freezer)
    await _frames(blaster, 1)
    await _call(hass, SERVICE_SET_SWING_MODE, swing_mode="vertical")
    await settle(hass, freezer)
    frames = await _frames(blaster, 3)
    assert isinstance(_read(frames[1], "coolix", TemperatureUnit.CELSIUS), ReceivedState)
    assert _read(frames[2], "coolix", TemperatureUnit.CELSIUS) is Toggle.SWING
    assert _state(hass).attributes[ATTR_SWING_MODE] == Swing.VERTICAL


@pytest.mark.parametrize("payload", [ONLINE, "online"])
async def test_availability_both_forms(hass: HomeAssistant, blaster: Device, payload: str) -> None:
    """The JSON and the legacy plain availability both take the unit off and on line."""
    offline = OFFLINE if payload.startswith("{") else "offline"
    await publish_to_bridge(hass, blaster, AVAILABILITY, offline)
    assert _state(hass).state == STATE_UNAVAILABLE
    await publish_to_bridge(hass, blaster, AVAILABILITY, payload)
    assert _state(hass).state == "off"


async def test_command_while_offline_is_refused(
    hass: HomeAssistant, blaster: Device, z2m_entry: MockConfigEntry
) -> None:
    """With the blaster offline, a command raises a translated error and nothing is sent."""
    await publish_to_bridge(hass, blaster, AVAILABILITY, OFFLINE)
    coordinator = z2m_entry.runtime_data
    with pytest.raises(HomeAssistantError, match="cannot be reached"):
        await coordinator.async_send(coordinator.data.desired.with_changes(mode=Mode.COOL))
    assert not blaster.messages(SET)


async def test_blaster_lost_while_settling_keeps_the_state_sent(
    hass: HomeAssistant,
    blaster: Device,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A frame that cannot go out (the blaster left) is logged and the last sent state shown."""
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="heat")
    await settle(hass, freezer)
    await _frames(blaster, 1)
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="cool")
    await publish_to_bridge(hass, blaster, AVAILABILITY, "offline")
    await settle(hass, freezer)
    assert "the IR frame could not be sent" in caplog.text
    await publish_to_bridge(hass, blaster, AVAILABILITY, "online")
    assert _state(hass).state == "heat"
    assert len(blaster.messages(SET)) == 1


@pytest.mark.parametrize(
    "payload",
    [
        "maybe",
        "",
        "{not json",
        json.dumps({"state": 1}),
        json.dumps(["online"]),
        json.dumps({"state": "sleeping"}),
        pytest.param("online" * 2000, id="long"),
        # Issue 20: RecursionError escaped parse_availability.
        pytest.param('{"state":' * 100_000, id="deep"),
        pytest.param('{"state": ' + "[" * 100_000 + "]" * 100_000 + "}", id="deep2"),
        pytest.param('{"state": "online", "since": ' + "9" * 5000 + "}", id="huge"),
    ],
)
async def test_bad_availability_is_ignored_with_one_log_line(
    hass: HomeAssistant,
    blaster: Device,
    z2m_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    payload: str,
) -> None:
    """Garbage on the availability topic changes nothing and is logged once."""
    for _ in range(3):
        await publish_to_bridge(hass, blaster, AVAILABILITY, payload)
    assert _state(hass).state == "off"
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "ignored" in r.message
    ]
    assert len(warnings) == 1
    assert AVAILABILITY in warnings[0].message
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert z2m_entry.runtime_data.bridge.diagnostics()["ignored_messages"] == 3
    await publish_to_bridge(hass, blaster, AVAILABILITY, "offline")
    assert _state(hass).state == STATE_UNAVAILABLE


async def test_restart_restores_the_assumed_state(
    hass: HomeAssistant,
    blaster: Device,
    freezer: FrozenDateTimeFactory,
    z2m_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """The state last sent is stored and shown again after a restart, without a frame."""
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=24, hvac_mode="cool")
    await _call(hass, SERVICE_SET_FAN_MODE, fan_mode="low")
    await settle(hass, freezer)
    await _frames(blaster, 1)
    # A change still settling at the stop was never sent: it is not what the unit does.
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=28)
    assert await hass.config_entries.async_unload(z2m_entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[STORAGE_KEY.format(z2m_entry.entry_id)]["data"]
    assert (stored["mode"], stored["target_temperature"], stored["fan_speed"]) == (
        "cool",
        24,
        "low",
    )
    # The clock is frozen: set up without waiting for the broker (the state comes from storage).
    assert await hass.config_entries.async_setup(z2m_entry.entry_id)
    await hass.async_block_till_done()
    state = _state(hass)
    assert (state.state, state.attributes[ATTR_TEMPERATURE]) == ("cool", 24)
    assert state.attributes[ATTR_FAN_MODE] == "low"
    assert state.attributes["assumed_state"] is True
    await settle(hass, freezer)
    assert len(blaster.messages(SET)) == 1


async def test_unload_unsubscribes(
    hass: HomeAssistant, blaster: Device, z2m_entry: MockConfigEntry
) -> None:
    """Unloading the unit drops its subscription to the availability topic."""
    assert await unload_unsubscribes(hass, z2m_entry) == {AVAILABILITY}


async def test_diagnostics_of_the_bridge(
    hass: HomeAssistant, blaster: Device, z2m_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Diagnostics show the topics, the protocol and the last code sent."""
    await _call(hass, SERVICE_SET_HVAC_MODE, hvac_mode="dry")
    await settle(hass, freezer)
    await _frames(blaster, 1)
    diagnostics = z2m_entry.runtime_data.bridge.diagnostics()
    assert diagnostics["dialect"] == "zigbee2mqtt"
    assert diagnostics["command_topic"] == SET
    assert diagnostics["protocol"] == "midea"
    assert diagnostics["sent"]["mode"] == "dry"
    assert diagnostics["settling"] is False
    assert (
        json.loads(blaster.messages(SET)[0].payload)["ir_code_to_send"]
        == (diagnostics["last_code"])
    )


@pytest.mark.usefixtures("blaster")
async def test_broker_lost_makes_the_unit_unavailable(
    hass: HomeAssistant, broker: Broker, freezer: FrozenDateTimeFactory
) -> None:
    """Without Home Assistant's MQTT broker the unit is unavailable; it is back as it was after."""
    await assert_unavailable_without_the_broker(hass, broker, freezer, ENTITY)


async def test_unknown_protocol_keeps_the_unit_from_loading(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, z2m_entry: MockConfigEntry
) -> None:
    """A protocol this installation lacks (Gree before 2026.10) says so and retries."""
    z2m_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(z2m_entry, data={**z2m_entry.data, "protocol": "x"})
    await hass.config_entries.async_setup(z2m_entry.entry_id)
    assert "the IR protocol 'x' is not available here" in str(z2m_entry.reason)


@pytest.mark.parametrize(
    ("protocol", "sensor_of"),
    [
        # src/ir_Midea.h:85 and :114: byte 1 bits 0-6, °C above 0 plus one.
        ("midea", lambda bits: ((bits >> 8) & 0x7F) - 1),
        # src/ir_Coolix.h:145: bits 8-12 of the value; on the wire (each byte, then its
        # inverse) that byte is bits 24-31.
        ("coolix", lambda bits: (bits >> 24) & 0x1F),
    ],
)
async def test_follow_me_frame_through_the_blaster(
    hass: HomeAssistant, blaster: Device, freezer: FrozenDateTimeFactory, sensor_of: Any
) -> None:
    """The room temperature goes out as the protocol's follow-me frame, not to a unit off."""
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    bridge = entry.runtime_data.bridge
    assert bridge.capabilities.follow_me
    protocol = bridge.diagnostics()["protocol"]
    assert isinstance(bridge, FollowMe)
    await bridge.async_send_room_temperature(20.4)
    await _call(hass, SERVICE_SET_TEMPERATURE, temperature=23, hvac_mode="heat")
    await settle(hass, freezer)
    await bridge.async_send_room_temperature(19.6)
    frames = await _frames(blaster, 2)
    assert len(frames) == 2
    received = _read(frames[1], protocol, TemperatureUnit.CELSIUS)
    assert isinstance(received, ReceivedState)
    assert (received.mode, received.target_temperature, received.sensor_temperature) == (
        Mode.HEAT,
        23,
        20,
    )
    bits = 0
    for space in frames[1][3 : 2 + 96 : 2]:
        bits = bits << 1 | (space < -1000)
    assert sensor_of(bits) == 20
