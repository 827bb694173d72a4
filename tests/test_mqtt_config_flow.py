"""Tests of the config flow steps of the MQTT bridges, with a real broker behind Home Assistant."""

from __future__ import annotations

from functools import partial
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import DOMAIN

from .flow_helpers import finish_room
from .mosquitto import Broker
from .mqtt_device import Device, wait_for

DETAILS = {"capacity_btu": 9000, "temperature_unit": "°C", "hvac_modes": ["heat", "cool"]}
NATIVE = {
    "name": "Study",
    "topic_prefix": "study-ac",
    "climate_id": "heat_pump",
    "fan_modes": ["high", "auto"],
    "swing_modes": ["vertical"],
    **DETAILS,
}
TASMOTA = {"name": "Den", "tasmota_topic": "tasmota_den", "vendor": "GREE", **DETAILS}
ZIGBEE2MQTT = {
    "name": "Attic",
    "base_topic": "zigbee2mqtt",
    "friendly_name": "attic/ir blaster",
    "protocol": "midea",
    **DETAILS,
}
FIXED = {"mqtt_native": NATIVE, "mqtt_tasmota": TASMOTA, "mqtt_zigbee2mqtt": ZIGBEE2MQTT}


async def _form(hass: HomeAssistant, step: str) -> ConfigFlowResult:
    """Open the flow and pick an MQTT bridge from the menu; return the result."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return await hass.config_entries.flow.async_configure(result["flow_id"], {"next_step_id": step})


PROBE_TIMEOUT = "custom_components.window_heatpump.bridges.mqtt.transport.PROBE_TIMEOUT_S"


@pytest.fixture(autouse=True)
def patient_probe() -> Any:
    """Give a device that answers ample real time to be heard.

    Its retained message comes at once, but a loaded machine may take over a second to
    deliver it through the broker.
    """
    with patch(PROBE_TIMEOUT, 10.0):
        yield


@pytest.mark.parametrize("step", ["mqtt_native", "mqtt_tasmota", "mqtt_zigbee2mqtt"])
async def test_aborts_without_mqtt(hass: HomeAssistant, step: str) -> None:
    """With Home Assistant's MQTT integration not set up, the flow says so and stops."""
    result = await _form(hass, step)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "mqtt_not_configured"


async def test_native_unit_created(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device
) -> None:
    """A node whose status topic answers is added, with its topics and ticked modes."""
    await hass.async_add_executor_job(
        lambda: device.publish("study-ac/status", "online", retain=True)
    )
    result = await _form(hass, "mqtt_native")
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**NATIVE, "name": " Study ", "topic_prefix": "study-ac "}
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Study"
    assert result["data"] == {
        "bridge": "mqtt_native",
        "topic_prefix": "study-ac",
        "climate_id": "heat_pump",
        "fan_modes": ["auto", "high"],
        "swing_modes": ["vertical"],
        "capacity_btu": 9000,
        "temperature_unit": "°C",
        "hvac_modes": ["cool", "heat"],
    }
    assert result["result"].unique_id == "mqtt_native_study-ac/heat_pump"
    await hass.async_block_till_done()
    state = hass.states.get("climate.study")
    assert state is not None
    assert state.attributes["fan_modes"] == ["auto", "high"]
    # Off is always there once the louvres swing at all.
    assert state.attributes["swing_modes"] == ["off", "vertical"]

    # The same node again is refused.
    result = await _form(hass, "mqtt_native")
    result = await hass.config_entries.flow.async_configure(result["flow_id"], NATIVE)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_zigbee2mqtt_unit_created(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device
) -> None:
    """A blaster whose JSON availability answers is added with its topics and protocol."""
    await hass.async_add_executor_job(
        lambda: device.publish(
            "zigbee2mqtt/attic/ir blaster/availability", '{"state":"online"}', retain=True
        )
    )
    result = await _form(hass, "mqtt_zigbee2mqtt")
    assert result["type"] is FlowResultType.FORM
    assert result["data_schema"] is not None
    schema = result["data_schema"].schema
    (base_topic,) = (key for key in schema if key == "base_topic")
    assert base_topic.default() == "zigbee2mqtt"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**ZIGBEE2MQTT, "friendly_name": " attic/ir blaster "}
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        "bridge": "mqtt_zigbee2mqtt",
        "base_topic": "zigbee2mqtt",
        "friendly_name": "attic/ir blaster",
        "protocol": "midea",
        **DETAILS,
        "hvac_modes": ["cool", "heat"],
    }
    assert result["result"].unique_id == "mqtt_zigbee2mqtt_zigbee2mqtt/attic/ir blaster"
    await hass.async_block_till_done()
    state = hass.states.get("climate.attic")
    assert state is not None
    assert state.attributes["assumed_state"] is True
    assert state.attributes["hvac_modes"] == ["off", "cool", "heat"]


