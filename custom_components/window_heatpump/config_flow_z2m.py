"""Config flow step of a unit behind a Zigbee2MQTT IR blaster, and the IR protocol picker."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from .bridges.mqtt.zigbee2mqtt import availability_topic, device_topic
from .const import (
    BRIDGE_MQTT_ZIGBEE2MQTT,
    CONF_BASE_TOPIC,
    CONF_FRIENDLY_NAME,
    CONF_PROTOCOL,
    DEFAULT_BASE_TOPIC,
)
from .protocols import PROTOCOLS
from .schema import vol


def protocol_selector() -> SelectSelector:
    """Return the list of AC protocols this installation has."""
    return SelectSelector(
        SelectSelectorConfig(
            options=sorted(PROTOCOLS), translation_key=CONF_PROTOCOL, mode=SelectSelectorMode.LIST
        )
    )


_ZIGBEE2MQTT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_BASE_TOPIC, default=DEFAULT_BASE_TOPIC): TextSelector(),
        vol.Required(CONF_FRIENDLY_NAME): TextSelector(),
        vol.Required(CONF_PROTOCOL): protocol_selector(),
    }
)


class Zigbee2MqttFlowMixin:
    """The config flow's step for a Tuya IR blaster (ZS06, UFO-R11 ...) on Zigbee2MQTT."""

    # The MQTT step every dialect shares (WindowHeatPumpConfigFlow).
    _async_mqtt_step: Callable[..., Awaitable[ConfigFlowResult]]

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
