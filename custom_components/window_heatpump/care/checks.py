"""The detectors judged on care's records and the calendar alone, not fed samples."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from homeassistant.util import dt as dt_util

from ..model import Mode
from .const import CareOptions, Task
from .detector import CareView
from .reminders import checkup_due, interval_due
from .signals import Sample


class _OnRecords:
    """A detector that watches no sample: it judges what care has counted."""

    # Every unit has one of each: no instance dict.
    __slots__ = ()
    watches_samples: ClassVar[bool] = False
    flagged: ClassVar[bool] = False

    def observe(self, sample: Sample, care: CareView) -> None:
        """Take nothing from a sample."""


class FilterDirty(_OnRecords):
    """The filter's fan hours are up, or the unit itself says the filter is dirty."""

    __slots__ = ()

    def holds(self, care: CareView) -> bool:
        """Return True once the filter is due."""
        last = care.last
        return care.filter_hours >= care.options.filter_interval_h or (
            last is not None and last.filter_alert is True
        )


class DefrostTooOften(_OnRecords):
    """More defrosts within the window than the allowed rate."""

    __slots__ = ()

    def holds(self, care: CareView) -> bool:
        """Return True while the recent defrosts exceed the allowed rate."""
        options = care.options
        return care.defrost.too_often(
            care.t, max_per_hour=options.defrost_max_per_hour, window_h=options.defrost_window_h
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class Checkup(_OnRecords):
    """The seasonal checkup before the season of `mode`, on a unit that has the mode."""

    mode: Mode
    season: Callable[[CareOptions], str]

    def holds(self, care: CareView) -> bool:
        """Return True from shortly before the season until into it, unless done meanwhile."""
        done = care.done_at(Task.CHECKUP)
        return self.mode in care.capabilities.modes and checkup_due(
            self.season(care.options),
            care.today(),
            None if done is None else dt_util.as_local(done).date(),
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class DueAfter(_OnRecords):
    """A task due `days` after it was last done (or after care started counting)."""

    task: Task
    days: int

    def holds(self, care: CareView) -> bool:
        """Return True once the days have passed."""
        return interval_due(dt_util.utcnow(), care.done_at(self.task) or care.since, self.days)
