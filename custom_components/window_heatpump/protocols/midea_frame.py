"""The frames of the Midea 48-bit AC protocol: values, checksum, timings, commands and toggles.

Documented by IRremoteESP8266 (`src/ir_Midea.h`, `src/ir_Midea.cpp`). 38 kHz; header 4480 µs
mark and space, bit mark 560 µs, space 560 µs for 0 and 1680 µs for 1, footer mark and a 5600 µs
gap. A command is a 48-bit frame, most significant bit first, followed by the same frame with
every bit inverted, then 100 ms more of silence. The 48-bit value, byte 5 (sent first) to byte 0:

  byte 5: 0b10100 header (bits 7-3), message type (bits 2-0): 1 command, 2 toggle, 4 follow-me
  byte 4: power (bit 7), sleep (bit 6), a bit some Pioneer System units need (bit 5, bit 37 of
          the value), fan (bits 4-3), mode (bits 2-0)
  byte 3: bit 6 always set, °F flag (bit 5), set point minus 17 °C or 62 °F (bits 4-0)
  byte 2: beep off (bit 7, set in commands), off timer in half hours minus one (bits 6-1,
          0b111111 none), bit 0 set
  byte 1: a command's on timer (bit 7 set, half hours minus one in bits 6-1, bit 0 set; 0xFF
          none), or a follow-me frame's sensor temperature (bit 7 clear, degrees above 0 °C or
          32 °F plus one)
  byte 0: checksum, the bit-reversed two's complement of the sum of bit-reversed bytes 1-5

A follow-me frame (type 4) is the whole state with the remote's own temperature: the unit
regulates on it. A toggle frame (type 2) carries a code in byte 4 and 0xFF in bytes 3-1; the unit
flips the setting (swing, light, turbo ...) rather than setting it.
"""

from __future__ import annotations

from abc import abstractmethod
from enum import IntEnum
from typing import Self, override

from .command import AcCommand, CodeCommand
from .pulse_distance import PulseDistance

MIN_TEMP_C = 17
MAX_TEMP_C = 30
MIN_TEMP_F = 62
MAX_TEMP_F = 86
MIN_SENSOR_C = 0
MAX_SENSOR_C = 37
MIN_SENSOR_F = 32
MAX_SENSOR_F = 99
# Timers count half hours, up to a day.
TIMER_STEP_MIN = 30
MAX_TIMER_MIN = 24 * 60

BITS = 48
_MASK = (1 << BITS) - 1
TIMING = PulseDistance(
    header_mark=4480, header_space=4480, bit_mark=560, one_space=1680, zero_space=560, gap=5600
)

_HEADER = 0b10100 << 3
_TYPE_COMMAND = 1
_TYPE_TOGGLE = 2
_TYPE_FOLLOW_ME = 4
_UNUSED = 0xFF
_TOGGLE_UNUSED = 0xFFFFFF  # bytes 3-1 of a toggle frame
_BYTE3_FIXED = 0x40
_FAHRENHEIT = 0x20
_PIONEER_BIT = 0x20  # in byte 4
_TIMER_NONE = 0b111111


class MideaMode(IntEnum):
    """Operating mode; the value is byte 4 bits 2-0."""

    COOL = 0
    DRY = 1
    AUTO = 2
    HEAT = 3
    FAN_ONLY = 4


class MideaFanSpeed(IntEnum):
    """Fan speed; the value is byte 4 bits 4-3."""

    AUTO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class MideaToggle(IntEnum):
    """Toggle frame code; the value is byte 4 of a type-2 frame."""

    SWING = 0x01  # vertical swing on/off; the ionizer on some Danby units
    ECONO = 0x02
    LIGHT = 0x08  # display light
    TURBO = 0x09
    SELF_CLEAN = 0x0D  # cool, dry or auto only
    FREEZE_PROTECTION = 0x0F  # the 8 °C heat mode, heat only
    QUIET_ON = 0x12
    QUIET_OFF = 0x13


def _reverse_byte(byte: int) -> int:
    """Return `byte` with its bit order reversed."""
    return int(f"{byte:08b}"[::-1], 2)


