"""When blocks happen: weekly blocks laid on real days in a local time zone.

Every instant is computed in UTC from the local date and start time, so a daylight-saving
change neither skips nor doubles a block: a start in the hour the clock skips happens when
the clock jumps, a start in the hour that repeats happens the first time only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .model import Block

# A week and a day either side is enough to find the block before and after any instant.
LOOK_AROUND = timedelta(days=8)
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, kw_only=True)
class Occurrence:
    """One block starting on one day, at `start` (UTC)."""

    start: datetime
    block: Block


def local_instant(day: date, start: time, zone: ZoneInfo) -> datetime:
    """Return, in UTC, when `start` o'clock happens on `day` in `zone`."""
    local = datetime.combine(day, start, zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant  # exists; fold=0 picks the first of a repeated hour
    # A time the clock skips: start when it jumps. Search the second the offset changes.
    before = int(local.replace(fold=1).astimezone(UTC).timestamp())
    after = int(instant.timestamp())
    offset_after = instant.astimezone(zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def occurrences(
    blocks: Iterable[Block], zone: ZoneInfo, start: datetime, end: datetime
) -> list[Occurrence]:
    """Return the block starts in [start, end), in the order they take effect."""
    blocks = tuple(blocks)
    found: list[tuple[datetime, time, Block]] = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date() + timedelta(days=1)
    while day <= last_day:
        for block in blocks:
            if day.weekday() in block.days:
                instant = local_instant(day, block.start, zone)
                if start <= instant < end:
                    found.append((instant, block.start, block))
        day += timedelta(days=1)
    # Starts that fall together (a skipped hour) take effect in the order of their clock time.
    found.sort(key=lambda item: (item[0], item[1]))
    return [Occurrence(start=instant, block=block) for instant, _, block in found]


def current(blocks: Iterable[Block], zone: ZoneInfo, now: datetime) -> Occurrence | None:
    """Return the block in effect at `now` (the last one started), if any."""
    found = occurrences(blocks, zone, now - LOOK_AROUND, now + _TICK)
    return found[-1] if found else None


def following(blocks: Iterable[Block], zone: ZoneInfo, now: datetime) -> Occurrence | None:
    """Return the next block to start after `now`, if any."""
    found = occurrences(blocks, zone, now + _TICK, now + LOOK_AROUND)
    return found[0] if found else None
