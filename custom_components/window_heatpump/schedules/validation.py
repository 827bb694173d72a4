"""Turning what a user typed into blocks and schedules, refusing what makes no sense.

Every refusal is a translated ServiceValidationError naming what is wrong; the options flow
shows the same keys as form errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

from homeassistant.exceptions import ServiceValidationError
from homeassistant.util.unit_conversion import TemperatureConverter

from ..const import DOMAIN
from ..inbound import number_or_text, shown
from ..model import Capabilities, FanSpeed, Mode, Swing
from .model import WEEKDAYS, Block, Schedule

# Names of day sets people write instead of listing days.
DAY_ALIASES: Mapping[str, tuple[int, ...]] = {
    "daily": tuple(range(7)),
    "weekdays": tuple(range(5)),
    "weekend": (5, 6),
}
FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Keys of a block as users write it (the climate action's words).
ATTR_DAYS = "days"
ATTR_START = "start"
ATTR_MODE = "mode"
ATTR_TEMPERATURE = "temperature"
ATTR_FAN_MODE = "fan_mode"
ATTR_SWING_MODE = "swing_mode"
ATTR_READY_BY = "ready_by"
BLOCK_KEYS = (
    ATTR_DAYS,
    ATTR_START,
    ATTR_MODE,
    ATTR_TEMPERATURE,
    ATTR_FAN_MODE,
    ATTR_SWING_MODE,
    ATTR_READY_BY,
)
# The modes whose temperature a block can be ready by.
READY_BY_MODES = (Mode.HEAT, Mode.COOL)


class ScheduleError(ServiceValidationError):
    """A schedule, block or pause that cannot be accepted; says why in the user's language."""

    def __init__(self, key: str, **placeholders: object) -> None:
        """Build the error from its translation key and placeholder values (shown short)."""
        self.placeholders = {name: shown(value) for name, value in placeholders.items()}
        super().__init__(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders=self.placeholders,
        )
        self.key = key


def parse_days(raw: object) -> frozenset[int]:
    """Return weekday numbers from day names or aliases ("mon", "monday", "weekdays", ...)."""
    names = raw.split(",") if isinstance(raw, str) else raw
    if not isinstance(names, Iterable):
        raise ScheduleError("invalid_day", value=raw)
    days: set[int] = set()
    for name in names:
        text = name.strip().lower() if isinstance(name, str) else ""
        if text in DAY_ALIASES:
            days.update(DAY_ALIASES[text])
        elif text in WEEKDAYS or text in FULL_WEEKDAYS:
            days.add(WEEKDAYS.index(text) if text in WEEKDAYS else FULL_WEEKDAYS.index(text))
        else:
            raise ScheduleError("invalid_day", value=name)
    if not days:
        raise ScheduleError("no_days")
    return frozenset(days)


def parse_time(raw: object) -> time:
    """Return a start time from "HH:MM" (or "HH:MM:SS")."""
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0)
    try:
        parsed = time.fromisoformat(raw.strip() if isinstance(raw, str) else "")
    except ValueError:
        raise ScheduleError("invalid_time", value=raw) from None
    if parsed.tzinfo is not None:
        raise ScheduleError("invalid_time", value=raw)
    return parsed.replace(second=0, microsecond=0)


def to_unit_temperature(value: object, capabilities: Capabilities, given_in: str) -> float:
    """Return a temperature typed in `given_in` in the unit's own unit, within its range."""
    try:
        number = number_or_text(value)
    except ValueError:
        raise ScheduleError("invalid_temperature", value=value) from None
    unit = capabilities.temperature_unit.value
    converted = TemperatureConverter.convert(number, given_in, unit)
    # Half a step of slack: 61 °F typed as 16.1 °C is meant as the bottom of the range.
    slack = capabilities.temperature_step / 2
    if not (
        capabilities.min_temperature - slack <= converted <= capabilities.max_temperature + slack
    ):
        low = TemperatureConverter.convert(capabilities.min_temperature, unit, given_in)
        high = TemperatureConverter.convert(capabilities.max_temperature, unit, given_in)
        raise ScheduleError(
            "temperature_out_of_range",
            value=f"{number:g} {given_in}",
            min=f"{low:.1f} {given_in}",
            max=f"{high:.1f} {given_in}",
        )
    return capabilities.clamp_temperature(converted)