def checksum(value: int) -> int:
    """Return the checksum byte of a 48-bit value (its byte 0 is ignored)."""
    total = sum(_reverse_byte((value >> shift) & 0xFF) for shift in range(8, BITS, 8))
    return _reverse_byte((256 - total) & 0xFF)


def _with_checksum(value: int) -> int:
    """Return `value` with byte 0 set to its checksum."""
    return (value & ~0xFF) | checksum(value)


def _timings(value: int) -> list[int]:
    """Return the frame for `value`, then the inverted frame."""
    frames = TIMING.encode_frame(value, BITS) + TIMING.encode_frame(value ^ _MASK, BITS)
    return TIMING.end_message(frames)


def decode_value(timings: list[int]) -> int | None:
    """Return the 48-bit value of a Midea signal: both frames, inverted copy and checksum."""
    value = TIMING.decode_frame(timings, 0, BITS)
    if value is None:
        return None
    second = TIMING.frame_length(BITS)
    if not TIMING.has_gap(timings, second):
        return None
    inverted = TIMING.decode_frame(timings, second + 1, BITS)
    if inverted != value ^ _MASK or value & 0xFF != checksum(value):
        return None
    return value


class _MideaFrame(AcCommand):
    """A command sent as one 48-bit Midea value and its inverted copy."""

    @property
    @abstractmethod
    def value(self) -> int:
        """Return the 48-bit value, checksum included."""

    @classmethod
    @abstractmethod
    def from_value(cls, value: int) -> Self | None:
        """Return the command a 48-bit value holds, or None."""

    @override
    def get_raw_timings(self) -> list[int]:
        """Return the frame and its inverted copy."""
        return _timings(self.value)

    @override
    @classmethod
    def from_raw_timings(cls, timings: list[int]) -> Self | None:
        """Decode received timings into a command of this class, or None."""
        value = decode_value(timings)
        return None if value is None else cls.from_value(value)


def _timer_bits(minutes: int | None) -> int:
    """Return a timer's 6 bits: half hours minus one, or none."""
    if minutes is None:
        return _TIMER_NONE
    if not TIMER_STEP_MIN <= minutes <= MAX_TIMER_MIN or minutes % TIMER_STEP_MIN:
        raise ValueError(f"timer {minutes} min is not 30 min to 24 h in half hours")
    return minutes // TIMER_STEP_MIN - 1


def _timer_minutes(bits: int) -> int | None:
    """Return the minutes of a timer's 6 bits, or None for no timer."""
    return None if bits == _TIMER_NONE else (bits + 1) * TIMER_STEP_MIN


