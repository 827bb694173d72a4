"""Midea AC values (as msmart-ng reports them, plain integers) to the domain model and back.

Pure: no msmart import, so the mapping is read and tested without the library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import Action, FanSpeed, Mode, Preset, Swing

# msmart's AirConditioner.OperationalMode values; 6 (smart dry) reads as dry.
MODE_TO_MIDEA: Mapping[Mode, int] = {
    Mode.AUTO: 1,
    Mode.COOL: 2,
    Mode.DRY: 3,
    Mode.HEAT: 4,
    Mode.FAN_ONLY: 5,
}
MIDEA_TO_MODE: Mapping[int, Mode] = {**{v: k for k, v in MODE_TO_MIDEA.items()}, 6: Mode.DRY}

# msmart's AirConditioner.FanSpeed values (MAX is what turbo means for the indoor fan).
FAN_TO_MIDEA: Mapping[FanSpeed, int] = {
    FanSpeed.QUIET: 20,
    FanSpeed.LOW: 40,
    FanSpeed.MEDIUM: 60,
    FanSpeed.HIGH: 80,
    FanSpeed.TURBO: 100,
    FanSpeed.AUTO: 102,
}
MIDEA_AUTO_FAN = 102

# msmart's AirConditioner.SwingMode values.
SWING_TO_MIDEA: Mapping[Swing, int] = {
    Swing.OFF: 0x0,
    Swing.HORIZONTAL: 0x3,
    Swing.VERTICAL: 0xC,
    Swing.BOTH: 0xF,
}
MIDEA_TO_SWING: Mapping[int, Swing] = {v: k for k, v in SWING_TO_MIDEA.items()}

# Each preset is one of the unit's flags; the attribute names are msmart's.
PRESET_FLAGS: Mapping[Preset, str] = {
    Preset.ECO: "eco",
    Preset.BOOST: "turbo",
    Preset.SLEEP: "sleep",
    Preset.FREEZE_PROTECTION: "freeze_protection",
}

# What a mode does while the unit runs; the unit does not say whether its compressor is on.
_MODE_ACTION: Mapping[Mode, Action] = {
    Mode.FAN_ONLY: Action.FAN,
    Mode.DRY: Action.DRYING,
}


def fan_from_midea(value: int) -> FanSpeed:
    """Return the fan speed for msmart's value (a custom 1-100 % speed snaps to the nearest)."""
    if value >= MIDEA_AUTO_FAN or value <= 0:
        return FanSpeed.AUTO
    speeds = [(speed, raw) for speed, raw in FAN_TO_MIDEA.items() if speed is not FanSpeed.AUTO]
    return min(speeds, key=lambda pair: abs(pair[1] - value))[0]


def preset_from_flags(flags: Mapping[str, Any]) -> Preset:
    """Return the preset whose flag is set (boost before eco, as the unit gives it priority)."""
    for preset in (Preset.FREEZE_PROTECTION, Preset.BOOST, Preset.SLEEP, Preset.ECO):
        if flags.get(PRESET_FLAGS[preset]):
            return preset
    return Preset.NONE


def action_for(*, power: bool, mode: Mode, defrosting: bool | None) -> Action | None:
    """Return what the unit is doing, where its report tells (None: it does not say)."""
    if not power:
        return Action.OFF
    if defrosting:
        return Action.DEFROSTING
    return _MODE_ACTION.get(mode)


def error_text(code: int | None) -> str | None:
    """Return the unit's error code as it reports it (None: no error)."""
    return str(code) if code else None
