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
ATTR_REACHABLE = "reachable"

SET_SIMULATED_CONDITIONS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_OUTDOOR_TEMPERATURE): vol.All(
            vol.Coerce(float), vol.Range(min=-40, max=122)
        ),
        vol.Optional(ATTR_OUTDOOR_HUMIDITY): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
        vol.Optional(ATTR_FILTER_DIRT): vol.All(vol.Coerce(float), vol.Range(min=0, max=100)),
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
    entry: WindowHeatPumpConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data.get(ATTR_CONFIG_ENTRY_ID)
    )
    bridge = entry.runtime_data.bridge
    if not isinstance(bridge, SimulatedBridge):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_simulated",
            translation_placeholders={"name": entry.title},
        )
    outdoor_c: float | None = None
    if (outdoor := call.data.get(ATTR_OUTDOOR_TEMPERATURE)) is not None:
        # Given in the user's unit system, like every temperature they type in the UI.
        outdoor_c = TemperatureConverter.convert(
            outdoor, call.hass.config.units.temperature_unit, UnitOfTemperature.CELSIUS
        )
        if not -40 <= outdoor_c <= 50:  # noqa: PLR2004
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="outdoor_temperature_out_of_range",
                translation_placeholders={"value": str(outdoor)},
            )
    dirt = call.data.get(ATTR_FILTER_DIRT)
    bridge.set_conditions(
        outdoor_temperature_c=outdoor_c,
        outdoor_humidity=call.data.get(ATTR_OUTDOOR_HUMIDITY),
        filter_dirt=None if dirt is None else dirt / 100,
        reachable=call.data.get(ATTR_REACHABLE),
    )