class MideaCommand(_MideaFrame):
    """A full-state Midea command (type 1), or a follow-me frame (type 4) with a sensor reading.

    Power, mode, fan, set point (°C or °F), sleep, the Pioneer System bit and the on / off
    timers (minutes); `sensor_temperature` (whole degrees in the frame's scale) makes it a
    follow-me frame, which has no on timer.
    """

    def __init__(  # noqa: PLR0913 - one argument per field of the frame
        self,
        *,
        power: bool,
        mode: MideaMode,
        fan: MideaFanSpeed,
        temperature: int,
        fahrenheit: bool = False,
        sleep: bool = False,
        pioneer_bit: bool = False,
        on_timer: int | None = None,
        off_timer: int | None = None,
        sensor_temperature: int | None = None,
        repeat_count: int = 0,
    ) -> None:
        """Build the command; `temperature` is whole degrees in the chosen scale."""
        super().__init__(repeat_count=repeat_count)
        low, high = (MIN_TEMP_F, MAX_TEMP_F) if fahrenheit else (MIN_TEMP_C, MAX_TEMP_C)
        if not low <= temperature <= high:
            raise ValueError(f"temperature {temperature} out of range {low}..{high}")
        if sensor_temperature is not None:
            low, high = (MIN_SENSOR_F, MAX_SENSOR_F) if fahrenheit else (MIN_SENSOR_C, MAX_SENSOR_C)
            if not low <= sensor_temperature <= high or on_timer is not None:
                raise ValueError(f"sensor temperature {sensor_temperature} out of {low}..{high}")
        _timer_bits(on_timer)
        _timer_bits(off_timer)
        self.power = power
        self.mode = mode
        self.fan = fan
        self.temperature = temperature
        self.fahrenheit = fahrenheit
        self.sleep = sleep
        self.pioneer_bit = pioneer_bit
        self.on_timer = on_timer
        self.off_timer = off_timer
        self.sensor_temperature = sensor_temperature

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (
            self.power,
            self.mode,
            self.fan,
            self.temperature,
            self.fahrenheit,
            self.sleep,
            self.pioneer_bit,
            self.on_timer,
            self.off_timer,
            self.sensor_temperature,
        )

    @property
    @override
    def value(self) -> int:
        """Return the 48-bit value, checksum included."""
        low = MIN_TEMP_F if self.fahrenheit else MIN_TEMP_C
        byte4 = (
            self.power << 7 | self.sleep << 6 | self.pioneer_bit << 5 | self.fan << 3 | self.mode
        )
        byte3 = _BYTE3_FIXED | self.fahrenheit << 5 | (self.temperature - low)
        follow_me = self.sensor_temperature is not None
        # Beep off in commands; a follow-me frame beeps (the remote sends it unasked).
        byte2 = (not follow_me) << 7 | _timer_bits(self.off_timer) << 1 | 1
        if self.sensor_temperature is not None:
            byte1 = self.sensor_temperature - (MIN_SENSOR_F if self.fahrenheit else 0) + 1
        elif self.on_timer is not None:
            byte1 = 0x80 | _timer_bits(self.on_timer) << 1 | 1
        else:
            byte1 = _UNUSED
        message_type = _TYPE_FOLLOW_ME if follow_me else _TYPE_COMMAND
        value = (
            (_HEADER | message_type) << 40 | byte4 << 32 | byte3 << 24 | byte2 << 16 | byte1 << 8
        )
        return _with_checksum(value)

    @override
    @classmethod
    def from_value(cls, value: int) -> Self | None:
        """Return the command or follow-me frame a 48-bit value holds, or None."""
        message_type = (value >> 40) ^ _HEADER
        if message_type not in (_TYPE_COMMAND, _TYPE_FOLLOW_ME) or value & 0xFF != checksum(value):
            return None
        byte4, byte3, byte2, byte1 = ((value >> shift) & 0xFF for shift in (32, 24, 16, 8))
        if byte4 & 0b111 not in MideaMode:
            return None
        fahrenheit = bool(byte3 & _FAHRENHEIT)
        temperature = (MIN_TEMP_F if fahrenheit else MIN_TEMP_C) + (byte3 & 0x1F)
        on_timer = _timer_minutes((byte1 >> 1) & _TIMER_NONE)
        sensor = None
        if message_type == _TYPE_FOLLOW_ME:
            on_timer = None
            sensor = (byte1 & 0x7F) - 1 + (MIN_SENSOR_F if fahrenheit else MIN_SENSOR_C)
        try:
            return cls(
                power=bool(byte4 & 0x80),
                sleep=bool(byte4 & 0x40),
                pioneer_bit=bool(byte4 & _PIONEER_BIT),
                fan=MideaFanSpeed((byte4 >> 3) & 0b11),
                mode=MideaMode(byte4 & 0b111),
                temperature=temperature,
                fahrenheit=fahrenheit,
                on_timer=on_timer,
                off_timer=_timer_minutes((byte2 >> 1) & _TIMER_NONE),
                sensor_temperature=sensor,
            )
        except ValueError:
            # A set point, sensor reading or timer outside what the remote sends.
            return None


class MideaToggleCommand(CodeCommand[MideaToggle], _MideaFrame):
    """A Midea toggle frame: the unit flips or steps one setting."""

    @property
    @override
    def value(self) -> int:
        """Return the 48-bit value, checksum included."""
        value = (_HEADER | _TYPE_TOGGLE) << 40 | self.code << 32 | _TOGGLE_UNUSED << 8
        return _with_checksum(value)

    @override
    @classmethod
    def from_value(cls, value: int) -> Self | None:
        """Return the toggle a 48-bit value holds, or None if it is not a known toggle."""
        code = (value >> 32) & 0xFF
        if (
            value >> 40 != _HEADER | _TYPE_TOGGLE
            or (value >> 8) & _TOGGLE_UNUSED != _TOGGLE_UNUSED
            or value & 0xFF != checksum(value)
            or code not in MideaToggle
        ):
            return None
        return cls(MideaToggle(code))
