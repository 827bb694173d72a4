"""Midea 48-bit AC protocol (Midea, Comfee, Danby, Frigidaire, Keystone, MrCool, Pioneer ...).

The domain model's side of the protocol: a desired state to a frame (sleep is the sleep preset,
a follow-me frame adds the room temperature), a remote's frame to a state or a toggle. The
frames themselves, as IRremoteESP8266 documents them, are in `midea_frame`.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import DesiredState, FanSpeed, Mode, Preset, Swing, TemperatureUnit
from .midea_frame import (
    BITS,
    MAX_SENSOR_C,
    MAX_SENSOR_F,
    MAX_TEMP_C,
    MAX_TEMP_F,
    MIN_SENSOR_C,
    MIN_SENSOR_F,
    MIN_TEMP_C,
    MIN_TEMP_F,
    TIMING,
    MideaCommand,
    MideaFanSpeed,
    MideaMode,
    MideaToggle,
    MideaToggleCommand,
    checksum,
    decode_value,
)
from .protocol import (
    AcProtocol,
    ReceivedState,
    Toggle,
    wire_sensor_temperature,
    wire_temperature,
    wire_unit,
)

__all__ = [
    "BITS",
    "MAX_TEMP_C",
    "MAX_TEMP_F",
    "MIDEA",
    "MIDEA_PIONEER",
    "MIN_TEMP_C",
    "MIN_TEMP_F",
    "TIMING",
    "MideaCommand",
    "MideaFanSpeed",
    "MideaMode",
    "MideaToggle",
    "MideaToggleCommand",
    "checksum",
    "decode",
    "decode_value",
    "encode",
    "follow_me",
]

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


def _command(
    desired: DesiredState,
    unit: TemperatureUnit,
    *,
    pioneer_bit: bool,
    sensor: float | None = None,
) -> MideaCommand:
    """Return the command (a follow-me frame with `sensor`) for `desired`, set point in `unit`."""
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
        sleep=desired.mode is not Mode.OFF and desired.preset is Preset.SLEEP,
        pioneer_bit=pioneer_bit,
        sensor_temperature=None
        if sensor is None
        else wire_sensor_temperature(
            sensor,
            unit,
            fahrenheit=fahrenheit,
            celsius_range=(MIN_SENSOR_C, MAX_SENSOR_C),
            fahrenheit_range=(MIN_SENSOR_F, MAX_SENSOR_F),
        ),
    )


def encode(desired: DesiredState, unit: TemperatureUnit) -> MideaCommand:
    """Return the full-state command for `desired`; off is sent as auto with power off."""
    return _command(desired, unit, pioneer_bit=False)


def encode_pioneer(desired: DesiredState, unit: TemperatureUnit) -> MideaCommand:
    """Return the full-state command with the bit some Pioneer System units need (bit 37)."""
    return _command(desired, unit, pioneer_bit=True)


def follow_me(desired: DesiredState, unit: TemperatureUnit, sensor: float) -> MideaCommand:
    """Return the follow-me frame: `desired` with the room temperature `sensor` (in `unit`)."""
    return _command(desired, unit, pioneer_bit=False, sensor=sensor)


def follow_me_pioneer(desired: DesiredState, unit: TemperatureUnit, sensor: float) -> MideaCommand:
    """Return the follow-me frame with the Pioneer System bit."""
    return _command(desired, unit, pioneer_bit=True, sensor=sensor)


def decode(timings: list[int]) -> ReceivedState | Toggle | None:
    """Decode a remote's frame into a state (with its sensor reading) or a toggle, or None."""
    value = decode_value(timings)
    if value is None:
        return None
    if (toggle := MideaToggleCommand.from_value(value)) is not None:
        return _TOGGLE_OF[toggle.code]
    command = MideaCommand.from_value(value)
    if command is None:
        return None
    unit = wire_unit(fahrenheit=command.fahrenheit)
    if not command.power:
        return ReceivedState(mode=Mode.OFF)
    return ReceivedState(
        mode=_MODE_OF[command.mode],
        target_temperature=command.temperature,
        temperature_unit=unit,
        fan_speed=_FAN_OF[command.fan],
        preset=Preset.SLEEP if command.sleep else Preset.NONE,
        sensor_temperature=command.sensor_temperature,
    )


_BRANDS = (
    "Midea",
    "Comfee",
    "Danby",
    "Frigidaire",
    "Keystone",
    "MrCool",
    "Pioneer System",
    "Kaysun",
)
MIDEA = AcProtocol(
    name="midea",
    title="Midea (48-bit)",
    brands=_BRANDS,
    modes=(Mode.OFF, *_MODES),
    fan_speeds=tuple(_FANS),
    swings=(Swing.OFF, Swing.VERTICAL),
    presets=(Preset.NONE, Preset.SLEEP),
    swing_in_state=False,
    celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
    fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    toggles={toggle: MideaToggleCommand(code) for toggle, code in _TOGGLES.items()},
    encoder=encode,
    decoder=decode,
    follow_me_encoder=follow_me,
)
# Some Pioneer System units act only on frames with bit 37 set (IRremoteESP8266 issue 1342).
MIDEA_PIONEER = replace(
    MIDEA,
    name="midea_pioneer",
    title="Midea (48-bit, Pioneer System)",
    brands=("Pioneer System", *(brand for brand in _BRANDS if brand != "Pioneer System")),
    encoder=encode_pioneer,
    follow_me_encoder=follow_me_pioneer,
)
