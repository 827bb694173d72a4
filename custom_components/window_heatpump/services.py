"""Actions of window_heatpump."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date, datetime, time
from typing import Any

from homeassistant.const import ATTR_CONFIG_ENTRY_ID, CONF_NAME, UnitOfTemperature
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from .bridges.simulated.bridge import SimulatedBridge
from .const import DOMAIN
from .control.commissioning import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES, TEST_MODES
from .coordinator import WindowHeatPumpConfigEntry
from .inbound import InboundError, number_or_text
from .model import Mode
from .schedules.engine import ScheduleEngine
from .schedules.model import Block
from .schedules.validation import (
    ATTR_DAYS,
    ATTR_FAN_MODE,
    ATTR_MODE,
    ATTR_READY_BY,
    ATTR_START,
    ATTR_SWING_MODE,
    ATTR_TEMPERATURE,
    BLOCK_KEYS,
    parse_block,
    parse_days,
    parse_schedule,
    parse_time,
    to_unit_temperature,
)
from .schema import vol

SERVICE_SET_SIMULATED_CONDITIONS = "set_simulated_conditions"
ATTR_OUTDOOR_TEMPERATURE = "outdoor_temperature"
ATTR_OUTDOOR_HUMIDITY = "outdoor_humidity"
ATTR_FILTER_DIRT = "filter_dirt"
ATTR_COIL_BLOCKAGE = "outdoor_coil_blockage"
ATTR_ROOM_THERMAL_MASS = "room_thermal_mass"
ATTR_REACHABLE = "reachable"
ATTR_COMPRESSOR_FAILED = "compressor_failed"
# The range the simulator's capacity and frost curves are meant for.
MIN_OUTDOOR_C = -40.0
MAX_OUTDOOR_C = 50.0

SERVICE_SET_SCHEDULE = "set_schedule"
SERVICE_REMOVE_SCHEDULE = "remove_schedule"
SERVICE_ADD_BLOCK = "add_block"
SERVICE_REMOVE_BLOCK = "remove_block"
SERVICE_PAUSE_SCHEDULE = "pause_schedule"
SERVICE_RESUME_SCHEDULE = "resume_schedule"
ATTR_SCHEDULE = "schedule"
ATTR_BLOCKS = "blocks"
ATTR_ENABLED = "enabled"
ATTR_ACTIVATE = "activate"
ATTR_UNTIL = "until"
ATTR_FROST_PROTECTION = "frost_protection"

SERVICE_RUN_TEST_CYCLE = "run_test_cycle"
SERVICE_CANCEL_TEST_CYCLE = "cancel_test_cycle"
ATTR_MINUTES = "minutes"
ATTR_MODES = "modes"


def _finite(value: Any) -> float:
    """Return a finite number, given as a number or as text; vol.Invalid for anything else.

    vol.Coerce(float) lets NaN and infinity through, and raises OverflowError (not Invalid)
    for an integer of hundreds of digits, which a template or a YAML script can give.
    """
    try:
        return number_or_text(value)
    except InboundError as err:
        raise vol.Invalid(str(err)) from err


# Shapes only: what the values mean is checked by the schedule validation, in words.
_ENTRY = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
_DAYS = vol.Any(cv.string, [cv.string])
_BLOCK_FIELDS = {
    vol.Required(ATTR_DAYS): _DAYS,
    vol.Required(ATTR_START): cv.string,
    vol.Required(ATTR_MODE): cv.string,
    vol.Optional(ATTR_TEMPERATURE): _finite,
    vol.Optional(ATTR_FAN_MODE): cv.string,
    vol.Optional(ATTR_SWING_MODE): cv.string,
    vol.Optional(ATTR_READY_BY): cv.boolean,
}
SET_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required(CONF_NAME): cv.string,
        vol.Required(ATTR_BLOCKS): vol.All(cv.ensure_list, [dict]),
        vol.Optional(ATTR_ENABLED, default=True): cv.boolean,
        vol.Optional(ATTR_ACTIVATE, default=False): cv.boolean,
    }
)
REMOVE_SCHEDULE_SCHEMA = vol.Schema({**_ENTRY, vol.Required(CONF_NAME): cv.string})
ADD_BLOCK_SCHEMA = vol.Schema({**_ENTRY, vol.Required(ATTR_SCHEDULE): cv.string, **_BLOCK_FIELDS})
REMOVE_BLOCK_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_SCHEDULE): cv.string,
        vol.Required(ATTR_START): cv.string,
        vol.Optional(ATTR_DAYS, default="daily"): _DAYS,
    }
)
PAUSE_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_UNTIL): vol.Any(cv.datetime, cv.date),
        vol.Optional(ATTR_FROST_PROTECTION): _finite,
    }
)
RESUME_SCHEDULE_SCHEMA = vol.Schema(_ENTRY)
RUN_TEST_CYCLE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_MINUTES, default=DEFAULT_MINUTES): vol.All(
            _finite, vol.Range(min=MIN_MINUTES, max=MAX_MINUTES), vol.Coerce(int)
        ),
        vol.Optional(ATTR_MODES): vol.All(
            cv.ensure_list, [vol.In([mode.value for mode in TEST_MODES])]
        ),
    }
)
CANCEL_TEST_CYCLE_SCHEMA = vol.Schema(_ENTRY)

SET_SIMULATED_CONDITIONS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_OUTDOOR_TEMPERATURE): vol.All(_finite, vol.Range(min=-40, max=122)),
        vol.Optional(ATTR_OUTDOOR_HUMIDITY): vol.All(_finite, vol.Range(min=0, max=100)),
        vol.Optional(ATTR_FILTER_DIRT): vol.All(_finite, vol.Range(min=0, max=100)),
        vol.Optional(ATTR_COIL_BLOCKAGE): vol.All(_finite, vol.Range(min=0, max=100)),
        vol.Optional(ATTR_ROOM_THERMAL_MASS): vol.All(_finite, vol.Range(min=5, max=200)),
        vol.Optional(ATTR_COMPRESSOR_FAILED): cv.boolean,
        vol.Optional(ATTR_REACHABLE): cv.boolean,
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_SIMULATED_CONDITIONS,
        _async_set_simulated_conditions,
        schema=SET_SIMULATED_CONDITIONS_SCHEMA,
    )
    schedule_actions: dict[
        str, tuple[vol.Schema, Callable[[ServiceCall], Coroutine[Any, Any, None]]]
    ] = {
        SERVICE_SET_SCHEDULE: (SET_SCHEDULE_SCHEMA, _async_set_schedule),
        SERVICE_REMOVE_SCHEDULE: (REMOVE_SCHEDULE_SCHEMA, _async_remove_schedule),
        SERVICE_ADD_BLOCK: (ADD_BLOCK_SCHEMA, _async_add_block),
        SERVICE_REMOVE_BLOCK: (REMOVE_BLOCK_SCHEMA, _async_remove_block),
        SERVICE_PAUSE_SCHEDULE: (PAUSE_SCHEDULE_SCHEMA, _async_pause_schedule),
        SERVICE_RESUME_SCHEDULE: (RESUME_SCHEDULE_SCHEMA, _async_resume_schedule),
        SERVICE_RUN_TEST_CYCLE: (RUN_TEST_CYCLE_SCHEMA, _async_run_test_cycle),
        SERVICE_CANCEL_TEST_CYCLE: (CANCEL_TEST_CYCLE_SCHEMA, _async_cancel_test_cycle),
    }
    for name, (schema, handler) in schedule_actions.items():
        hass.services.async_register(DOMAIN, name, handler, schema=schema)


def _entry(call: ServiceCall) -> WindowHeatPumpConfigEntry:
    """Return the loaded unit the call names."""
    return service.async_get_config_entry(call.hass, DOMAIN, call.data[ATTR_CONFIG_ENTRY_ID])


def _engine(call: ServiceCall) -> ScheduleEngine:
    """Return the schedule engine of the unit the call names."""
    return _entry(call).runtime_data.schedules


async def _async_run_test_cycle(call: ServiceCall) -> None:
    """Start the commissioning test cycle."""
    modes = call.data.get(ATTR_MODES)
    await _entry(call).runtime_data.control.test_cycle.async_start(
        call.data[ATTR_MINUTES], None if modes is None else [Mode(mode) for mode in modes]
    )


async def _async_cancel_test_cycle(call: ServiceCall) -> None:
    """Cancel the running test cycle and restore the state it started from."""
    await _entry(call).runtime_data.control.test_cycle.async_cancel()


async def _async_set_schedule(call: ServiceCall) -> None:
    """Add a schedule or replace the one of the same name."""
    engine = _engine(call)
    schedule = parse_schedule(
        call.data[CONF_NAME],
        call.data[ATTR_BLOCKS],
        engine.capabilities,
        call.hass.config.units.temperature_unit,
        enabled=call.data[ATTR_ENABLED],
    )
    await engine.async_set_schedule(schedule, activate=call.data[ATTR_ACTIVATE])


async def _async_remove_schedule(call: ServiceCall) -> None:
    """Remove a schedule."""
    await _engine(call).async_remove_schedule(call.data[CONF_NAME])


async def _async_add_block(call: ServiceCall) -> None:
    """Add a block to a schedule."""
    engine = _engine(call)
    raw = {key: value for key, value in call.data.items() if key in BLOCK_KEYS}
    block = parse_block(raw, engine.capabilities, call.hass.config.units.temperature_unit)
    await engine.async_add_block(call.data[ATTR_SCHEDULE], block)


async def _async_remove_block(call: ServiceCall) -> None:
    """Remove a block (on some of its days, or all) from a schedule."""
    engine = _engine(call)
    # Only the days and the start identify a block; the mode is a placeholder.
    template = Block(
        days=parse_days(call.data[ATTR_DAYS]),
        start=parse_time(call.data[ATTR_START]),
        mode=engine.capabilities.modes[0],
    )
    await engine.async_remove_block(call.data[ATTR_SCHEDULE], template)


async def _async_pause_schedule(call: ServiceCall) -> None:
    """Pause the schedule until a date or instant, optionally with frost protection."""
    engine = _engine(call)
    until: datetime | date = call.data[ATTR_UNTIL]
    if not isinstance(until, datetime):
        until = datetime.combine(until, time(), dt_util.get_default_time_zone())
    elif until.tzinfo is None:
        until = until.replace(tzinfo=dt_util.get_default_time_zone())
    frost: float | None = None
    if (raw := call.data.get(ATTR_FROST_PROTECTION)) is not None:
        frost = to_unit_temperature(
            raw, engine.capabilities, call.hass.config.units.temperature_unit
        )
    await engine.async_pause(dt_util.as_utc(until), frost)


async def _async_resume_schedule(call: ServiceCall) -> None:
    """End a pause or a manual change and go back to the schedule."""
    await _engine(call).async_resume()


async def _async_set_simulated_conditions(call: ServiceCall) -> None:
    """Change the weather, filter or plug of a simulated unit."""
    bridge = _simulated_bridge(call)
    outdoor_c: float | None = None
    if (outdoor := call.data.get(ATTR_OUTDOOR_TEMPERATURE)) is not None:
        # Given in the user's unit system, like every temperature they type in the UI.
        outdoor_c = TemperatureConverter.convert(
            outdoor, call.hass.config.units.temperature_unit, UnitOfTemperature.CELSIUS
        )
        if not MIN_OUTDOOR_C <= outdoor_c <= MAX_OUTDOOR_C:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="outdoor_temperature_out_of_range",
                translation_placeholders={"value": str(outdoor)},
            )
    bridge.set_conditions(
        outdoor_temperature_c=outdoor_c,
        outdoor_humidity=call.data.get(ATTR_OUTDOOR_HUMIDITY),
        filter_dirt=_fraction(call, ATTR_FILTER_DIRT),
        coil_blockage=_fraction(call, ATTR_COIL_BLOCKAGE),
        room_thermal_mass=_fraction(call, ATTR_ROOM_THERMAL_MASS),
        compressor_failed=call.data.get(ATTR_COMPRESSOR_FAILED),
        reachable=call.data.get(ATTR_REACHABLE),
    )


def _fraction(call: ServiceCall, field: str) -> float | None:
    """Return a percentage field of the call as a fraction, or None when not given."""
    value = call.data.get(field)
    return None if value is None else float(value) / 100


def _simulated_bridge(call: ServiceCall) -> SimulatedBridge:
    """Return the simulated unit the call names, or the only one there is."""
    if (entry_id := call.data.get(ATTR_CONFIG_ENTRY_ID)) is not None:
        entry: WindowHeatPumpConfigEntry = service.async_get_config_entry(
            call.hass, DOMAIN, entry_id
        )
        if not isinstance(bridge := entry.runtime_data.bridge, SimulatedBridge):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_simulated",
                translation_placeholders={"name": entry.title},
            )
        return bridge
    entries: list[WindowHeatPumpConfigEntry] = call.hass.config_entries.async_loaded_entries(DOMAIN)
    simulated = [
        entry.runtime_data.bridge
        for entry in entries
        if isinstance(entry.runtime_data.bridge, SimulatedBridge)
    ]
    if len(simulated) != 1:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="simulated_unit_required",
            translation_placeholders={"count": str(len(simulated))},
        )
    return simulated[0]
