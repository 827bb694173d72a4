"""Follow Me of a native MQTT (ESPHome) node: the room temperature on its sensor topic."""

from __future__ import annotations

from functools import partial

from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN, SERVICE_SET_HVAC_MODE
from homeassistant.const import ATTR_ENTITY_ID, ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import DOMAIN

from .mqtt_device import Device, climate_state, setup_unit, wait_for

ENTITY = "climate.living_room"
BASE = "living-ac/climate/heat_pump"
STATUS = "living-ac/status"
SENSOR_TOPIC = "living-ac/room_temperature/command"
ROOM = "sensor.living_room_temperature"


def _entry(unit: str) -> MockConfigEntry:
    """Return a node that declares a sensor topic, regulated on a room sensor by Follow Me."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Living room",
        unique_id="mqtt_native_living-ac/heat_pump",
        data={
            "bridge": "mqtt_native",
            "topic_prefix": "living-ac",
            "climate_id": "heat_pump",
            "sensor_topic": SENSOR_TOPIC,
            "fan_modes": ["auto", "low", "medium", "high"],
            "swing_modes": [],
            "capacity_btu": 10000,
            "temperature_unit": unit,
            "hvac_modes": ["cool", "heat", "fan_only"],
            "temperature_sensor": ROOM,
            "regulation": "follow_me",
        },
        options={"min_off_seconds": 0},
    )


async def _node(hass: HomeAssistant, device: Device, unit: str, mode: str) -> None:
    """Bring the node online in `mode` and set the unit up."""
    await hass.async_add_executor_job(device.subscribe, "living-ac/#")
    for field, payload in {
        "mode": mode,
        "target_temperature": "21.0",
        "current_temperature": "23.5",
    }.items():
        await hass.async_add_executor_job(
            partial(device.publish, f"{BASE}/{field}/state", payload, retain=True)
        )
    await hass.async_add_executor_job(lambda: device.publish(STATUS, "online", retain=True))
    await setup_unit(hass, _entry(unit), STATUS)
    await wait_for(lambda: climate_state(hass, ENTITY).attributes.get("hvac_mode") != "unknown")


async def test_room_temperature_goes_to_the_sensor_topic(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device
) -> None:
    """Heating, the node gets the room temperature in °C on its sensor topic, not retained."""
    hass.states.async_set(ROOM, "19.4", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    await _node(hass, device, "°C", "heat")
    sent = await wait_for(lambda: device.messages(SENSOR_TOPIC))
    assert sent[0].payload == "19.4"
    assert not sent[0].retain
    state = climate_state(hass, ENTITY)
    assert state.attributes["current_temperature"] == 19.4
    assert state.attributes["regulated_on"] == ROOM


async def test_fahrenheit_unit_sends_celsius(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device
) -> None:
    """A °F unit still gets °C on the wire, as every temperature of the dialect."""
    hass.states.async_set(ROOM, "68.0", {ATTR_UNIT_OF_MEASUREMENT: "°F"})
    await _node(hass, device, "°F", "heat")
    sent = await wait_for(lambda: device.messages(SENSOR_TOPIC))
    assert sent[0].payload == "20.0"


async def test_nothing_sent_while_off(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device
) -> None:
    """An off unit gets no Follow Me when the room changes; turned on, it gets it at once."""
    hass.states.async_set(ROOM, "19.4", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    await _node(hass, device, "°C", "off")
    hass.states.async_set(ROOM, "18.2", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    await hass.async_block_till_done()
    # A message to the node after the room change: had Follow Me gone out, it came first.
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: ENTITY, "hvac_mode": "heat"},
        blocking=True,
    )
    await wait_for(lambda: device.messages(f"{BASE}/mode/command"))
    assert device.messages(SENSOR_TOPIC) == []
    await hass.async_add_executor_job(
        partial(device.publish, f"{BASE}/mode/state", "heat", retain=True)
    )
    # Heating now: the room goes out at once, not at the next interval.
    sent = await wait_for(lambda: device.messages(SENSOR_TOPIC))
    assert sent[0].payload == "18.2"
