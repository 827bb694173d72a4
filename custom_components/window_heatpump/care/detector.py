"""What a care detector is: one protocol, fed the same sample, judging one problem.

A detector is a row of `issues.CARE_PROBLEMS`; the tracker builds one per row, feeds the ones
that watch samples each new sample (and again on the clock's tick, as windows age), and asks
each whether its problem holds. It reads the rest of care through `CareView`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Protocol

from ..model import Capabilities
from .const import CareOptions, Task
from .defrost import DefrostAnalytics
from .runtime import RunTime
from .signals import Sample


class CareView(Protocol):
    """What a detector may read of its unit's care (the tracker is one)."""

    @property
    def t(self) -> float:
        """Return care's clock, in seconds of the unit's time."""

    @property
    def options(self) -> CareOptions:
        """Return the unit's care options."""

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""

    @property
    def last(self) -> Sample | None:
        """Return the latest sample, None while the unit cannot be seen."""

    @property
    def runtime(self) -> RunTime:
        """Return the run time counted."""

    @property
    def defrost(self) -> DefrostAnalytics:
        """Return the defrosts counted."""

    @property
    def starts_per_hour(self) -> int:
        """Return the compressor starts within the last hour."""

    @property
    def filter_hours(self) -> float:
        """Return the fan hours since the filter was cleaned."""

    @property
    def has_defrost_signal(self) -> bool:
        """Return True when the unit says whether it defrosts."""

    @property
    def has_cycle_signal(self) -> bool:
        """Return True when compressor starts are real (not assumed from commands)."""

    @property
    def has_room_signal(self) -> bool:
        """Return True when the unit reports the room temperature."""

    @property
    def since(self) -> datetime:
        """Return when care started counting for the unit."""

    def done_at(self, task: Task) -> datetime | None:
        """Return when the user last did `task`, if ever."""

    def today(self) -> date:
        """Return today's local date."""


class Detector(Protocol):
    """One problem care watches for."""

    # True: fed every sample (and on the clock's tick); False: judged on care's records alone.
    watches_samples: ClassVar[bool]

    @property
    def flagged(self) -> bool:
        """Return what the samples so far found (False for one judged on the records)."""

    def observe(self, sample: Sample, care: CareView) -> None:
        """Take the latest sample (at care's clock `care.t`)."""

    def holds(self, care: CareView) -> bool:
        """Return True when the problem holds now (its signal there, see the table)."""
