"""Config flow steps of the MQTT bridges: ESPHome's topics, Tasmota's IRHVAC, Zigbee2MQTT."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import re
from typing import Any, Final

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from ...const import (
    BRIDGE_MQTT_NATIVE,
    BRIDGE_MQTT_TASMOTA,
    BRIDGE_MQTT_ZIGBEE2MQTT,
    CONF_BASE_TOPIC,
    CONF_BRIDGE,
    CONF_CLIMATE_ID,
    CONF_FAN_MODES,
    CONF_FRIENDLY_NAME,
    CONF_MODEL,
    CONF_PROTOCOL,
    CONF_SENSOR_TOPIC,
    CONF_SWING_MODES,
    CONF_TASMOTA_TOPIC,
    CONF_TOPIC_PREFIX,
    CONF_VENDOR,
    DEFAULT_BASE_TOPIC,
)
from ...flow.details import (
    checked_details,
    details,
    details_schema,
    multi_select,
    protocol_selector,
)
from ...model import FanSpeed, Swing
from ...protocols.irhvac import VENDORS
from ...schema import vol
from .native import DEFAULT_FAN_MODES, status_topic
from .tasmota import lwt_topic
from .transport import (
    async_mqtt_connected,
    async_probe,
    mqtt_configured,
    topic_error,
)
from .zigbee2mqtt import availability_topic, device_topic

# IRac takes a model number (-1 for none) or a model name such as ARRAH2E.
MODEL_PATTERN: Final = re.compile(r"-?\d+|[A-Za-z0-9_]+")


def _mqtt_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the topics and bridge fields of an MQTT unit."""
    errors: dict[str, str] = {}
    for key in (
        CONF_TOPIC_PREFIX,
        CONF_CLIMATE_ID,
        CONF_SENSOR_TOPIC,
        CONF_TASMOTA_TOPIC,
        CONF_BASE_TOPIC,
        CONF_FRIENDLY_NAME,
    ):
        if key in user_input and (error := topic_error(user_input[key])):
            errors[key] = error
    # One level only: the id and the Tasmota topic sit between fixed levels.
    for key in (CONF_CLIMATE_ID, CONF_TASMOTA_TOPIC):
        if key not in errors and "/" in user_input.get(key, ""):
            errors[key] = "topic_level"
    model = user_input.get(CONF_MODEL, "")
    if model and not MODEL_PATTERN.fullmatch(model):
        errors[CONF_MODEL] = "model_invalid"
    return errors


def _sensor_topic(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the node's room temperature topic where it declares one."""
    topic = data.get(CONF_SENSOR_TOPIC)
    return {CONF_SENSOR_TOPIC: topic} if topic else {}


_NATIVE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_TOPIC_PREFIX): TextSelector(),
        vol.Required(CONF_CLIMATE_ID): TextSelector(),
        vol.Required(
            CONF_FAN_MODES, default=[speed.value for speed in DEFAULT_FAN_MODES]
        ): multi_select([speed.value for speed in FanSpeed], CONF_FAN_MODES),
        vol.Required(CONF_SWING_MODES, default=[]): multi_select(
            [swing.value for swing in Swing], CONF_SWING_MODES
        ),
        vol.Optional(CONF_SENSOR_TOPIC): TextSelector(),
    }
)

_TASMOTA_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_TASMOTA_TOPIC): TextSelector(),
        vol.Required(CONF_VENDOR): SelectSelector(
            SelectSelectorConfig(options=list(VENDORS), mode=SelectSelectorMode.DROPDOWN)
        ),
        vol.Optional(CONF_MODEL, default=""): TextSelector(),
    }
)


_ZIGBEE2MQTT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_BASE_TOPIC, default=DEFAULT_BASE_TOPIC): TextSelector(),
        vol.Required(CONF_FRIENDLY_NAME): TextSelector(),
        vol.Required(CONF_PROTOCOL): protocol_selector(),
    }
)