@pytest.mark.parametrize(
    ("step", "user_input", "topic", "data", "unique_id"),
    [
        (
            "mqtt_tasmota",
            {**TASMOTA, "model": "2"},
            "tele/tasmota_den/LWT",
            {"bridge": "mqtt_tasmota", "tasmota_topic": "tasmota_den", "vendor": "GREE",
             "model": "2"},
            "mqtt_tasmota_tasmota_den",
        ),
        (
            "mqtt_zigbee2mqtt",
            ZIGBEE2MQTT,
            "zigbee2mqtt/attic/ir blaster/availability",
            {"bridge": "mqtt_zigbee2mqtt", "base_topic": "zigbee2mqtt",
             "friendly_name": "attic/ir blaster", "protocol": "midea"},
            "mqtt_zigbee2mqtt_zigbee2mqtt/attic/ir blaster",
        ),
    ],
)  # fmt: skip
async def test_unit_created_after_no_answer(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    step: str,
    user_input: dict[str, Any],
    topic: str,
    data: dict[str, Any],
    unique_id: str,
) -> None:
    """A device that does not answer is reported once; submitting again adds it anyway."""
    result = await _form(hass, step)
    with patch(PROBE_TIMEOUT, 1.0):  # nothing will come: wait one second, not ten
        result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_answer"}
    assert result["description_placeholders"] == {"topic": topic}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {**data, **DETAILS, "hvac_modes": ["cool", "heat"]}
    assert result["result"].unique_id == unique_id


@pytest.mark.parametrize(
    ("step", "user_input", "errors"),
    [
        (
            "mqtt_native",
            {**NATIVE, "topic_prefix": "home/+/ac"},
            {"topic_prefix": "topic_wildcard"},
        ),
        ("mqtt_native", {**NATIVE, "topic_prefix": "ac/#"}, {"topic_prefix": "topic_wildcard"}),
        ("mqtt_native", {**NATIVE, "topic_prefix": "/ac"}, {"topic_prefix": "topic_invalid"}),
        ("mqtt_native", {**NATIVE, "topic_prefix": "a//c"}, {"topic_prefix": "topic_invalid"}),
        ("mqtt_native", {**NATIVE, "topic_prefix": "ac\x01"}, {"topic_prefix": "text_invalid"}),
        ("mqtt_native", {**NATIVE, "climate_id": "a/b"}, {"climate_id": "topic_level"}),
        ("mqtt_native", {**NATIVE, "climate_id": "+"}, {"climate_id": "topic_wildcard"}),
        (
            "mqtt_native",
            {**NATIVE, "name": " ", "hvac_modes": ["cool"]},
            {"name": "name_required", "hvac_modes": "heat_and_cool_required"},
        ),
        ("mqtt_tasmota", {**TASMOTA, "tasmota_topic": "a/b"}, {"tasmota_topic": "topic_level"}),
        ("mqtt_tasmota", {**TASMOTA, "tasmota_topic": "#"}, {"tasmota_topic": "topic_wildcard"}),
        ("mqtt_tasmota", {**TASMOTA, "model": "ARRAH 2E"}, {"model": "model_invalid"}),
        (
            "mqtt_zigbee2mqtt",
            {**ZIGBEE2MQTT, "base_topic": "z2m/#"},
            {"base_topic": "topic_wildcard"},
        ),
        (
            "mqtt_zigbee2mqtt",
            {**ZIGBEE2MQTT, "friendly_name": "attic//ir"},
            {"friendly_name": "topic_invalid"},
        ),
        (
            "mqtt_zigbee2mqtt",
            {**ZIGBEE2MQTT, "friendly_name": "+"},
            {"friendly_name": "topic_wildcard"},
        ),
    ],
)
async def test_form_errors_then_recovers(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    device: Device,
    step: str,
    user_input: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Bad topics and details are translated form errors; fixed, the flow finishes."""
    for status, payload in (
        ("study-ac/status", "online"),
        ("tele/tasmota_den/LWT", "Online"),
        ("zigbee2mqtt/attic/ir blaster/availability", "online"),
    ):
        await hass.async_add_executor_job(partial(device.publish, status, payload, retain=True))
    result = await _form(hass, step)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    result = await hass.config_entries.flow.async_configure(result["flow_id"], FIXED[step])
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_broker_not_connected(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, broker: Broker
) -> None:
    """With the broker gone, the form says MQTT is not connected instead of adding the unit."""
    result = await _form(hass, "mqtt_tasmota")
    await hass.async_add_executor_job(broker.stop)
    await wait_for(lambda: not hass.data["mqtt"].client.connected)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], TASMOTA)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "mqtt_not_connected"}
    await hass.async_add_executor_job(broker.start)


async def test_reconfigure_keeps_the_topics(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry
) -> None:
    """Reconfiguring an MQTT unit changes its details and keeps its bridge settings."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Den",
        unique_id="mqtt_tasmota_tasmota_den",
        data={"bridge": "mqtt_tasmota", "tasmota_topic": "tasmota_den", "vendor": "GREE",
              "model": "", **DETAILS},
    )  # fmt: skip
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**DETAILS, "temperature_unit": "°F"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data["tasmota_topic"] == "tasmota_den"
    assert entry.data["vendor"] == "GREE"
    state = hass.states.get("climate.den")
    assert state is not None
    assert state.attributes["max_temp"] == 30  # 86 °F shown in this °C Home Assistant
