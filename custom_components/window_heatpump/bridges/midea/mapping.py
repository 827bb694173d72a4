"""Midea AC values (as msmart-ng reports them, plain integers) to the domain model and back.

Pure: no msmart import, so the mapping is read and tested without the library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...inbound import (
    ENERGY_LIMITS_KWH,
    HUMIDITY_LIMITS,
    OUTDOOR_LIMITS_C,
    POWER_LIMITS_W,
    ROOM_LIMITS_C,
    InboundError,
    finite_number,
)
from ...model import Action, Capabilities, DesiredState, FanSpeed, Mode, Preset, Swing, UnitState

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
    return str(code) if code is not None and code > 0 else None


def state_from_midea(values: Mapping[str, Any], capabilities: Capabilities) -> UnitState:
    """Return the state msmart read (its attribute values by name) as the model's.

    A value msmart could not make sense of reads as unknown: a reading as None, a mode as the
    unit's default, a set point as its lowest.
    """
    power = values.get("power_state") is True
    mode = MIDEA_TO_MODE.get(_whole(values.get("operational_mode")))
    if mode not in capabilities.modes:
        mode = capabilities.default_active_mode
    assert mode is not None  # noqa: S101 - a unit's modes always have a default
    preset = preset_from_flags({flag: values.get(flag) is True for flag in PRESET_FLAGS.values()})
    target = _reading(values.get("target_temperature"), ROOM_LIMITS_C)
    defrosting = _flag(values.get("defrost_active"))
    return UnitState(
        desired=DesiredState(
            mode=mode if power else Mode.OFF,
            target_temperature=capabilities.min_temperature if target is None else target,
            fan_speed=fan_from_midea(_whole(values.get("fan_speed"))),
            swing=MIDEA_TO_SWING.get(_whole(values.get("swing_mode")), Swing.OFF),
            preset=preset if preset in capabilities.presets else Preset.NONE,
        ),
        action=action_for(power=power, mode=mode, defrosting=defrosting),
        current_temperature=_reading(values.get("indoor_temperature"), ROOM_LIMITS_C),
        current_humidity=_reading(values.get("indoor_humidity"), HUMIDITY_LIMITS),
        outdoor_temperature=_reading(values.get("outdoor_temperature"), OUTDOOR_LIMITS_C),
        defrosting=defrosting,
        power_w=_reading(values.get("power_w"), POWER_LIMITS_W),
        energy_kwh=_reading(values.get("energy_kwh"), ENERGY_LIMITS_KWH),
        filter_alert=_flag(values.get("filter_alert")),
        error_code=error_text(_whole(values.get("error_code"))),
    )


def _whole(value: object) -> int:
    """Return msmart's enum or integer value as an int; -1 (no such value) for anything else."""
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _reading(value: object, limits: tuple[float, float]) -> float | None:
    """Return a reading within its sanity limits, or None (none, or not one)."""
    try:
        return finite_number(value, *limits)
    except InboundError:
        return None


def _flag(value: object) -> bool | None:
    """Return a true/false msmart reports, or None where it does not."""
    return value if isinstance(value, bool) else None
