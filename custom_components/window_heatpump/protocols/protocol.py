"""An AC infrared protocol seen from the domain model: what it supports, encode and decode."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
import math

from ..model import (
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
    from_celsius,
    to_celsius,
)
from .command import IrCommand


class Toggle(StrEnum):
    """A setting a protocol changes with a frame of its own, relative to the unit's current one.

    The unit flips (or steps) the setting when it receives the frame, so sending it twice undoes
    it; the sender has to know (or assume) the current setting.
    """

    SWING = "swing"
    SWING_STEP = "swing_step"
    LIGHT = "light"
    TURBO = "turbo"
    ECONO = "econo"
    SELF_CLEAN = "self_clean"
    SLEEP = "sleep"
    QUIET_ON = "quiet_on"
    QUIET_OFF = "quiet_off"
    FREEZE_PROTECTION = "freeze_protection"


@dataclass(frozen=True, kw_only=True)
class ReceivedState:
    """A full-state frame decoded from a remote; None where the frame carries no such field.

    `sensor_temperature` is the remote's own reading in a follow-me / zone-follow frame.
    """

    mode: Mode
    target_temperature: float | None = None
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS
    fan_speed: FanSpeed | None = None
    swing: Swing | None = None
    preset: Preset | None = None
    sensor_temperature: float | None = None

    def in_unit(self, unit: TemperatureUnit) -> ReceivedState:
        """Return this state with its temperatures in `unit` (rounded to 0.1°)."""
        return replace(
            self,
            target_temperature=self._converted(self.target_temperature, unit),
            sensor_temperature=self._converted(self.sensor_temperature, unit),
            temperature_unit=unit,
        )

    def _converted(self, value: float | None, unit: TemperatureUnit) -> float | None:
        """Return a temperature of this frame in `unit`."""
        if value is None or unit is self.temperature_unit:
            return value
        return round(from_celsius(to_celsius(value, self.temperature_unit), unit), 1)

    def apply_to(self, desired: DesiredState) -> DesiredState:
        """Return `desired` updated with what this frame carries (temperatures in one unit)."""
        return desired.with_changes(
            mode=self.mode,
            target_temperature=self.target_temperature,
            fan_speed=self.fan_speed,
            swing=self.swing,
            preset=self.preset,
        )


type Encoder = Callable[[DesiredState, TemperatureUnit], IrCommand]
type Decoder = Callable[[list[int]], ReceivedState | Toggle | None]
# The frame that gives the unit a room temperature (in the set point's unit) to regulate on.
type FollowMeEncoder = Callable[[DesiredState, TemperatureUnit, float], IrCommand]


@dataclass(frozen=True, kw_only=True)
class AcProtocol:
    """One AC protocol: its capabilities, its full-state encoder, toggles and decoder."""

    name: str
    title: str
    brands: tuple[str, ...]
    modes: tuple[Mode, ...]
    fan_speeds: tuple[FanSpeed, ...]
    swings: tuple[Swing, ...]
    # False: the full-state frame has no swing field; swing is changed by the SWING toggle.
    swing_in_state: bool
    celsius_range: tuple[int, int]
    # None: the frames carry °C only, and a °F set point is converted.
    fahrenheit_range: tuple[int, int] | None
    toggles: Mapping[Toggle, IrCommand]
    encoder: Encoder
    decoder: Decoder
    # Empty: the protocol has no preset; otherwise Preset.NONE first.
    presets: tuple[Preset, ...] = ()
    # None: the protocol cannot send the unit a room temperature.
    follow_me_encoder: FollowMeEncoder | None = None

    def temperature_range(self, unit: TemperatureUnit) -> tuple[int, int]:
        """Return the lowest and highest set point in `unit` (whole degrees)."""
        if unit is TemperatureUnit.FAHRENHEIT:
            if self.fahrenheit_range is not None:
                return self.fahrenheit_range
            low, high = self.celsius_range
            return math.ceil(from_celsius(low, unit)), math.floor(from_celsius(high, unit))
        return self.celsius_range

    def encode(self, desired: DesiredState, unit: TemperatureUnit) -> IrCommand:
        """Return the full-state command for `desired` (set point in `unit`)."""
        return self.encoder(desired, unit)

    def commands(
        self,
        desired: DesiredState,
        unit: TemperatureUnit,
        previous: DesiredState | None = None,
    ) -> list[IrCommand]:
        """Return the commands that take the unit from `previous` to `desired`, in order.

        The full-state frame always; then, where swing is a toggle, the swing toggle if the
        unit runs and swing changed (from off when `previous` is unknown).
        """
        commands = [self.encode(desired, unit)]
        if (
            not self.swing_in_state
            and desired.mode is not Mode.OFF
            and (Swing.OFF if previous is None else previous.swing) is not desired.swing
        ):
            commands.append(self.toggles[Toggle.SWING])
        return commands

    def follow_me(self, desired: DesiredState, unit: TemperatureUnit, sensor: float) -> IrCommand:
        """Return the frame that sends `desired` with the room temperature `sensor` (in `unit`).

        Raises NotImplementedError for a protocol without one (`follow_me_encoder` is None).
        """
        if self.follow_me_encoder is None:
            raise NotImplementedError(f"{self.name} has no follow-me frame")
        return self.follow_me_encoder(desired, unit, sensor)

    def decode(self, timings: list[int], unit: TemperatureUnit) -> ReceivedState | Toggle | None:
        """Decode received timings: a state (set point in `unit`), a toggle, or None."""
        received = self.decoder(timings)
        if isinstance(received, ReceivedState):
            return received.in_unit(unit)
        return received


def wire_temperature(
    value: float,
    unit: TemperatureUnit,
    *,
    celsius_range: tuple[int, int],
    fahrenheit_range: tuple[int, int] | None,
) -> tuple[int, bool]:
    """Return the whole-degree set point to put on the wire and whether it is in °F.

    °F stays °F where the protocol has a °F scale; otherwise it is converted to °C. The result
    is clamped to the protocol's range.
    """
    if unit is TemperatureUnit.FAHRENHEIT and fahrenheit_range is not None:
        low, high = fahrenheit_range
        return min(high, max(low, round(value))), True
    low, high = celsius_range
    return min(high, max(low, round(to_celsius(value, unit)))), False


def wire_unit(*, fahrenheit: bool) -> TemperatureUnit:
    """Return the unit of a set point read from a frame's °F flag."""
    return TemperatureUnit.FAHRENHEIT if fahrenheit else TemperatureUnit.CELSIUS


def wire_sensor_temperature(
    value: float,
    unit: TemperatureUnit,
    *,
    fahrenheit: bool,
    celsius_range: tuple[int, int],
    fahrenheit_range: tuple[int, int] | None = None,
) -> int:
    """Return a room temperature in `unit` as the whole degrees a frame carries, clamped.

    In °F where the frame is in °F (`fahrenheit`, with `fahrenheit_range`), else in °C.
    """
    celsius = to_celsius(value, unit)
    if fahrenheit and fahrenheit_range is not None:
        low, high = fahrenheit_range
        wire = round(from_celsius(celsius, TemperatureUnit.FAHRENHEIT))
    else:
        low, high = celsius_range
        wire = round(celsius)
    return min(high, max(low, wire))
