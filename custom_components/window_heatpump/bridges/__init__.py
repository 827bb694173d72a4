"""The bridges: one module per way of reaching a unit, all behind `bridge.Bridge`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from ..const import (
    BRIDGE_CLIMATE_ENTITY,
    BRIDGE_HTTP,
    BRIDGE_MIDEA,
    BRIDGE_MQTT_NATIVE,
    BRIDGE_MQTT_TASMOTA,
    BRIDGE_MQTT_ZIGBEE2MQTT,
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    IR_BRIDGES,
)
from .base import Bridge
from .climate_entity.bridge import create_bridge as create_climate_entity_bridge
from .http.bridge import create_bridge as create_http_bridge
from .ir.factory import create_bridge as create_ir_bridge
from .midea.bridge import create_bridge as create_midea_bridge
from .mqtt.native import create_bridge as create_mqtt_native_bridge
from .mqtt.tasmota import create_bridge as create_mqtt_tasmota_bridge
from .mqtt.zigbee2mqtt import create_bridge as create_mqtt_zigbee2mqtt_bridge
from .simulated.bridge import create_bridge as create_simulated_bridge

type BridgeFactory = Callable[[HomeAssistant, ConfigEntry[Any]], Bridge]

BRIDGES: Mapping[str, BridgeFactory] = {
    BRIDGE_SIMULATED: create_simulated_bridge,
    BRIDGE_CLIMATE_ENTITY: create_climate_entity_bridge,
    BRIDGE_HTTP: create_http_bridge,
    BRIDGE_MIDEA: create_midea_bridge,
    **dict.fromkeys(IR_BRIDGES, create_ir_bridge),
    BRIDGE_MQTT_NATIVE: create_mqtt_native_bridge,
    BRIDGE_MQTT_TASMOTA: create_mqtt_tasmota_bridge,
    BRIDGE_MQTT_ZIGBEE2MQTT: create_mqtt_zigbee2mqtt_bridge,
}


def create_bridge(hass: HomeAssistant, entry: ConfigEntry[Any]) -> Bridge:
    """Build the bridge an entry asks for."""
    return BRIDGES[entry.data[CONF_BRIDGE]](hass, entry)
