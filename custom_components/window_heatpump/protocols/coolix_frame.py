"""The frames of the Coolix 24-bit AC protocol: values, the wire form, commands and fixed codes.

Documented by IRremoteESP8266 (`src/ir_Coolix.h`, `src/ir_Coolix.cpp`). 38 kHz; header 4692 µs
mark and 4416 µs space, bit mark 552 µs, space 552 µs for 0 and 1656 µs for 1, footer mark and a
5244 µs gap. The 24-bit value is sent byte by byte, most significant first, each byte followed by
its inverse (48 bits on the wire); the whole frame is sent twice. The value, byte 2 to byte 0:

  byte 2: 0xB2 for a state; bit 3 is the second zone-follow bit (0xBA)
  byte 1: fan (bits 7-5; 0b110 in zone follow), the remote's sensor temperature (bits 4-0, °C,
          0x1F when unused)
  byte 0: set point code (bits 7-4, a Gray-like table), mode (bits 3-2), zone follow (bit 1)

A zone-follow frame (both zone-follow bits set) carries the room temperature the unit regulates
on, as IRremoteESP8266's `setSensorTemp` builds it. A transmission ends with 100 ms more of
silence after the last frame's gap. A 48-bit frame whose pairs are not byte and inverse (the off
timer of some remotes, IRremoteESP8266's COOLIX48) is read as its 48 bits, not as a state.

Fan only is dry mode with set point code 0b1110 (no set point). °F set points use two more
tables, told apart by bits 4-5 of the inverse of byte 2 (set: 1 for 63-75 °F, 3 for 76-86 °F), the
one place where the "inverse" is not one. Power off, swing, sleep, turbo, light and clean are fixed
24-bit codes; all but off toggle the setting on the unit.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Self, override

from .command import AcCommand, CodeCommand
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
_ZONE_FOLLOW_PREFIX = 0xBA  # byte 2 with the second zone-follow bit
_ZONE_FOLLOW_BIT = 0b10  # in byte 0
_SENSOR_UNUSED = 0x1F
MIN_SENSOR_C = 0
MAX_SENSOR_C = 30
_FAN_ONLY_CODE = 0b1110
_HIGH_F_FROM = 76
# Index: degrees above the range's first; value: the 4-bit set point code.
_CODES_C = (0x0, 0x1, 0x3, 0x2, 0x6, 0x7, 0x5, 0x4, 0xC, 0xD, 0x9, 0x8, 0xA, 0xB)
_CODES_LOW_F = (0xC, 0x2, 0xA, 0x6, 0xE, 0x1, 0x9, 0x5, 0xD, 0x3, 0xB, 0x7, 0xF)
_CODES_HIGH_F = (0x0, 0x8, 0x4, 0xC, 0x2, 0xA, 0x6, 0xE, 0x1, 0x9, 0x5)
# Bits set in the inverse of byte 2 to mark a °F set point.
_RANGE_NONE = 0
RANGE_NONE = _RANGE_NONE
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
    ZONE_FOLLOW = 0b110  # what a zone-follow frame carries instead of a speed
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
    return wire_timings(wire_value(value, fahrenheit_range), copies)


def wire_timings(wire: int, copies: int) -> list[int]:
    """Return `copies` identical frames of 48 wire bits, and the silence after them."""
    return TIMING.end_message(TIMING.encode_frame(wire, BITS) * copies)


def decode_wire(timings: list[int]) -> int | None:
    """Return the 48 wire bits of a Coolix signal, or None.

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
    return wire


def decode_value(timings: list[int]) -> tuple[int, int] | None:
    """Return the 24-bit value and the °F range bits of a Coolix signal, or None."""
    wire = decode_wire(timings)
    return None if wire is None else split_wire(wire)


def split_wire(wire: int) -> tuple[int, int] | None:
    """Return the 24-bit value and °F range bits of 48 wire bits; None if a pair is not one."""
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
    """A full-state Coolix command: mode, fan and set point (°C or °F; none in fan only).

    With `sensor_temperature` (whole °C) it is a zone-follow frame, whose fan field is the
    zone-follow code, as the remote sends it.
    """

    def __init__(  # noqa: PLR0913 - one argument per field of the frame
        self,
        *,
        mode: CoolixMode,
        fan: CoolixFanSpeed,
        temperature: int | None,
        fahrenheit: bool = False,
        sensor_temperature: int | None = None,
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
        if sensor_temperature is not None and not (
            MIN_SENSOR_C <= sensor_temperature <= MAX_SENSOR_C
        ):
            raise ValueError(f"sensor temperature {sensor_temperature} out of range")
        self.mode = mode
        self.fan = CoolixFanSpeed.ZONE_FOLLOW if sensor_temperature is not None else fan
        self.temperature = temperature
        self.fahrenheit = fahrenheit and temperature is not None
        self.sensor_temperature = sensor_temperature

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (self.mode, self.fan, self.temperature, self.fahrenheit, self.sensor_temperature)

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
        byte0 = code << 4 | mode << 2
        if self.sensor_temperature is None:
            return _STATE_PREFIX << 16 | (self.fan << 5 | _SENSOR_UNUSED) << 8 | byte0
        return (
            _ZONE_FOLLOW_PREFIX << 16
            | (self.fan << 5 | self.sensor_temperature) << 8
            | byte0
            | _ZONE_FOLLOW_BIT
        )

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
        # Zone follow is both bits (IRremoteESP8266's getZoneFollow); one alone is no state.
        zone_follow = value >> 16 == _ZONE_FOLLOW_PREFIX
        sensor = byte1 & 0x1F if zone_follow else None
        if (
            value >> 16 not in (_STATE_PREFIX, _ZONE_FOLLOW_PREFIX)
            or zone_follow != bool(byte0 & _ZONE_FOLLOW_BIT)
            or (sensor is None and byte1 & 0x1F != _SENSOR_UNUSED)
            or (sensor is not None and sensor > MAX_SENSOR_C)
            or byte0 & 0b01
            or byte1 >> 5 not in CoolixFanSpeed
        ):
            return None
        fan = CoolixFanSpeed(byte1 >> 5)
        mode, code = CoolixMode((byte0 >> 2) & 0b11), byte0 >> 4
        if fahrenheit_range == _RANGE_NONE and mode is CoolixMode.DRY and code == _FAN_ONLY_CODE:
            return cls(
                mode=CoolixMode.FAN_ONLY, fan=fan, temperature=None, sensor_temperature=sensor
            )
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
            sensor_temperature=sensor,
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


class Coolix48Command(AcCommand):
    """A 48-bit Coolix frame whose pairs are not byte and inverse (IRremoteESP8266's COOLIX48).

    Some remotes send their off timer so; the frame is kept whole (sent twice, as received) and
    is no state the domain model has.
    """

    def __init__(self, wire: int, *, repeat_count: int = 0) -> None:
        """Keep the 48 wire bits."""
        super().__init__(repeat_count=repeat_count)
        self.wire = wire

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (self.wire,)

    @override
    def get_raw_timings(self) -> list[int]:
        """Return the frame, twice."""
        return wire_timings(self.wire, 2)

    @override
    @classmethod
    def from_raw_timings(cls, timings: list[int]) -> Self | None:
        """Return the frame where the timings are a Coolix frame with a non-inverse pair."""
        wire = decode_wire(timings)
        if wire is None or split_wire(wire) is not None:
            return None
        return cls(wire)
