"""Tests of the native MQTT dialect against a real broker, a node played by a paho client."""

from __future__ import annotations

from functools import partial
import logging
import time
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
    SERVICE_TURN_ON,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.window_heatpump import PLATFORMS
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import Mode

from .mosquitto import Broker
from .mqtt_device import (
    Device,
    Received,
    all_arrived,
    assert_unavailable_without_the_broker,
    climate_state,
    publish_to_bridge,
    setup_unit,
    unload_unsubscribes,
    wait_for,
)

ENTITY = "climate.living_room"
BASE = "living-ac/climate/heat_pump"
STATUS = "living-ac/status"


@pytest.fixture
def native_options() -> dict[str, Any]:
    """Return the unit's options (override per test).

    These tests follow each field over the wire; the compressor protection that holds a
    heat -> cool reversal is tested on its own, so it is off here.
    """
    return {"min_off_seconds": 0}


@pytest.fixture
def native_entry(temperature_unit: str, native_options: dict[str, Any]) -> MockConfigEntry:
    """Return an entry for an ESPHome node `living-ac` with a climate `heat_pump`."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Living room",
        unique_id="mqtt_native_living-ac/heat_pump",
        data={
            "bridge": "mqtt_native",
            "topic_prefix": "living-ac",
            "climate_id": "heat_pump",
            "fan_modes": ["auto", "quiet", "low", "medium", "high", "turbo"],
            "swing_modes": ["off", "vertical", "horizontal", "both"],
            "capacity_btu": 10000,
            "temperature_unit": temperature_unit,
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options=native_options,
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the unit up and wait until its subscriptions reach the broker."""
    await setup_unit(hass, entry, STATUS)


def _state(hass: HomeAssistant) -> State:
    """Return the climate entity's state."""
    return climate_state(hass, ENTITY)


async def _publish(hass: HomeAssistant, device: Device, field: str, payload: str | bytes) -> None:
    """Publish a climate state field as the node; return once the bridge has taken it."""
    await publish_to_bridge(hass, device, f"{BASE}/{field}/state", payload)


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate action on the unit."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )


async def _commands(node: Device, count: int) -> list[Received]:
    """Wait until the node has received `count` commands; return them."""

    def _received() -> list[Received]:
        return [m for m in node.messages() if m.topic.endswith("/command")]

    await wait_for(lambda: len(_received()) >= count)
    return _received()


@pytest.fixture
async def node(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device, native_entry: MockConfigEntry
) -> Device:
    """Return the node, online, with the unit set up and heating to 21 °C."""
    await hass.async_add_executor_job(device.subscribe, "living-ac/#")
    for field, payload in {
        "mode": "heat",
        "target_temperature": "21.0",
        "fan_mode": "auto",
        "swing_mode": "off",
        "preset": "none",
        "action": "heating",
        "current_temperature": "19.5",
        "current_humidity": "48",
    }.items():
        await hass.async_add_executor_job(
            partial(device.publish, f"{BASE}/{field}/state", payload, retain=True)
        )
    await hass.async_add_executor_job(lambda: device.publish(STATUS, "online", retain=True))
    await _setup(hass, native_entry)
    # Retained state arrives right after the subscriptions.
    await wait_for(lambda: _state(hass).attributes.get("current_humidity") == 48)
    device.clear()
    return device


async def test_retained_state_fills_the_entity(hass: HomeAssistant, node: Device) -> None:
    """An ESPHome node's retained state topics show as the climate entity."""
    state = _state(hass)
    assert state.state == "heat"
    assert state.attributes[ATTR_TEMPERATURE] == 21.0
    assert state.attributes["current_temperature"] == 19.5
    assert state.attributes["current_humidity"] == 48
    assert state.attributes[ATTR_FAN_MODE] == "auto"
    assert state.attributes[ATTR_SWING_MODE] == "off"
    assert state.attributes[ATTR_HVAC_ACTION] == "heating"
    assert state.attributes["fan_modes"] == ["auto", "quiet", "low", "medium", "high", "turbo"]
    assert state.attributes["swing_modes"] == ["off", "vertical", "horizontal", "both"]
    assert "assumed_state" not in state.attributes


