"""Config and reconfigure flows of window_heatpump: the bridge menu is the registry."""

from __future__ import annotations

from typing import Any, override

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.core import callback

from .bridges import BRIDGES
from .bridges.climate_entity.flow import ClimateEntityFlowMixin
from .bridges.http.flow import HttpFlowMixin
from .bridges.ir.flow import IR_SETTINGS_SCHEMA, IrFlowMixin, ir_settings, validate_ir_settings
from .bridges.midea.flow import MideaFlowMixin
from .bridges.mqtt.flow import MqttFlowMixin
from .bridges.simulated.flow import SimulatedFlowMixin
from .const import CONF_BRIDGE, DOMAIN, IR_BRIDGES
from .flow.details import checked_details, details, details_schema
from .flow.room_sensor import RoomSensorConfigFlowMixin
from .options_flow import WindowHeatPumpOptionsFlow


class WindowHeatPumpConfigFlow(
    RoomSensorConfigFlowMixin,
    SimulatedFlowMixin,
    MqttFlowMixin,
    IrFlowMixin,
    ClimateEntityFlowMixin,
    HttpFlowMixin,
    MideaFlowMixin,
    ConfigFlow,
    domain=DOMAIN,
):
    """Add a window heat pump: pick how it is reached, then describe it."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Initialize the flow."""
        # An availability topic nobody answered on; submitting it again adds the unit anyway.
        self._unanswered: str | None = None
        # What an IR path collected before its settings step.
        self._data: dict[str, Any] = {}
        self._title = ""

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(
            step_id="user",
            menu_options=[spec.step_id for spec in BRIDGES.values()],
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the unit's details."""
        entry = self._get_reconfigure_entry()
        is_ir = entry.data[CONF_BRIDGE] in IR_BRIDGES
        schema = details_schema(with_name=False)
        if is_ir:
            schema = schema.extend(IR_SETTINGS_SCHEMA.schema)
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            if is_ir and not errors:
                errors = validate_ir_settings(user_input)
            if not errors:
                updates = details(user_input)
                if is_ir:
                    updates.update(ir_settings(user_input))
                return self.async_update_reload_and_abort(entry, data_updates=updates)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, user_input or entry.data),
            errors=errors,
        )

    @staticmethod
    @callback
    @override
    def async_get_options_flow(config_entry: ConfigEntry) -> WindowHeatPumpOptionsFlow:
        """Return the options flow."""
        return WindowHeatPumpOptionsFlow()
