"""Config, options and reconfigure flows of window_heatpump."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
import re
from typing import Any, Final, override

from homeassistant.components import webhook
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_ENTITY_ID, CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.importlib import async_import_module
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
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

from .bridges import BRIDGES
from .bridges.base import BridgeConnectionError, BridgeError
from .bridges.climate_entity.bridge import wrapped_state_problem
from .bridges.http.bridge import (
    CONF_INFO,
    async_fetch_json,
    base_url,
    capabilities_from_info,
    parse_state,
)
from .bridges.mqtt.native import DEFAULT_FAN_MODES, status_topic
from .bridges.mqtt.tasmota import lwt_topic
from .bridges.mqtt.transport import async_mqtt_connected, async_probe, mqtt_configured, topic_error
from .care.options import (
    CARE_DEFAULTS,
    CARE_SCHEMA,
    care_options,
    validate_care,
)
from .config_flow_checks import checked_input, clean_name, name_error
from .config_flow_control import ControlOptionsMixin
from .config_flow_midea import MideaFlowMixin
from .config_flow_sizing import SizingConfigFlowMixin
from .config_flow_z2m import Zigbee2MqttFlowMixin, protocol_selector
from .const import (
    BRIDGE_BROADLINK,
    BRIDGE_CLIMATE_ENTITY,
    BRIDGE_ESPHOME,
    BRIDGE_HTTP,
    BRIDGE_INFRARED,
    BRIDGE_MQTT_NATIVE,
    BRIDGE_MQTT_TASMOTA,
    BRIDGE_SIMULATED,
    BRIDGE_SMARTIR,
    CONF_BASE_TOPIC,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_CLIMATE_ID,
    CONF_CODE_FILE,
    CONF_COMPRESSOR_W,
    CONF_EMITTER,
    CONF_ESPHOME_ACTION,
    CONF_FAN_MODES,
    CONF_FRIENDLY_NAME,
    CONF_HUMIDITY_SENSOR,
    CONF_HVAC_MODES,
    CONF_MODEL,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_OVERRIDE_MINUTES,
    CONF_POWER_DEBOUNCE,
    CONF_POWER_HYSTERESIS_W,
    CONF_POWER_ON_W,
    CONF_POWER_SENSOR,
    CONF_PROTOCOL,
    CONF_RECEIVER,
    CONF_REPORTS_DEFROST,
    CONF_RESPONSE_TIME,
    CONF_RETRIES,
    CONF_SETTLE_TIME,
    CONF_SPEED,
    CONF_SWING_MODES,
    CONF_TASMOTA_TOPIC,
    CONF_TEMPERATURE_SENSOR,
    CONF_TEMPERATURE_UNIT,
    CONF_TOPIC_PREFIX,
    CONF_VENDOR,
    CONF_WEBHOOK_ID,
    DEFAULT_CAPACITY_BTU,
    DEFAULT_COMPRESSOR_W,
    DEFAULT_HTTP_PORT,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_OVERRIDE_MINUTES,
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
    MAX_OVERRIDE_MINUTES,
    MAX_SPEED,
    MIN_CAPACITY_BTU,
)
from .inbound import within_depth
from .model import ACTIVE_MODES, FanSpeed, Mode, Swing, TemperatureUnit
from .protocols.irhvac import VENDORS
from .protocols.smartir import CodeFileError, read_code_file
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

DEFAULT_MODES = [Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY]
# IRac takes a model number (-1 for none) or a model name such as ARRAH2E.
MODEL_PATTERN: Final = re.compile(r"-?\d+|[A-Za-z0-9_]+")

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


def _details_schema(
    *, with_name: bool, reach: Mapping[vol.Marker, Any] | None = None
) -> vol.Schema:
    """Return the form for the unit's details, asked of every bridge, after how it is reached."""
    fields: dict[vol.Marker, Any] = dict(reach or {})
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


