"""Domain model of a window heat pump, shared by bridges, the coordinator and features.

Nothing here knows about Home Assistant entities: bridges speak these types, and the
platforms map them to Home Assistant's.
"""

from __future__ import annotations

from collections.abc import Mapping
import copy
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final, Literal


class Mode(StrEnum):
    """Operating mode the unit is asked to run in."""

    OFF = "off"
    COOL = "cool"
    HEAT = "heat"
    DRY = "dry"
    FAN_ONLY = "fan_only"
    AUTO = "auto"


class FanSpeed(StrEnum):
    """Indoor fan speed setting."""

    AUTO = "auto"
    QUIET = "quiet"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    TURBO = "turbo"


# Share of the high-fan airflow at each fan setting (auto: medium), the one table the
# simulated unit's physics and the energy estimate from a supply-air sensor both read.
AIRFLOW_FRACTION: Final[Mapping[FanSpeed, float]] = {
    FanSpeed.QUIET: 0.45,
    FanSpeed.LOW: 0.6,
    FanSpeed.MEDIUM: 0.8,
    FanSpeed.AUTO: 0.8,
    FanSpeed.HIGH: 1.0,
    FanSpeed.TURBO: 1.1,
}


class Swing(StrEnum):
    """Louvre swing setting."""

    OFF = "off"
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"
    BOTH = "both"


class Preset(StrEnum):
    """A unit's special program on top of its mode (values match Home Assistant's presets)."""

    NONE = "none"
    ECO = "eco"
    BOOST = "boost"
    SLEEP = "sleep"
    FREEZE_PROTECTION = "freeze_protection"


class Action(StrEnum):
    """What the unit is doing right now."""

    OFF = "off"
    IDLE = "idle"
    HEATING = "heating"
    COOLING = "cooling"
    DRYING = "drying"
    FAN = "fan"
    DEFROSTING = "defrosting"


class TemperatureUnit(StrEnum):
    """Temperature unit a unit works in (values match Home Assistant's)."""

    CELSIUS = "°C"
    FAHRENHEIT = "°F"


def to_celsius(value: float, unit: TemperatureUnit) -> float:
    """Convert a temperature in the given unit to °C."""
    if unit is TemperatureUnit.FAHRENHEIT:
        return (value - 32.0) * 5.0 / 9.0
    return value


def from_celsius(value: float, unit: TemperatureUnit) -> float:
    """Convert a temperature in °C to the given unit."""
    if unit is TemperatureUnit.FAHRENHEIT:
        return value * 9.0 / 5.0 + 32.0
    return value


ACTIVE_MODES = (Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY, Mode.AUTO)


def defrosting(action: Action | None, *, flag: bool | None, says_defrost: bool) -> bool | None:
    """Return whether a unit defrosts, or None where it gives no defrost signal.

    A defrost flag (a topic, a field) tells either way; otherwise an action tells only for a
    unit that says when it defrosts (`says_defrost`: it is made to, or it has been seen to).
    """
    if flag is not None:
        return flag or action is Action.DEFROSTING
    if action is None or not (says_defrost or action is Action.DEFROSTING):
        return None
    return action is Action.DEFROSTING


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    """What a unit can do; temperatures are in `temperature_unit`."""

    modes: tuple[Mode, ...] = (Mode.OFF, Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY)
    fan_speeds: tuple[FanSpeed, ...] = (
        FanSpeed.AUTO,
        FanSpeed.LOW,
        FanSpeed.MEDIUM,
        FanSpeed.HIGH,
    )
    swings: tuple[Swing, ...] = ()
    # Empty for units without presets; otherwise Preset.NONE first, then those the unit has.
    presets: tuple[Preset, ...] = ()
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS
    min_temperature: float = 16.0
    max_temperature: float = 30.0
    temperature_step: float = 1.0
    capacity_btu: int | None = None
    reports_current_temperature: bool = True
    reports_humidity: bool = False
    reports_outdoor_temperature: bool = False
    reports_defrost: bool = False
    reports_power: bool = False
    # The unit can regulate on a temperature it is sent (Midea "Follow Me", Coolix sensor
    # temperature, IRremoteESP8266's iFeel); the bridge then implements FollowMe.
    follow_me: bool = False
    assumed_state: bool = False
    # How many seconds of the unit's time pass per real second (only a simulated unit runs
    # faster); care counts durations in the unit's time.
    time_scale: float = 1.0
    manufacturer: str | None = None
    model: str | None = None
    firmware: str | None = None

    @property
    def active_modes(self) -> tuple[Mode, ...]:
        """Return the modes other than off."""
        return tuple(mode for mode in self.modes if mode is not Mode.OFF)

    @property
    def default_active_mode(self) -> Mode:
        """Return the mode turn_on uses before the unit has ever run: heat, else cool, else any."""
        for mode in (Mode.HEAT, Mode.COOL, *self.active_modes):
            if mode in self.modes:
                return mode
        return Mode.OFF

    def clamp_temperature(self, value: float) -> float:
        """Return `value` within limits and on the unit's step grid."""
        steps = round((value - self.min_temperature) / self.temperature_step)
        snapped = self.min_temperature + steps * self.temperature_step
        return round(min(self.max_temperature, max(self.min_temperature, snapped)), 2)


