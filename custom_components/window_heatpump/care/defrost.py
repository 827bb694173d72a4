"""Defrost analytics: counts, durations, intervals and whether it defrosts too often."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(kw_only=True)
class DefrostAnalytics:
    """Defrosts seen; `t` arguments are care's clock in unit seconds."""

    total: int = 0
    day: date | None = None
    day_count: int = 0
    last_duration_s: float | None = None
    interval_s: float | None = None
    _started_t: float | None = None
    _last_start_t: float | None = None
    # A list, not a deque: it holds a few items, and an empty deque takes 760 bytes.
    _recent: list[float] = field(default_factory=list)

    def observe(self, *, was: bool, now_defrosting: bool, t: float, today: date) -> None:
        """Take a change of the defrosting signal between two samples."""
        if now_defrosting and not was:
            self.total += 1
            self.day_count = self.count_on(today) + 1
            self.day = today
            if self._last_start_t is not None:
                self.interval_s = t - self._last_start_t
            self._last_start_t = self._started_t = t
            self._recent.append(t)
        elif was and not now_defrosting and self._started_t is not None:
            self.last_duration_s = t - self._started_t
            self._started_t = None

    def count_on(self, today: date) -> int:
        """Return the defrosts counted on `today` (0 once local midnight has passed)."""
        return self.day_count if self.day == today else 0

    def too_often(self, t: float, *, max_per_hour: float, window_h: float) -> bool:
        """Return True when the defrosts within the window exceed the allowed rate."""
        window_s = window_h * 3600.0
        while self._recent and self._recent[0] <= t - window_s:
            self._recent.pop(0)
        return len(self._recent) > max_per_hour * window_h

    def as_dict(self) -> dict[str, Any]:
        """Return what is stored across restarts."""
        return {
            "total": self.total,
            "day": None if self.day is None else self.day.isoformat(),
            "day_count": self.day_count,
            "last_duration_s": self.last_duration_s,
            "interval_s": self.interval_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DefrostAnalytics:
        """Return the analytics stored by `as_dict`."""
        day = data.get("day")
        return cls(
            total=int(data.get("total", 0)),
            day=None if day is None else date.fromisoformat(day),
            day_count=int(data.get("day_count", 0)),
            last_duration_s=data.get("last_duration_s"),
            interval_s=data.get("interval_s"),
        )