@pytest.mark.parametrize(
    ("field", "payload", "attribute", "expected"),
    [
        ("mode", "cool", None, "cool"),
        ("mode", "off", None, "off"),
        ("mode", "heat_cool", None, "auto"),
        ("mode", "FAN_ONLY", None, "fan_only"),
        ("mode", "dry", None, "dry"),
        ("target_temperature", "23.5", ATTR_TEMPERATURE, 23.5),
        ("target_temperature", "23.3", ATTR_TEMPERATURE, 23.5),
        ("fan_mode", "quiet", ATTR_FAN_MODE, "quiet"),
        ("fan_mode", "middle", ATTR_FAN_MODE, "medium"),
        ("fan_mode", "high", ATTR_FAN_MODE, "high"),
        ("preset", "boost", ATTR_FAN_MODE, "turbo"),
        ("preset", "eco", ATTR_FAN_MODE, "auto"),
        ("swing_mode", "both", ATTR_SWING_MODE, "both"),
        ("swing_mode", "horizontal", ATTR_SWING_MODE, "horizontal"),
        ("action", "idle", ATTR_HVAC_ACTION, "idle"),
        ("action", "cooling", ATTR_HVAC_ACTION, "cooling"),
        ("action", "defrosting", ATTR_HVAC_ACTION, "defrosting"),
        ("current_temperature", "22.25", "current_temperature", 22.2),
        ("current_temperature", "nan", "current_temperature", None),
        ("current_humidity", "55.5", "current_humidity", 55.5),
    ],
)
async def test_state_topics(
    hass: HomeAssistant,
    node: Device,
    field: str,
    payload: str,
    attribute: str | None,
    expected: Any,
) -> None:
    """Every state topic the node publishes shows on the entity."""
    await _publish(hass, node, field, payload)
    state = _state(hass)
    assert (state.state if attribute is None else state.attributes.get(attribute)) == expected


async def test_extra_topics(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """The optional heat pump topics reach the unit's state; defrost shows as the action."""
    for field, payload in {
        "outdoor_temperature": "-3.5",
        "power": "812",
        "filter": "ON",
        "compressor": "true",
        "defrost": "ON",
    }.items():
        await _publish(hass, node, field, payload)
    data = native_entry.runtime_data.data
    assert data.outdoor_temperature == -3.5
    assert data.power_w == 812
    assert data.filter_alert is True
    assert data.compressor_running is True
    assert data.defrosting is True
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == "defrosting"
    # The action topic still says heating: defrost over, the unit heats again.
    await _publish(hass, node, "defrost", "off")
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == "heating"
    assert native_entry.runtime_data.data.defrosting is False


@pytest.mark.parametrize(
    ("service", "data", "topic", "payload"),
    [
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"}, "mode", "cool"),
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "fan_only"}, "mode", "fan_only"),
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "auto"}, "mode", "auto"),
        (SERVICE_TURN_OFF, {}, "mode", "off"),
        (SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23.5}, "target_temperature", "23.5"),
        (SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "low"}, "fan_mode", "low"),
        (SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "quiet"}, "fan_mode", "quiet"),
        (SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "turbo"}, "preset", "boost"),
        (SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "vertical"}, "swing_mode", "vertical"),
    ],
)
async def test_commands(
    hass: HomeAssistant,
    node: Device,
    service: str,
    data: dict[str, Any],
    topic: str,
    payload: str,
) -> None:
    """Each climate action publishes exactly the changed field on its command topic."""
    started = time.monotonic()
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY, **data}, blocking=True
    )
    commands = await _commands(node, 1)
    latency_ms = (commands[0].at - started) * 1000
    logging.getLogger(__name__).info("command %s reached the node in %.1f ms", topic, latency_ms)
    assert [(m.topic, m.payload) for m in commands] == [(f"{BASE}/{topic}/command", payload)]
    assert not commands[0].retain


async def test_turbo_off_clears_the_boost_preset(hass: HomeAssistant, node: Device) -> None:
    """Leaving turbo (the boost preset) publishes preset none, then the fan speed."""
    await _publish(hass, node, "preset", "boost")
    assert _state(hass).attributes[ATTR_FAN_MODE] == "turbo"
    node.clear()
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_FAN_MODE,
        {ATTR_ENTITY_ID: ENTITY, ATTR_FAN_MODE: "high"},
        blocking=True,
    )
    commands = await _commands(node, 2)
    assert [(m.topic, m.payload) for m in commands] == [
        (f"{BASE}/preset/command", "none"),
        (f"{BASE}/fan_mode/command", "high"),
    ]


