"""Config, options and reconfigure flows of window_heatpump."""

from __future__ import annotations

from collections.abc import Callable, Mapping
import re
from typing import Any, Final, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import slugify

from .bridges.mqtt import async_mqtt_connected, async_probe, mqtt_configured, topic_error
from .bridges.mqtt_native import DEFAULT_FAN_MODES, status_topic
from .bridges.mqtt_tasmota import lwt_topic
from .const import (
    BRIDGE_MQTT_NATIVE,
    BRIDGE_MQTT_TASMOTA,
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_CLIMATE_ID,
    CONF_FAN_MODES,
    CONF_HVAC_MODES,
    CONF_MODEL,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_SPEED,
    CONF_SWING_MODES,
    CONF_TASMOTA_TOPIC,
    CONF_TEMPERATURE_UNIT,
    CONF_TOPIC_PREFIX,
    CONF_VENDOR,
    DEFAULT_CAPACITY_BTU,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_SPEED,
    DOMAIN,
    MAX_CAPACITY_BTU,
    MAX_SPEED,
    MIN_CAPACITY_BTU,
)
from .irhvac import VENDORS
from .model import ACTIVE_MODES, FanSpeed, Mode, Swing, TemperatureUnit
from .schema import vol

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


def _mqtt_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the topics and bridge fields of an MQTT unit."""
    errors: dict[str, str] = {}
    for key in (CONF_TOPIC_PREFIX, CONF_CLIMATE_ID, CONF_TASMOTA_TOPIC):
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
).extend(_details_schema(with_name=False).schema)

_TASMOTA_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_TASMOTA_TOPIC): TextSelector(),
        vol.Required(CONF_VENDOR): SelectSelector(
            SelectSelectorConfig(options=list(VENDORS), mode=SelectSelectorMode.DROPDOWN)
        ),
        vol.Optional(CONF_MODEL, default=""): TextSelector(),
    }
).extend(_details_schema(with_name=False).schema)


class WindowHeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a window heat pump: pick how it is reached, then describe it."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Initialize the flow."""
        # An availability topic nobody answered on; submitting it again adds the unit anyway.
        self._unanswered: str | None = None

    @override
    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(
            step_id="user",
            menu_options=[BRIDGE_SIMULATED, BRIDGE_MQTT_NATIVE, BRIDGE_MQTT_TASMOTA],
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
        """Show, check and create an MQTT unit: topics, then the unit's details."""
        if not mqtt_configured(self.hass):
            return self.async_abort(reason="mqtt_not_configured")
        errors: dict[str, str] = {}
        placeholders = {"topic": ""}
        if user_input is not None:
            user_input = {
                key: value.strip() if isinstance(value, str) else value
                for key, value in user_input.items()
            }
            errors = _validate_details(user_input, with_name=True) | _mqtt_errors(user_input)
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
