"""The options flow's learned room step: whether the lockout follows the learned balance point."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers.selector import BooleanSelector

from ..const import CONF_LOCKOUT_LEARNED
from ..schema import vol

LEARNING_SCHEMA = vol.Schema({vol.Required(CONF_LOCKOUT_LEARNED): BooleanSelector()})


class LearningOptionsMixin(OptionsFlow):
    """The options flow's learned room step; it owns only its own option."""

    async def async_step_learning(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask whether the lockout uses the learned balance point once it is confident."""
        if user_input is not None:
            learned = bool(user_input.get(CONF_LOCKOUT_LEARNED, False))
            return self.async_create_entry(
                data={**self.config_entry.options, CONF_LOCKOUT_LEARNED: learned}
            )
        return self.async_show_form(
            step_id="learning",
            data_schema=self.add_suggested_values_to_schema(
                LEARNING_SCHEMA,
                {CONF_LOCKOUT_LEARNED: self.config_entry.options.get(CONF_LOCKOUT_LEARNED, False)},
            ),
        )
