"""Climate entity of a window heat pump."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, NamedTuple, override

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    ClimateEntity,
    ClimateEntityDescription,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, PRECISION_TENTHS, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
from homeassistant.util.unit_system import UnitSystem

from .const import CLIMATE_KEY
from .coordinator import WindowHeatPumpConfigEntry, WindowHeatPumpCoordinator
from .entity import WindowHeatPumpEntity
from .model import Action, FanSpeed, Mode, Preset, Swing

# Set while hvac_action is inferred from the unit's power draw rather than reported by it.
ATTR_HVAC_ACTION_ESTIMATED = "hvac_action_estimated"

# Commands go to one unit over one transport; sending them one at a time keeps order.
PARALLEL_UPDATES = 1

_ACTION_TO_HA: dict[Action, HVACAction] = {
    Action.OFF: HVACAction.OFF,
    Action.IDLE: HVACAction.IDLE,
    Action.HEATING: HVACAction.HEATING,
    Action.COOLING: HVACAction.COOLING,
    Action.DRYING: HVACAction.DRYING,
    Action.FAN: HVACAction.FAN,
    Action.DEFROSTING: HVACAction.DEFROSTING,
}

_MODE_TO_HA: dict[Mode, HVACMode] = {mode: HVACMode(mode.value) for mode in Mode}


def _names[T: StrEnum](kind: type[T]) -> Mapping[T, str]:
    """Return the name Home Assistant shows for each value of a setting."""
    return {member: member.value for member in kind}


# Shared by every unit that has the setting; a unit without it shows none.
_FAN_NAMES = _names(FanSpeed)
_SWING_NAMES = _names(Swing)
_PRESET_NAMES = _names(Preset)
_NO_NAMES: Mapping[StrEnum, str] = {}

# Home Assistant 2026.11 moved climate to native temperatures: an entity reports in its own
# unit under native_temperature_unit and native_*_temperature, and Home Assistant converts.
# Before it, the same values went by the names without native_. Told once, by what the
# running release's ClimateEntity has.
NATIVE_TEMPERATURES: Final = hasattr(ClimateEntity, "native_temperature_unit")

CLIMATE_DESCRIPTION = ClimateEntityDescription(
    key=CLIMATE_KEY, translation_key="heat_pump", name=None
)


class _ClimateView(NamedTuple):
    """What the climate shows, in Home Assistant's terms: compared on each update."""

    available: bool
    hvac_mode: HVACMode
    # None when nothing tells what the unit does (an IR unit without a power sensor).
    hvac_action: HVACAction | None
    target_temperature: float
    current_temperature: float | None
    current_humidity: float | None
    fan_mode: str | None
    swing_mode: str | None
    preset_mode: str | None
    attributes: dict[str, Any] | None


