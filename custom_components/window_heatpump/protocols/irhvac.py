"""The IRHVAC JSON of Tasmota's IR firmware (IRremoteESP8266's IRac), both ways.

Pure functions, no Home Assistant code: `command` builds what `cmnd/<topic>/IRHVAC` takes,
`parse` reads the `IRHVAC` object Tasmota reports (from a physical remote's `IrReceived`, or
echoing a command) into a desired state, or raises `InvalidFrameError` with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..inbound import InboundError, finite_number
from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit, from_celsius, to_celsius

# The air-conditioner protocols IRremoteESP8266's IRac class can send (IRac::isProtocolSupported),
# spelled as Tasmota's `Vendor` field takes and reports them.
VENDORS: Final = (
    "AIRTON",
    "AIRWELL",
    "AMCOR",
    "ARGO",
    "BOSCH144",
    "CARRIER_AC64",
    "COOLIX",
    "CORONA_AC",
    "DAIKIN",
    "DAIKIN128",
    "DAIKIN152",
    "DAIKIN160",
    "DAIKIN176",
    "DAIKIN2",
    "DAIKIN216",
    "DAIKIN64",
    "DELONGHI_AC",
    "ECOCLIM",
    "ELECTRA_AC",
    "FUJITSU_AC",
    "GOODWEATHER",
    "GREE",
    "HAIER_AC",
    "HAIER_AC160",
    "HAIER_AC176",
    "HAIER_AC_YRW02",
    "HITACHI_AC",
    "HITACHI_AC1",
    "HITACHI_AC264",
    "HITACHI_AC296",
    "HITACHI_AC344",
    "HITACHI_AC424",
    "KELON",
    "KELVINATOR",
    "LG",
    "LG2",
    "MIDEA",
    "MIRAGE",
    "MITSUBISHI_AC",
    "MITSUBISHI112",
    "MITSUBISHI136",
    "MITSUBISHI_HEAVY_88",
    "MITSUBISHI_HEAVY_152",
    "NEOCLIMA",
    "PANASONIC_AC",
    "PANASONIC_AC32",
    "RHOSS",
    "SAMSUNG_AC",
    "SANYO_AC",
    "SANYO_AC88",
    "SHARP_AC",
    "TCL112AC",
    "TECHNIBEL_AC",
    "TECO",
    "TEKNOPOINT",
    "TOSHIBA_AC",
    "TRANSCOLD",
    "TROTEC",
    "TROTEC_3550",
    "TRUMA",
    "VESTEL_AC",
    "VOLTAS",
    "WHIRLPOOL_AC",
    "YORK",
)
# IRac's "no particular model".
DEFAULT_MODEL: Final = -1
# The vendors whose IRac sender takes a room temperature (`SensorTemp`, with `iFeel` on): the
# Midea follow-me frame and the Coolix zone-follow frame (IRac::midea, IRac::coolix).
SENSOR_TEMP_VENDORS: Final = frozenset({"MIDEA", "COOLIX"})

ON: Final = "On"
OFF: Final = "Off"
MODES: Final[Mapping[Mode, str]] = {
    Mode.OFF: "Off",
    Mode.AUTO: "Auto",
    Mode.COOL: "Cool",
    Mode.HEAT: "Heat",
    Mode.DRY: "Dry",
    Mode.FAN_ONLY: "Fan",
}
FAN_SPEEDS: Final[Mapping[FanSpeed, str]] = {
    FanSpeed.AUTO: "Auto",
    FanSpeed.QUIET: "Min",
    FanSpeed.LOW: "Low",
    FanSpeed.MEDIUM: "Medium",
    FanSpeed.HIGH: "High",
    FanSpeed.TURBO: "Max",
}
# SwingV / SwingH: "Auto" swings; "Off" and the fixed vane positions do not.
SWINGS: Final[Mapping[Swing, tuple[str, str]]] = {
    Swing.OFF: (OFF, OFF),
    Swing.VERTICAL: ("Auto", OFF),
    Swing.HORIZONTAL: (OFF, "Auto"),
    Swing.BOTH: ("Auto", "Auto"),
}
SWING_V_VALUES: Final = frozenset(
    {"off", "auto", "highest", "high", "uppermiddle", "middle", "lowermiddle", "low", "lowest"}
)
SWING_H_VALUES: Final = frozenset(
    {"off", "auto", "leftmax", "left", "middle", "right", "rightmax", "wide"}
)
# Set point limits of the IRHVAC climate, per unit.
TEMPERATURE_LIMITS: Final[Mapping[TemperatureUnit, tuple[float, float]]] = {
    TemperatureUnit.CELSIUS: (16.0, 30.0),
    TemperatureUnit.FAHRENHEIT: (61.0, 86.0),
}
_BOOLEANS: Final[Mapping[str, bool]] = {"on": True, "off": False, "true": True, "false": False}


class InvalidFrameError(InboundError):
    """An IRHVAC object this module cannot read; the message says why."""


def model_value(model: str) -> int | str:
    """Return the `Model` field: IRac takes a model number or a model name."""
    stripped = model.strip()
    if not stripped:
        return DEFAULT_MODEL
    try:
        return int(stripped)
    except ValueError:
        return stripped


def command(
    desired: DesiredState, *, vendor: str, model: int | str, unit: TemperatureUnit
) -> dict[str, Any]:
    """Return the IRHVAC command for a whole desired state."""
    swing_v, swing_h = SWINGS[desired.swing]
    return {
        "Vendor": vendor,
        "Model": model,
        "Power": OFF if desired.mode is Mode.OFF else ON,
        "Mode": MODES[desired.mode],
        "Celsius": ON if unit is TemperatureUnit.CELSIUS else OFF,
        "Temp": desired.target_temperature,
        "FanSpeed": FAN_SPEEDS[desired.fan_speed],
        "SwingV": swing_v,
        "SwingH": swing_h,
        "Quiet": ON if desired.fan_speed is FanSpeed.QUIET else OFF,
        "Turbo": ON if desired.fan_speed is FanSpeed.TURBO else OFF,
        "Econo": OFF,
        "Light": ON,
        "Filter": OFF,
        "Clean": OFF,
        "Beep": OFF,
        "Sleep": -1,
    }


def with_sensor_temperature(
    command: Mapping[str, Any], temperature: float, unit: TemperatureUnit
) -> dict[str, Any]:
    """Return an IRHVAC command that also gives the unit a room temperature (iFeel on).

    `SensorTemp` is in the command's scale (`Celsius`), as IRac reads it.
    """
    celsius = command.get("Celsius", ON) == ON
    reading = to_celsius(temperature, unit)
    if not celsius:
        reading = from_celsius(reading, TemperatureUnit.FAHRENHEIT)
    return {**command, "iFeel": ON, "SensorTemp": round(reading, 1)}


def vendor_of(irhvac: Mapping[str, Any]) -> str:
    """Return the upper-case vendor of a reported IRHVAC object, or raise."""
    vendor = irhvac.get("Vendor")
    if not isinstance(vendor, str):
        raise InvalidFrameError("Vendor is not a string")
    return vendor.upper()


def parse(irhvac: Mapping[str, Any], unit: TemperatureUnit) -> DesiredState:
    """Return the desired state a reported IRHVAC object describes, in `unit`, or raise."""
    mode = Mode.OFF if not _boolean(irhvac, "Power") else _choice(irhvac, "Mode", MODES)
    celsius = _boolean(irhvac, "Celsius")
    try:
        # Wide enough for any unit's scale; the set point limits come after the conversion.
        temperature = finite_number(irhvac.get("Temp"), -1000.0, 1000.0)
    except InboundError as err:
        raise InvalidFrameError(f"Temp: {err}") from err
    if not celsius:
        temperature = to_celsius(temperature, TemperatureUnit.FAHRENHEIT)
    temperature = round(from_celsius(temperature, unit), 1)
    low, high = TEMPERATURE_LIMITS[unit]
    if not low <= temperature <= high:
        raise InvalidFrameError(f"Temp {temperature:g} is outside {low:g} to {high:g}")
    fan_speed = _choice(irhvac, "FanSpeed", FAN_SPEEDS)
    if _boolean(irhvac, "Turbo", default=False):
        fan_speed = FanSpeed.TURBO
    elif _boolean(irhvac, "Quiet", default=False):
        fan_speed = FanSpeed.QUIET
    vertical = _text(irhvac, "SwingV", SWING_V_VALUES) == "auto"
    horizontal = _text(irhvac, "SwingH", SWING_H_VALUES) == "auto"
    swing = {
        (False, False): Swing.OFF,
        (True, False): Swing.VERTICAL,
        (False, True): Swing.HORIZONTAL,
        (True, True): Swing.BOTH,
    }[vertical, horizontal]
    return DesiredState(mode=mode, target_temperature=temperature, fan_speed=fan_speed, swing=swing)


def _text(irhvac: Mapping[str, Any], key: str, allowed: frozenset[str]) -> str:
    """Return a string field, lower-cased, that must be one of `allowed`."""
    value = irhvac.get(key, OFF)
    if not isinstance(value, str):
        raise InvalidFrameError(f"{key} is not a string")
    if value.lower() not in allowed:
        raise InvalidFrameError(f"{key} {value!r} is not a known value")
    return value.lower()


def _choice[T](irhvac: Mapping[str, Any], key: str, values: Mapping[T, str]) -> T:
    """Return the model value whose IRHVAC name a field holds (case-insensitive)."""
    value = irhvac.get(key)
    if not isinstance(value, str):
        raise InvalidFrameError(f"{key} is not a string")
    for choice, name in values.items():
        if name.lower() == value.lower():
            return choice
    raise InvalidFrameError(f"{key} {value!r} is not a known value")


def _boolean(irhvac: Mapping[str, Any], key: str, *, default: bool | None = None) -> bool:
    """Return an On/Off field."""
    value = irhvac.get(key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str) or value.lower() not in _BOOLEANS:
        raise InvalidFrameError(f"{key} is not On or Off")
    return _BOOLEANS[value.lower()]
