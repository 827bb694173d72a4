"""Constants for the window_heatpump integration."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "window_heatpump"
LOGGER = logging.getLogger(__package__)

# Config entry data: how the unit is reached and what it is.
CONF_BRIDGE: Final = "bridge"
CONF_CAPACITY_BTU: Final = "capacity_btu"
CONF_TEMPERATURE_UNIT: Final = "temperature_unit"
CONF_HVAC_MODES: Final = "hvac_modes"

# Options of the simulated unit.
CONF_OUTDOOR_TEMPERATURE: Final = "outdoor_temperature"
CONF_OUTDOOR_HUMIDITY: Final = "outdoor_humidity"
CONF_SPEED: Final = "speed"

# Where an MQTT unit is reached: the ESPHome-style topic tree, or a Tasmota IR bridge.
CONF_TOPIC_PREFIX: Final = "topic_prefix"
CONF_CLIMATE_ID: Final = "climate_id"
CONF_FAN_MODES: Final = "fan_modes"
CONF_SWING_MODES: Final = "swing_modes"
CONF_TASMOTA_TOPIC: Final = "tasmota_topic"
CONF_VENDOR: Final = "vendor"
CONF_MODEL: Final = "model"

BRIDGE_SIMULATED: Final = "simulated"
BRIDGE_MQTT_NATIVE: Final = "mqtt_native"
BRIDGE_MQTT_TASMOTA: Final = "mqtt_tasmota"

DEFAULT_CAPACITY_BTU: Final = 8000
MIN_CAPACITY_BTU: Final = 3000
MAX_CAPACITY_BTU: Final = 36000
DEFAULT_OUTDOOR_TEMPERATURE_C: Final = 2.0
DEFAULT_OUTDOOR_HUMIDITY: Final = 85.0
DEFAULT_SPEED: Final = 1.0
MAX_SPEED: Final = 600.0
