"""Config, options and reconfigure flows of window_heatpump."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import slugify

from .const import (
    BRIDGE_BROADLINK,
    BRIDGE_ESPHOME,
    BRIDGE_INFRARED,
    BRIDGE_SIMULATED,
    BRIDGE_SMARTIR,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_CODE_FILE,
    CONF_COMPRESSOR_W,
    CONF_EMITTER,
    CONF_ESPHOME_ACTION,
    CONF_HUMIDITY_SENSOR,
    CONF_HVAC_MODES,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_POWER_DEBOUNCE,
    CONF_POWER_HYSTERESIS_W,
    CONF_POWER_ON_W,
    CONF_POWER_SENSOR,
    CONF_PROTOCOL,
    CONF_RECEIVER,
    CONF_RESPONSE_TIME,
    CONF_RETRIES,
    CONF_SETTLE_TIME,
    CONF_SPEED,
    CONF_TEMPERATURE_SENSOR,
    CONF_TEMPERATURE_UNIT,
    DEFAULT_CAPACITY_BTU,
    DEFAULT_COMPRESSOR_W,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_POWER_DEBOUNCE,
    DEFAULT_POWER_HYSTERESIS_W,
    DEFAULT_POWER_ON_W,
    DEFAULT_RESPONSE_TIME,
    DEFAULT_RETRIES,
    DEFAULT_SETTLE_TIME,
    DEFAULT_SPEED,
    DOMAIN,
    IR_BRIDGES,
    MAX_CAPACITY_BTU,
    MAX_SPEED,
    MIN_CAPACITY_BTU,
)
from .ir import PROTOCOLS
from .ir.smartir import CodeFileError, read_code_file
from .model import ACTIVE_MODES, Mode, TemperatureUnit
from .schema import vol

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


def _box(low: float, high: float, step: float, unit: str) -> NumberSelector:
    """Return a number box with a range, a step and a unit."""
    return NumberSelector(
        NumberSelectorConfig(
            min=low, max=high, step=step, unit_of_measurement=unit, mode=NumberSelectorMode.BOX
        )
    )


def _sensor(device_class: str) -> EntitySelector:
    """Return a picker of sensors of one device class."""
    return EntitySelector(EntitySelectorConfig(domain="sensor", device_class=device_class))


# How an IR bridge keeps its assumed state true; in the entry's data until the options flow
# offers them (reconfigure changes them meanwhile).
IR_SETTINGS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_SETTLE_TIME, default=DEFAULT_SETTLE_TIME): _box(0.2, 10, 0.1, "s"),
        vol.Optional(CONF_TEMPERATURE_SENSOR): _sensor("temperature"),
        vol.Optional(CONF_HUMIDITY_SENSOR): _sensor("humidity"),
        vol.Optional(CONF_POWER_SENSOR): _sensor("power"),
        vol.Required(CONF_POWER_ON_W, default=DEFAULT_POWER_ON_W): _box(1, 1000, 1, "W"),
        vol.Required(CONF_POWER_HYSTERESIS_W, default=DEFAULT_POWER_HYSTERESIS_W): _box(
            0, 500, 1, "W"
        ),
        vol.Required(CONF_COMPRESSOR_W, default=DEFAULT_COMPRESSOR_W): _box(2, 5000, 1, "W"),
        vol.Required(CONF_POWER_DEBOUNCE, default=DEFAULT_POWER_DEBOUNCE): _box(0, 300, 1, "s"),
        vol.Required(CONF_RESPONSE_TIME, default=DEFAULT_RESPONSE_TIME): _box(5, 600, 1, "s"),
        vol.Required(CONF_RETRIES, default=DEFAULT_RETRIES): _box(0, 5, 1, "retries"),
    }
)
IR_OPTIONAL_SENSORS = (CONF_TEMPERATURE_SENSOR, CONF_HUMIDITY_SENSOR, CONF_POWER_SENSOR)


def _validate_ir_settings(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the IR settings: thresholds that cannot work together."""
    errors: dict[str, str] = {}
    if user_input[CONF_POWER_HYSTERESIS_W] >= user_input[CONF_POWER_ON_W]:
        errors[CONF_POWER_HYSTERESIS_W] = "hysteresis_too_large"
    if user_input[CONF_COMPRESSOR_W] <= user_input[CONF_POWER_ON_W]:
        errors[CONF_COMPRESSOR_W] = "compressor_below_on"
    return errors


