"""SmartIR climate code files: a JSON table of codes per mode, fan, (swing) and set point.

For brands no encoder covers. The file is checked whole when it is read (`parse_code_file`), so
a bad file is a form error at set-up and never a failure when a command is sent. Codes are
Broadlink base64 ("Base64"), learned Pronto hex ("Pronto") or µs durations ("Raw").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ..inbound import InboundError, number_or_text, parse_json
from ..model import DesiredState, FanSpeed, Mode, Swing, TemperatureUnit
from .command import IrCommand
from .raw import RawCommand, from_broadlink, from_pronto, from_raw

# The largest SmartIR climate files (a raw code for every mode, fan and set point) are ~1 MB.
MAX_FILE_BYTES: Final = 4 * 1024 * 1024

REQUIRED_KEYS = (
    "manufacturer",
    "commandsEncoding",
    "minTemperature",
    "maxTemperature",
    "precision",
    "operationModes",
    "fanModes",
    "commands",
)
DECODERS: Mapping[str, Callable[[Any], RawCommand]] = {
    "base64": from_broadlink,
    "broadlink": from_broadlink,
    "pronto": from_pronto,
    "raw": from_raw,
}
# Set points a window unit's remote offers, per unit; a file outside them is not a climate file.
PLAUSIBLE_RANGE: Mapping[TemperatureUnit, tuple[float, float]] = {
    TemperatureUnit.CELSIUS: (10.0, 35.0),
    TemperatureUnit.FAHRENHEIT: (50.0, 95.0),
}
MODES: Mapping[str, Mode] = {
    "cool": Mode.COOL,
    "heat": Mode.HEAT,
    "dry": Mode.DRY,
    "fan_only": Mode.FAN_ONLY,
    "fan": Mode.FAN_ONLY,
    "auto": Mode.AUTO,
    "heat_cool": Mode.AUTO,
}
FANS: Mapping[str, FanSpeed] = {
    "auto": FanSpeed.AUTO,
    "quiet": FanSpeed.QUIET,
    "silent": FanSpeed.QUIET,
    "low": FanSpeed.LOW,
    "min": FanSpeed.LOW,
    "mid": FanSpeed.MEDIUM,
    "medium": FanSpeed.MEDIUM,
    "middle": FanSpeed.MEDIUM,
    "high": FanSpeed.HIGH,
    "max": FanSpeed.HIGH,
    "turbo": FanSpeed.TURBO,
    "powerful": FanSpeed.TURBO,
    "highest": FanSpeed.TURBO,
}
SWINGS: Mapping[str, Swing] = {
    "off": Swing.OFF,
    "stop": Swing.OFF,
    "on": Swing.VERTICAL,
    "swing": Swing.VERTICAL,
    "vertical": Swing.VERTICAL,
    "horizontal": Swing.HORIZONTAL,
    "both": Swing.BOTH,
}


class CodeFileError(ValueError):
    """A code file that cannot be used; `key` is the form error, `detail` says where."""

    def __init__(self, key: str, detail: str = "") -> None:
        """Keep the form error's key and the detail shown with it."""
        super().__init__(f"{key}: {detail}")
        self.key = key
        self.detail = detail


@dataclass(frozen=True, kw_only=True)
class SmartIrCodes:
    """A checked code file: what the unit can do and the code of every state it has."""

    manufacturer: str
    models: tuple[str, ...]
    min_temperature: float
    max_temperature: float
    precision: float
    modes: tuple[Mode, ...]
    fan_speeds: tuple[FanSpeed, ...]
    swings: tuple[Swing, ...]
    off: RawCommand
    # (mode, fan, swing or None) -> set point -> code.
    codes: Mapping[tuple[Mode, FanSpeed, Swing | None], Mapping[float, RawCommand]]

    def encode(self, desired: DesiredState) -> IrCommand:
        """Return the code of `desired`: the nearest set point, and the first fan/swing it has."""
        if desired.mode is Mode.OFF or desired.mode not in self.modes:
            return self.off
        fan = desired.fan_speed if desired.fan_speed in self.fan_speeds else self.fan_speeds[0]
        swing: Swing | None = None
        if self.swings:
            swing = desired.swing if desired.swing in self.swings else self.swings[0]
        table = self.codes[desired.mode, fan, swing]
        nearest = min(table, key=lambda value: abs(value - desired.target_temperature))
        return table[nearest]


def read_code_file(path: Path, unit: TemperatureUnit) -> SmartIrCodes:
    """Read and check a code file (blocking I/O); raise `CodeFileError` saying what is wrong."""
    try:
        # Not a FIFO or a device (reading would never end), not the recorder's database.
        regular = path.is_file()
        size = path.stat().st_size if regular else 0
        data = path.read_bytes() if regular and size <= MAX_FILE_BYTES else b""
    except (OSError, ValueError) as err:
        raise CodeFileError("code_file_unreadable", str(err)) from err
    if not regular:
        raise CodeFileError("code_file_unreadable", f"{path.name} is not a file")
    if size > MAX_FILE_BYTES:
        raise CodeFileError("code_file_unreadable", f"larger than {MAX_FILE_BYTES} bytes")
    try:
        content = parse_json(data, max_chars=MAX_FILE_BYTES)
    except InboundError as err:
        raise CodeFileError("code_file_invalid_json", str(err)) from err
    return parse_code_file(content, unit)


