"""The options flow: the unit's settings, care, control, sizing and its schedules."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState, ConfigFlowResult, OptionsFlowWithReload
from homeassistant.const import CONF_NAME
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    ObjectSelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
from homeassistant.util.unit_conversion import TemperatureConverter

from .bridges.simulated.flow import SIMULATED_DEFAULT_OPTIONS, SIMULATED_OPTIONS_SCHEMA
from .care.options import CARE_DEFAULTS, CARE_SCHEMA, care_options, validate_care
from .const import CONF_OVERRIDE_MINUTES, DEFAULT_OVERRIDE_MINUTES, MAX_OVERRIDE_MINUTES
from .flow.checks import checked_input, clean_name, name_error
from .flow.control import ControlOptionsMixin
from .flow.heat_source import HeatSourceOptionsMixin
from .flow.learning import LearningOptionsMixin
from .flow.room_sensor import RoomSensorOptionsMixin
from .inbound import within_depth
from .schedules.engine import ScheduleEngine
from .schedules.model import Block
from .schedules.validation import ATTR_TEMPERATURE, ScheduleError, block_to_input, parse_schedule
from .schema import vol

CONF_BLOCKS = "blocks"
# Blocks nest three levels (a list of blocks, each a mapping, its days a list).
BLOCKS_DEPTH = 3
CONF_ENABLED = "enabled"
CONF_ACTIVATE = "activate"
SCHEDULE_SETTINGS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_OVERRIDE_MINUTES): NumberSelector(
            NumberSelectorConfig(
                min=0,
                max=MAX_OVERRIDE_MINUTES,
                step=5,
                unit_of_measurement="min",
                mode=NumberSelectorMode.BOX,
            )
        ),
    }
)
SCHEDULE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_BLOCKS): ObjectSelector(),
        vol.Required(CONF_ENABLED, default=True): BooleanSelector(),
        vol.Required(CONF_ACTIVATE, default=False): BooleanSelector(),
    }
)


class WindowHeatPumpOptionsFlow(
    RoomSensorOptionsMixin,
    ControlOptionsMixin,
    LearningOptionsMixin,
    HeatSourceOptionsMixin,
    OptionsFlowWithReload,
):
    """Change how a unit behaves and edit its schedules.

    Unit and schedule settings are entry options (the entry reloads to apply them);
    schedules are stored by the unit's schedule engine and apply at once.
    """

    def __init__(self) -> None:
        """Initialize the flow."""
        self._schedule_name = ""

    async def async_step_init(
        self,
        user_input: dict[str, Any] | None = None,  # noqa: ARG002
    ) -> ConfigFlowResult:
        """Offer the unit's settings, and its schedules while it is loaded."""
        options = [
            "unit_settings",
            "room_sensor",
            "care",
            "protection",
            "outdoor_lockout",
            "learning",
            "heat_source",
            "energy_sensors",
            "sizing",
        ]
        if self.config_entry.state is ConfigEntryState.LOADED:
            options += ["pick_schedule", "remove_schedule", "schedule_settings"]
        return self.async_show_menu(step_id="init", menu_options=options)

    async def async_step_unit_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the simulated unit's weather and clock speed (its only bridge so far)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, SIMULATED_OPTIONS_SCHEMA, user_input)
            if not errors:
                return self.async_create_entry(data={**self.config_entry.options, **user_input})
        return self.async_show_form(
            step_id="unit_settings",
            data_schema=self.add_suggested_values_to_schema(
                SIMULATED_OPTIONS_SCHEMA,
                user_input or {**SIMULATED_DEFAULT_OPTIONS, **self.config_entry.options},
            ),
            errors=errors,
        )

    async def async_step_schedule_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how long a manual change holds."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, SCHEDULE_SETTINGS_SCHEMA, user_input)
            if not errors:
                minutes = int(user_input[CONF_OVERRIDE_MINUTES])
                return self.async_create_entry(
                    data={**self.config_entry.options, CONF_OVERRIDE_MINUTES: minutes}
                )
        return self.async_show_form(
            step_id="schedule_settings",
            data_schema=self.add_suggested_values_to_schema(
                SCHEDULE_SETTINGS_SCHEMA,
                user_input
                or {CONF_OVERRIDE_MINUTES: DEFAULT_OVERRIDE_MINUTES, **self.config_entry.options},
            ),
            errors=errors,
        )

    async def async_step_pick_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask which schedule to edit, or the name of a new one."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._schedule_name = clean_name(str(user_input[CONF_NAME]))
            if (error := name_error(self._schedule_name)) is None:
                return await self.async_step_schedule()
            errors[CONF_NAME] = "schedule_name_required" if error == "name_required" else error
        return self.async_show_form(
            step_id="pick_schedule",
            data_schema=vol.Schema({vol.Required(CONF_NAME): self._names_selector(custom=True)}),
            errors=errors,
        )

    async def async_step_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Edit a schedule's blocks, with the same checks as the set schedule action."""
        engine = self._engine
        name = self._schedule_name
        errors: dict[str, str] = {}
        placeholders = {"name": name}
        if user_input is not None:
            try:
                schedule = parse_schedule(
                    name,
                    user_input[CONF_BLOCKS],
                    engine.unit.capabilities,
                    self.hass.config.units.temperature_unit,
                    enabled=user_input[CONF_ENABLED],
                )
            except ScheduleError as err:
                errors[CONF_BLOCKS] = err.key
                placeholders |= err.placeholders
            else:
                await engine.async_set_schedule(schedule, activate=user_input[CONF_ACTIVATE])
                return self.async_create_entry(data=dict(self.config_entry.options))
        suggested: dict[str, Any] = {CONF_ACTIVATE: engine.book.active in (None, name)}
        if (existing := engine.book.get(name)) is not None:
            suggested |= {
                CONF_BLOCKS: [self._block_as_typed(block) for block in existing.blocks],
                CONF_ENABLED: existing.enabled,
            }
        if user_input is not None and within_depth(user_input[CONF_BLOCKS], BLOCKS_DEPTH):
            # The blocks as typed, to fix; nested deeper than blocks go, they could not be shown.
            suggested = user_input
        return self.async_show_form(
            step_id="schedule",
            data_schema=self.add_suggested_values_to_schema(SCHEDULE_SCHEMA, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_remove_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Remove a schedule."""
        engine = self._engine
        if not engine.book.schedules:
            return self.async_abort(reason="no_schedules")
        if user_input is not None:
            await engine.async_remove_schedule(user_input[CONF_NAME])
            return self.async_create_entry(data=dict(self.config_entry.options))
        return self.async_show_form(
            step_id="remove_schedule",
            data_schema=vol.Schema({vol.Required(CONF_NAME): self._names_selector(custom=False)}),
        )

    @property
    def _engine(self) -> ScheduleEngine:
        """Return the schedule engine of the loaded unit."""
        engine: ScheduleEngine = self.config_entry.runtime_data.schedules
        return engine

    def _names_selector(self, *, custom: bool) -> SelectSelector:
        """Return a choice of the unit's schedules (and, if `custom`, a new name)."""
        return SelectSelector(
            SelectSelectorConfig(
                options=[schedule.name for schedule in self._engine.book.schedules],
                custom_value=custom,
                mode=SelectSelectorMode.DROPDOWN,
            )
        )

    def _block_as_typed(self, block: Block) -> dict[str, Any]:
        """Return a block as the user types it: temperatures in Home Assistant's unit."""
        typed = block_to_input(block)
        if (temperature := typed.get(ATTR_TEMPERATURE)) is not None:
            typed[ATTR_TEMPERATURE] = round(
                TemperatureConverter.convert(
                    temperature,
                    self._engine.unit.capabilities.temperature_unit.value,
                    self.hass.config.units.temperature_unit,
                ),
                1,
            )
        return typed

    async def async_step_care(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Set the filter interval, the detectors' thresholds and the season dates."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, CARE_SCHEMA, user_input)
            errors = errors or validate_care(user_input)
            if not errors:
                return self.async_create_entry(
                    data={
                        **self.config_entry.options,
                        **care_options(user_input),
                    }
                )
        return self.async_show_form(
            step_id="care",
            data_schema=self.add_suggested_values_to_schema(
                CARE_SCHEMA, user_input or {**CARE_DEFAULTS, **self.config_entry.options}
            ),
            errors=errors,
            description_placeholders={"name": self.config_entry.title},
        )
