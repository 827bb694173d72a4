"""Gree AC protocol, from the `infrared-protocols` library Home Assistant's `infrared` ships.

Imported only where the installed library has it (10.x, from Home Assistant 2026.10; the 1.1.0
that 2026.4 pins has no AC protocols): `protocols/__init__.py` leaves it out of the registry
otherwise. Gree frames carry the whole state, swing on both axes included, in °C only.
"""

from __future__ import annotations

from infrared_protocols.commands.gree_ac import (
    MAX_TEMP,
    MIN_TEMP,
    GreeAcCommand,
    GreeAcFanSpeed,
    GreeAcMode,
)

from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit
from .protocol import AcProtocol, ReceivedState, Toggle, wire_temperature

_MODES = {
    Mode.COOL: GreeAcMode.COOL,
    Mode.HEAT: GreeAcMode.HEAT,
    Mode.DRY: GreeAcMode.DRY,
    Mode.FAN_ONLY: GreeAcMode.FAN_ONLY,
    Mode.AUTO: GreeAcMode.AUTO,
}
_MODE_OF = {code: mode for mode, code in _MODES.items()}
# Turbo is a flag on top of the high fan speed.
_FANS = {
    FanSpeed.AUTO: GreeAcFanSpeed.AUTO,
    FanSpeed.LOW: GreeAcFanSpeed.LOW,
    FanSpeed.MEDIUM: GreeAcFanSpeed.MEDIUM,
    FanSpeed.HIGH: GreeAcFanSpeed.HIGH,
    FanSpeed.TURBO: GreeAcFanSpeed.HIGH,
}
_FAN_OF = {
    GreeAcFanSpeed.AUTO: FanSpeed.AUTO,
    GreeAcFanSpeed.LOW: FanSpeed.LOW,
    GreeAcFanSpeed.MEDIUM: FanSpeed.MEDIUM,
    GreeAcFanSpeed.HIGH: FanSpeed.HIGH,
}
_SWING_OF = {
    (False, False): Swing.OFF,
    (True, False): Swing.VERTICAL,
    (False, True): Swing.HORIZONTAL,
    (True, True): Swing.BOTH,
}


def encode(desired: DesiredState, unit: TemperatureUnit) -> GreeAcCommand:
    """Return the full-state command for `desired`; off is sent as auto with power off."""
    temperature, _ = wire_temperature(
        desired.target_temperature,
        unit,
        celsius_range=(MIN_TEMP, MAX_TEMP),
        fahrenheit_range=None,
    )
    return GreeAcCommand(
        power=desired.mode is not Mode.OFF,
        mode=_MODES.get(desired.mode, GreeAcMode.AUTO),
        temperature=temperature,
        fan=_FANS[desired.fan_speed],
        swing_v=desired.swing in (Swing.VERTICAL, Swing.BOTH),
        swing_h=desired.swing in (Swing.HORIZONTAL, Swing.BOTH),
        turbo=desired.fan_speed is FanSpeed.TURBO,
    )


def decode(timings: list[int]) -> ReceivedState | Toggle | None:
    """Decode a remote's frame into a state, or None."""
    command = GreeAcCommand.from_raw_timings(timings)
    if command is None:
        return None
    if not command.power:
        return ReceivedState(mode=Mode.OFF)
    return ReceivedState(
        mode=_MODE_OF[command.mode],
        target_temperature=command.temperature,
        fan_speed=FanSpeed.TURBO if command.turbo else _FAN_OF[command.fan],
        swing=_SWING_OF[command.swing_v, command.swing_h],
    )


GREE = AcProtocol(
    name="gree",
    title="Gree",
    brands=("Gree", "Tosot", "Cooper & Hunter"),
    modes=(Mode.OFF, *_MODES),
    fan_speeds=tuple(_FANS),
    swings=tuple(_SWING_OF.values()),
    swing_in_state=True,
    celsius_range=(MIN_TEMP, MAX_TEMP),
    fahrenheit_range=None,
    toggles={},
    encoder=encode,
    decoder=decode,
)