def _ir_settings(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the IR settings as stored; a sensor left empty is stored as None (cleared)."""
    keys = [str(key) for key in IR_SETTINGS_SCHEMA.schema]
    settings = {key: user_input[key] for key in keys if key in user_input}
    for key in IR_OPTIONAL_SENSORS:
        settings[key] = user_input.get(key) or None
    settings[CONF_RETRIES] = int(settings[CONF_RETRIES])
    return settings


def _resolved(config_dir: str, value: str) -> tuple[Path, Path]:
    """Return the config folder and a path given in it, both with links resolved."""
    folder = Path(config_dir).resolve()
    return folder, (folder / value).resolve()


def _protocol_selector() -> SelectSelector:
    """Return the list of AC protocols this installation has."""
    return SelectSelector(
        SelectSelectorConfig(
            options=sorted(PROTOCOLS), translation_key=CONF_PROTOCOL, mode=SelectSelectorMode.LIST
        )
    )


def _has_receivers() -> bool:
    """Return whether this Home Assistant's `infrared` platform has receivers (2026.10+)."""
    try:
        from homeassistant.components.infrared import (  # noqa: PLC0415 - probe the release
            async_subscribe_receiver,  # noqa: F401
        )
    except ImportError:
        return False
    return True


def _path_fields(bridge: str) -> dict[vol.Marker, Any]:
    """Return the fields that say how an IR unit is reached, per path."""
    if bridge == BRIDGE_INFRARED:
        fields: dict[vol.Marker, Any] = {
            vol.Required(CONF_EMITTER): EntitySelector(EntitySelectorConfig(domain="infrared"))
        }
        if _has_receivers():
            fields[vol.Optional(CONF_RECEIVER)] = EntitySelector(
                EntitySelectorConfig(domain="infrared")
            )
        return {**fields, vol.Required(CONF_PROTOCOL): _protocol_selector()}
    if bridge == BRIDGE_BROADLINK:
        return {
            vol.Required(CONF_EMITTER): EntitySelector(EntitySelectorConfig(domain="remote")),
            vol.Required(CONF_PROTOCOL): _protocol_selector(),
        }
    if bridge == BRIDGE_ESPHOME:
        return {
            vol.Required(CONF_ESPHOME_ACTION): TextSelector(),
            vol.Required(CONF_PROTOCOL): _protocol_selector(),
        }
    return {
        vol.Required(CONF_CODE_FILE): TextSelector(),
        vol.Required(CONF_EMITTER): EntitySelector(
            EntitySelectorConfig(domain=["infrared", "remote"])
        ),
    }


class WindowHeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a window heat pump: pick how it is reached, then describe it."""

    VERSION = 1
    MINOR_VERSION = 1

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(step_id="user", menu_options=[BRIDGE_SIMULATED, *IR_BRIDGES])

    def __init__(self) -> None:
        """Start with nothing chosen."""
        self._data: dict[str, Any] = {}
        self._title = ""

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
        if user_input is not None:
            errors = _validate_details(user_input, with_name=True)
            path_errors, placeholders["detail"] = await self._async_validate_path(
                bridge, user_input
            )
            errors.update(path_errors)
            if not errors:
                name = str(user_input[CONF_NAME]).strip()
                await self.async_set_unique_id(f"{bridge}_{slugify(name)}")
                self._abort_if_unique_id_configured()
                self._title = name
                self._data = {
                    CONF_BRIDGE: bridge,
                    **{
                        str(key): user_input[str(key)]
                        for key in _path_fields(bridge)
                        if str(key) in user_input
                    },
                    **_details(user_input),
                }
                return await self.async_step_ir_settings()
        return self.async_show_form(
            step_id=bridge,
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema({**_path_fields(bridge), **_details_schema(with_name=True).schema}),
                user_input,
            ),
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
        config_dir, path = await self.hass.async_add_executor_job(
            _resolved, self.hass.config.config_dir, str(user_input[CONF_CODE_FILE]).strip()
        )
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
            errors = _validate_ir_settings(user_input)
            if not errors:
                return self.async_create_entry(
                    title=self._title, data={**self._data, **_ir_settings(user_input)}
                )
        return self.async_show_form(
            step_id="ir_settings",
            data_schema=self.add_suggested_values_to_schema(IR_SETTINGS_SCHEMA, user_input),
            errors=errors,
        )

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
        is_ir = entry.data[CONF_BRIDGE] in IR_BRIDGES
        schema = _details_schema(with_name=False)
        if is_ir:
            schema = schema.extend(IR_SETTINGS_SCHEMA.schema)
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _validate_details(user_input, with_name=False)
            if is_ir:
                errors.update(_validate_ir_settings(user_input))
            if not errors:
                updates = _details(user_input)
                if is_ir:
                    updates.update(_ir_settings(user_input))
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


class WindowHeatPumpOptionsFlow(OptionsFlowWithReload):
    """Change how a unit behaves; the entry reloads to apply it."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the simulated unit's weather and clock speed (its only bridge so far)."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                SIMULATED_OPTIONS_SCHEMA, {**SIMULATED_DEFAULT_OPTIONS, **self.config_entry.options}
            ),
        )
