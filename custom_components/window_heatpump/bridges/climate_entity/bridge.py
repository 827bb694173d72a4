"""Wrap an existing climate entity (ESPHome, tuya-local, midea_ac_lan, gree, SmartIR, ...).

The wrapped entity stays where it is; this bridge forwards whole desired states to it through
the climate actions and reads its state from Home Assistant's state machine, so every feature
of window_heatpump works on top of whatever integration already reaches the unit.

Home Assistant shows a climate entity's temperatures in the home's unit system whatever the
device works in, so the bridge converts between the home's unit and the unit's own one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.climate import (
    ATTR_CURRENT_HUMIDITY,
    ATTR_CURRENT_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_FAN_MODES,
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    ATTR_PRESET_MODE,
    ATTR_PRESET_MODES,
    ATTR_SWING_MODE,
    ATTR_SWING_MODES,
    ATTR_TARGET_TEMP_STEP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    CONF_ENTITY_ID,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util.unit_conversion import TemperatureConverter

from ...const import LOGGER
from ...inbound import (
    HUMIDITY_LIMITS,
    ROOM_LIMITS_C,
    IgnoredInput,
    InboundError,
    number_or_text,
)
from ...model import (
    ACTIVE_MODES,
    Action,
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
    UnitState,
    from_celsius,
)
from ...unit_details import capabilities_from_details
from ..base import (
    AvailabilityListener,
    BridgeCommandError,
    BridgeConnectionError,
    NoticeListener,
    StateListener,
)
from ..vocabulary import (
    ACTIONS,
    FAN_SPEEDS,
    MODES,
    PRESETS,
    SWINGS,
    defrosting,
    untold_action,
)
from .device import source_device

# The steps a set point grid may have, in the unit's own unit.
STEP_LIMITS = (0.01, 10.0)


@dataclass(frozen=True)
class _Names:
    """The wrapped entity's own names for each model value it has, to send commands with."""

    modes: Mapping[Mode, str]
    fans: Mapping[FanSpeed, str]
    swings: Mapping[Swing, str]
    presets: Mapping[Preset, str]


def _lower(value: object) -> str:
    """Return a name attribute in lower case; anything but text names nothing ("")."""
    return value.lower() if isinstance(value, str) else ""


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> ClimateEntityBridge:
    """Build the bridge to the entity an entry wraps."""
    return ClimateEntityBridge(hass, entry)


def wrapped_state_problem(hass: HomeAssistant, entity_id: str) -> str | None:
    """Return a flow error key when the entity cannot be wrapped now, else None."""
    state = hass.states.get(entity_id)
    if state is None or state.domain != CLIMATE_DOMAIN:
        return "entity_not_found"
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return "entity_unavailable"
    return None


