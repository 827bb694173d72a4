"""Config flow steps of the IR bridges: the four ways to an emitter, then the IR settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.importlib import async_import_module
from homeassistant.helpers.selector import EntitySelector, EntitySelectorConfig, TextSelector
from homeassistant.util import slugify

from ...const import (
    BRIDGE_BROADLINK,
    BRIDGE_ESPHOME,
    BRIDGE_INFRARED,
    BRIDGE_SMARTIR,
    CONF_BRIDGE,
    CONF_CODE_FILE,
    CONF_COMPRESSOR_W,
    CONF_EMITTER,
    CONF_ESPHOME_ACTION,
    CONF_HUMIDITY_SENSOR,
    CONF_HVAC_MODES,
    CONF_POWER_DEBOUNCE,
    CONF_POWER_HYSTERESIS_W,
    CONF_POWER_ON_W,
    CONF_POWER_SENSOR,
    CONF_PROTOCOL,
    CONF_RECEIVER,
    CONF_RESPONSE_TIME,
    CONF_RETRIES,
    CONF_SETTLE_TIME,
    CONF_TEMPERATURE_SENSOR,
    CONF_TEMPERATURE_UNIT,
    DEFAULT_COMPRESSOR_W,
    DEFAULT_POWER_DEBOUNCE,
    DEFAULT_POWER_HYSTERESIS_W,
    DEFAULT_POWER_ON_W,
    DEFAULT_RESPONSE_TIME,
    DEFAULT_RETRIES,
    DEFAULT_SETTLE_TIME,
)
from ...flow.checks import checked_input
from ...flow.details import (
    box,
    checked_details,
    details,
    details_schema,
    name_in_use,
    protocol_selector,
    sensor_selector,
)
from ...model import TemperatureUnit
from ...protocols.smartir import CodeFileError, read_code_file
from ...schema import vol

# How an IR bridge keeps its assumed state true; in the entry's data until the options flow
# offers them (reconfigure changes them meanwhile).
IR_SETTINGS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_SETTLE_TIME, default=DEFAULT_SETTLE_TIME): box(0.2, 10, 0.1, "s"),
        vol.Optional(CONF_TEMPERATURE_SENSOR): sensor_selector("temperature"),
        vol.Optional(CONF_HUMIDITY_SENSOR): sensor_selector("humidity"),
        vol.Optional(CONF_POWER_SENSOR): sensor_selector("power"),
        vol.Required(CONF_POWER_ON_W, default=DEFAULT_POWER_ON_W): box(1, 1000, 1, "W"),
        vol.Required(CONF_POWER_HYSTERESIS_W, default=DEFAULT_POWER_HYSTERESIS_W): box(
            0, 500, 1, "W"
        ),
        vol.Required(CONF_COMPRESSOR_W, default=DEFAULT_COMPRESSOR_W): box(2, 5000, 1, "W"),
        vol.Required(CONF_POWER_DEBOUNCE, default=DEFAULT_POWER_DEBOUNCE): box(0, 300, 1, "s"),
        vol.Required(CONF_RESPONSE_TIME, default=DEFAULT_RESPONSE_TIME): box(5, 600, 1, "s"),
        vol.Required(CONF_RETRIES, default=DEFAULT_RETRIES): box(0, 5, 1, "retries"),
    }
)
IR_OPTIONAL_SENSORS = (CONF_TEMPERATURE_SENSOR, CONF_HUMIDITY_SENSOR, CONF_POWER_SENSOR)


def validate_ir_settings(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the IR settings: thresholds that cannot work together."""
    errors: dict[str, str] = {}
    if user_input[CONF_POWER_HYSTERESIS_W] >= user_input[CONF_POWER_ON_W]:
        errors[CONF_POWER_HYSTERESIS_W] = "hysteresis_too_large"
    if user_input[CONF_COMPRESSOR_W] <= user_input[CONF_POWER_ON_W]:
        errors[CONF_COMPRESSOR_W] = "compressor_below_on"
    return errors


def ir_settings(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the IR settings as stored; a sensor left empty is stored as None (cleared)."""
    keys = [str(key) for key in IR_SETTINGS_SCHEMA.schema]
    settings = {key: user_input[key] for key in keys if key in user_input}
    for key in IR_OPTIONAL_SENSORS:
        settings[key] = user_input.get(key) or None
    settings[CONF_RETRIES] = int(settings[CONF_RETRIES])
    return settings


def _resolved(config_dir: str, value: str) -> tuple[Path, Path] | None:
    """Return the config folder and a path given in it, both with links resolved (blocking).

    None for a path the system cannot resolve (too long, a loop of links).
    """
    folder = Path(config_dir).resolve()
    try:
        return folder, (folder / value).resolve()
    except OSError, RuntimeError, ValueError:
        return None


async def _async_has_receivers(hass: HomeAssistant) -> bool:
    """Return whether this Home Assistant's `infrared` platform has receivers (2026.10+)."""
    try:
        # In the executor: the platform may not be loaded, and importing it reads files.
        infrared = await async_import_module(hass, "homeassistant.components.infrared")
    except ImportError:
        return False
    return hasattr(infrared, "async_subscribe_receiver")


def _path_fields(bridge: str, *, receivers: bool) -> dict[vol.Marker, Any]:
    """Return the fields that say how an IR unit is reached, per path."""
    if bridge == BRIDGE_INFRARED:
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_EMITTER): EntitySelector(EntitySelectorConfig(domain="infrared"))
        }
        if receivers:
            fields[vol.Optional(CONF_RECEIVER)] = EntitySelector(
                EntitySelectorConfig(domain="infrared")
            )
        return {**fields, vol.Required(CONF_PROTOCOL): protocol_selector()}
    if bridge == BRIDGE_BROADLINK:
        return {
            vol.Required(CONF_EMITTER): EntitySelector(EntitySelectorConfig(domain="remote")),
            vol.Required(CONF_PROTOCOL): protocol_selector(),
        }
    if bridge == BRIDGE_ESPHOME:
        return {
            vol.Required(CONF_ESPHOME_ACTION): TextSelector(),
            vol.Required(CONF_PROTOCOL): protocol_selector(),
        }
    return {
        vol.Required(CONF_CODE_FILE): TextSelector(),
        vol.Required(CONF_EMITTER): EntitySelector(
            EntitySelectorConfig(domain=["infrared", "remote"])
        ),
    }