def parse_block(raw: Mapping[str, Any], capabilities: Capabilities, given_in: str) -> Block:
    """Return a block from a mapping as users write it, checked against the unit."""
    if unknown := sorted(set(raw) - set(BLOCK_KEYS)):
        raise ScheduleError("unknown_block_field", value=", ".join(unknown))
    for required in (ATTR_DAYS, ATTR_START, ATTR_MODE):
        if raw.get(required) is None:
            raise ScheduleError("missing_block_field", value=required)
    mode = _member(Mode, raw[ATTR_MODE], capabilities.modes, "mode_not_supported")
    target: float | None = None
    if (temperature := raw.get(ATTR_TEMPERATURE)) is not None:
        target = to_unit_temperature(temperature, capabilities, given_in)
    fan = swing = None
    if (fan_raw := raw.get(ATTR_FAN_MODE)) is not None:
        fan = _member(FanSpeed, fan_raw, capabilities.fan_speeds, "fan_mode_not_supported")
    if (swing_raw := raw.get(ATTR_SWING_MODE)) is not None:
        swing = _member(Swing, swing_raw, capabilities.swings, "swing_mode_not_supported")
    ready_by = raw.get(ATTR_READY_BY, False)
    if not isinstance(ready_by, bool):
        raise ScheduleError("invalid_ready_by", value=ready_by)
    return check_ready_by(
        Block(
            days=parse_days(raw[ATTR_DAYS]),
            start=parse_time(raw[ATTR_START]),
            mode=mode,
            target_temperature=target,
            fan_speed=fan,
            swing=swing,
            ready_by=ready_by,
        )
    )


def check_ready_by(block: Block) -> Block:
    """Return the block if it can be "ready by" its time: heat or cool, with a temperature."""
    if block.ready_by and (block.mode not in READY_BY_MODES or block.target_temperature is None):
        raise ScheduleError("ready_by_needs_target", value=block.mode.value)
    return block


def _member[E: (Mode, FanSpeed, Swing)](
    kind: type[E], raw: object, supported: tuple[E, ...], key: str
) -> E:
    """Return the member of `kind` named `raw` if the unit supports it."""
    try:
        member = kind(raw if isinstance(raw, str) else "")
    except ValueError:
        raise ScheduleError(key, value=raw) from None
    if member not in supported:
        raise ScheduleError(key, value=raw)
    return member


def block_to_input(block: Block) -> dict[str, Any]:
    """Return a block as users write it (the inverse of parse_block, in the unit's unit)."""
    raw: dict[str, Any] = {
        ATTR_DAYS: block.sorted_days,
        ATTR_START: block.start.strftime("%H:%M"),
        ATTR_MODE: block.mode.value,
    }
    if block.target_temperature is not None:
        raw[ATTR_TEMPERATURE] = block.target_temperature
    if block.fan_speed is not None:
        raw[ATTR_FAN_MODE] = block.fan_speed.value
    if block.swing is not None:
        raw[ATTR_SWING_MODE] = block.swing.value
    if block.ready_by:
        raw[ATTR_READY_BY] = True
    return raw


def check_schedule(schedule: Schedule, capabilities: Capabilities) -> Schedule:
    """Return the schedule if it can run on the unit, or say what is wrong with it."""
    if not schedule.name.strip():
        raise ScheduleError("schedule_name_required")
    if not schedule.blocks:
        raise ScheduleError("schedule_empty", name=schedule.name)
    seen: dict[tuple[int, time], Block] = {}
    for block in schedule.blocks:
        if block.mode not in capabilities.modes:
            raise ScheduleError("mode_not_supported", value=block.mode.value)
        check_ready_by(block)
        for day in sorted(block.days):
            if (day, block.start) in seen:
                raise ScheduleError(
                    "blocks_overlap", day=WEEKDAYS[day], time=block.start.strftime("%H:%M")
                )
            seen[day, block.start] = block
    return schedule


def parse_schedule(
    name: str,
    raw_blocks: object,
    capabilities: Capabilities,
    given_in: str,
    *,
    enabled: bool = True,
) -> Schedule:
    """Return a checked schedule from a list of blocks as users write them."""
    if not isinstance(raw_blocks, list) or not all(isinstance(raw, Mapping) for raw in raw_blocks):
        raise ScheduleError("blocks_not_a_list")
    blocks = tuple(parse_block(raw, capabilities, given_in) for raw in raw_blocks)
    return check_schedule(Schedule(name=name.strip(), enabled=enabled, blocks=blocks), capabilities)
