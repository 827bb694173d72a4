"""What a schedule is: blocks of a week, several schedules per unit, pause and override.

Plain data with no Home Assistant code; temperatures are in the unit's own unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time

from ..model import DesiredState, FanSpeed, Mode, Swing

# Day names as users write them; the index is Python's weekday() (Monday is 0).
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, kw_only=True)
class Block:
    """From `start` on the given days, until the next block: the whole state to apply."""

    days: frozenset[int]
    start: time
    mode: Mode
    target_temperature: float | None = None
    fan_speed: FanSpeed | None = None
    swing: Swing | None = None
    # Reach `target_temperature` by `start` (heat or cool): the unit begins early by the
    # learned room's warm-up time, within the user's cap.
    ready_by: bool = False

    def desired(self, current: DesiredState) -> DesiredState:
        """Return the state to send: the block's fields, the unit's own where it sets none."""
        return current.with_changes(
            mode=self.mode,
            target_temperature=self.target_temperature,
            fan_speed=self.fan_speed,
            swing=self.swing,
        )

    @property
    def sorted_days(self) -> list[str]:
        """Return the block's day names in week order."""
        return [WEEKDAYS[day] for day in sorted(self.days)]


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """A named week of blocks (e.g. winter), which can be switched off."""

    name: str
    enabled: bool = True
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Pause:
    """Away: the schedule waits until `until`, holding the unit off or at frost protection."""

    until: datetime
    frost_protection: float | None = None
    # What the pause holds the unit in: off or frost protection, or a manual change since.
    desired: DesiredState | None = None


@dataclass(frozen=True, kw_only=True)
class Override:
    """A manual change holds the unit until `until` (the next block or a set time)."""

    until: datetime
    # The manual change (None in files stored before it was kept).
    desired: DesiredState | None = None


@dataclass(frozen=True, kw_only=True)
class ScheduleBook:
    """Everything stored for one unit: its schedules, which one runs, pause and override."""

    schedules: tuple[Schedule, ...] = ()
    active: str | None = None
    pause: Pause | None = None
    override: Override | None = None

    def get(self, name: str) -> Schedule | None:
        """Return the schedule called `name`, if there is one."""
        return next((schedule for schedule in self.schedules if schedule.name == name), None)

    @property
    def active_schedule(self) -> Schedule | None:
        """Return the schedule chosen to run (enabled or not)."""
        return None if self.active is None else self.get(self.active)

    def with_schedule(self, schedule: Schedule) -> ScheduleBook:
        """Return a copy with `schedule` added or replacing the one of the same name."""
        others = tuple(other for other in self.schedules if other.name != schedule.name)
        if self.get(schedule.name) is None:
            return replace(
                self,
                schedules=(*others, schedule),
                active=self.active if self.active is not None else schedule.name,
            )
        schedules = tuple(
            schedule if other.name == schedule.name else other for other in self.schedules
        )
        return replace(self, schedules=schedules)

    def without_schedule(self, name: str) -> ScheduleBook:
        """Return a copy without the schedule `name` (another one becomes active)."""
        schedules = tuple(schedule for schedule in self.schedules if schedule.name != name)
        active = self.active
        if active == name:
            active = schedules[0].name if schedules else None
        return replace(self, schedules=schedules, active=active)
