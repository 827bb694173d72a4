"""Midea 48-bit AC protocol (Midea, Comfee, Danby, Frigidaire, Keystone, MrCool, Pioneer ...).

Documented by IRremoteESP8266 (`src/ir_Midea.h`, `src/ir_Midea.cpp`). 38 kHz; header 4480 µs
mark and space, bit mark 560 µs, space 560 µs for 0 and 1680 µs for 1, footer mark and a 5600 µs
gap. A command is a 48-bit frame, most significant bit first, followed by the same frame with
every bit inverted. The 48-bit value, byte 5 (sent first) to byte 0:

  byte 5: 0b10100 header (bits 7-3), message type (bits 2-0): 1 command, 2 toggle, 4 follow-me
  byte 4 (command): power (bit 7), sleep (bit 6), fan (bits 4-3), mode (bits 2-0)
  byte 3 (command): bit 6 always set, °F flag (bit 5), set point minus 17 °C or 62 °F (bits 4-0)
  bytes 2-1: timers and the remote's sensor; 0xFF when unused
  byte 0: checksum, the bit-reversed two's complement of the sum of bit-reversed bytes 1-5

A toggle frame (type 2) carries a code in byte 4 and 0xFF in bytes 3-1; the unit flips the
setting (swing, light, turbo ...) rather than setting it.
"""

from __future__ import annotations

from abc import abstractmethod
from enum import IntEnum
from typing import Self, override

from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit
from .command import AcCommand, CodeCommand
from .protocol import AcProtocol, ReceivedState, Toggle, wire_temperature, wire_unit
from .pulse_distance import PulseDistance

MIN_TEMP_C = 17
MAX_TEMP_C = 30
MIN_TEMP_F = 62
MAX_TEMP_F = 86

BITS = 48
_MASK = (1 << BITS) - 1
TIMING = PulseDistance(
    header_mark=4480, header_space=4480, bit_mark=560, one_space=1680, zero_space=560, gap=5600
)

_HEADER = 0b10100 << 3
_TYPE_COMMAND = 1
_TYPE_TOGGLE = 2
_UNUSED = 0xFF
_TOGGLE_UNUSED = 0xFFFFFF  # bytes 3-1 of a toggle frame
_BYTE3_FIXED = 0x40
_FAHRENHEIT = 0x20


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
    return TIMING.encode_frame(value, BITS) + TIMING.encode_frame(value ^ _MASK, BITS)


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


class MideaCommand(_MideaFrame):
    """A full-state Midea command: power, mode, fan, set point (°C or °F) and sleep."""

    def __init__(  # noqa: PLR0913 - one argument per field of the frame
        self,
        *,
        power: bool,
        mode: MideaMode,
        fan: MideaFanSpeed,
        temperature: int,
        fahrenheit: bool = False,
        sleep: bool = False,
        repeat_count: int = 0,
    ) -> None:
        """Build the command; `temperature` is whole degrees in the chosen scale."""
        super().__init__(repeat_count=repeat_count)
        low, high = (MIN_TEMP_F, MAX_TEMP_F) if fahrenheit else (MIN_TEMP_C, MAX_TEMP_C)
        if not low <= temperature <= high:
            raise ValueError(f"temperature {temperature} out of range {low}..{high}")
        self.power = power
        self.mode = mode
        self.fan = fan
        self.temperature = temperature
        self.fahrenheit = fahrenheit
        self.sleep = sleep

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (self.power, self.mode, self.fan, self.temperature, self.fahrenheit, self.sleep)

    @property
    @override
    def value(self) -> int:
        """Return the 48-bit value, checksum included."""
        low = MIN_TEMP_F if self.fahrenheit else MIN_TEMP_C
        byte4 = self.power << 7 | self.sleep << 6 | self.fan << 3 | self.mode
        byte3 = _BYTE3_FIXED | self.fahrenheit << 5 | (self.temperature - low)
        value = (
            (_HEADER | _TYPE_COMMAND) << 40
            | byte4 << 32
            | byte3 << 24
            | _UNUSED << 16
            | _UNUSED << 8
        )
        return _with_checksum(value)

    @override
    @classmethod
    def from_value(cls, value: int) -> Self | None:
        """Return the command a 48-bit value holds, or None if it is not a valid command."""
        if value >> 40 != _HEADER | _TYPE_COMMAND or value & 0xFF != checksum(value):
            return None
        byte4 = (value >> 32) & 0xFF
        byte3 = (value >> 24) & 0xFF
        if byte4 & 0b111 not in MideaMode:
            return None
        fahrenheit = bool(byte3 & _FAHRENHEIT)
        low, high = (MIN_TEMP_F, MAX_TEMP_F) if fahrenheit else (MIN_TEMP_C, MAX_TEMP_C)
        temperature = low + (byte3 & 0x1F)
        if temperature > high:
            return None
        return cls(
            power=bool(byte4 & 0x80),
            sleep=bool(byte4 & 0x40),
            fan=MideaFanSpeed((byte4 >> 3) & 0b11),
            mode=MideaMode(byte4 & 0b111),
            temperature=temperature,
            fahrenheit=fahrenheit,
        )


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


