"""Weak heating or cooling: the room moves the wrong way, or too slowly, while it should not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..model import Mode
from .const import WARMUP_S, WEAK_MIN_GAP_K
from .detector import CareView
from .signals import Sample


@dataclass(kw_only=True)
class WeakDelivery:
    """Judge the room's rate of change over sustained delivery in one mode (heat or cool)."""

    watches_samples: ClassVar[bool] = True
    mode: Mode
    flagged: bool = False
    rate_k_per_h: float | None = None
    _run_start: float | None = None
    # A list, not a deque: it holds a few items, and an empty deque takes 760 bytes.
    _samples: list[tuple[float, float]] = field(default_factory=list)

    def observe(self, current: Sample, care: CareView) -> None:
        """Take one sample at care's clock; judge once a whole window of delivery is seen."""
        if current.room_c is None or current.delivering is not self.mode or current.defrosting:
            # Defrost, a stop or another mode ends the run; the next one warms up again.
            self._run_start = None
            self._samples.clear()
            return
        t = care.t
        if self._run_start is None:
            self._run_start = t
        sign = 1.0 if self.mode is Mode.HEAT else -1.0
        if t - self._run_start < WARMUP_S or sign * (current.target_c - current.room_c) < (
            WEAK_MIN_GAP_K
        ):
            self._samples.clear()
            return
        self._samples.append((t, current.room_c))
        window_s = care.options.weak_minutes * 60.0
        while len(self._samples) > 1 and self._samples[1][0] <= t - window_s:
            self._samples.pop(0)
        first_t, first_c = self._samples[0]
        if t - first_t >= window_s:
            self.rate_k_per_h = sign * (current.room_c - first_c) / ((t - first_t) / 3600.0)
            self.flagged = self.rate_k_per_h < care.options.weak_min_rate

    def holds(self, _care: CareView) -> bool:
        """Return True while the last whole window moved the room too slowly."""
        return self.flagged
