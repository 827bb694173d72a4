"""Where inbound text becomes data: bounded JSON and finite numbers, for every bridge and flow.

No Home Assistant code. Every bridge reads what a device, a firmware, another entity or a code
file sends through these functions, so each has the same defences: JSON too long or nested too
deep is refused before the parser can run out of stack, NaN, Infinity and numbers of hundreds
of digits are refused, numbers that must be finite and in range are checked once. Each raises
`InboundError`, which a bridge turns into its own "ignored with one log line" path (MQTT) or
error (HTTP, flows).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate
import json
import math
import re
import reprlib
from typing import Final

from .const import LOGGER

# Large enough for any document a unit or firmware sends (Tasmota's MQTT buffer is 1.2 KB).
MAX_MESSAGE_CHARS: Final = 64 * 1024
# JSON nesting a device's document needs is a handful of levels.
MAX_DEPTH: Final = 32
# Digits of an integer: a count or a temperature never needs more than a 64-bit integer's.
MAX_INT_DIGITS: Final = 19
# The longest IR frame a receiver reports: AC frames are a few hundred timings.
MAX_IR_TIMINGS: Final = 2048
# The longest duration in an IR frame, in µs: an inter-frame gap is well under a second.
MAX_IR_DURATION_US: Final = 1_000_000

# Sanity limits of readings (°C, %, W): anything outside is a broken sensor or garbage.
ROOM_LIMITS_C: Final = (-40.0, 60.0)
OUTDOOR_LIMITS_C: Final = (-60.0, 60.0)
HUMIDITY_LIMITS: Final = (0.0, 100.0)
POWER_LIMITS_W: Final = (0.0, 20000.0)
# An energy meter's reading since the unit was made (kWh).
ENERGY_LIMITS_KWH: Final = (0.0, 10_000_000.0)

# A JSON string (escapes included): its brackets are text, not nesting.
_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


# How much of an unusable input a message quotes (a repr that stops at this length and depth).
SHOWN_CHARS: Final = 60
_SHOWN: Final = reprlib.Repr(
    maxstring=SHOWN_CHARS, maxother=SHOWN_CHARS, maxlevel=3, maxlist=4, maxdict=4
)


class InboundError(ValueError):
    """Input that cannot become data; the message says why, in a few words."""


class IgnoredInput:
    """Unusable input of one unit: counted, and logged as a warning once per source.

    A source is where the input came from (an MQTT topic, an attribute of a wrapped entity):
    a device that keeps sending the same garbage fills the log with one line, its repeats go to
    the debug log.
    """

    def __init__(self, name: str) -> None:
        """Start counting for the unit named `name`."""
        self._name = name
        self.sources: set[str] = set()
        self.count = 0

    def log(self, source: str, value: object, reason: str) -> None:
        """Count an input from `source` that could not be used, and log it."""
        self.count += 1
        if source in self.sources:
            LOGGER.debug("%s: ignored %s on %s: %s", self._name, _SHOWN.repr(value), source, reason)
            return
        self.sources.add(source)
        LOGGER.warning(
            "%s: ignored %s on %s: %s (further bad input there is logged at debug level)",
            self._name,
            _SHOWN.repr(value),
            source,
            reason,
        )


def shown(value: object) -> str:
    """Return an input as an error message quotes it: text as it is, anything else as repr.

    Short and shallow either way: a long text is cut, a deep list shows its first levels.
    """
    if isinstance(value, str):
        return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
    return _SHOWN.repr(value)


def within_depth(value: object, max_depth: int) -> bool:
    """Return whether lists and dicts nest no deeper than `max_depth` in `value`."""
    level: list[object] = [value]
    for _ in range(max_depth + 1):
        level = [
            child
            for item in level
            if isinstance(item, list | tuple | dict)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return True
    return False


def parse_json(
    text: str | bytes, *, max_chars: int = MAX_MESSAGE_CHARS, max_depth: int = MAX_DEPTH
) -> object:
    """Return the JSON value of `text`, or raise InboundError.

    Too long, nested deeper than `max_depth`, NaN or Infinity, a number that is no finite
    float, or an integer of more than MAX_INT_DIGITS digits are refused. The depth is checked
    before parsing: the JSON parser recurses once per level and runs out of stack on deep input.
    """
    if isinstance(text, bytes):
        if len(text) > max_chars:
            raise InboundError(f"longer than {max_chars} bytes")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InboundError("not UTF-8 text") from err
    if len(text) > max_chars:
        raise InboundError(f"longer than {max_chars} characters")
    # Counting the brackets is enough for most documents; the depth only for those with many.
    if text.count("[") + text.count("{") > max_depth and nesting(text) > max_depth:
        raise InboundError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite
        )
    except json.JSONDecodeError as err:
        raise InboundError(f"not JSON ({err.msg} at character {err.pos})") from err


def parse_json_object(
    text: str | bytes, *, max_chars: int = MAX_MESSAGE_CHARS
) -> dict[str, object]:
    """Return `text` parsed as a JSON object, or raise InboundError."""
    value = parse_json(text, max_chars=max_chars)
    if not isinstance(value, dict):
        raise InboundError("JSON that is not an object")
    return value


def nesting(text: str) -> int:
    """Return how deep the brackets of a JSON text nest, strings skipped.

    Where the text is not JSON this may count deeper than a parser gets before it gives up,
    never less deep.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets), initial=0))