@dataclass
class _ClimateExtraStoredData(ExtraStoredData):
    """What the visible state cannot hold: the mode turn_on goes back to."""

    last_active_mode: str

    @override
    def as_dict(self) -> dict[str, Any]:
        """Return a dict representation for storage."""
        return {"last_active_mode": self.last_active_mode}


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the climate entity of a unit."""
    async_add_entities([WindowHeatPumpClimate(entry.runtime_data, CLIMATE_DESCRIPTION)])


class WindowHeatPumpClimate(WindowHeatPumpEntity, ClimateEntity, RestoreEntity):
    """The unit as a thermostat: mode, set point, fan, swing and what it is doing."""

    _attr_precision = PRECISION_TENTHS

    def __init__(
        self, coordinator: WindowHeatPumpCoordinator, description: ClimateEntityDescription
    ) -> None:
        """Initialize the climate entity from the unit's capabilities."""
        super().__init__(coordinator, description)
        capabilities = coordinator.capabilities
        self._temperature_unit = UnitOfTemperature(capabilities.temperature_unit.value)
        self._attr_min_temp = capabilities.min_temperature
        self._attr_max_temp = capabilities.max_temperature
        self._attr_target_temperature_step = capabilities.temperature_step
        self._attr_hvac_modes = [HVACMode(mode.value) for mode in capabilities.modes]
        features = (
            ClimateEntityFeature.TARGET_TEMPERATURE
            | ClimateEntityFeature.TURN_ON
            | ClimateEntityFeature.TURN_OFF
        )
        if capabilities.fan_speeds:
            features |= ClimateEntityFeature.FAN_MODE
            self._attr_fan_modes = [speed.value for speed in capabilities.fan_speeds]
        if capabilities.swings:
            features |= ClimateEntityFeature.SWING_MODE
            self._attr_swing_modes = [swing.value for swing in capabilities.swings]
        if capabilities.presets:
            features |= ClimateEntityFeature.PRESET_MODE
            self._attr_preset_modes = [preset.value for preset in capabilities.presets]
        self._attr_supported_features = features
        # The names shown for the unit's settings; none for a setting the unit lacks.
        self._fan_modes = _FAN_NAMES if capabilities.fan_speeds else _NO_NAMES
        self._swing_modes = _SWING_NAMES if capabilities.swings else _NO_NAMES
        self._preset_modes = _PRESET_NAMES if capabilities.presets else _NO_NAMES
        self._view = self._showing()
        self._capability_attributes: dict[str, Any] | None = None
        self._capabilities_shown_in: UnitSystem | None = None

    @override
    def _showing(self) -> _ClimateView:
        """Return what the state is made of; the properties read it once it is shown."""
        coordinator = self.coordinator
        data = coordinator.data
        desired = coordinator.desired
        action = data.action
        attributes = coordinator.control.climate_attributes()
        if (room := coordinator.room.climate_attributes()) is not None:
            attributes = {**(attributes or {}), **room}
        if data.action_estimated:
            attributes = {**(attributes or {}), ATTR_HVAC_ACTION_ESTIMATED: True}
        return _ClimateView(
            available=self.available,
            hvac_mode=_MODE_TO_HA[desired.mode],
            hvac_action=None if action is None else _ACTION_TO_HA[action],
            target_temperature=desired.target_temperature,
            current_temperature=data.current_temperature,
            current_humidity=data.current_humidity,
            fan_mode=self._fan_modes.get(desired.fan_speed),
            swing_mode=self._swing_modes.get(desired.swing),
            preset_mode=self._preset_modes.get(desired.preset),
            attributes=attributes,
        )

    @override
    def _show(self, shown: tuple[object, ...]) -> None:
        """Keep what `_showing` returned for the properties."""
        assert isinstance(shown, _ClimateView)  # noqa: S101 - what _showing returns
        self._view = shown

    @override
    async def async_added_to_hass(self) -> None:
        """Restore the mode turn_on goes back to; show the unit as it is now."""
        await super().async_added_to_hass()
        self._show(self._showing())
        if (extra := await self.async_get_last_extra_data()) is None:
            return
        restored = extra.as_dict().get("last_active_mode")
        # The unit itself may have run since; only fill in when it has told us nothing.
        if (
            restored in self.coordinator.capabilities.active_modes
            and self.coordinator.desired.mode is Mode.OFF
        ):
            self.coordinator.last_active_mode = Mode(restored)

    @property
    @override
    def extra_restore_state_data(self) -> ExtraStoredData:
        """Return the mode turn_on goes back to, for the next start."""
        return _ClimateExtraStoredData(last_active_mode=self.coordinator.last_active_mode.value)

    @property
    @override
    def capability_attributes(self) -> dict[str, Any] | None:
        """Return the modes and limits, worked out again only if the unit system changes.

        They are the unit's fixed capabilities, yet Home Assistant asks for them on every
        state written.
        """
        units = self.hass.config.units
        if self._capabilities_shown_in is not units:
            self._capability_attributes = super().capability_attributes
            self._capabilities_shown_in = units
        return self._capability_attributes

    @property
    @override
    def hvac_mode(self) -> HVACMode:
        """Return the mode the unit is set to."""
        return self._view.hvac_mode

    @property
    @override
    def hvac_action(self) -> HVACAction | None:
        """Return what the unit is doing, defrosting included; None when nothing tells."""
        return self._view.hvac_action

    @property
    def native_temperature_unit(self) -> str:
        """Return the temperature unit the heat pump works in (Home Assistant shows the home's)."""
        return self._temperature_unit

    @property
    def native_target_temperature(self) -> float:
        """Return the set point, in the unit's own unit and on its own grid."""
        return self._view.target_temperature

    @property
    def native_current_temperature(self) -> float | None:
        """Return the room temperature the unit measures, in its own unit."""
        return self._view.current_temperature

    if not NATIVE_TEMPERATURES:
        # Home Assistant 2026.4 to 2026.10 read the same figures under these names.
        temperature_unit = native_temperature_unit
        target_temperature = native_target_temperature
        current_temperature = native_current_temperature

    @property
    @override
    def current_humidity(self) -> float | None:
        """Return the room humidity, where the unit measures it."""
        return self._view.current_humidity

    @property
    @override
    def fan_mode(self) -> str | None:
        """Return the fan speed, where the unit has fan speeds."""
        return self._view.fan_mode

    @property
    @override
    def swing_mode(self) -> str | None:
        """Return the louvre swing, where the unit swings."""
        return self._view.swing_mode

    @property
    @override
    def preset_mode(self) -> str | None:
        """Return the preset, where the unit has presets."""
        return self._view.preset_mode

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return a held command's mode and release time, and which readings are estimates."""
        return self._view.attributes

    @override
    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Run a preset (eco, boost, sleep, freeze protection) or none."""
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(preset=Preset(preset_mode))
        )

    @override
    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch the unit to a mode (off included)."""
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(mode=Mode(hvac_mode.value))
        )

    @override
    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Set the set point, and the mode when one is given with it."""
        mode: Mode | None = None
        if (hvac_mode := kwargs.get(ATTR_HVAC_MODE)) is not None:
            mode = Mode(HVACMode(hvac_mode).value)
        target: float | None = None
        if (temperature := kwargs.get(ATTR_TEMPERATURE)) is not None:
            target = self.coordinator.capabilities.clamp_temperature(float(temperature))
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(mode=mode, target_temperature=target)
        )

    @override
    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Set the fan speed."""
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(fan_speed=FanSpeed(fan_mode))
        )

    @override
    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Set the louvre swing."""
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(swing=Swing(swing_mode))
        )

    @override
    async def async_turn_on(self) -> None:
        """Turn the unit on in the mode it last ran in."""
        await self.coordinator.async_send(
            self.coordinator.desired.with_changes(mode=self.coordinator.last_active_mode)
        )

    @override
    async def async_turn_off(self) -> None:
        """Turn the unit off."""
        await self.coordinator.async_send(self.coordinator.desired.with_changes(mode=Mode.OFF))
