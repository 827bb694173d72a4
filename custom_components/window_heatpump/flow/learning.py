"""The options flow's learned room step: the lockout's balance point and "ready by" blocks."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from ..const import (
    CONF_LOCKOUT_LEARNED,
    CONF_READY_BY_MAX_MINUTES,
    CONF_WEATHER_ENTITY,
    DEFAULT_READY_BY_MAX_MINUTES,
    MAX_READY_BY_MAX_MINUTES,
)
from ..schema import vol
from .checks import checked_input

LEARNING_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_LOCKOUT_LEARNED): BooleanSelector(),
        vol.Optional(CONF_READY_BY_MAX_MINUTES): NumberSelector(
            NumberSelectorConfig(
                min=0,
                max=MAX_READY_BY_MAX_MINUTES,
                step=5,
                unit_of_measurement="min",
                mode=NumberSelectorMode.BOX,
            )
        ),
        vol.Optional(CONF_WEATHER_ENTITY): EntitySelector(EntitySelectorConfig(domain="weather")),
    }
)
# The step's own options; a field left empty is removed (the cap is then its default).
_KEYS = (CONF_LOCKOUT_LEARNED, CONF_READY_BY_MAX_MINUTES, CONF_WEATHER_ENTITY)


class LearningOptionsMixin(OptionsFlow):
    """The options flow's learned room step; it owns only its own options."""

    async def async_step_learning(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask whether the lockout uses the learned balance point, and how early blocks begin."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, LEARNING_SCHEMA, user_input)
            if not errors:
                options = {
                    key: value
                    for key, value in self.config_entry.options.items()
                    if key not in _KEYS
                }
                options[CONF_LOCKOUT_LEARNED] = bool(user_input.get(CONF_LOCKOUT_LEARNED, False))
                if (cap := user_input.get(CONF_READY_BY_MAX_MINUTES)) is not None:
                    options[CONF_READY_BY_MAX_MINUTES] = int(cap)
                if weather := user_input.get(CONF_WEATHER_ENTITY):
                    options[CONF_WEATHER_ENTITY] = weather
                return self.async_create_entry(data=options)
        current = self.config_entry.options
        return self.async_show_form(
            step_id="learning",
            data_schema=self.add_suggested_values_to_schema(
                LEARNING_SCHEMA,
                user_input
                or {
                    CONF_LOCKOUT_LEARNED: current.get(CONF_LOCKOUT_LEARNED, False),
                    CONF_READY_BY_MAX_MINUTES: current.get(
                        CONF_READY_BY_MAX_MINUTES, DEFAULT_READY_BY_MAX_MINUTES
                    ),
                    CONF_WEATHER_ENTITY: current.get(CONF_WEATHER_ENTITY),
                },
            ),
            errors=errors,
        )
