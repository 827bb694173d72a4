"""The native MQTT dialect: ESPHome's MQTT climate topics, plus a few optional heat pump topics.

An unmodified ESPHome node with `mqtt:` and a `climate:` works as is:
`<prefix>/climate/<id>/<field>/state` and `.../command`, `<prefix>/status` online/offline.
Temperatures on the wire are in °C, as ESPHome sends them, whatever unit the entity shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ...const import (
    CONF_CLIMATE_ID,
    CONF_FAN_MODES,
    CONF_SENSOR_TOPIC,
    CONF_SWING_MODES,
    CONF_TOPIC_PREFIX,
)
from ...inbound import HUMIDITY_LIMITS, OUTDOOR_LIMITS_C, POWER_LIMITS_W, ROOM_LIMITS_C, number_text
from ...model import (
    ACTIVE_MODES,
    Action,
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    ReadingField,
    ReadingValue,
    Swing,
    from_celsius,
    to_celsius,
)
from ...unit_details import capabilities_from_details
from ..base import NoticeListener
from ..vocabulary import (
    ACTIONS,
    FAN_SPEEDS,
    MODES,
    ON_OFF,
    ONLINE,
    SWINGS,
    Speaker,
    defrosting,
)
from .transport import InvalidPayloadError, MqttBridge, TopicHandler, parse_choice

# Commands the unit takes, in the order they are published.
COMMAND_FIELDS: Final = ("mode", "target_temperature", "preset", "fan_mode", "swing_mode")
# Optional topics beyond ESPHome's for what a heat pump can tell (docs/bridges/mqtt-esphome.md,
# "Extra topics for firmware authors").
EXTRA_FIELDS: Final = ("outdoor_temperature", "power", "defrost", "filter", "compressor")

# ESPHome's fan modes (it has no turbo: its `boost` preset is what a turbo button does).
FAN_MODES: Final = FAN_SPEEDS.only(
    (FanSpeed.AUTO, FanSpeed.QUIET, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH)
)
BOOST_PRESET: Final = "boost"
NO_PRESET: Final = "none"

DEFAULT_FAN_MODES: Final = (FanSpeed.AUTO, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH)

NATIVE_CAPABILITIES = Capabilities(
    modes=(Mode.OFF, *ACTIVE_MODES),
    fan_speeds=DEFAULT_FAN_MODES,
    reports_humidity=True,
    reports_outdoor_temperature=True,
    reports_defrost=True,
    reports_power=True,
    manufacturer="ESPHome / DIY",
    model="MQTT climate",
)


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> NativeMqttBridge:
    """Build the bridge an entry of the native dialect describes."""
    capabilities = replace(
        capabilities_from_details(entry.data, NATIVE_CAPABILITIES),
        fan_speeds=tuple(
            speed
            for speed in FanSpeed
            if speed in set(entry.data.get(CONF_FAN_MODES, DEFAULT_FAN_MODES))
        ),
        swings=_swings(set(entry.data.get(CONF_SWING_MODES, ()))),
        # A node that declares a sensor topic regulates on the room temperature sent there.
        follow_me=bool(entry.data.get(CONF_SENSOR_TOPIC)),
    )
    return NativeMqttBridge(
        hass,
        entry.title,
        capabilities,
        prefix=entry.data[CONF_TOPIC_PREFIX],
        climate_id=entry.data[CONF_CLIMATE_ID],
        sensor_topic=entry.data.get(CONF_SENSOR_TOPIC) or None,
    )


def _swings(ticked: set[str]) -> tuple[Swing, ...]:
    """Return the swing modes ticked; off is one of them once the louvres swing at all."""
    if not ticked - {Swing.OFF}:
        return ()
    return tuple(swing for swing in Swing if swing is Swing.OFF or swing in ticked)


def status_topic(prefix: str) -> str:
    """Return the node's availability topic."""
    return f"{prefix}/status"