def _checked_details(
    hass: HomeAssistant, schema: vol.Schema, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a step's input checked (`checked_input`) with the unit's details, and its errors."""
    checked, errors = checked_input(hass, schema, user_input)
    if not {Mode.HEAT, Mode.COOL} <= set(checked[CONF_HVAC_MODES]):
        errors[CONF_HVAC_MODES] = "heat_and_cool_required"
    return checked, errors


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


def _resolved(config_dir: str, value: str) -> tuple[Path, Path] | None:
    """Return the config folder and a path given in it, both with links resolved (blocking).

    None for a path the system cannot resolve (too long, a loop of links).
    """
    folder = Path(config_dir).resolve()
    try:
        return folder, (folder / value).resolve()
    except OSError, RuntimeError, ValueError:
        return None


def _mqtt_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the topics and bridge fields of an MQTT unit."""
    errors: dict[str, str] = {}
    for key in (
        CONF_TOPIC_PREFIX,
        CONF_CLIMATE_ID,
        CONF_TASMOTA_TOPIC,
        CONF_BASE_TOPIC,
        CONF_FRIENDLY_NAME,
    ):
        if key in user_input and (error := topic_error(user_input[key])):
            errors[key] = error
    # One level only: the id and the Tasmota topic sit between fixed levels.
    for key in (CONF_CLIMATE_ID, CONF_TASMOTA_TOPIC):
        if key not in errors and "/" in user_input.get(key, ""):
            errors[key] = "topic_level"
    model = user_input.get(CONF_MODEL, "")
    if model and not MODEL_PATTERN.fullmatch(model):
        errors[CONF_MODEL] = "model_invalid"
    return errors


def _multi_select(options: list[str], translation_key: str) -> SelectSelector:
    """Return a list of tick boxes."""
    return SelectSelector(
        SelectSelectorConfig(
            options=options,
            translation_key=translation_key,
            multiple=True,
            mode=SelectSelectorMode.LIST,
        )
    )


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


_NATIVE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_TOPIC_PREFIX): TextSelector(),
        vol.Required(CONF_CLIMATE_ID): TextSelector(),
        vol.Required(
            CONF_FAN_MODES, default=[speed.value for speed in DEFAULT_FAN_MODES]
        ): _multi_select([speed.value for speed in FanSpeed], CONF_FAN_MODES),
        vol.Required(CONF_SWING_MODES, default=[]): _multi_select(
            [swing.value for swing in Swing], CONF_SWING_MODES
        ),
    }
)

_TASMOTA_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_TASMOTA_TOPIC): TextSelector(),
        vol.Required(CONF_VENDOR): SelectSelector(
            SelectSelectorConfig(options=list(VENDORS), mode=SelectSelectorMode.DROPDOWN)
        ),
        vol.Optional(CONF_MODEL, default=""): TextSelector(),
    }
)