_MODES = {
    Mode.COOL: MideaMode.COOL,
    Mode.HEAT: MideaMode.HEAT,
    Mode.DRY: MideaMode.DRY,
    Mode.FAN_ONLY: MideaMode.FAN_ONLY,
    Mode.AUTO: MideaMode.AUTO,
}
_FANS = {
    FanSpeed.AUTO: MideaFanSpeed.AUTO,
    FanSpeed.LOW: MideaFanSpeed.LOW,
    FanSpeed.MEDIUM: MideaFanSpeed.MEDIUM,
    FanSpeed.HIGH: MideaFanSpeed.HIGH,
}
_MODE_OF = {code: mode for mode, code in _MODES.items()}
_FAN_OF = {code: fan for fan, code in _FANS.items()}
_TOGGLES = {
    Toggle.SWING: MideaToggle.SWING,
    Toggle.ECONO: MideaToggle.ECONO,
    Toggle.LIGHT: MideaToggle.LIGHT,
    Toggle.TURBO: MideaToggle.TURBO,
    Toggle.SELF_CLEAN: MideaToggle.SELF_CLEAN,
    Toggle.FREEZE_PROTECTION: MideaToggle.FREEZE_PROTECTION,
    Toggle.QUIET_ON: MideaToggle.QUIET_ON,
    Toggle.QUIET_OFF: MideaToggle.QUIET_OFF,
}
_TOGGLE_OF = {code: toggle for toggle, code in _TOGGLES.items()}


def encode(desired: DesiredState, unit: TemperatureUnit) -> MideaCommand:
    """Return the full-state command for `desired`; off is sent as auto with power off."""
    temperature, fahrenheit = wire_temperature(
        desired.target_temperature,
        unit,
        celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
        fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    )
    return MideaCommand(
        power=desired.mode is not Mode.OFF,
        mode=_MODES.get(desired.mode, MideaMode.AUTO),
        fan=_FANS.get(desired.fan_speed, MideaFanSpeed.AUTO),
        temperature=temperature,
        fahrenheit=fahrenheit,
    )


def decode(timings: list[int]) -> ReceivedState | Toggle | None:
    """Decode a remote's frame into a state or a toggle, or None."""
    value = decode_value(timings)
    if value is None:
        return None
    if (toggle := MideaToggleCommand.from_value(value)) is not None:
        return _TOGGLE_OF[toggle.code]
    command = MideaCommand.from_value(value)
    if command is None:
        return None
    if not command.power:
        return ReceivedState(mode=Mode.OFF)
    return ReceivedState(
        mode=_MODE_OF[command.mode],
        target_temperature=command.temperature,
        temperature_unit=wire_unit(fahrenheit=command.fahrenheit),
        fan_speed=_FAN_OF[command.fan],
    )


MIDEA = AcProtocol(
    name="midea",
    title="Midea (48-bit)",
    brands=(
        "Midea",
        "Comfee",
        "Danby",
        "Frigidaire",
        "Keystone",
        "MrCool",
        "Pioneer System",
        "Kaysun",
    ),
    modes=(Mode.OFF, *_MODES),
    fan_speeds=tuple(_FANS),
    swings=(Swing.OFF, Swing.VERTICAL),
    swing_in_state=False,
    celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
    fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    toggles={toggle: MideaToggleCommand(code) for toggle, code in _TOGGLES.items()},
    encoder=encode,
    decoder=decode,
)