class NativeMqttBridge(MqttBridge):
    """A unit whose firmware speaks ESPHome's MQTT climate topics."""

    def __init__(  # noqa: PLR0913 - where the node is, and where it takes the room temperature
        self,
        hass: HomeAssistant,
        name: str,
        capabilities: Capabilities,
        *,
        prefix: str,
        climate_id: str,
        sensor_topic: str | None = None,
    ) -> None:
        """Initialize the bridge for `<prefix>/climate/<climate_id>`."""
        super().__init__(hass, name, capabilities)
        self._sensor_topic = sensor_topic
        self._prefix = prefix
        self._base = f"{prefix}/climate/{climate_id}"
        self._fan = self._state.desired.fan_speed
        self._boost = False
        # None until the node reports them: care then knows it has no such signal.
        self._action: Action | None = None
        self._defrost_topic: bool | None = None
        self._state = replace(self._state, action=None)
        self._command_topics = {field: f"{self._base}/{field}/command" for field in COMMAND_FIELDS}
        # The payloads of the state last reported, kept until it changes (commands compare).
        self._reported_wire: tuple[DesiredState, dict[str, str]] | None = None
        # The node's own names (`heat_cool` for auto, `middle` for medium): commands use them.
        self._modes = MODES.speaker()
        self._fans = FAN_MODES.speaker()
        self._swings = SWINGS.speaker()

    def subscriptions(self) -> Mapping[str, TopicHandler]:
        """Return every state topic of the climate, the extras and the status topic."""
        handlers: dict[str, TopicHandler] = {
            "mode": self._on_mode,
            "target_temperature": self._on_target_temperature,
            "fan_mode": self._on_fan_mode,
            "swing_mode": self._on_swing_mode,
            "preset": self._on_preset,
            "action": self._on_action,
            "current_temperature": self._on_current_temperature,
            "current_humidity": self._on_current_humidity,
            "outdoor_temperature": self._on_outdoor_temperature,
            "power": self._on_power,
            "defrost": self._on_defrost,
            "filter": self._on_filter,
            "compressor": self._on_compressor,
        }
        topics = {f"{self._base}/{field}/state": handler for field, handler in handlers.items()}
        topics[status_topic(self._prefix)] = self._on_status
        return topics

    def subscription_filters(self) -> tuple[str, ...]:
        """Return one filter for the climate's state topics, then the status topic."""
        return (f"{self._base}/+/state", status_topic(self._prefix))

    def command_topic(self, field: str) -> str:
        """Return the command topic of a field."""
        return self._command_topics[field]

    async def async_send(self, desired: DesiredState) -> None:
        """Publish the fields that differ from what the unit last reported."""
        current = self._reported_commands()
        for field, payload in self._wire_commands(desired).items():
            if current.get(field) != payload:
                await self.async_publish(self._command_topics[field], payload)

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Publish the room temperature (°C, as every temperature on the wire) for Follow Me."""
        if self._sensor_topic is not None:
            celsius = to_celsius(temperature, self._capabilities.temperature_unit)
            await self.async_publish(self._sensor_topic, f"{celsius:.1f}")

    def _reported_commands(self) -> dict[str, str]:
        """Return the payloads of the state last reported (worked out once per report)."""
        reported = self._state.desired
        if self._reported_wire is None or self._reported_wire[0] is not reported:
            self._reported_wire = (reported, self._wire_commands(reported))
        return self._reported_wire[1]

    def diagnostics(self) -> dict[str, Any]:
        """Return the topics and what the node reported."""
        return {
            **super().diagnostics(),
            "dialect": "native",
            "fan_mode": self._fan,
            "boost": self._boost,
            "action": self._action,
            "defrost_topic": self._defrost_topic,
        }

    def _wire_commands(self, desired: DesiredState) -> dict[str, str]:
        """Return the payload of each command field for a desired state."""
        unit = self._capabilities.temperature_unit
        turbo = desired.fan_speed is FanSpeed.TURBO
        commands = {
            "mode": self._modes.name(desired.mode),
            "target_temperature": f"{to_celsius(desired.target_temperature, unit):.1f}",
            "preset": BOOST_PRESET if turbo else NO_PRESET,
        }
        if self._capabilities.fan_speeds and not turbo:
            commands["fan_mode"] = self._fans.name(desired.fan_speed)
        if self._capabilities.swings:
            commands["swing_mode"] = self._swings.name(desired.swing)
        return commands

    @callback
    def _update(self, **changes: Any) -> None:
        """Report the state with some reported fields changed."""
        state = self._state
        fan_speed = FanSpeed.TURBO if self._boost else self._fan
        desired: DesiredState = changes.get("desired", state.desired)
        # One copy of the state per message: the derived fields join the changes only if new.
        if desired.fan_speed is not fan_speed:
            changes["desired"] = desired.with_changes(fan_speed=fan_speed)
        # Either the action topic or the extra defrost topic may tell; both show the same.
        reported = defrosting(
            self._action,
            flag=self._defrost_topic,
            says_defrost=self._capabilities.reports_defrost,
        )
        action = Action.DEFROSTING if reported else self._action
        if state.action is not action or state.defrosting is not reported:
            changes.update(action=action, defrosting=reported)
        self.set_state(replace(state, **changes))

    @callback
    def _report(self, name: ReadingField, value: ReadingValue) -> None:
        """Report a reading; unlike `_update`, no derived field can change with it."""
        state = self._state
        if getattr(state, name) != value:
            self.report_state(state.with_reading(name, value))

    @callback
    def _on_mode(self, payload: str) -> None:
        """Take the mode; one the unit was not set up with is ignored, as any bad input."""
        if (mode := parse_choice(payload, MODES.aliases)) not in self._capabilities.modes:
            raise InvalidPayloadError(f"mode {mode} is not one the unit has")
        self._heard(self._modes, mode, payload)
        self._update(desired=self._state.desired.with_changes(mode=mode))

    @callback
    def _on_target_temperature(self, payload: str) -> None:
        """Take the set point, in °C on the wire."""
        capabilities = self._capabilities
        low = to_celsius(capabilities.min_temperature, capabilities.temperature_unit)
        high = to_celsius(capabilities.max_temperature, capabilities.temperature_unit)
        # Half a step of slack: a °F unit's limits are not whole °C.
        value = number_text(payload, low - 0.5, high + 0.5)
        if value is None:
            raise InvalidPayloadError("a set point must be a number")
        target = capabilities.clamp_temperature(from_celsius(value, capabilities.temperature_unit))
        self._update(desired=self._state.desired.with_changes(target_temperature=target))

    @callback
    def _on_fan_mode(self, payload: str) -> None:
        """Take the fan speed."""
        self._fan = parse_choice(payload, FAN_MODES.aliases)
        self._heard(self._fans, self._fan, payload)
        self._update()

    @callback
    def _on_swing_mode(self, payload: str) -> None:
        """Take the swing setting."""
        swing = parse_choice(payload, SWINGS.aliases)
        self._heard(self._swings, swing, payload)
        self._update(desired=self._state.desired.with_changes(swing=swing))

    @callback
    def _on_preset(self, payload: str) -> None:
        """Take the preset: boost is turbo; other presets leave the fan speed alone."""
        self._boost = payload.strip().lower() == BOOST_PRESET
        self._update()

    @callback
    def _on_action(self, payload: str) -> None:
        """Take what the unit is doing; `defrosting` is understood."""
        self._action = parse_choice(payload, ACTIONS.aliases)
        self._update()

    @callback
    def _on_current_temperature(self, payload: str) -> None:
        """Take the room temperature."""
        self._report("current_temperature", self._temperature(payload, ROOM_LIMITS_C))

    @callback
    def _on_current_humidity(self, payload: str) -> None:
        """Take the room humidity."""
        self._report("current_humidity", number_text(payload, *HUMIDITY_LIMITS))

    @callback
    def _on_outdoor_temperature(self, payload: str) -> None:
        """Take the outdoor temperature (extra topic)."""
        self._report("outdoor_temperature", self._temperature(payload, OUTDOOR_LIMITS_C))

    @callback
    def _on_power(self, payload: str) -> None:
        """Take the electrical power in W (extra topic)."""
        self._report("power_w", number_text(payload, *POWER_LIMITS_W))

    @callback
    def _on_defrost(self, payload: str) -> None:
        """Take whether the unit defrosts (extra topic); it shows as the action too."""
        self._defrost_topic = parse_choice(payload, ON_OFF)
        self._update()

    @callback
    def _on_filter(self, payload: str) -> None:
        """Take the filter alert (extra topic)."""
        self._report("filter_alert", parse_choice(payload, ON_OFF))

    @callback
    def _on_compressor(self, payload: str) -> None:
        """Take whether the compressor runs (extra topic)."""
        self._report("compressor_running", parse_choice(payload, ON_OFF))

    @callback
    def _on_status(self, payload: str) -> None:
        """Take the node's availability."""
        self.set_device_online(parse_choice(payload, ONLINE))

    def _heard[T](self, names: Speaker[T], value: T, payload: str) -> None:
        """Answer the node in its own name for a value; the commands last worked out go stale."""
        if names.heard(value, payload):
            self._reported_wire = None

    def _temperature(self, payload: str, limits_c: tuple[float, float]) -> float | None:
        """Return a reading in °C on the wire in the unit's own unit, to 0.1."""
        value = number_text(payload, *limits_c)
        if value is None:
            return None
        return round(from_celsius(value, self._capabilities.temperature_unit), 1)
