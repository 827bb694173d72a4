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
CONF_REPORTS_DEFROST: Final = "reports_defrost"

BRIDGE_SIMULATED: Final = "simulated"

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

# Options of the control features (compressor protection, lockout, sensors they read).
CONF_MIN_OFF_SECONDS: Final = "min_off_seconds"
CONF_POWER_SENSOR: Final = "power_sensor"
CONF_SUPPLY_AIR_SENSOR: Final = "supply_air_sensor"
CONF_OUTDOOR_SENSOR: Final = "outdoor_sensor"
CONF_BACKUP_HEATER: Final = "backup_heater"
CONF_BALANCE_POINT: Final = "balance_point"
CONF_LOCKOUT_HYSTERESIS: Final = "lockout_hysteresis"
DEFAULT_LOCKOUT_HYSTERESIS: Final = 2.0
# Options of the sizing advisor.
CONF_ROOM_AREA: Final = "room_area"
CONF_CEILING_HEIGHT: Final = "ceiling_height"
CONF_INSULATION: Final = "insulation"
CONF_SUN: Final = "sun_exposure"
CONF_OCCUPANTS: Final = "occupants"
CONF_KITCHEN: Final = "kitchen"
