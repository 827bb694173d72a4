"""Fan and compressor run time, compressor starts, and the fan time since the filter was cleaned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .const import STARTS_WINDOW_S
from .signals import Sample


@dataclass(kw_only=True)
class RunTime:
    """Accumulated run time; `t` arguments are care's clock in unit seconds."""

    fan_s: float = 0.0
    compressor_s: float = 0.0
    starts: int = 0
    filter_fan_s: float = 0.0
    # A list, not a deque: it holds a few items, and an empty deque takes 760 bytes.
    _recent_starts: list[float] = field(default_factory=list)

    def credit(self, running: Sample, seconds: float) -> None:
        """Add `seconds` during which the unit was as `running` says."""
        if running.fan_running:
            self.fan_s += seconds
            self.filter_fan_s += seconds
        if running.compressor_running:
            self.compressor_s += seconds

    def observe(self, previous: Sample, current: Sample, t: float) -> None:
        """Count a compressor start between two samples."""
        if current.compressor_running and not previous.compressor_running:
            self.starts += 1
            self._recent_starts.append(t)

    def starts_last_hour(self, t: float) -> int:
        """Return the compressor starts within the last hour."""
        while self._recent_starts and self._recent_starts[0] <= t - STARTS_WINDOW_S:
            self._recent_starts.pop(0)
        return len(self._recent_starts)

    def reset_filter(self) -> None:
        """Start the filter's count again: it was cleaned."""
        self.filter_fan_s = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Return what is stored across restarts."""
        return {
            "fan_s": self.fan_s,
            "compressor_s": self.compressor_s,
            "starts": self.starts,
            "filter_fan_s": self.filter_fan_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunTime:
        """Return the run time stored by `as_dict`."""
        return cls(
            fan_s=float(data.get("fan_s", 0.0)),
            compressor_s=float(data.get("compressor_s", 0.0)),
            starts=int(data.get("starts", 0)),
            filter_fan_s=float(data.get("filter_fan_s", 0.0)),
        )
