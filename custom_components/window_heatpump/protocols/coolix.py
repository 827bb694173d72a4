"""Coolix 24-bit AC protocol (Midea and Toshiba window and split units, Beko, Bosch, Comfee ...).

The domain model's side of the protocol: a desired state to a frame (a zone-follow frame adds
the room temperature), a remote's frame to a state or a toggle. The frames themselves, as
IRremoteESP8266 documents them, are in `coolix_frame`.
"""

from __future__ import annotations

from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit, from_celsius
from .coolix_frame import (
    BITS,
    MAX_SENSOR_C,
    MAX_TEMP_C,
    MAX_TEMP_F,
    MIN_SENSOR_C,
    MIN_TEMP_C,
    MIN_TEMP_F,
    RANGE_NONE,
    TIMING,
    Coolix48Command,
    CoolixCommand,
    CoolixFanSpeed,
    CoolixMode,
    CoolixSpecial,
    CoolixSpecialCommand,
    decode_value,
    wire_value,
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
    "COOLIX",
    "MAX_TEMP_C",
    "MAX_TEMP_F",
    "MIN_TEMP_C",
    "MIN_TEMP_F",
    "TIMING",
    "Coolix48Command",
    "CoolixCommand",
    "CoolixFanSpeed",
    "CoolixMode",
    "CoolixSpecial",
    "CoolixSpecialCommand",
    "decode",
    "decode_value",
    "encode",
    "follow_me",
    "wire_value",
]

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
    return _encode(desired, unit, None)


def follow_me(
    desired: DesiredState, unit: TemperatureUnit, sensor: float
) -> CoolixCommand | CoolixSpecialCommand:
    """Return the zone-follow frame: `desired` with the room temperature `sensor` (in `unit`)."""
    wire = wire_sensor_temperature(
        sensor, unit, fahrenheit=False, celsius_range=(MIN_SENSOR_C, MAX_SENSOR_C)
    )
    return _encode(desired, unit, wire)


def _encode(
    desired: DesiredState, unit: TemperatureUnit, sensor: int | None
) -> CoolixCommand | CoolixSpecialCommand:
    """Return the command for `desired`, a zone-follow frame with `sensor` (whole °C)."""
    if desired.mode is Mode.OFF:
        return CoolixSpecialCommand(CoolixSpecial.OFF)
    mode = _MODES[desired.mode]
    fan = _FANS.get(desired.fan_speed, CoolixFanSpeed.AUTO)
    if fan is CoolixFanSpeed.AUTO and mode in (CoolixMode.AUTO, CoolixMode.DRY):
        fan = CoolixFanSpeed.AUTO_AUTO_DRY
    if mode is CoolixMode.FAN_ONLY:
        return CoolixCommand(mode=mode, fan=fan, temperature=None, sensor_temperature=sensor)
    temperature, fahrenheit = wire_temperature(
        desired.target_temperature,
        unit,
        celsius_range=(MIN_TEMP_C, MAX_TEMP_C),
        fahrenheit_range=(MIN_TEMP_F, MAX_TEMP_F),
    )
    return CoolixCommand(
        mode=mode,
        fan=fan,
        temperature=temperature,
        fahrenheit=fahrenheit,
        sensor_temperature=sensor,
    )


def decode(timings: list[int]) -> ReceivedState | Toggle | None:
    """Decode a remote's frame into a state (with its sensor reading) or a toggle, or None."""
    decoded = decode_value(timings)
    if decoded is None:
        return None
    value, fahrenheit_range = decoded
    if fahrenheit_range == RANGE_NONE and value in CoolixSpecial:
        special = CoolixSpecial(value)
        if special is CoolixSpecial.OFF:
            return ReceivedState(mode=Mode.OFF)
        return _TOGGLE_OF[special]
    command = CoolixCommand.from_value(value, fahrenheit_range)
    if command is None:
        return None
    unit = wire_unit(fahrenheit=command.fahrenheit)
    sensor = command.sensor_temperature
    return ReceivedState(
        mode=_MODE_OF[command.mode],
        target_temperature=command.temperature,
        temperature_unit=unit,
        # A zone-follow frame carries no fan speed.
        fan_speed=_FAN_OF.get(command.fan),
        # The sensor reading is in °C whatever the set point's scale.
        sensor_temperature=None if sensor is None else round(from_celsius(sensor, unit), 1),
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
    follow_me_encoder=follow_me,
)