async def test_turn_on_and_mode_with_temperature(hass: HomeAssistant, node: Device) -> None:
    """Turn on goes back to the last mode; a set point with a mode sends both fields."""
    await _publish(hass, node, "mode", "off")
    node.clear()
    await hass.services.async_call(
        CLIMATE_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: ENTITY}, blocking=True
    )
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: ENTITY, ATTR_TEMPERATURE: 25, ATTR_HVAC_MODE: "cool"},
        blocking=True,
    )
    commands = await _commands(node, 3)
    assert [(m.topic, m.payload) for m in commands] == [
        (f"{BASE}/mode/command", "heat"),
        (f"{BASE}/mode/command", "cool"),
        (f"{BASE}/target_temperature/command", "25.0"),
    ]


@pytest.mark.parametrize("temperature_unit", ["°F"])
async def test_fahrenheit_unit_speaks_celsius_on_the_wire(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """ESPHome publishes °C; a °F unit works on the °F grid and commands go out in °C."""
    # This Home Assistant shows °C: 21.0 °C is 69.8 °F, on the unit's 1 °F grid 70 °F.
    assert _state(hass).attributes[ATTR_TEMPERATURE] == 21.1
    assert native_entry.runtime_data.data.desired.target_temperature == 70
    assert native_entry.runtime_data.data.current_temperature == 67.1
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: ENTITY, ATTR_TEMPERATURE: 23.9},  # 75 °F
        blocking=True,
    )
    commands = await _commands(node, 1)
    assert [(m.topic, m.payload) for m in commands] == [
        (f"{BASE}/target_temperature/command", "23.9")
    ]


