"""'Ready by' blocks: a block that reaches its temperature by its time begins early.

How early is the learned warm-up (a `LeadTime` the coordinator gives), never more than the
user's cap; without one, or with nothing learned, a block begins at its time. Once begun early
a block holds until its time, even if the room warms faster than estimated (no flapping).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from ..model import Mode
from .timeline import Occurrence

# While a "ready by" block may begin early, its start is computed again this often.
RECHECK = timedelta(minutes=10)


class LeadTime(Protocol):
    """How long before its time a "ready by" block begins (the learned warm-up)."""

    # Why the last lead was 0 or the cap rather than an estimate (None: it was an estimate).
    missing: str | None

    @property
    def max_lead(self) -> timedelta:
        """Return the earliest a block begins before its time."""

    async def async_prepare(self) -> None:
        """Fetch what the lead needs (a forecast) before the engine asks."""

    def lead(self, *, cooling: bool, target: float, start: datetime) -> timedelta:
        """Return how long before `start` a block heating or cooling to `target` begins."""


class EarlyStart:
    """When the blocks of one engine begin, and the one begun early."""

    def __init__(self, lead_time: LeadTime | None) -> None:
        """Initialize with the lead time source (None: every block begins at its time)."""
        self._lead_time = lead_time
        # The block begun early: its time and when it began.
        self._early: tuple[datetime, datetime] | None = None

    @property
    def missing(self) -> str | None:
        """Return what the last warm-up estimate lacked, if anything."""
        return None if self._lead_time is None else self._lead_time.missing

    def start_of(self, occurrence: Occurrence, now: datetime) -> datetime:
        """Return when a block begins: at its time, or early enough to be ready by it."""
        block = occurrence.block
        if not block.ready_by or self._lead_time is None or block.target_temperature is None:
            return occurrence.start
        if self._early is not None and self._early[0] == occurrence.start:
            return self._early[1]
        if occurrence.start <= now:
            return occurrence.start
        lead = self._lead_time.lead(
            cooling=block.mode is Mode.COOL,
            target=block.target_temperature,
            start=occurrence.start,
        )
        return occurrence.start - lead

    def begun(self, upcoming: Occurrence, now: datetime) -> bool:
        """Return True when the next block has begun (or must begin) before its time."""
        if self._early is not None and self._early[0] == upcoming.start:
            return True
        return upcoming.block.ready_by and self.start_of(upcoming, now) <= now

    async def async_prepare(self, now: datetime) -> None:
        """Forget a block begun early once its time has come; let the lead fetch its inputs."""
        if self._early is not None and self._early[0] <= now:
            self._early = None
        if self._lead_time is not None:
            await self._lead_time.async_prepare()

    def note(self, occurrence: Occurrence, now: datetime) -> None:
        """Remember that `occurrence` is in effect now (begun early if its time is ahead)."""
        if occurrence.start > now and self._early is None:
            self._early = (occurrence.start, now)

    def wake_at(self, when: datetime, upcoming: Occurrence | None, now: datetime) -> datetime:
        """Return when to look again: the change, or sooner while a warm-up may begin."""
        if upcoming is None or not upcoming.block.ready_by or self._lead_time is None:
            return when
        opens = upcoming.start - self._lead_time.max_lead
        return min(when, max(opens, now + RECHECK))
