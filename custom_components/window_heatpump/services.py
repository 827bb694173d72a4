"""Actions of window_heatpump."""

from __future__ import annotations

from homeassistant.const import ATTR_CONFIG_ENTRY_ID, UnitOfTemperature
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
from homeassistant.util.unit_conversion import TemperatureConverter

from .bridges.simulated import SimulatedBridge
from .const import DOMAIN
from .coordinator import WindowHeatPumpConfigEntry
from .schema import vol

SERVICE_SET_SIMULATED_CONDITIONS = "set_simulated_conditions"
ATTR_OUTDOOR_TEMPERATURE = "outdoor_temperature"
ATTR_OUTDOOR_HUMIDITY = "outdoor_humidity"
ATTR_FILTER_DIRT = "filter_dirt"
ATTR_COIL_BLOCKAGE = "outdoor_coil_blockage"
ATTR_ROOM_THERMAL_MASS = "room_thermal_mass"
ATTR_REACHABLE = "reachable"
# The range the simulator's capacity and frost curves are meant for.
MIN_OUTDOOR_C = -40.0
MAX_OUTDOOR_C = 50.0

SET_SIMULATED_CONDITIONS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_OUTDOOR_TEMPERATURE): vol.All(
            vol.Coerce(float), vol.Range(min=-40, max=122)
        ),
        vol.Optional(ATTR_OUTDOOR_HUMIDITY): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
        vol.Optional(ATTR_FILTER_DIRT): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
        vol.Optional(ATTR_COIL_BLOCKAGE): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
        vol.Optional(ATTR_ROOM_THERMAL_MASS): vol.All(vol.Coerce(float), vol.Range(min=5, max=200)),
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