class MqttFlowMixin(ConfigFlow):
    """The config flow's steps for the MQTT dialects: one shared step, a form each."""

    # An availability topic nobody answered on (WindowHeatPumpConfigFlow's).
    _unanswered: str | None

    async def async_step_mqtt_native(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit whose firmware speaks ESPHome's MQTT climate topics."""
        return await self._async_mqtt_step(
            BRIDGE_MQTT_NATIVE,
            user_input,
            _NATIVE_SCHEMA,
            availability_topic=lambda data: status_topic(data[CONF_TOPIC_PREFIX]),
            unique_id=lambda data: f"{data[CONF_TOPIC_PREFIX]}/{data[CONF_CLIMATE_ID]}",
            bridge_data=lambda data: {
                CONF_TOPIC_PREFIX: data[CONF_TOPIC_PREFIX],
                CONF_CLIMATE_ID: data[CONF_CLIMATE_ID],
                CONF_FAN_MODES: [s.value for s in FanSpeed if s in set(data[CONF_FAN_MODES])],
                CONF_SWING_MODES: [s.value for s in Swing if s in set(data[CONF_SWING_MODES])],
                **_sensor_topic(data),
            },
        )

    async def async_step_mqtt_tasmota(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit driven by a Tasmota IR bridge (IRHVAC)."""
        return await self._async_mqtt_step(
            BRIDGE_MQTT_TASMOTA,
            user_input,
            _TASMOTA_SCHEMA,
            availability_topic=lambda data: lwt_topic(data[CONF_TASMOTA_TOPIC]),
            unique_id=lambda data: data[CONF_TASMOTA_TOPIC],
            bridge_data=lambda data: {
                CONF_TASMOTA_TOPIC: data[CONF_TASMOTA_TOPIC],
                CONF_VENDOR: data[CONF_VENDOR],
                CONF_MODEL: data.get(CONF_MODEL, "").strip(),
            },
        )

    async def async_step_mqtt_zigbee2mqtt(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit driven by an IR blaster that Zigbee2MQTT reaches."""
        return await self._async_mqtt_step(
            BRIDGE_MQTT_ZIGBEE2MQTT,
            user_input,
            _ZIGBEE2MQTT_SCHEMA,
            availability_topic=lambda data: availability_topic(
                device_topic(data[CONF_BASE_TOPIC], data[CONF_FRIENDLY_NAME])
            ),
            unique_id=lambda data: device_topic(data[CONF_BASE_TOPIC], data[CONF_FRIENDLY_NAME]),
            bridge_data=lambda data: {
                CONF_BASE_TOPIC: data[CONF_BASE_TOPIC],
                CONF_FRIENDLY_NAME: data[CONF_FRIENDLY_NAME],
                CONF_PROTOCOL: data[CONF_PROTOCOL],
            },
        )

    async def _async_mqtt_step(  # noqa: PLR0913 - one step shared by the MQTT dialects
        self,
        bridge: str,
        user_input: dict[str, Any] | None,
        schema: vol.Schema,
        *,
        availability_topic: Callable[[Mapping[str, Any]], str],
        unique_id: Callable[[Mapping[str, Any]], str],
        bridge_data: Callable[[Mapping[str, Any]], dict[str, Any]],
    ) -> ConfigFlowResult:
        """Show, check and create an MQTT unit: topics (`schema`), then the unit's details."""
        schema = schema.extend(details_schema(with_name=False).schema)
        if not mqtt_configured(self.hass):
            return self.async_abort(reason="mqtt_not_configured")
        errors: dict[str, str] = {}
        placeholders = {"topic": ""}
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            errors = errors or _mqtt_errors(user_input)
            if not errors:
                await self.async_set_unique_id(f"{bridge}_{unique_id(user_input)}")
                self._abort_if_unique_id_configured()
                placeholders["topic"] = topic = availability_topic(user_input)
                if not await async_mqtt_connected(self.hass):
                    errors["base"] = "mqtt_not_connected"
                elif await async_probe(self.hass, topic) is None and self._unanswered != topic:
                    # Test before configure, but a unit that is off at the wall may be added.
                    self._unanswered = topic
                    errors["base"] = "no_answer"
            if not errors:
                return self.async_create_entry(
                    title=user_input[CONF_NAME],
                    data={
                        CONF_BRIDGE: bridge,
                        **bridge_data(user_input),
                        **details(user_input),
                    },
                )
        return self.async_show_form(
            step_id=bridge,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )
