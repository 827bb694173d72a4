"""Config, options and reconfigure flows of window_heatpump."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    ObjectSelector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import slugify
from homeassistant.util.unit_conversion import TemperatureConverter

from .config_flow_control import ControlOptionsMixin
from .const import (
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_HVAC_MODES,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_OVERRIDE_MINUTES,
    CONF_REPORTS_DEFROST,
    CONF_SPEED,
    CONF_TEMPERATURE_UNIT,
    DEFAULT_CAPACITY_BTU,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_OVERRIDE_MINUTES,
    DEFAULT_SPEED,
    DOMAIN,
    MAX_CAPACITY_BTU,
    MAX_OVERRIDE_MINUTES,
    MAX_SPEED,
    MIN_CAPACITY_BTU,
)
from .model import ACTIVE_MODES, Mode, TemperatureUnit
from .schedules.engine import ScheduleEngine
from .schedules.model import Block
from .schedules.validation import (
    ATTR_TEMPERATURE,
    ScheduleError,
    block_to_input,
    parse_schedule,
)
from .schema import vol

CONF_BLOCKS = "blocks"
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

DEFAULT_MODES = [Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY]

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
    }
)
SIMULATED_DEFAULT_OPTIONS: dict[str, Any] = {
    CONF_OUTDOOR_TEMPERATURE: DEFAULT_OUTDOOR_TEMPERATURE_C,
    CONF_OUTDOOR_HUMIDITY: DEFAULT_OUTDOOR_HUMIDITY,
    CONF_SPEED: DEFAULT_SPEED,
}


def _details_schema(*, with_name: bool) -> vol.Schema:
    """Return the form for the unit's details, asked of every bridge."""
    fields: dict[vol.Marker, Any] = {}
    if with_name:
        fields[vol.Required(CONF_NAME)] = TextSelector()
    fields[vol.Required(CONF_CAPACITY_BTU, default=DEFAULT_CAPACITY_BTU)] = NumberSelector(
        NumberSelectorConfig(
            min=MIN_CAPACITY_BTU,
            max=MAX_CAPACITY_BTU,
            step=500,
            unit_of_measurement="BTU/h",
            mode=NumberSelectorMode.BOX,
        )
    )
    fields[vol.Required(CONF_TEMPERATURE_UNIT, default=TemperatureUnit.CELSIUS.value)] = (
        SelectSelector(
            SelectSelectorConfig(
                options=[unit.value for unit in TemperatureUnit],
                translation_key=CONF_TEMPERATURE_UNIT,
                mode=SelectSelectorMode.LIST,
            )
        )
    )
    fields[vol.Required(CONF_HVAC_MODES, default=[mode.value for mode in DEFAULT_MODES])] = (
        SelectSelector(
            SelectSelectorConfig(
                options=[mode.value for mode in ACTIVE_MODES],
                translation_key=CONF_HVAC_MODES,
                multiple=True,
                mode=SelectSelectorMode.LIST,
            )
        )
    )
    return vol.Schema(fields)


def _validate_details(user_input: Mapping[str, Any], *, with_name: bool) -> dict[str, str]:
    """Return form errors for the unit's details, keyed by field."""
    errors: dict[str, str] = {}
    if with_name and not str(user_input[CONF_NAME]).strip():
        errors[CONF_NAME] = "name_required"
    modes = set(user_input[CONF_HVAC_MODES])
    if not {Mode.HEAT, Mode.COOL} <= modes:
        errors[CONF_HVAC_MODES] = "heat_and_cool_required"
    return errors


def _details(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the unit's details as stored in the entry, in a fixed order."""
    return {
        CONF_CAPACITY_BTU: int(user_input[CONF_CAPACITY_BTU]),
        CONF_TEMPERATURE_UNIT: user_input[CONF_TEMPERATURE_UNIT],
        CONF_HVAC_MODES: [
            mode.value for mode in ACTIVE_MODES if mode in set(user_input[CONF_HVAC_MODES])
        ],
    }


class WindowHeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a window heat pump: pick how it is reached, then describe it."""

    VERSION = 1
    MINOR_VERSION = 1

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(step_id="user", menu_options=[BRIDGE_SIMULATED])

    async def async_step_simulated(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a simulated unit."""
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _validate_details(user_input, with_name=True)
            if not errors:
                name = str(user_input[CONF_NAME]).strip()
                await self.async_set_unique_id(f"{BRIDGE_SIMULATED}_{slugify(name)}")
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=name,
                    data={CONF_BRIDGE: BRIDGE_SIMULATED, **_details(user_input)},
                    options=SIMULATED_DEFAULT_OPTIONS,
                )
        return self.async_show_form(
            step_id=BRIDGE_SIMULATED,
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(with_name=True), user_input
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the unit's details."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _validate_details(user_input, with_name=False)
            if not errors:
                return self.async_update_reload_and_abort(entry, data_updates=_details(user_input))
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _details_schema(with_name=False), user_input or entry.data
            ),
            errors=errors,
        )

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: ConfigEntry) -> WindowHeatPumpOptionsFlow:
        """Return the options flow."""
        return WindowHeatPumpOptionsFlow()


class WindowHeatPumpOptionsFlow(ControlOptionsMixin, OptionsFlowWithReload):
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
        options = ["unit_settings", "protection", "outdoor_lockout", "energy_sensors", "sizing"]
        if self.config_entry.state is ConfigEntryState.LOADED:
            options += ["pick_schedule", "remove_schedule", "schedule_settings"]
        return self.async_show_menu(step_id="init", menu_options=options)

    async def async_step_unit_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the simulated unit's weather and clock speed (its only bridge so far)."""
        if user_input is not None:
            return self.async_create_entry(data={**self.config_entry.options, **user_input})
        return self.async_show_form(
            step_id="unit_settings",
            data_schema=self.add_suggested_values_to_schema(
                SIMULATED_OPTIONS_SCHEMA, {**SIMULATED_DEFAULT_OPTIONS, **self.config_entry.options}
            ),
        )

    async def async_step_schedule_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how long a manual change holds."""
        if user_input is not None:
            minutes = int(user_input[CONF_OVERRIDE_MINUTES])
            return self.async_create_entry(
                data={**self.config_entry.options, CONF_OVERRIDE_MINUTES: minutes}
            )
        return self.async_show_form(
            step_id="schedule_settings",
            data_schema=self.add_suggested_values_to_schema(
                SCHEDULE_SETTINGS_SCHEMA,
                {CONF_OVERRIDE_MINUTES: DEFAULT_OVERRIDE_MINUTES, **self.config_entry.options},
            ),
        )

    async def async_step_pick_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask which schedule to edit, or the name of a new one."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._schedule_name = str(user_input[CONF_NAME]).strip()
            if self._schedule_name:
                return await self.async_step_schedule()
            errors[CONF_NAME] = "schedule_name_required"
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
                    engine.coordinator.capabilities,
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
        return self.async_show_form(
            step_id="schedule",
            data_schema=self.add_suggested_values_to_schema(
                SCHEDULE_SCHEMA, user_input or suggested
            ),
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
                    self._engine.coordinator.capabilities.temperature_unit.value,
                    self.hass.config.units.temperature_unit,
                ),
                1,
            )
        return typed