class IrFlowMixin(ConfigFlow):
    """The config flow's steps for a unit reached by infrared: four paths, then its settings."""

    # What the path step collected, for the settings step (WindowHeatPumpConfigFlow's).
    _data: dict[str, Any]
    _title: str

    async def async_step_infrared(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit reached through an `infrared` emitter entity."""
        return await self._async_ir_path(BRIDGE_INFRARED, user_input)

    async def async_step_broadlink(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit reached through a Broadlink `remote` entity."""
        return await self._async_ir_path(BRIDGE_BROADLINK, user_input)

    async def async_step_esphome(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit reached through an ESPHome node's raw-timings action."""
        return await self._async_ir_path(BRIDGE_ESPHOME, user_input)

    async def async_step_smartir(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit sent the codes of a SmartIR code file."""
        return await self._async_ir_path(BRIDGE_SMARTIR, user_input)

    async def _async_ir_path(
        self, bridge: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Ask an IR path's fields and the unit's details, then go on to the IR settings."""
        errors: dict[str, str] = {}
        placeholders = {"detail": ""}
        path_fields = _path_fields(bridge, receivers=await _async_has_receivers(self.hass))
        schema = vol.Schema({**path_fields, **details_schema(with_name=True).schema})
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            # The path's own checks read the fields the generic ones passed.
            if not errors.keys() & {CONF_CODE_FILE, CONF_ESPHOME_ACTION, CONF_EMITTER}:
                path_errors, placeholders["detail"] = await self._async_validate_path(
                    bridge, user_input
                )
                errors = path_errors | errors
            if not errors:
                errors = name_in_use(self.hass, f"{bridge}_{slugify(user_input[CONF_NAME])}")
            if not errors:
                name = user_input[CONF_NAME]
                await self.async_set_unique_id(f"{bridge}_{slugify(name)}")
                self._abort_if_unique_id_configured()
                self._title = name
                self._data = {
                    CONF_BRIDGE: bridge,
                    **{
                        str(key): user_input[str(key)]
                        for key in path_fields
                        if str(key) in user_input
                    },
                    **details(user_input),
                }
                return await self.async_step_ir_settings()
        return self.async_show_form(
            step_id=bridge,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_validate_path(  # noqa: PLR0911 - one return per error
        self, bridge: str, user_input: Mapping[str, Any]
    ) -> tuple[dict[str, str], str]:
        """Return form errors for an IR path's fields, and a detail to show with them."""
        if bridge == BRIDGE_ESPHOME:
            domain, _, service = str(user_input[CONF_ESPHOME_ACTION]).partition(".")
            if domain != "esphome" or not self.hass.services.has_service(domain, service):
                return {CONF_ESPHOME_ACTION: "action_not_found"}, ""
            return {}, ""
        if bridge != BRIDGE_SMARTIR:
            return {}, ""
        resolved = await self.hass.async_add_executor_job(
            _resolved, self.hass.config.config_dir, user_input[CONF_CODE_FILE]
        )
        if resolved is None:
            return {CONF_CODE_FILE: "code_file_unreadable"}, user_input[CONF_CODE_FILE]
        config_dir, path = resolved
        if not path.is_relative_to(config_dir):
            return {CONF_CODE_FILE: "code_file_outside_config"}, str(config_dir)
        try:
            codes = await self.hass.async_add_executor_job(
                read_code_file, path, TemperatureUnit(user_input[CONF_TEMPERATURE_UNIT])
            )
        except CodeFileError as err:
            return {CONF_CODE_FILE: err.key}, err.detail
        if missing := set(user_input[CONF_HVAC_MODES]) - set(codes.modes):
            return {CONF_HVAC_MODES: "modes_not_in_code_file"}, ", ".join(sorted(missing))
        return {}, ""

    async def async_step_ir_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how the IR unit's assumed state is kept true: sensors, settle time, retries."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, IR_SETTINGS_SCHEMA, user_input)
            errors = errors or validate_ir_settings(user_input)
            if not errors:
                return self.async_create_entry(
                    title=self._title, data={**self._data, **ir_settings(user_input)}
                )
        return self.async_show_form(
            step_id="ir_settings",
            data_schema=self.add_suggested_values_to_schema(IR_SETTINGS_SCHEMA, user_input),
            errors=errors,
        )
