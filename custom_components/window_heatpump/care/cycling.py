"""Short cycling: compressor starts per hour staying above a threshold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .detector import CareView
from .signals import Sample


@dataclass(kw_only=True)
class ShortCycling:
    """Flag a start rate above the allowed starts an hour that lasts the allowed minutes."""

    watches_samples: ClassVar[bool] = True
    above_since: float | None = None
    flagged: bool = False

    def observe(self, sample: Sample, care: CareView) -> None:
        """Take the start rate at care's clock; starts guessed from commands are not counted."""
        if not sample.cycles_known:
            return
        options = care.options
        t = care.t
        if care.starts_per_hour <= options.short_cycle_max_starts:
            self.above_since = None
            self.flagged = False
            return
        if self.above_since is None:
            self.above_since = t
        self.flagged = t - self.above_since >= options.short_cycle_minutes * 60.0

    def holds(self, _care: CareView) -> bool:
        """Return True while the rate has stayed too high for long enough."""
        return self.flagged