class ClimateEntityBridge:
    """Forward commands to a climate entity and report its state as the unit's."""

    pushes = True

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Initialize the bridge from the entry and, when it exists, the wrapped entity."""
        self._hass = hass
        self._entry = entry
        self._entity_id: str = entry.data[CONF_ENTITY_ID]
        self._ignored = IgnoredInput(entry.title)
        base = capabilities_from_details(entry.data, Capabilities(modes=(Mode.OFF, *ACTIVE_MODES)))
        self._capabilities, self._names = self._capabilities_from(
            hass.states.get(self._entity_id), source_device(hass, self._entity_id, base)
        )
        self._on_state: StateListener | None = None
        self._on_availability: AvailabilityListener | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_state: CALLBACK_TYPE | None = None
        self._available = False
        # Whether the entity has shown it says when it defrosts (as a `defrosting` action).
        self._says_defrost = False

    @property
    def capabilities(self) -> Capabilities:
        """Return what the wrapped entity offers, narrowed to the entry's details."""
        return self._capabilities

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Follow the wrapped entity's state and registry entry."""
        if (problem := wrapped_state_problem(self._hass, self._entity_id)) is not None:
            raise BridgeConnectionError(f"{self._entity_id}: {problem.replace('_', ' ')}")
        self._on_state = on_state
        self._on_availability = on_availability
        self._available = True
        self._follow_state()
        self._unsubs.append(
            self._hass.bus.async_listen(er.EVENT_ENTITY_REGISTRY_UPDATED, self._registry_updated)
        )

    async def async_close(self) -> None:
        """Stop following the wrapped entity."""
        if self._unsub_state is not None:
            self._unsub_state()
            self._unsub_state = None
        while self._unsubs:
            self._unsubs.pop()()
        self._on_state = self._on_availability = None

    async def async_get_state(self) -> UnitState:
        """Return the wrapped entity's state as the unit's."""
        state = self._hass.states.get(self._entity_id)
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            raise BridgeConnectionError(f"{self._entity_id} is unavailable")
        return self._unit_state(state)

    async def async_send(self, desired: DesiredState) -> None:
        """Call the climate actions that take the wrapped entity to `desired`."""
        current = await self.async_get_state()
        names = self._names
        calls: list[tuple[str, dict[str, Any]]] = []
        if desired.mode is not current.desired.mode:
            calls.append((SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: names.modes[desired.mode]}))
        # The mode first: some integrations drop other settings while their entity is off.
        if desired.target_temperature != current.desired.target_temperature:
            home = self._to_home(desired.target_temperature)
            calls.append((SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: home}))
        if desired.fan_speed is not current.desired.fan_speed and desired.fan_speed in names.fans:
            calls.append((SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: names.fans[desired.fan_speed]}))
        if desired.swing is not current.desired.swing and desired.swing in names.swings:
            calls.append((SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: names.swings[desired.swing]}))
        if desired.preset is not current.desired.preset and desired.preset in names.presets:
            calls.append(
                (SERVICE_SET_PRESET_MODE, {ATTR_PRESET_MODE: names.presets[desired.preset]})
            )
        for service, data in calls:
            try:
                await self._hass.services.async_call(
                    CLIMATE_DOMAIN,
                    service,
                    {ATTR_ENTITY_ID: self._entity_id, **data},
                    blocking=True,
                )
            except HomeAssistantError as err:
                raise BridgeCommandError(f"{self._entity_id} refused {service}: {err}") from err

    def diagnostics(self) -> dict[str, Any]:
        """Return what is wrapped and how its names map."""
        return {
            "entity_id": self._entity_id,
            "home_temperature_unit": self._home_unit,
            "available": self._available,
            "ignored_attributes": sorted(self._ignored.sources),
            "names": {
                "modes": dict(self._names.modes),
                "fans": dict(self._names.fans),
                "swings": dict(self._names.swings),
                "presets": dict(self._names.presets),
            },
        }

    def _capabilities_from(
        self, state: State | None, base: Capabilities
    ) -> tuple[Capabilities, _Names]:
        """Return the capabilities and names of the wrapped entity's current attributes."""
        attributes: Mapping[str, Any] = {} if state is None else state.attributes
        modes = MODES.offered(attributes.get("hvac_modes"))
        fans = FAN_SPEEDS.offered(attributes.get(ATTR_FAN_MODES))
        swings = SWINGS.offered(attributes.get(ATTR_SWING_MODES))
        presets = PRESETS.offered(attributes.get(ATTR_PRESET_MODES))
        if presets:
            presets.setdefault(Preset.NONE, "none")
        unit = base.temperature_unit
        low = self._from_home(attributes, ATTR_MIN_TEMP, unit)
        high = self._from_home(attributes, ATTR_MAX_TEMP, unit)
        minimum = base.min_temperature if low is None else round(low, 1)
        maximum = base.max_temperature if high is None else round(high, 1)
        if minimum >= maximum:
            self._ignored.log(self._where(ATTR_MAX_TEMP), high, f"not above {minimum:g}")
            minimum, maximum = base.min_temperature, base.max_temperature
        step = self._number(attributes, ATTR_TARGET_TEMP_STEP, STEP_LIMITS)
        capabilities = replace(
            base,
            # Before the entity exists (setup retries until it does), the entry's modes stand.
            modes=base.modes
            if not modes
            else (Mode.OFF, *(mode for mode in base.active_modes if mode in modes)),
            fan_speeds=tuple(speed for speed in FanSpeed if speed in fans),
            swings=tuple(swing for swing in Swing if swing in swings),
            presets=tuple(preset for preset in Preset if preset in presets),
            min_temperature=minimum,
            max_temperature=maximum,
            temperature_step=base.temperature_step if step is None else step,
            reports_humidity=ATTR_CURRENT_HUMIDITY in attributes,
            reports_defrost=False,
        )
        modes.setdefault(Mode.OFF, "off")
        return capabilities, _Names(modes=modes, fans=fans, swings=swings, presets=presets)

    @property
    def _home_unit(self) -> str:
        """Return the unit the wrapped entity's attributes are in: the home's."""
        return self._hass.config.units.temperature_unit

    def _from_home(
        self, attributes: Mapping[str, Any], key: str, unit: TemperatureUnit
    ) -> float | None:
        """Return a temperature attribute (in the home's unit) in the unit's own, or None."""
        home = TemperatureUnit(self._home_unit)
        low, high = ROOM_LIMITS_C
        limits = (round(from_celsius(low, home), 1), round(from_celsius(high, home), 1))
        if (number := self._number(attributes, key, limits)) is None:
            return None
        return TemperatureConverter.convert(number, home.value, unit.value)

    def _number(
        self, attributes: Mapping[str, Any], key: str, limits: tuple[float, float]
    ) -> float | None:
        """Return a number attribute within `limits`; None when absent or unusable (logged)."""
        if (value := attributes.get(key)) is None:
            return None
        try:
            # Integrations give numbers, or numbers as text.
            return number_or_text(value, *limits)
        except InboundError as err:
            self._ignored.log(self._where(key), value, str(err))
            return None

    def _where(self, key: str) -> str:
        """Return where an attribute comes from, for a log line."""
        return f"{self._entity_id} attribute {key}"

    def _to_home(self, value: float) -> float:
        """Return a temperature of the unit's own unit in the home's."""
        return round(
            TemperatureConverter.convert(
                value, self._capabilities.temperature_unit.value, self._home_unit
            ),
            2,
        )

    def _unit_state(self, state: State) -> UnitState:
        """Return the wrapped entity's state as the model's."""
        attributes = state.attributes
        unit = self._capabilities.temperature_unit
        mode = MODES.aliases.get(_lower(state.state), Mode.OFF)
        target = self._from_home(attributes, ATTR_TEMPERATURE, unit)
        current = self._from_home(attributes, ATTR_CURRENT_TEMPERATURE, unit)
        humidity = self._number(attributes, ATTR_CURRENT_HUMIDITY, HUMIDITY_LIMITS)
        action = ACTIONS.aliases.get(_lower(attributes.get(ATTR_HVAC_ACTION)))
        if action is None:
            action = untold_action(mode)
        elif action is Action.DEFROSTING:
            # From now on the entity is known to say when it defrosts.
            self._says_defrost = True
        return UnitState(
            desired=DesiredState(
                mode=mode,
                target_temperature=(
                    self._capabilities.min_temperature if target is None else round(target, 1)
                ),
                fan_speed=FAN_SPEEDS.aliases.get(
                    _lower(attributes.get(ATTR_FAN_MODE)), FanSpeed.AUTO
                ),
                swing=SWINGS.aliases.get(_lower(attributes.get(ATTR_SWING_MODE)), Swing.OFF),
                preset=PRESETS.aliases.get(_lower(attributes.get(ATTR_PRESET_MODE)), Preset.NONE),
            ),
            action=action,
            current_temperature=None if current is None else round(current, 1),
            current_humidity=humidity,
            defrosting=defrosting(action, flag=None, says_defrost=self._says_defrost),
        )

    def _follow_state(self) -> None:
        """Subscribe to the wrapped entity's state changes."""
        if self._unsub_state is not None:
            self._unsub_state()
        self._unsub_state = async_track_state_change_event(
            self._hass, [self._entity_id], self._state_changed
        )

    @callback
    def _state_changed(self, event: Event[EventStateChangedData]) -> None:
        """Report the wrapped entity's new state."""
        self._report(event.data["new_state"])

    @callback
    def _registry_updated(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        """Follow a rename of the wrapped entity; note its removal."""
        data = event.data
        if data["action"] == "update" and data.get("old_entity_id") == self._entity_id:
            self._entity_id = data["entity_id"]
            LOGGER.info("%s now wraps %s (renamed)", self._entry.title, self._entity_id)
            self._hass.config_entries.async_update_entry(
                self._entry, data={**self._entry.data, CONF_ENTITY_ID: self._entity_id}
            )
            self._follow_state()
            self._report(self._hass.states.get(self._entity_id))
        elif data["action"] == "remove" and data["entity_id"] == self._entity_id:
            LOGGER.warning(
                "%s wraps %s, which was removed; reconfigure the unit to wrap another entity",
                self._entry.title,
                self._entity_id,
            )
            self._set_available(available=False)

    def _report(self, state: State | None) -> None:
        """Report the wrapped entity's state, or that it is unavailable (gone included)."""
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            self._set_available(available=False)
            return
        self._set_available(available=True)
        if self._on_state is not None:
            self._on_state(self._unit_state(state))

    def _set_available(self, *, available: bool) -> None:
        """Report a change of the wrapped entity's availability."""
        self._available = available
        if self._on_availability is not None:
            self._on_availability(available)