class WindowHeatPumpConfigFlow(
    SizingConfigFlowMixin, MideaFlowMixin, Zigbee2MqttFlowMixin, ConfigFlow, domain=DOMAIN
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

    async def async_step_climate_entity(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the climate entity to wrap and describe the unit behind it."""
        errors: dict[str, str] = {}
        suggested: Mapping[str, Any] | None = user_input
        schema = _details_schema(
            with_name=True,
            reach={
                vol.Required(CONF_ENTITY_ID): EntitySelector(
                    EntitySelectorConfig(domain=CLIMATE_DOMAIN)
                )
            },
        )
        if user_input is not None:
            user_input, errors = _checked_details(self.hass, schema, user_input)
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
                        **_details(user_input),
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

    async def async_step_http(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask where the DIY firmware listens; read it before creating the entry."""
        errors: dict[str, str] = {}
        schema = _details_schema(
            with_name=True,
            reach={
                vol.Required(CONF_HOST): TextSelector(),
                vol.Required(CONF_PORT, default=DEFAULT_HTTP_PORT): NumberSelector(
                    NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX)
                ),
            },
        )
        if user_input is not None:
            user_input, errors = _checked_details(self.hass, schema, user_input)
            if not errors:
                host = user_input[CONF_HOST]
                data = {
                    CONF_HOST: host,
                    CONF_PORT: int(user_input[CONF_PORT]),
                    **_details(user_input),
                }
                try:
                    info = await async_fetch_json(self.hass, f"{base_url(data)}/info")
                    capabilities = capabilities_from_info(data, info)
                    parse_state(
                        await async_fetch_json(self.hass, f"{base_url(data)}/state"), capabilities
                    )
                except BridgeConnectionError:
                    errors["base"] = "cannot_connect"
                except BridgeError:
                    errors["base"] = "invalid_response"
            if not errors:
                await self.async_set_unique_id(f"{BRIDGE_HTTP}_{host}:{data[CONF_PORT]}")
                self._abort_if_unique_id_configured()
                webhook_id = webhook.async_generate_id()
                return self.async_create_entry(
                    title=user_input[CONF_NAME],
                    data={
                        CONF_BRIDGE: BRIDGE_HTTP,
                        **data,
                        CONF_WEBHOOK_ID: webhook_id,
                        CONF_INFO: info,
                    },
                    description=BRIDGE_HTTP,
                    description_placeholders={"webhook_path": f"/api/webhook/{webhook_id}"},
                )
        return self.async_show_form(
            step_id=BRIDGE_HTTP,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
        )

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
        schema = vol.Schema({**path_fields, **_details_schema(with_name=True).schema})
        if user_input is not None:
            user_input, errors = _checked_details(self.hass, schema, user_input)
            # The path's own checks read the fields the generic ones passed.
            if not errors.keys() & {CONF_CODE_FILE, CONF_ESPHOME_ACTION, CONF_EMITTER}:
                path_errors, placeholders["detail"] = await self._async_validate_path(
                    bridge, user_input
                )
                errors = path_errors | errors
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
                    **_details(user_input),
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
            errors = errors or _validate_ir_settings(user_input)
            if not errors:
                return self.async_create_entry(
                    title=self._title, data={**self._data, **_ir_settings(user_input)}
                )
        return self.async_show_form(
            step_id="ir_settings",
            data_schema=self.add_suggested_values_to_schema(IR_SETTINGS_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_mqtt_native(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit whose firmware speaks ESPHome's MQTT climate topics."""
        return await self._async_mqtt_step(
            BRIDGE_MQTT_NATIVE,
            user_input,
            _NATIVE_SCHEMA,
            availability_topic=lambda data: status_topic(data[CONF_TOPIC_PREFIX]),
            unique_id=lambda data: f"{data[CONF_TOPIC_PREFIX]}/{data[CONF_CLIMATE_ID]}",
            bridge_data=lambda data: {
                CONF_TOPIC_PREFIX: data[CONF_TOPIC_PREFIX],
                CONF_CLIMATE_ID: data[CONF_CLIMATE_ID],
                CONF_FAN_MODES: [s.value for s in FanSpeed if s in set(data[CONF_FAN_MODES])],
                CONF_SWING_MODES: [s.value for s in Swing if s in set(data[CONF_SWING_MODES])],
            },
        )

    async def async_step_mqtt_tasmota(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a unit driven by a Tasmota IR bridge (IRHVAC)."""
        return await self._async_mqtt_step(
            BRIDGE_MQTT_TASMOTA,
            user_input,
            _TASMOTA_SCHEMA,
            availability_topic=lambda data: lwt_topic(data[CONF_TASMOTA_TOPIC]),
            unique_id=lambda data: data[CONF_TASMOTA_TOPIC],
            bridge_data=lambda data: {
                CONF_TASMOTA_TOPIC: data[CONF_TASMOTA_TOPIC],
                CONF_VENDOR: data[CONF_VENDOR],
                CONF_MODEL: data.get(CONF_MODEL, "").strip(),
            },
        )

    async def _async_mqtt_step(  # noqa: PLR0913 - one step shared by the MQTT dialects
        self,
        bridge: str,
        user_input: dict[str, Any] | None,
        schema: vol.Schema,
        *,
        availability_topic: Callable[[Mapping[str, Any]], str],
        unique_id: Callable[[Mapping[str, Any]], str],
        bridge_data: Callable[[Mapping[str, Any]], dict[str, Any]],
    ) -> ConfigFlowResult:
        """Show, check and create an MQTT unit: topics (`schema`), then the unit's details."""
        schema = schema.extend(_details_schema(with_name=False).schema)
        if not mqtt_configured(self.hass):
            return self.async_abort(reason="mqtt_not_configured")
        errors: dict[str, str] = {}
        placeholders = {"topic": ""}
        if user_input is not None:
            user_input, errors = _checked_details(self.hass, schema, user_input)
            errors = errors or _mqtt_errors(user_input)
            if not errors:
                await self.async_set_unique_id(f"{bridge}_{unique_id(user_input)}")
                self._abort_if_unique_id_configured()
                placeholders["topic"] = topic = availability_topic(user_input)
                if not await async_mqtt_connected(self.hass):
                    errors["base"] = "mqtt_not_connected"
                elif await async_probe(self.hass, topic) is None and self._unanswered != topic:
                    # Test before configure, but a unit that is off at the wall may be added.
                    self._unanswered = topic
                    errors["base"] = "no_answer"
            if not errors:
                return self.async_create_entry(
                    title=user_input[CONF_NAME],
                    data={
                        CONF_BRIDGE: bridge,
                        **bridge_data(user_input),
                        **_details(user_input),
                    },
                )
        return self.async_show_form(
            step_id=bridge,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_simulated(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Describe a simulated unit."""
        errors: dict[str, str] = {}
        schema = _details_schema(with_name=True)
        if user_input is not None:
            user_input, errors = _checked_details(self.hass, schema, user_input)
            if not errors:
                name = user_input[CONF_NAME]
                await self.async_set_unique_id(f"{BRIDGE_SIMULATED}_{slugify(name)}")
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=name,
                    data={CONF_BRIDGE: BRIDGE_SIMULATED, **_details(user_input)},
                    options=SIMULATED_DEFAULT_OPTIONS,
                )
        return self.async_show_form(
            step_id=BRIDGE_SIMULATED,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
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
            user_input, errors = _checked_details(self.hass, schema, user_input)
            if is_ir and not errors:
                errors = _validate_ir_settings(user_input)
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
        options = [
            "unit_settings",
            "care",
            "protection",
            "outdoor_lockout",
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
                    self._engine.coordinator.capabilities.temperature_unit.value,
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
