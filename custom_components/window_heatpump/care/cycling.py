"""Short cycling: compressor starts per hour staying above a threshold."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(kw_only=True)
class ShortCycling:
    """Flag a start rate above `max_starts` an hour that lasts `minutes`."""

    above_since: float | None = None
    flagged: bool = False

    def observe(self, starts_per_hour: int, t: float, *, max_starts: float, minutes: float) -> None:
        """Take the start rate at care time `t`."""
        if starts_per_hour <= max_starts:
            self.above_since = None
            self.flagged = False
            return
        if self.above_since is None:
            self.above_since = t
        self.flagged = t - self.above_since >= minutes * 60.0