@dataclass(frozen=True, kw_only=True)
class DesiredState:
    """The whole state a unit is asked to be in, sent at once."""

    mode: Mode = Mode.OFF
    target_temperature: float = 21.0
    fan_speed: FanSpeed = FanSpeed.AUTO
    swing: Swing = Swing.OFF
    preset: Preset = Preset.NONE

    def with_changes(
        self,
        *,
        mode: Mode | None = None,
        target_temperature: float | None = None,
        fan_speed: FanSpeed | None = None,
        swing: Swing | None = None,
        preset: Preset | None = None,
    ) -> DesiredState:
        """Return a copy with the given fields changed."""
        # Built directly rather than with dataclasses.replace: this is on every command's path.
        return DesiredState(
            mode=self.mode if mode is None else mode,
            target_temperature=(
                self.target_temperature if target_temperature is None else target_temperature
            ),
            fan_speed=self.fan_speed if fan_speed is None else fan_speed,
            swing=self.swing if swing is None else swing,
            preset=self.preset if preset is None else preset,
        )


def desired_from_dict(data: Mapping[str, Any]) -> DesiredState:
    """Return the desired state stored as a dict (`dataclasses.asdict` of one).

    Raise KeyError, TypeError or ValueError when the dict is not one.
    """
    return DesiredState(
        mode=Mode(data["mode"]),
        target_temperature=float(data["target_temperature"]),
        fan_speed=FanSpeed(data["fan_speed"]),
        swing=Swing(data["swing"]),
        # Stored before presets existed: none.
        preset=Preset(data.get("preset", Preset.NONE)),
    )


# The readings a bridge may report one at a time (see UnitState.with_reading).
type ReadingField = Literal[
    "current_temperature",
    "current_humidity",
    "outdoor_temperature",
    "power_w",
    "filter_alert",
    "compressor_running",
]
type ReadingValue = float | bool | None


@dataclass(frozen=True, kw_only=True)
class UnitState:
    """What a unit reports (or is assumed to be doing); temperatures in its own unit."""

    desired: DesiredState = field(default_factory=DesiredState)
    # None: nothing tells what the unit is doing (an IR unit with no power sensor).
    action: Action | None = Action.OFF
    # True: `action` is inferred (from power draw), not reported by the unit.
    action_estimated: bool = False
    current_temperature: float | None = None
    current_humidity: float | None = None
    outdoor_temperature: float | None = None
    compressor_running: bool | None = None
    defrosting: bool | None = None
    power_w: float | None = None
    # The unit's own energy meter, where it has one (kWh since it was made or last reset).
    energy_kwh: float | None = None
    filter_alert: bool | None = None
    error_code: str | None = None

    def with_reading(self, name: ReadingField, value: ReadingValue) -> UnitState:
        """Return a copy with one reading changed.

        A shallow copy with the one field set as the dataclasses documentation says a frozen
        field is set (object.__setattr__), rather than every field passed through __init__
        again (dataclasses.replace): most messages bring one reading, and replace costs
        twice as much on that path.
        """
        changed = copy.copy(self)
        object.__setattr__(changed, name, value)
        return changed
