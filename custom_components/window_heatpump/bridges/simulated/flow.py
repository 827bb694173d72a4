"""Config flow step and options of the simulated unit."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)
from homeassistant.util import slugify

from ...const import (
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_INTAKE_BIAS_COOL,
    CONF_INTAKE_BIAS_HEAT,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_REPORTS_DEFROST,
    CONF_SPEED,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_SPEED,
    MAX_SPEED,
)
from ...flow.details import checked_details, details, details_schema, name_in_use
from ...schema import vol

SIMULATED_OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_OUTDOOR_TEMPERATURE): NumberSelector(
            NumberSelectorConfig(
                min=-30, max=45, step=0.5, unit_of_measurement="°C", mode=NumberSelectorMode.BOX
            )
        ),
        vol.Required(CONF_OUTDOOR_HUMIDITY): NumberSelector(
            NumberSelectorConfig(min=0, max=100, step=1, unit_of_measurement="%")
        ),
        vol.Required(CONF_SPEED): NumberSelector(
            NumberSelectorConfig(min=1, max=MAX_SPEED, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Optional(CONF_REPORTS_DEFROST, default=True): BooleanSelector(),
        vol.Optional(CONF_INTAKE_BIAS_HEAT): NumberSelector(
            NumberSelectorConfig(
                min=-5, max=5, step=0.5, unit_of_measurement="K", mode=NumberSelectorMode.BOX
            )
        ),
        vol.Optional(CONF_INTAKE_BIAS_COOL): NumberSelector(
            NumberSelectorConfig(
                min=-5, max=5, step=0.5, unit_of_measurement="K", mode=NumberSelectorMode.BOX
            )
        ),
    }
)
SIMULATED_DEFAULT_OPTIONS: dict[str, Any] = {
    CONF_OUTDOOR_TEMPERATURE: DEFAULT_OUTDOOR_TEMPERATURE_C,
    CONF_OUTDOOR_HUMIDITY: DEFAULT_OUTDOOR_HUMIDITY,
    CONF_SPEED: DEFAULT_SPEED,
}


class SimulatedFlowMixin(ConfigFlow):
    """The config flow's step for a simulated unit."""

    async def async_step_simulated(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a simulated unit."""
        errors: dict[str, str] = {}
        schema = details_schema(with_name=True)
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            unique_id = f"{BRIDGE_SIMULATED}_{slugify(user_input[CONF_NAME])}"
            if not errors:
                errors = name_in_use(self.hass, unique_id)
            if not errors:
                name = user_input[CONF_NAME]
                await self.async_set_unique_id(unique_id)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=name,
                    data={CONF_BRIDGE: BRIDGE_SIMULATED, **details(user_input)},
                    options=SIMULATED_DEFAULT_OPTIONS,
                )
        return self.async_show_form(
            step_id=BRIDGE_SIMULATED,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
        )