def parse_code_file(content: object, unit: TemperatureUnit) -> SmartIrCodes:
    """Check a code file's content; raise `CodeFileError` saying what is wrong."""
    if not isinstance(content, dict):
        raise CodeFileError("code_file_invalid_json", "the file is not a JSON object")
    if missing := [key for key in REQUIRED_KEYS if key not in content]:
        raise CodeFileError("code_file_missing_keys", ", ".join(missing))
    encoding = str(content["commandsEncoding"]).lower()
    if encoding not in DECODERS:
        raise CodeFileError("code_file_bad_encoding", str(content["commandsEncoding"]))
    decode = DECODERS[encoding]
    low, high, precision = _temperatures(content, unit)
    modes = _mapped(content["operationModes"], MODES, "operationModes")
    fans = _mapped(content["fanModes"], FANS, "fanModes")
    # Every code is under a mode and a fan: a file without either has none to send.
    for key, mapped in (("operationModes", modes), ("fanModes", fans)):
        if not mapped:
            raise CodeFileError("code_file_missing_keys", key)
    swings = _mapped(content.get("swingModes", []), SWINGS, "swingModes")
    commands = content["commands"]
    if not isinstance(commands, dict) or "off" not in commands:
        raise CodeFileError("code_file_missing_keys", "commands.off")
    codes: dict[tuple[Mode, FanSpeed, Swing | None], dict[float, RawCommand]] = {}
    for mode_name, mode in modes.items():
        for fan_name, fan in fans.items():
            for swing_name, swing in swings.items() or {None: None}.items():
                path = [mode_name, fan_name] + ([] if swing_name is None else [swing_name])
                table = _lookup(commands, path)
                codes[mode, fan, swing] = _temperature_codes(table, path, decode, low, high)
    return SmartIrCodes(
        manufacturer=str(content["manufacturer"]),
        models=_names(content.get("supportedModels")),
        min_temperature=low,
        max_temperature=high,
        precision=precision,
        modes=tuple(modes.values()),
        fan_speeds=tuple(fans.values()),
        swings=tuple(swings.values()),
        off=_decode(decode, commands["off"], "off"),
        codes=codes,
    )


def _temperatures(content: Mapping[str, Any], unit: TemperatureUnit) -> tuple[float, float, float]:
    """Return the file's set point range and step, checked against the unit's plausible range."""
    try:
        low, high, precision = (
            number_or_text(content[key])
            for key in ("minTemperature", "maxTemperature", "precision")
        )
    except ValueError as err:
        raise CodeFileError("code_file_bad_temperatures", "not numbers") from err
    plausible_low, plausible_high = PLAUSIBLE_RANGE[unit]
    if not plausible_low <= low < high <= plausible_high or precision <= 0:
        raise CodeFileError(
            "code_file_bad_temperatures",
            f"{low:g}-{high:g} {unit.value} step {precision:g}; "
            f"expected within {plausible_low:g}-{plausible_high:g} {unit.value}",
        )
    return low, high, precision


def _names(value: object) -> tuple[str, ...]:
    """Return a list of names (the models a file is for); anything else names none."""
    if not isinstance(value, list):
        return ()
    return tuple(str(name) for name in value if isinstance(name, str | int | float))


def _mapped[T](names: object, known: Mapping[str, T], key: str) -> dict[str, T]:
    """Return the names a file lists that this integration knows, with their meaning."""
    if not isinstance(names, list):
        raise CodeFileError("code_file_missing_keys", key)
    mapped = {str(name): known[str(name).lower()] for name in names if str(name).lower() in known}
    if names and not mapped:
        raise CodeFileError("code_file_unknown_names", f"{key}: {', '.join(map(str, names))}")
    return mapped


def _lookup(commands: Mapping[str, Any], path: list[str]) -> Mapping[str, Any]:
    """Return the table of set point codes at `path` (mode, fan, swing) in the commands."""
    node: Any = commands
    for name in path:
        if not isinstance(node, dict) or name not in node:
            raise CodeFileError("code_file_missing_keys", "commands." + ".".join(path))
        node = node[name]
    if not isinstance(node, dict) or not node:
        raise CodeFileError("code_file_missing_keys", "commands." + ".".join(path))
    return node


def _temperature_codes(
    table: Mapping[str, Any],
    path: list[str],
    decode: Callable[[Any], RawCommand],
    low: float,
    high: float,
) -> dict[float, RawCommand]:
    """Return a table's codes by set point; every set point must lie in the file's range."""
    codes: dict[float, RawCommand] = {}
    for name, code in table.items():
        where = ".".join([*path, name])
        try:
            value = float(name)
        except ValueError as err:
            raise CodeFileError("code_file_bad_temperatures", where) from err
        if not low <= value <= high:
            raise CodeFileError("code_file_bad_temperatures", where)
        codes[value] = _decode(decode, code, where)
    return codes


def _decode(decode: Callable[[Any], RawCommand], code: object, where: str) -> RawCommand:
    """Decode one code, or raise the bad-encoding error naming where it is."""
    try:
        return decode(code)
    except (ValueError, TypeError, AttributeError, IndexError, OverflowError) as err:
        raise CodeFileError("code_file_bad_encoding", f"{where}: {err}") from err