def finite_number(value: object, low: float, high: float) -> float:
    """Return a number (int or float, not bool) as a float within [low, high], or raise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InboundError("not a number")
    try:
        number = float(value)
    except OverflowError as err:
        raise InboundError("a number too large") from err
    return _finite_in_range(number, low, high)


def _finite_in_range(number: float, low: float, high: float) -> float:
    """Return `number` if it is finite and within [low, high], or raise."""
    if not math.isfinite(number):
        raise InboundError("not a finite number")
    if not low <= number <= high:
        raise InboundError(f"outside {low:g} to {high:g}")
    return number


def number_or_text(value: object, low: float = -math.inf, high: float = math.inf) -> float:
    """Return a finite number within [low, high] given as a number or as text, or raise.

    For what people and other integrations type: attributes, code files, schedules, actions.
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError as err:
            raise InboundError("not a number") from err
    return finite_number(value, low, high)


def number_text(text: str, low: float, high: float) -> float | None:
    """Return the number a plain-text payload holds, within [low, high]; None for `nan`.

    `nan` is how ESPHome says it has no reading yet. Digits other than ASCII and Python's
    underscores are not numbers on the wire.
    """
    stripped = text.strip()
    if not stripped.isascii() or "_" in stripped or len(stripped) > MAX_INT_DIGITS + 16:
        raise InboundError("not a number")
    try:
        value = float(stripped)
    except ValueError as err:
        raise InboundError("not a number") from err
    if math.isnan(value):
        return None
    return _finite_in_range(value, low, high)


def ir_timings(values: Iterable[object]) -> list[int]:
    """Return a received IR frame's signed µs timings, or raise for any that cannot be one."""
    timings: list[int] = []
    for value in values:
        if len(timings) >= MAX_IR_TIMINGS:
            raise InboundError(f"more than {MAX_IR_TIMINGS} timings")
        if isinstance(value, bool) or not isinstance(value, int):
            raise InboundError("a timing that is not a whole number")
        if not 0 < abs(value) <= MAX_IR_DURATION_US:
            raise InboundError(f"a timing outside 1 to {MAX_IR_DURATION_US} µs")
        timings.append(value)
    return timings


def _refuse_constant(name: str) -> float:
    """Refuse NaN, Infinity and -Infinity, which JSON does not have."""
    raise InboundError(f"{name} is not a JSON number")


def _bounded_int(digits: str) -> int:
    """Return an integer of at most MAX_INT_DIGITS digits."""
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise InboundError(f"an integer of more than {MAX_INT_DIGITS} digits")
    return int(digits)


def _finite(digits: str) -> float:
    """Return a finite float (1e999 would be infinite)."""
    value = float(digits)
    if not math.isfinite(value):
        raise InboundError(f"{digits[:20]} is not a finite number")
    return value
