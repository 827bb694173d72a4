"""The schedule engine of one unit: brings the unit to its block, tracks overrides and pauses.

It runs on Home Assistant's clock with one timer set to the next change (a block start, the
end of an override or of a pause). Its own commands go through the unit's port marked as
scheduled; any other command is a manual change, which holds until the next block or for the
time the user chose. What the schedule holds the unit in (the block in effect, the pause's off
or frost protection, the manual change of an override) is stored and asserted again after a
restart; nothing is sent to a unit that already matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import CONF_OVERRIDE_MINUTES, DEFAULT_OVERRIDE_MINUTES, LOGGER
from ..model import Capabilities, DesiredState, Mode
from ..port import UnitPort
from .model import Block, Override, Pause, Schedule, ScheduleBook
from .ready_by import EarlyStart, LeadTime
from .storage import ScheduleStore
from .timeline import Occurrence, current, following
from .validation import ScheduleError, check_schedule


class ScheduleStatus(StrEnum):
    """What the schedule is doing with the unit right now."""

    NO_SCHEDULE = "no_schedule"
    DISABLED = "disabled"
    RUNNING = "running"
    OVERRIDE = "override"
    PAUSED = "paused"


class ScheduleEngine:
    """Run one unit's schedules through its port."""

    def __init__(
        self,
        hass: HomeAssistant,
        unit: UnitPort,
        *,
        unit_taken: Callable[[], bool],
        lead_time: LeadTime | None = None,
    ) -> None:
        """Initialize the engine; `async_start` loads the schedules and starts it.

        `unit_taken` says whether something else has the unit now (a test cycle): the engine
        sends nothing then, and is handed the unit back with `async_reapply`. `lead_time`
        says how early a "ready by" block begins (none: at its time).
        """
        self.hass = hass
        self.unit = unit
        self._unit_taken = unit_taken
        self.book = ScheduleBook()
        self._store = ScheduleStore(hass, unit.config_entry.entry_id)
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_timer: CALLBACK_TYPE | None = None
        # A block the unit could not take is sent again once the unit is back.
        self._retry_when_available = False
        self._early = EarlyStart(lead_time)

    @property
    def zone(self) -> ZoneInfo:
        """Return the time zone blocks are written in (Home Assistant's)."""
        zone = dt_util.get_default_time_zone()
        # Home Assistant sets its zone from a name, so it is always a ZoneInfo.
        assert isinstance(zone, ZoneInfo)  # noqa: S101
        return zone

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do (what its blocks may ask)."""
        return self.unit.capabilities

    @property
    def override_minutes(self) -> int:
        """Return how long a manual change holds; 0 means until the next block."""
        return int(
            self.unit.config_entry.options.get(CONF_OVERRIDE_MINUTES, DEFAULT_OVERRIDE_MINUTES)
        )

    async def async_start(self) -> None:
        """Load the schedules, follow manual changes and bring the unit to its block."""
        self.book = await self._store.async_load_book()
        self._unsubs.append(self.unit.async_add_manual_change_listener(self._handle_manual_change))
        # Refreshes and availability, which may bring the unit back; pushes reach only the
        # unit's readers (the entities), not its listeners.
        self._unsubs.append(self.unit.async_add_listener(self._handle_unit_update))
        # Only what is in effect now is applied: a block that passed while Home Assistant was
        # down is never replayed; a pause or an override still running is asserted again.
        await self._async_refresh(reassert=True)

    @callback
    def async_stop(self) -> None:
        """Stop the timer and stop following manual changes."""
        self._cancel_timer()
        while self._unsubs:
            self._unsubs.pop()()

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `listener` whenever what the schedule shows changes; return the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # What the schedule shows.

    @property
    def running(self) -> bool:
        """Return True when an enabled schedule with blocks is chosen."""
        schedule = self.book.active_schedule
        return schedule is not None and schedule.enabled and bool(schedule.blocks)

    @property
    def status(self) -> ScheduleStatus:
        """Return what the schedule is doing with the unit."""
        if self.book.pause is not None:
            return ScheduleStatus.PAUSED
        if (schedule := self.book.active_schedule) is None:
            return ScheduleStatus.NO_SCHEDULE
        if not schedule.enabled:
            return ScheduleStatus.DISABLED
        if self.book.override is not None:
            return ScheduleStatus.OVERRIDE
        return ScheduleStatus.RUNNING

    def current_block(self, now: datetime | None = None) -> Occurrence | None:
        """Return the block of the running schedule in effect now (one begun early included)."""
        if not self.running:
            return None
        now = now or dt_util.utcnow()
        upcoming = following(self.blocks, self.zone, now)
        if upcoming is not None and self._early.begun(upcoming, now):
            return upcoming
        return current(self.blocks, self.zone, now)

    def following_block(self, now: datetime | None = None) -> Occurrence | None:
        """Return the next block of the running schedule to begin."""
        if not self.running:
            return None
        now = now or dt_util.utcnow()
        upcoming = following(self.blocks, self.zone, now)
        if upcoming is not None and self._early.begun(upcoming, now):
            return following(self.blocks, self.zone, upcoming.start)
        return upcoming

    def start_of(self, occurrence: Occurrence, now: datetime | None = None) -> datetime:
        """Return when a block begins: at its time, or early enough to be ready by it."""
        return self._early.start_of(occurrence, now or dt_util.utcnow())

    @property
    def warm_up_missing(self) -> str | None:
        """Return what the last warm-up estimate of a ready-by block lacked, if anything."""
        return self._early.missing

    def next_change(self, now: datetime | None = None) -> datetime | None:
        """Return when the schedule next changes the unit (a block, or an override or pause end)."""
        if self.book.pause is not None:
            return self.book.pause.until
        if not self.running:
            return None
        if self.book.override is not None:
            return self.book.override.until
        upcoming = self.following_block(now)
        return None if upcoming is None else self.start_of(upcoming, now)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Return the blocks of the chosen schedule."""
        schedule = self.book.active_schedule
        return () if schedule is None else schedule.blocks

    # What users change.

    async def async_set_schedule(self, schedule: Schedule, *, activate: bool = False) -> None:
        """Add or replace a schedule (already checked), making it active if asked."""
        book = self.book.with_schedule(schedule)
        if activate and book.active != schedule.name:
            book = replace(book, active=schedule.name, override=None)
        await self._async_commit(book)

    async def async_remove_schedule(self, name: str) -> None:
        """Remove a schedule."""
        self._schedule(name)
        book = self.book.without_schedule(name)
        if book.active != self.book.active:
            book = replace(book, override=None)
        await self._async_commit(book)

    async def async_add_block(self, name: str, block: Block) -> None:
        """Add a block to a schedule, creating the schedule if it does not exist."""
        schedule = self.book.get(name) or Schedule(name=name)
        schedule = replace(schedule, blocks=(*schedule.blocks, block))
        await self.async_set_schedule(check_schedule(schedule, self.capabilities))

    async def async_remove_block(self, name: str, block: Block) -> None:
        """Take the days of `block` out of the blocks of schedule `name` starting at its time."""
        schedule = self._schedule(name)
        blocks: list[Block] = []
        removed = False
        for existing in schedule.blocks:
            if existing.start != block.start or not existing.days & block.days:
                blocks.append(existing)
                continue
            removed = True
            if days := existing.days - block.days:
                blocks.append(replace(existing, days=days))
        if not removed:
            raise ScheduleError("block_not_found", name=name, time=block.start.strftime("%H:%M"))
        schedule = replace(schedule, blocks=tuple(blocks))
        await self.async_set_schedule(check_schedule(schedule, self.capabilities))

    async def async_activate(self, name: str) -> None:
        """Make schedule `name` the one that runs; a manual change no longer holds."""
        self._schedule(name)
        await self._async_commit(replace(self.book, active=name, override=None))

    async def async_enable(self, enabled: bool) -> None:  # noqa: FBT001
        """Switch the chosen schedule on or off; a manual change no longer holds."""
        if (schedule := self.book.active_schedule) is None:
            raise ScheduleError("no_schedule")
        book = self.book.with_schedule(replace(schedule, enabled=enabled))
        await self._async_commit(replace(book, override=None))

    async def async_pause(self, until: datetime, frost_protection: float | None) -> None:
        """Pause the schedule until `until`, the unit off or heating to `frost_protection`."""
        if until <= dt_util.utcnow():
            raise ScheduleError("pause_in_past", until=dt_util.as_local(until).isoformat())
        desired = self._paused_state(frost_protection)
        await self._async_commit(
            replace(
                self.book,
                pause=Pause(until=until, frost_protection=frost_protection, desired=desired),
                override=None,
            )
        )
        await self._async_send(desired)

    async def async_resume(self) -> None:
        """End a pause or a manual change now and bring the unit to its block."""
        await self._async_commit(replace(self.book, pause=None, override=None))

    def _paused_state(self, frost_protection: float | None) -> DesiredState:
        """Return the state a pause holds the unit in: off, or heating to frost protection."""
        if frost_protection is None:
            return self.unit.desired.with_changes(mode=Mode.OFF)
        return self.unit.desired.with_changes(mode=Mode.HEAT, target_temperature=frost_protection)

    def _held_state(self) -> DesiredState | None:
        """Return what a pause or an override in effect holds the unit in."""
        if (pause := self.book.pause) is not None:
            return pause.desired or self._paused_state(pause.frost_protection)
        if self.status is ScheduleStatus.OVERRIDE and self.book.override is not None:
            return self.book.override.desired
        return None

    def _schedule(self, name: str) -> Schedule:
        """Return the schedule `name` or say there is none."""
        if (schedule := self.book.get(name)) is None:
            raise ScheduleError("schedule_not_found", name=name)
        return schedule

    # How it runs.

    async def _async_commit(self, book: ScheduleBook) -> None:
        """Store `book`, then bring the unit to its block and set the timer."""
        await self._async_save(book)
        await self._async_refresh()

    async def _async_save(self, book: ScheduleBook) -> None:
        """Take `book` and store it."""
        self.book = book
        await self._store.async_save_book(book)

    async def _async_refresh(self, *, reassert: bool = False) -> None:
        """End what is due, bring the unit to its block, set the timer and tell the entities.

        `reassert`: after a restart, or once the unit is back, a pause or an override sends
        what it holds the unit in again too.
        """
        now = dt_util.utcnow()
        book = self.book
        if book.pause is not None and book.pause.until <= now:
            book = replace(book, pause=None)
        if book.override is not None and book.override.until <= now:
            book = replace(book, override=None)
        if book != self.book:
            self.book = book
            await self._store.async_save_book(book)
        await self._early.async_prepare(now)
        if self.status is ScheduleStatus.RUNNING and (block := self.current_block(now)):
            self._early.note(block, now)
            await self._async_send(block.block.desired(self.unit.desired))
        elif reassert and (held := self._held_state()) is not None:
            await self._async_send(held)
        self._set_timer(now)
        for listener in list(self._listeners):
            listener()

    async def async_reapply(self) -> None:
        """Bring the unit to its block again (something else, a test cycle, had it)."""
        await self._async_refresh()

    async def _async_send(self, desired: DesiredState) -> None:
        """Send a state as the schedule's own command; a failure is logged, not raised."""
        if desired == self.unit.desired or self._unit_taken():
            # A test cycle has the unit: it hands it back with `async_reapply`.
            return
        try:
            await self.unit.async_send(desired, scheduled=True)
        except HomeAssistantError as err:
            self._retry_when_available = True
            LOGGER.warning(
                "The schedule of %s could not set the unit: %s",
                self.unit.config_entry.title,
                err,
            )

    def _set_timer(self, now: datetime) -> None:
        """Wake up at the next change."""
        self._cancel_timer()
        if (when := self.next_change(now)) is not None:
            if self.status is ScheduleStatus.RUNNING:
                when = self._early.wake_at(when, self.following_block(now), now)
            self._unsub_timer = async_track_point_in_utc_time(self.hass, self._handle_timer, when)

    def _cancel_timer(self) -> None:
        """Cancel the pending wake-up, if any."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None

    @callback
    def _handle_timer(self, _now: datetime) -> None:
        """Apply the change that is due."""
        self._unsub_timer = None
        self.unit.config_entry.async_create_task(
            self.hass, self._async_refresh(), "window_heatpump schedule change"
        )

    @callback
    def _handle_unit_update(self) -> None:
        """Send a block the unit missed while it was unreachable, once it is back."""
        if not (
            self._retry_when_available
            and self.unit.unit_available
            and self.unit.last_update_success
        ):
            return
        self._retry_when_available = False
        self.unit.config_entry.async_create_task(
            self.hass, self._async_refresh(reassert=True), "window_heatpump schedule retry"
        )

    @callback
    def _handle_manual_change(self, desired: DesiredState) -> None:
        """Hold a manual change until the next block, or for the time the user chose.

        During a pause it is no override: the pause keeps it, to assert after a restart.
        """
        status = self.status
        if status is ScheduleStatus.PAUSED and (pause := self.book.pause) is not None:
            self.unit.config_entry.async_create_task(
                self.hass,
                self._async_save(replace(self.book, pause=replace(pause, desired=desired))),
                "window_heatpump schedule pause",
            )
            return
        if status not in (ScheduleStatus.RUNNING, ScheduleStatus.OVERRIDE):
            return
        now = dt_util.utcnow()
        if minutes := self.override_minutes:
            until = now + timedelta(minutes=minutes)
        elif (upcoming := self.following_block(now)) is not None:
            until = upcoming.start
        else:  # pragma: no cover - a running schedule always has a next block within a week
            return
        self.unit.config_entry.async_create_task(
            self.hass,
            self._async_commit(replace(self.book, override=Override(until=until, desired=desired))),
            "window_heatpump schedule override",
        )
