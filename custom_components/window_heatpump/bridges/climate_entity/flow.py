"""Config flow step of the climate-entity bridge: the entity to wrap."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_ENTITY_ID, CONF_NAME
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import EntitySelector, EntitySelectorConfig

from ...const import BRIDGE_CLIMATE_ENTITY, CONF_BRIDGE, CONF_TEMPERATURE_UNIT, DOMAIN
from ...flow.details import checked_details, details, details_schema
from ...schema import vol
from .bridge import wrapped_state_problem


class ClimateEntityFlowMixin(ConfigFlow):
    """The config flow's step for a unit another integration's climate entity drives."""

    async def async_step_climate_entity(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the climate entity to wrap and describe the unit behind it."""
        errors: dict[str, str] = {}
        suggested: Mapping[str, Any] | None = user_input
        schema = details_schema(
            with_name=True,
            reach={
                vol.Required(CONF_ENTITY_ID): EntitySelector(
                    EntitySelectorConfig(domain=CLIMATE_DOMAIN)
                )
            },
        )
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            entity_id = user_input[CONF_ENTITY_ID]
            if CONF_ENTITY_ID not in errors and (problem := self._wrap_problem(entity_id)):
                errors[CONF_ENTITY_ID] = problem
            if not errors:
                registered = er.async_get(self.hass).async_get(entity_id)
                await self.async_set_unique_id(
                    f"{BRIDGE_CLIMATE_ENTITY}_{entity_id if registered is None else registered.id}"
                )
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=user_input[CONF_NAME],
                    data={
                        CONF_BRIDGE: BRIDGE_CLIMATE_ENTITY,
                        CONF_ENTITY_ID: entity_id,
                        **details(user_input),
                    },
                )
        else:
            suggested = {CONF_TEMPERATURE_UNIT: self.hass.config.units.temperature_unit}
        return self.async_show_form(
            step_id=BRIDGE_CLIMATE_ENTITY,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )

    def _wrap_problem(self, entity_id: str) -> str | None:
        """Return why an entity cannot be wrapped (gone, unavailable, one of ours), or None."""
        registered = er.async_get(self.hass).async_get(entity_id)
        if registered is not None and registered.platform == DOMAIN:
            return "entity_is_own"
        return wrapped_state_problem(self.hass, entity_id)
