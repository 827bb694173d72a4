"""The room sensor step: in the unit's details when it is added, and in the options.

The sensors and the regulation are unit details (entry data) under the keys the IR paths have
always used for their temperature and humidity sensors, so every bridge reads one option.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, override

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from ..const import (
    BRIDGE_MQTT_TASMOTA,
    BRIDGE_MQTT_ZIGBEE2MQTT,
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_HUMIDITY_SENSOR,
    CONF_PROTOCOL,
    CONF_SENSOR_TOPIC,
    CONF_TEMPERATURE_SENSOR,
    CONF_VENDOR,
    IR_BRIDGES,
)
from ..control.room_sensor import (
    CONF_OFFSET_CAP,
    CONF_REGULATION,
    DEFAULT_OFFSET_CAP,
    MAX_OFFSET_CAP,
    Regulation,
    regulations,
)
from ..protocols import PROTOCOLS
from ..protocols.irhvac import SENSOR_TEMP_VENDORS
from ..schema import vol
from .checks import checked_input
from .details import sensor_selector
from .sizing import SizingConfigFlowMixin

STEP_ROOM_SENSOR = "room_sensor"
ROOM_SENSOR_KEYS = (CONF_TEMPERATURE_SENSOR, CONF_HUMIDITY_SENSOR, CONF_REGULATION, CONF_OFFSET_CAP)
# Units that are only sent frames: no reading of their own to shift the set point by.
_ONE_WAY = (*IR_BRIDGES, BRIDGE_MQTT_TASMOTA, BRIDGE_MQTT_ZIGBEE2MQTT)


def _follows_me(data: Mapping[str, Any]) -> bool:
    """Return whether a unit not yet set up can take a room temperature, from its data alone.

    As its bridge will declare it: a simulated unit, a node with a sensor topic, an IR or
    Zigbee2MQTT unit whose protocol has a follow-me frame, a Tasmota vendor that takes one.
    """
    bridge = data.get(CONF_BRIDGE)
    if bridge == BRIDGE_SIMULATED or data.get(CONF_SENSOR_TOPIC):
        return True
    if bridge == BRIDGE_MQTT_TASMOTA:
        return str(data.get(CONF_VENDOR, "")).upper() in SENSOR_TEMP_VENDORS
    if bridge in (*IR_BRIDGES, BRIDGE_MQTT_ZIGBEE2MQTT):
        protocol = PROTOCOLS.get(str(data.get(CONF_PROTOCOL, "")))
        return protocol is not None and protocol.follow_me_encoder is not None
    return False


def regulations_from_data(data: Mapping[str, Any]) -> list[Regulation]:
    """Return the regulations a unit not yet set up offers, from its entry's data alone."""
    offered = []
    if _follows_me(data):
        offered.append(Regulation.FOLLOW_ME)
    if data.get(CONF_BRIDGE) not in _ONE_WAY:
        offered.append(Regulation.OFFSET)
    return [*offered, Regulation.OFF]


def entry_regulations(entry: ConfigEntry[Any]) -> list[Regulation]:
    """Return the regulations a unit offers: its bridge's capabilities once it runs."""
    if entry.state is ConfigEntryState.LOADED:
        return regulations(entry.runtime_data.capabilities)
    return regulations_from_data(entry.data)


def room_sensor_schema(offered: list[Regulation]) -> vol.Schema:
    """Return the step's form, offering only the regulations the unit has."""
    return vol.Schema(
        {
            vol.Optional(CONF_TEMPERATURE_SENSOR): sensor_selector("temperature"),
            vol.Optional(CONF_HUMIDITY_SENSOR): sensor_selector("humidity"),
            vol.Required(CONF_REGULATION): SelectSelector(
                SelectSelectorConfig(
                    options=[regulation.value for regulation in offered],
                    translation_key=CONF_REGULATION,
                    mode=SelectSelectorMode.LIST,
                )
            ),
            vol.Required(CONF_OFFSET_CAP): NumberSelector(
                NumberSelectorConfig(
                    min=0.5,
                    max=MAX_OFFSET_CAP,
                    step=0.5,
                    unit_of_measurement="K",
                    mode=NumberSelectorMode.BOX,
                )
            ),
        }
    )


def _defaults(data: Mapping[str, Any], offered: list[Regulation]) -> dict[str, Any]:
    """Return the form's values: the entry's, else the unit's best regulation."""
    values = {
        CONF_OFFSET_CAP: DEFAULT_OFFSET_CAP,
        **{key: data[key] for key in ROOM_SENSOR_KEYS if data.get(key) is not None},
    }
    if values.get(CONF_REGULATION) not in offered:
        values[CONF_REGULATION] = offered[0].value
    return values


def room_sensor_data(data: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Return the entry's data with the step's answers: only what is set and used.

    No temperature sensor, no regulation; the cap only for the offset.
    """
    kept = {key: value for key, value in data.items() if key not in ROOM_SENSOR_KEYS}
    regulation = answers.get(CONF_REGULATION, Regulation.OFF)
    keys = [CONF_TEMPERATURE_SENSOR, CONF_HUMIDITY_SENSOR]
    if answers.get(CONF_TEMPERATURE_SENSOR) and regulation != Regulation.OFF:
        keys.append(CONF_REGULATION)
        if regulation == Regulation.OFFSET:
            keys.append(CONF_OFFSET_CAP)
    # A sensor key the details held empty stays (the IR steps store it so).
    return kept | {key: answers.get(key) for key in keys if answers.get(key) or key in data}


class RoomSensorConfigFlowMixin(SizingConfigFlowMixin):
    """Ask for the room sensor before the room step that ends adding a unit."""

    @override
    def ask_before_entry(self) -> ConfigFlowResult:
        """Ask for the room sensor first."""
        return self._room_sensor_form(None, {})

    async def async_step_room_sensor(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the room sensor and its regulation into the held entry; go on to the room."""
        held = self._held_entry
        offered = regulations_from_data(held["data"])
        user_input, errors = checked_input(self.hass, room_sensor_schema(offered), user_input or {})
        if errors:
            return self._room_sensor_form(user_input, errors)
        held["data"] = room_sensor_data(held["data"], user_input)
        return super().ask_before_entry()

    def _room_sensor_form(
        self, user_input: Mapping[str, Any] | None, errors: dict[str, str]
    ) -> ConfigFlowResult:
        """Show the room sensor form, filled in with what the unit's details already hold."""
        data = self._held_entry["data"]
        offered = regulations_from_data(data)
        return self.async_show_form(
            step_id=STEP_ROOM_SENSOR,
            data_schema=self.add_suggested_values_to_schema(
                room_sensor_schema(offered), user_input or _defaults(data, offered)
            ),
            errors=errors,
            description_placeholders={"name": self._held_entry["title"]},
        )


class RoomSensorOptionsMixin(OptionsFlow):
    """The options' room sensor step: it changes the unit's details and reloads it."""

    async def async_step_room_sensor(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the room sensor and its regulation."""
        entry = self.config_entry
        offered = entry_regulations(entry)
        schema = room_sensor_schema(offered)
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, schema, user_input)
            if not errors:
                data = room_sensor_data(entry.data, user_input)
                if data != entry.data:
                    self.hass.config_entries.async_update_entry(entry, data=data)
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.async_create_entry(data=dict(entry.options))
        return self.async_show_form(
            step_id=STEP_ROOM_SENSOR,
            data_schema=self.add_suggested_values_to_schema(
                schema, user_input or _defaults(entry.data, offered)
            ),
            errors=errors,
        )
