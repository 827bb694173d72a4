"""The options flow's heat source step: the electricity price, the backup's kind and price."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from ..const import (
    BACKUP_FUEL,
    BACKUP_RESISTANCE,
    CONF_BACKUP_KIND,
    CONF_ELECTRICITY_PRICE,
    CONF_FUEL_EFFICIENCY,
    CONF_FUEL_PRICE,
    CONF_FUEL_PRICE_ENTITY,
    CONF_LOCKOUT_CHEAPER,
    DEFAULT_FUEL_EFFICIENCY,
)
from ..control.heat_source import money_per_kwh
from ..schema import vol
from .checks import checked_input

_PRICE_SENSOR = EntitySelector(EntitySelectorConfig(domain="sensor"))
HEAT_SOURCE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_LOCKOUT_CHEAPER): BooleanSelector(),
        vol.Optional(CONF_ELECTRICITY_PRICE): _PRICE_SENSOR,
        vol.Required(CONF_BACKUP_KIND): SelectSelector(
            SelectSelectorConfig(
                options=[BACKUP_RESISTANCE, BACKUP_FUEL],
                translation_key=CONF_BACKUP_KIND,
                mode=SelectSelectorMode.LIST,
            )
        ),
        vol.Optional(CONF_FUEL_PRICE_ENTITY): _PRICE_SENSOR,
        vol.Optional(CONF_FUEL_PRICE): NumberSelector(
            NumberSelectorConfig(min=0, max=10, step="any", mode=NumberSelectorMode.BOX)
        ),
        vol.Optional(CONF_FUEL_EFFICIENCY): NumberSelector(
            NumberSelectorConfig(
                min=10, max=110, step=1, unit_of_measurement="%", mode=NumberSelectorMode.BOX
            )
        ),
    }
)
_KEYS = (
    CONF_LOCKOUT_CHEAPER,
    CONF_ELECTRICITY_PRICE,
    CONF_BACKUP_KIND,
    CONF_FUEL_PRICE_ENTITY,
    CONF_FUEL_PRICE,
    CONF_FUEL_EFFICIENCY,
)


def heat_source_errors(hass: HomeAssistant, user_input: dict[str, Any]) -> dict[str, str]:
    """Return a form error per field the heat source cannot work with."""
    errors: dict[str, str] = {}
    price = user_input.get(CONF_ELECTRICITY_PRICE)
    if user_input.get(CONF_LOCKOUT_CHEAPER) and not price:
        errors[CONF_ELECTRICITY_PRICE] = "cheaper_needs_price"
    for key in (CONF_ELECTRICITY_PRICE, CONF_FUEL_PRICE_ENTITY):
        state = hass.states.get(user_input[key]) if user_input.get(key) else None
        if (
            state is not None
            and money_per_kwh(state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)) is None
        ):
            errors[key] = "price_not_money_per_kwh"
    fuel = user_input.get(CONF_BACKUP_KIND) == BACKUP_FUEL
    if (
        fuel
        and not user_input.get(CONF_FUEL_PRICE_ENTITY)
        and user_input.get(CONF_FUEL_PRICE) is None
    ):
        errors[CONF_FUEL_PRICE] = "fuel_needs_price"
    return errors


class HeatSourceOptionsMixin(OptionsFlow):
    """The options flow's heat source step; it owns only its own options."""

    async def async_step_heat_source(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the electricity price, the backup's kind and price, and the cheaper mode."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, HEAT_SOURCE_SCHEMA, user_input)
            errors = errors or heat_source_errors(self.hass, user_input)
            if not errors:
                options = {
                    key: value
                    for key, value in self.config_entry.options.items()
                    if key not in _KEYS
                }
                options.update(
                    {
                        key: value
                        for key, value in user_input.items()
                        if key in _KEYS and value not in (None, "")
                    }
                )
                options[CONF_LOCKOUT_CHEAPER] = bool(user_input.get(CONF_LOCKOUT_CHEAPER))
                return self.async_create_entry(data=options)
        current = self.config_entry.options
        return self.async_show_form(
            step_id="heat_source",
            data_schema=self.add_suggested_values_to_schema(
                HEAT_SOURCE_SCHEMA,
                user_input
                or {
                    CONF_LOCKOUT_CHEAPER: current.get(CONF_LOCKOUT_CHEAPER, False),
                    CONF_BACKUP_KIND: current.get(CONF_BACKUP_KIND, BACKUP_RESISTANCE),
                    CONF_FUEL_EFFICIENCY: current.get(
                        CONF_FUEL_EFFICIENCY, DEFAULT_FUEL_EFFICIENCY
                    ),
                    **{
                        key: current[key]
                        for key in (CONF_ELECTRICITY_PRICE, CONF_FUEL_PRICE_ENTITY, CONF_FUEL_PRICE)
                        if key in current
                    },
                },
            ),
            errors=errors,
        )