async def test_availability(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """The node's status topic makes the unit unavailable and available again."""
    await publish_to_bridge(hass, node, STATUS, "offline")
    assert _state(hass).state == STATE_UNAVAILABLE
    coordinator = native_entry.runtime_data
    # Home Assistant sends no action to an unavailable entity; the bridge refuses too.
    with pytest.raises(HomeAssistantError, match="cannot be reached"):
        await coordinator.async_send(coordinator.data.desired.with_changes(mode=Mode.OFF))
    await publish_to_bridge(hass, node, STATUS, "online")
    assert _state(hass).state == "heat"
    assert not [m for m in node.messages() if "/command" in m.topic]


@pytest.mark.parametrize(
    ("field", "payload"),
    [
        ("mode", "heat_cool_turbo"),
        ("mode", ""),
        ("target_temperature", "warm"),
        ("target_temperature", "99"),
        ("target_temperature", "nan"),
        ("fan_mode", "diffuse"),
        ("swing_mode", "circular"),
        ("action", "exploding"),
        ("current_temperature", "1e9"),
        ("current_humidity", "140"),
        ("power", "-5"),
        ("defrost", "maybe"),
        ("filter", "{}"),
        ("compressor", "\x00\x01"),
        ("outdoor_temperature", "[1, 2]"),
    ],
)
async def test_bad_input_is_ignored_with_one_log_line(
    hass: HomeAssistant,
    node: Device,
    native_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    field: str,
    payload: str,
) -> None:
    """Garbage on a topic changes nothing and is logged once, however often it comes."""
    before = native_entry.runtime_data.data
    for _ in range(3):
        await _publish(hass, node, field, payload)
    assert native_entry.runtime_data.data == before
    warnings = [
        r for r in caplog.records if r.levelno == logging.WARNING and "ignored" in r.message
    ]
    assert len(warnings) == 1
    assert f"{BASE}/{field}/state" in warnings[0].message
    diagnostics = native_entry.runtime_data.bridge.diagnostics()
    assert diagnostics["ignored_messages"] == 3
    # The unit still works.
    await _publish(hass, node, "mode", "cool")
    assert _state(hass).state == "cool"


async def test_a_repeated_reading_writes_nothing(hass: HomeAssistant, node: Device) -> None:
    """A node repeating its room temperature (ESPHome republishes) costs no state write."""
    await _publish(hass, node, "current_temperature", "20.5")
    first = _state(hass)
    assert first.attributes["current_temperature"] == 20.5
    await _publish(hass, node, "current_temperature", "20.5")
    assert _state(hass).last_reported == first.last_reported


async def test_topics_the_dialect_does_not_read_are_left_alone(
    hass: HomeAssistant,
    node: Device,
    native_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The state-topic wildcard also brings fields nobody reads: neither used nor logged."""
    bridge = native_entry.runtime_data.bridge
    before = bridge.diagnostics()
    await hass.async_add_executor_job(node.publish, f"{BASE}/vane_angle/state", "garbage")
    # One connection keeps order: once the mode is taken, the message before it was too.
    await _publish(hass, node, "mode", "cool")
    assert _state(hass).state == "cool"
    after = bridge.diagnostics()
    assert after["received_messages"] == before["received_messages"] + 1
    assert after["ignored_messages"] == before["ignored_messages"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_bad_status_and_retained_garbage(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    device: Device,
    native_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Retained garbage met at start-up is ignored; the entity starts all the same."""
    await hass.async_add_executor_job(lambda: device.publish(STATUS, "maybe", retain=True))
    await hass.async_add_executor_job(
        lambda: device.publish(f"{BASE}/mode/state", b"\xff\xfe", retain=True)
    )
    await _setup(hass, native_entry)
    await wait_for(lambda: "maybe" in caplog.text)
    assert _state(hass).state == "off"
    assert native_entry.runtime_data.bridge.diagnostics()["device_online"] is True


async def test_unload_unsubscribes(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """Unloading the unit drops every subscription it made: its state topics and status."""
    assert await unload_unsubscribes(hass, native_entry) == {f"{BASE}/+/state", STATUS}


async def test_setup_retries_without_mqtt(
    hass: HomeAssistant, native_entry: MockConfigEntry
) -> None:
    """With no MQTT integration set up, the unit waits and retries."""
    native_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(native_entry.entry_id)
    assert native_entry.reason == "Could not reach the unit: the MQTT integration is not set up"


async def test_diagnostics_of_the_bridge(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """The bridge's diagnostics show its topics and what the node said."""
    diagnostics = native_entry.runtime_data.bridge.diagnostics()
    assert diagnostics["dialect"] == "native"
    assert diagnostics["broker_connected"] is True
    assert diagnostics["device_online"] is True
    assert f"{BASE}/mode/state" in diagnostics["topics"]
    assert diagnostics["action"] == "heating"


@pytest.mark.usefixtures("node")
async def test_broker_lost_makes_the_unit_unavailable(
    hass: HomeAssistant, broker: Broker, freezer: FrozenDateTimeFactory
) -> None:
    """Without Home Assistant's MQTT broker the unit is unavailable; it is back as it was after."""
    await assert_unavailable_without_the_broker(hass, broker, freezer, ENTITY)


async def test_unit_without_swing(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    device: Device,
    native_entry: MockConfigEntry,
) -> None:
    """With no swing ticked, the entity has no swing and no swing command is ever sent."""
    native_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        native_entry, data={**native_entry.data, "swing_modes": ["off"]}
    )
    await _setup(hass, native_entry)
    assert "swing_modes" not in _state(hass).attributes


async def test_a_reading_rewrites_only_the_entities_it_changes(
    hass: HomeAssistant, node: Device
) -> None:
    """A room temperature message writes the climate; the unit's other entities stay as written."""
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    entity_ids = [
        item.entity_id
        for item in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    ]
    before = {entity_id: hass.states.get(entity_id) for entity_id in entity_ids}
    await _publish(hass, node, "current_temperature", "20.5")
    after = {entity_id: hass.states.get(entity_id) for entity_id in entity_ids}
    assert _state(hass).attributes["current_temperature"] == 20.5
    unchanged = [
        entity_id
        for entity_id, state in before.items()
        if state is not None
        and (now := after[entity_id]) is not None
        and (now.state, now.attributes) == (state.state, state.attributes)
    ]
    assert unchanged
    # Not even reported again: nothing recomputed and wrote a state that stayed the same.
    for entity_id in unchanged:
        assert after[entity_id].last_reported == before[entity_id].last_reported  # type: ignore[union-attr]
    # A later change an entity shows is written as before.
    await _publish(hass, node, "action", "defrosting")
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == "defrosting"


def _entity_id(hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str) -> str:
    """Return the entity id of one of the unit's entities by its description key."""
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{entry.unique_id}_{key}")
    assert entity_id is not None, key
    return entity_id


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_care_entities_wake_for_what_they_read(
    hass: HomeAssistant, node: Device, native_entry: MockConfigEntry
) -> None:
    """A room reading leaves care alone; a care signal and availability still reach it."""
    defrosting = _entity_id(hass, native_entry, "binary_sensor", "defrosting")
    starts = _entity_id(hass, native_entry, "sensor", "compressor_starts_per_hour")
    protection = _entity_id(hass, native_entry, "sensor", "control_protection")
    reported = hass.states.get(defrosting)
    assert reported is not None
    assert reported.state == "off"
    await _publish(hass, node, "current_temperature", "20.5")
    assert _state(hass).attributes["current_temperature"] == 20.5
    after = hass.states.get(defrosting)
    assert after is not None
    assert after.last_reported == reported.last_reported
    # The action topic changes a care signal: the care entity shows it at once.
    await _publish(hass, node, "action", "defrosting")
    assert _state(hass).attributes[ATTR_HVAC_ACTION] == "defrosting"
    assert _state_of(hass, defrosting) == "on"
    # Availability reaches every entity, those that no push wakes included.
    await publish_to_bridge(hass, node, STATUS, "offline")
    assert _state_of(hass, defrosting) == STATE_UNAVAILABLE
    assert _state_of(hass, starts) == STATE_UNAVAILABLE
    assert _state_of(hass, protection) != STATE_UNAVAILABLE
    await publish_to_bridge(hass, node, STATUS, "online")
    # Care counts again from the next state the unit reports, a room reading included.
    await _publish(hass, node, "current_temperature", "21.0")
    assert _state_of(hass, defrosting) == "on"
    assert _state_of(hass, starts) != STATE_UNAVAILABLE


def _state_of(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@pytest.mark.parametrize("native_options", [{}])
async def test_fan_and_swing_of_a_resting_unit_go_out_at_once(
    hass: HomeAssistant, node: Device
) -> None:
    """A unit whose compressor just stopped takes a new fan speed and swing at once.

    Only what could start the compressor waits for the minimum off time: the set point of a
    unit resting in heat (its thermostat would start on it).
    """
    await _publish(hass, node, "compressor", "ON")
    await _publish(hass, node, "action", "idle")
    await _publish(hass, node, "compressor", "OFF")
    node.clear()
    await _call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: "high"})
    await _call(hass, SERVICE_SET_SWING_MODE, **{ATTR_SWING_MODE: "vertical"})
    commands = await _commands(node, 2)
    assert [(m.topic, m.payload) for m in commands] == [
        (f"{BASE}/fan_mode/command", "high"),
        (f"{BASE}/swing_mode/command", "vertical"),
    ]
    # Nothing of it is held: it all went out.
    assert "compressor_held_until" not in _state(hass).attributes
    # A new set point is what could start it: held, and shown as asked.
    await _call(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 25})
    await all_arrived(hass, node, f"{BASE}/marker")
    assert [m.topic for m in node.messages() if m.topic.endswith("/command")] == [
        f"{BASE}/fan_mode/command",
        f"{BASE}/swing_mode/command",
    ]
    state = _state(hass)
    assert state.attributes[ATTR_TEMPERATURE] == 25
    assert state.attributes["compressor_held_mode"] == "heat"
    assert "compressor_held_until" in state.attributes


async def test_heat_cool_goes_back_under_the_node_s_own_name(
    hass: HomeAssistant, node: Device
) -> None:
    """A node that calls its auto mode heat_cool is sent heat_cool, not auto."""
    await _publish(hass, node, "mode", "heat_cool")
    assert _state(hass).state == "auto"
    await _publish(hass, node, "mode", "heat")
    await _publish(hass, node, "fan_mode", "middle")
    await _publish(hass, node, "fan_mode", "low")
    node.clear()
    await _call(hass, SERVICE_SET_HVAC_MODE, **{ATTR_HVAC_MODE: "auto"})
    await _call(hass, SERVICE_SET_FAN_MODE, **{ATTR_FAN_MODE: "medium"})
    commands = await _commands(node, 2)
    assert [(m.topic, m.payload) for m in commands] == [
        (f"{BASE}/mode/command", "heat_cool"),
        (f"{BASE}/fan_mode/command", "middle"),
    ]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities(
    hass: HomeAssistant,
    node: Device,
    native_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A native unit's entities, registry entries and states (as its node reports) as reviewed.

    Every platform at once: the node fixture waits for the climate entity, so core's
    snapshot_platform (one platform per entry) does not fit. The clock stops once the unit is
    set up (the MQTT set-up runs on real time).
    """
    entries = er.async_entries_for_config_entry(entity_registry, native_entry.entry_id)
    assert {entry.domain for entry in entries} == set(PLATFORMS)
    for entry in entries:
        assert entry.disabled_by is None
        assert entry == snapshot(name=f"{entry.entity_id}-entry")
        assert hass.states.get(entry.entity_id) == snapshot(name=f"{entry.entity_id}-state")
