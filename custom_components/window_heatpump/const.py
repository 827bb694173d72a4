"""Constants for the window_heatpump integration."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "window_heatpump"
# The key of a unit's climate entity (its unique id is the unit's key and this).
CLIMATE_KEY: Final = "climate"
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
CONF_REPORTS_DEFROST: Final = "reports_defrost"
# How much warmer (heating) or colder (cooling, negative) its intake reads than the room, K.
CONF_INTAKE_BIAS_HEAT: Final = "intake_bias_heat"
CONF_INTAKE_BIAS_COOL: Final = "intake_bias_cool"

# Where an MQTT unit is reached: the ESPHome-style topic tree, or a Tasmota IR bridge.
CONF_TOPIC_PREFIX: Final = "topic_prefix"
CONF_CLIMATE_ID: Final = "climate_id"
# Where a native MQTT node takes the room temperature (Follow Me), under its topic prefix.
CONF_SENSOR_TOPIC: Final = "sensor_topic"
CONF_FAN_MODES: Final = "fan_modes"
CONF_SWING_MODES: Final = "swing_modes"
CONF_TASMOTA_TOPIC: Final = "tasmota_topic"
CONF_VENDOR: Final = "vendor"
CONF_MODEL: Final = "model"
# Where a Zigbee2MQTT IR blaster is reached: Zigbee2MQTT's base topic and the device's name.
CONF_BASE_TOPIC: Final = "base_topic"
CONF_FRIENDLY_NAME: Final = "friendly_name"
DEFAULT_BASE_TOPIC: Final = "zigbee2mqtt"

BRIDGE_SIMULATED: Final = "simulated"
BRIDGE_MQTT_NATIVE: Final = "mqtt_native"
BRIDGE_MQTT_TASMOTA: Final = "mqtt_tasmota"
BRIDGE_MQTT_ZIGBEE2MQTT: Final = "mqtt_zigbee2mqtt"
BRIDGE_CLIMATE_ENTITY: Final = "climate_entity"
BRIDGE_HTTP: Final = "http"

BRIDGE_MIDEA: Final = "midea"

# Data of the Midea LAN bridge (host and port come from homeassistant.const).
CONF_DEVICE_ID: Final = "device_id"
CONF_PROTOCOL_VERSION: Final = "protocol_version"
CONF_TOKEN: Final = "token"  # noqa: S105 - a key name, not a secret
CONF_KEY: Final = "key"

# Data of the HTTP bridge (host and port come from homeassistant.const).
CONF_WEBHOOK_ID: Final = "webhook_id"
DEFAULT_HTTP_PORT: Final = 80

DEFAULT_CAPACITY_BTU: Final = 8000
MIN_CAPACITY_BTU: Final = 3000
MAX_CAPACITY_BTU: Final = 36000
DEFAULT_OUTDOOR_TEMPERATURE_C: Final = 2.0
DEFAULT_OUTDOOR_HUMIDITY: Final = 85.0
DEFAULT_SPEED: Final = 1.0
MAX_SPEED: Final = 600.0

# Options of every unit's schedules: how long a manual change holds (0: until the next block).
CONF_OVERRIDE_MINUTES: Final = "override_minutes"
DEFAULT_OVERRIDE_MINUTES: Final = 0
MAX_OVERRIDE_MINUTES: Final = 24 * 60

# The infrared bridges (config entry data; reconfigure changes the settings).
BRIDGE_INFRARED: Final = "infrared"
BRIDGE_BROADLINK: Final = "broadlink"
BRIDGE_ESPHOME: Final = "esphome"
BRIDGE_SMARTIR: Final = "smartir"
IR_BRIDGES: Final = (BRIDGE_INFRARED, BRIDGE_BROADLINK, BRIDGE_ESPHOME, BRIDGE_SMARTIR)

CONF_EMITTER: Final = "emitter"
CONF_RECEIVER: Final = "receiver"
CONF_PROTOCOL: Final = "protocol"
CONF_ESPHOME_ACTION: Final = "esphome_action"
CONF_CODE_FILE: Final = "code_file"
CONF_SETTLE_TIME: Final = "settle_time"
CONF_POWER_SENSOR: Final = "power_sensor"
CONF_POWER_ON_W: Final = "power_on_w"
CONF_POWER_HYSTERESIS_W: Final = "power_hysteresis_w"
CONF_COMPRESSOR_W: Final = "compressor_w"
CONF_POWER_DEBOUNCE: Final = "power_debounce"
CONF_RESPONSE_TIME: Final = "response_time"
CONF_RETRIES: Final = "retries"
CONF_TEMPERATURE_SENSOR: Final = "temperature_sensor"
CONF_HUMIDITY_SENSOR: Final = "humidity_sensor"

# A slider dragged through ten values within this many seconds becomes one frame.
DEFAULT_SETTLE_TIME: Final = 0.8
# A window unit's fan alone draws 30-80 W; its compressor several hundred.
DEFAULT_POWER_ON_W: Final = 20.0
DEFAULT_POWER_HYSTERESIS_W: Final = 5.0
DEFAULT_COMPRESSOR_W: Final = 200.0
DEFAULT_POWER_DEBOUNCE: Final = 5.0
# The indoor fan starts within seconds of a frame; the compressor may wait minutes, the fan not.
DEFAULT_RESPONSE_TIME: Final = 30.0
DEFAULT_RETRIES: Final = 2

# Options of the control features (compressor protection, lockout, sensors they read).
CONF_MIN_OFF_SECONDS: Final = "min_off_seconds"
CONF_SUPPLY_AIR_SENSOR: Final = "supply_air_sensor"
CONF_OUTDOOR_SENSOR: Final = "outdoor_sensor"
CONF_BACKUP_HEATER: Final = "backup_heater"
CONF_BALANCE_POINT: Final = "balance_point"
CONF_LOCKOUT_HYSTERESIS: Final = "lockout_hysteresis"
DEFAULT_LOCKOUT_HYSTERESIS: Final = 2.0
# The lockout uses the learned balance point once the learned room is confident.
CONF_LOCKOUT_LEARNED: Final = "lockout_learned"
# The cheaper heat source: the electricity price, the backup heater's kind and its price.
CONF_LOCKOUT_CHEAPER: Final = "lockout_cheaper"
CONF_ELECTRICITY_PRICE: Final = "electricity_price"
CONF_BACKUP_KIND: Final = "backup_kind"
BACKUP_RESISTANCE: Final = "resistance"
BACKUP_FUEL: Final = "fuel"
CONF_FUEL_PRICE_ENTITY: Final = "fuel_price_entity"
CONF_FUEL_PRICE: Final = "fuel_price"
CONF_FUEL_EFFICIENCY: Final = "fuel_efficiency"
DEFAULT_FUEL_EFFICIENCY: Final = 90.0
# Options of the sizing advisor.
CONF_ROOM_AREA: Final = "room_area"
CONF_CEILING_HEIGHT: Final = "ceiling_height"
CONF_INSULATION: Final = "insulation"
CONF_SUN: Final = "sun_exposure"
CONF_OCCUPANTS: Final = "occupants"
CONF_KITCHEN: Final = "kitchen"


class Reads(StrEnum):
    """What an entity shows, so that a pushed state wakes only the entities it can change."""

    # Only availability (and what a full update brings): buttons, the schedule's entities.
    NOTHING = "nothing"
    # The unit's reported state (the climate).
    STATE = "state"
    # The care tracker's figures and conditions.
    CARE = "care"
    # The control features' figures (protection, power, energy, lockout, defrost estimate).
    CONTROL = "control"
    # The learned room model's figures (they move once a day, or on a reset).
    LEARNING = "learning"


# "Ready by" blocks: the earliest the unit starts before a block's time, and where the
# forecast of the outdoor temperature comes from (a weather entity; none: the current reading).
CONF_READY_BY_MAX_MINUTES: Final = "ready_by_max_minutes"
DEFAULT_READY_BY_MAX_MINUTES: Final = 180
MAX_READY_BY_MAX_MINUTES: Final = 12 * 60
CONF_WEATHER_ENTITY: Final = "weather_entity"
