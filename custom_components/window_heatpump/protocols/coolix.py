"""Coolix 24-bit AC protocol (Midea and Toshiba window and split units, Beko, Bosch, Comfee ...).

Documented by IRremoteESP8266 (`src/ir_Coolix.h`, `src/ir_Coolix.cpp`). 38 kHz; header 4692 µs
mark and 4416 µs space, bit mark 552 µs, space 552 µs for 0 and 1656 µs for 1, footer mark and a
5244 µs gap. The 24-bit value is sent byte by byte, most significant first, each byte followed by
its inverse (48 bits on the wire); the whole frame is sent twice. The value, byte 2 to byte 0:

  byte 2: 0xB2 for a state
  byte 1: fan (bits 7-5), the remote's sensor temperature (bits 4-0, 0x1F when unused)
  byte 0: set point code (bits 7-4, a Gray-like table), mode (bits 3-2), zone follow (bit 1)

Fan only is dry mode with set point code 0b1110 (no set point). °F set points use two more
tables, told apart by bits 4-5 of the inverse of byte 2 (set: 1 for 63-75 °F, 3 for 76-86 °F), the
one place where the "inverse" is not one. Power off, swing, sleep, turbo, light and clean are fixed
24-bit codes; all but off toggle the setting on the unit.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Self, override

from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit
from .command import AcCommand, CodeCommand
from .protocol import AcProtocol, ReceivedState, Toggle, wire_temperature, wire_unit
from .pulse_distance import PulseDistance

MIN_TEMP_C = 17
MAX_TEMP_C = 30
MIN_TEMP_F = 63
MAX_TEMP_F = 86

BITS = 48
TIMING = PulseDistance(
    header_mark=4692, header_space=4416, bit_mark=552, one_space=1656, zero_space=552, gap=5244
)

_STATE_PREFIX = 0xB2
_SENSOR_UNUSED = 0x1F
_FAN_ONLY_CODE = 0b1110
_HIGH_F_FROM = 76
# Index: degrees above the range's first; value: the 4-bit set point code.
_CODES_C = (0x0, 0x1, 0x3, 0x2, 0x6, 0x7, 0x5, 0x4, 0xC, 0xD, 0x9, 0x8, 0xA, 0xB)
_CODES_LOW_F = (0xC, 0x2, 0xA, 0x6, 0xE, 0x1, 0x9, 0x5, 0xD, 0x3, 0xB, 0x7, 0xF)
_CODES_HIGH_F = (0x0, 0x8, 0x4, 0xC, 0x2, 0xA, 0x6, 0xE, 0x1, 0x9, 0x5)
# Bits set in the inverse of byte 2 to mark a °F set point.
_RANGE_NONE = 0
_RANGE_LOW_F = 0x10
_RANGE_HIGH_F = 0x30


class CoolixMode(IntEnum):
    """Operating mode; the value is byte 0 bits 3-2 (FAN_ONLY is dry with code 0b1110)."""

    COOL = 0
    DRY = 1
    AUTO = 2
    HEAT = 3
    FAN_ONLY = 4


class CoolixFanSpeed(IntEnum):
    """Fan speed; the value is byte 1 bits 7-5."""

    AUTO_AUTO_DRY = 0b000  # what the remote sends for "auto" in auto and dry modes
    HIGH = 0b001
    MEDIUM = 0b010
    LOW = 0b100
    AUTO = 0b101
    FIXED = 0b111  # sent by some remotes; the unit picks the speed


class CoolixSpecial(IntEnum):
    """A fixed 24-bit code; every one but OFF toggles (or steps) a setting."""

    OFF = 0xB27BE0
    SWING = 0xB26BE0
    SWING_STEP = 0xB20FE0
    SLEEP = 0xB2E003
    TURBO = 0xB5F5A2
    LIGHT = 0xB5F5A5
    CLEAN = 0xB5F5AA


def wire_value(value: int, fahrenheit_range: int = 0) -> int:
    """Return the 48 bits on the wire: each byte of `value` followed by its inverse."""
    wire = 0
    for shift in (16, 8, 0):
        byte = (value >> shift) & 0xFF
        wire = wire << 16 | byte << 8 | (byte ^ 0xFF)
    return wire | fahrenheit_range << 32


def _timings(value: int, fahrenheit_range: int, copies: int) -> list[int]:
    """Return `copies` identical frames for `value`."""
    return TIMING.encode_frame(wire_value(value, fahrenheit_range), BITS) * copies


def decode_value(timings: list[int]) -> tuple[int, int] | None:
    """Return the 24-bit value and the °F range bits of a Coolix signal, or None.

    Takes one frame (swing step is sent once) or two, which must be the same.
    """
    wire = TIMING.decode_frame(timings, 0, BITS)
    if wire is None:
        return None
    second = TIMING.frame_length(BITS) + 1
    if len(timings) > second:
        if not TIMING.has_gap(timings, second - 1):
            return None
        if TIMING.decode_frame(timings, second, BITS) != wire:
            return None
    value = 0
    for shift in (32, 16, 0):
        byte, inverse = (wire >> (shift + 8)) & 0xFF, (wire >> shift) & 0xFF
        value = value << 8 | byte
        # Only the inverse of byte 2 may differ, and only in the °F range bits.
        difference = inverse ^ byte ^ 0xFF
        if difference and (shift != 32 or difference not in (_RANGE_LOW_F, _RANGE_HIGH_F)):  # noqa: PLR2004
            return None
    return value, (wire >> 32) & _RANGE_HIGH_F


class CoolixCommand(AcCommand):
    """A full-state Coolix command: mode, fan and set point (°C or °F; none in fan only)."""

    def __init__(
        self,
        *,
        mode: CoolixMode,
        fan: CoolixFanSpeed,
        temperature: int | None,
        fahrenheit: bool = False,
        repeat_count: int = 0,
    ) -> None:
        """Build the command; `temperature` is None exactly in fan only mode."""
        super().__init__(repeat_count=repeat_count)
        if (temperature is None) != (mode is CoolixMode.FAN_ONLY):
            raise ValueError("a set point is needed in every mode but fan only")
        if temperature is not None:
            low, high = (MIN_TEMP_F, MAX_TEMP_F) if fahrenheit else (MIN_TEMP_C, MAX_TEMP_C)
            if not low <= temperature <= high:
                raise ValueError(f"temperature {temperature} out of range {low}..{high}")
        self.mode = mode
        self.fan = fan
        self.temperature = temperature
        self.fahrenheit = fahrenheit and temperature is not None

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (self.mode, self.fan, self.temperature, self.fahrenheit)

    @property
    def fahrenheit_range(self) -> int:
        """Return the bits that mark a °F set point in the inverse of byte 2."""
        if self.temperature is None or not self.fahrenheit:
            return _RANGE_NONE
        return _RANGE_HIGH_F if self.temperature >= _HIGH_F_FROM else _RANGE_LOW_F

    @property
    def value(self) -> int:
        """Return the 24-bit value."""
        if self.temperature is None:
            code, mode = _FAN_ONLY_CODE, CoolixMode.DRY
        elif self.fahrenheit and self.temperature >= _HIGH_F_FROM:
            code, mode = _CODES_HIGH_F[self.temperature - _HIGH_F_FROM], self.mode
        elif self.fahrenheit:
            code, mode = _CODES_LOW_F[self.temperature - MIN_TEMP_F], self.mode
        else:
            code, mode = _CODES_C[self.temperature - MIN_TEMP_C], self.mode
        return _STATE_PREFIX << 16 | (self.fan << 5 | _SENSOR_UNUSED) << 8 | code << 4 | mode << 2

    @property
    def wire(self) -> int:
        """Return the 48 bits on the wire (with the °F range bits)."""
        return wire_value(self.value, self.fahrenheit_range)

    @override
    def get_raw_timings(self) -> list[int]:
        """Return the frame, twice."""
        return _timings(self.value, self.fahrenheit_range, 2)

    @classmethod
    def from_value(cls, value: int, fahrenheit_range: int = _RANGE_NONE) -> Self | None:
        """Return the state a 24-bit value (and °F range bits) holds, or None."""
        byte1, byte0 = (value >> 8) & 0xFF, value & 0xFF
        if (
            value >> 16 != _STATE_PREFIX
            or byte1 & 0x1F != _SENSOR_UNUSED
            or byte0 & 0b11
            or byte1 >> 5 not in CoolixFanSpeed
        ):
            return None
        fan = CoolixFanSpeed(byte1 >> 5)
        mode, code = CoolixMode((byte0 >> 2) & 0b11), byte0 >> 4
        if fahrenheit_range == _RANGE_NONE and mode is CoolixMode.DRY and code == _FAN_ONLY_CODE:
            return cls(mode=CoolixMode.FAN_ONLY, fan=fan, temperature=None)
        table, first = {
            _RANGE_NONE: (_CODES_C, MIN_TEMP_C),
            _RANGE_LOW_F: (_CODES_LOW_F, MIN_TEMP_F),
            _RANGE_HIGH_F: (_CODES_HIGH_F, _HIGH_F_FROM),
        }[fahrenheit_range]
        if code not in table:
            return None
        return cls(
            mode=mode,
            fan=fan,
            temperature=first + table.index(code),
            fahrenheit=fahrenheit_range != _RANGE_NONE,
        )

    @override
    @classmethod
    def from_raw_timings(cls, timings: list[int]) -> Self | None:
        """Decode received timings into a full-state command, or None."""
        decoded = decode_value(timings)
        return None if decoded is None else cls.from_value(*decoded)


class CoolixSpecialCommand(CodeCommand[CoolixSpecial]):
    """A fixed Coolix code: power off, or a toggle."""

    @override
    def get_raw_timings(self) -> list[int]:
        """Return the frame twice; swing step once, as a second copy would step again."""
        copies = 1 if self.code is CoolixSpecial.SWING_STEP else 2
        return _timings(self.code, _RANGE_NONE, copies)

    @override
    @classmethod
    def from_raw_timings(cls, timings: list[int]) -> Self | None:
        """Decode received timings into a fixed code, or None."""
        decoded = decode_value(timings)
        if decoded is None or decoded[1] != _RANGE_NONE or decoded[0] not in CoolixSpecial:
            return None
        return cls(CoolixSpecial(decoded[0]))


_MODES = {
    Mode.COOL: CoolixMode.COOL,
    Mode.HEAT: CoolixMode.HEAT,
    Mode.DRY: CoolixMode.DRY,
    Mode.FAN_ONLY: CoolixMode.FAN_ONLY,
    Mode.AUTO: CoolixMode.AUTO,
}
_MODE_OF = {code: mode for mode, code in _MODES.items()}
_FANS = {
    FanSpeed.AUTO: CoolixFanSpeed.AUTO,
    FanSpeed.LOW: CoolixFanSpeed.LOW,
    FanSpeed.MEDIUM: CoolixFanSpeed.MEDIUM,
    FanSpeed.HIGH: CoolixFanSpeed.HIGH,
}
_FAN_OF = {code: fan for fan, code in _FANS.items()} | {CoolixFanSpeed.AUTO_AUTO_DRY: FanSpeed.AUTO}
_TOGGLES = {
    Toggle.SWING: CoolixSpecial.SWING,
    Toggle.SWING_STEP: CoolixSpecial.SWING_STEP,
    Toggle.SLEEP: CoolixSpecial.SLEEP,
    Toggle.TURBO: CoolixSpecial.TURBO,
    Toggle.LIGHT: CoolixSpecial.LIGHT,
    Toggle.SELF_CLEAN: CoolixSpecial.CLEAN,
}
_TOGGLE_OF = {code: toggle for toggle, code in _TOGGLES.items()}


def encode(desired: DesiredState, unit: TemperatureUnit) -> CoolixCommand | CoolixSpecialCommand:
    """Return the full-state command for `desired`; off is the fixed off code."""
    if desired.mode is Mode.OFF:
        return CoolixSpecialCommand(CoolixSpecial.OFF)
    mode = _MODES[desired.mode]
    fan = _FANS.get(desired.fan_speed, CoolixFanSpeed.AUTO)
    if fan is CoolixFanSpeed.AUTO and mode in (CoolixMode.AUTO, CoolixMode.DRY):
        fan = CoolixFanSpeed.AUTO_AUTO_DRY
    if mode is CoolixMode.FAN_ONLY:
        return CoolixCommand(mode=mode, fan=fan, temperature=None)
    temperature, fahrenheit = wire_temperature(
        desired.target_temperature,
        unit,
        celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
        fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    )
    return CoolixCommand(mode=mode, fan=fan, temperature=temperature, fahrenheit=fahrenheit)


def decode(timings: list[int]) -> ReceivedState | Toggle | None:
    """Decode a remote's frame into a state or a toggle, or None."""
    decoded = decode_value(timings)
    if decoded is None:
        return None
    value, fahrenheit_range = decoded
    if fahrenheit_range == _RANGE_NONE and value in CoolixSpecial:
        special = CoolixSpecial(value)
        if special is CoolixSpecial.OFF:
            return ReceivedState(mode=Mode.OFF)
        return _TOGGLE_OF[special]
    command = CoolixCommand.from_value(value, fahrenheit_range)
    if command is None:
        return None
    return ReceivedState(
        mode=_MODE_OF[command.mode],
        target_temperature=command.temperature,
        temperature_unit=wire_unit(fahrenheit=command.fahrenheit),
        fan_speed=_FAN_OF.get(command.fan),
    )


COOLIX = AcProtocol(
    name="coolix",
    title="Coolix (24-bit)",
    brands=("Midea", "Toshiba", "Comfee", "Beko", "Bosch", "Airwell", "Kaysun", "Tokio", "Fisher"),
    modes=(Mode.OFF, *_MODES),
    fan_speeds=tuple(_FANS),
    swings=(Swing.OFF, Swing.VERTICAL),
    swing_in_state=False,
    celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
    fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    toggles={toggle: CoolixSpecialCommand(code) for toggle, code in _TOGGLES.items()},
    encoder=encode,
    decoder=decode,
)
