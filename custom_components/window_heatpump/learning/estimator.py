"""The learned room and unit: an online estimate from room and outdoor temperatures alone.

The room obeys C dT/dt = Q - UA (T - T_out) + G (heat capacity C, loss UA, the unit's heat Q,
steady internal gains G). While the compressor rests, Q = 0 and the rate of change is
G/C - k (T - T_out) with k = UA/C: a regression over those stretches gives k (the time
constant is 1/k) and G/C. While it runs, what is left of the rate is the unit's Q/C, binned by
outdoor temperature (defrost time included, as a running unit delivers it). The balance point
needs only these ratios. Watts need one absolute figure: the nameplate capacity at its rating
temperature, read where the unit ran near it. Time is the unit's own, in seconds. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
import math
from typing import Any

from .figures import (
    BIN_K,
    BIN_MIN_S,
    Figures,
    RunSums,
    SlopeSums,
    figures_from,
)

# At most one sample per this many seconds while nothing changes (a unit pushes every few).
SAMPLE_S = 20.0
# A longer silence is a sensor gap: the stretch it falls in is dropped.
GAP_S = 30.0 * 60.0
# Stretches are cut at this length (the room's state moves); shorter than the minimum is noise
# (a longer minimum would keep only the slow runs: a bias).
SEGMENT_MAX_S = 30.0 * 60.0
SEGMENT_MIN_S = 60.0
DAY_S = 24.0 * 3600.0
# A day is judged on its resting stretches: at least this long in all.
DAY_MIN_REST_S = 3600.0
# A day whose resting stretches miss the model by more than this fraction of the loss it
# predicts (a door or window left open, a second heater) teaches nothing.
FIT_TOLERANCE = 0.25
# A day without rest is judged on its runs in bins the model knows, this long at least.
RUN_CHECK_S = 15.0 * 60.0
# The model is trusted to judge a day after this many accepted days.
DAYS_TO_JUDGE = 2
# Older days weigh less, so a season's change (a cleaned filter, new curtains) shows.
DAILY_DECAY = 0.97
# Temperatures outside these are a broken sensor, not a room or a winter.
ROOM_RANGE_C = (-5.0, 45.0)
OUTDOOR_RANGE_C = (-45.0, 55.0)


class Phase(StrEnum):
    """What the unit does to the room during a stretch."""

    REST = "rest"
    HEAT = "heat"
    DEFROST = "defrost"
    COOL = "cool"


class Rejection(StrEnum):
    """Why a day taught the model nothing."""

    TOO_LITTLE_DATA = "too_little_data"
    DOES_NOT_FIT = "does_not_fit"


@dataclass(slots=True)
class Segment:
    """One stretch of one phase: how long, how far the room moved, its mean gap to outdoors."""

    phase: Phase
    # Only the open stretch needs it; a stored (closed) stretch does not keep it.
    start_room_c: float = field(compare=False)
    seconds: float = 0.0
    rise_k: float = 0.0
    # Time integrals of (room - outdoor) and of the outdoor temperature.
    gap_ks: float = 0.0
    outdoor_ks: float = 0.0

    def as_list(self) -> list[Any]:
        """Return the stretch as stored."""
        return [self.phase.value, self.seconds, self.rise_k, self.gap_ks, self.outdoor_ks]

    @classmethod
    def from_list(cls, stored: list[Any]) -> Segment:
        """Return a stored stretch."""
        phase, seconds, rise, gap, outdoor = stored
        return cls(Phase(phase), 0.0, float(seconds), float(rise), float(gap), float(outdoor))


@dataclass(slots=True)
class _Sample:
    """The last sample taken."""

    time_s: float
    room_c: float
    outdoor_c: float


def _extend(segment: Segment, start: _Sample, end: _Sample) -> None:
    """Add the interval from `start` to `end` to a stretch."""
    seconds = end.time_s - start.time_s
    segment.seconds += seconds
    segment.gap_ks += (start.room_c + end.room_c) / 2 * seconds - start.outdoor_c * seconds
    segment.outdoor_ks += start.outdoor_c * seconds
    segment.rise_k = end.room_c - segment.start_room_c


def _plausible(value: float | None, bounds: tuple[float, float]) -> float | None:
    """Return the value if it can be a real temperature, else None."""
    if value is None or not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        return None
    return value


@dataclass(slots=True)
class Estimator:
    """Take samples, cut them into stretches, judge each day, keep what fitted."""

    rated_w: float | None
    rest: SlopeSums = field(default_factory=SlopeSums)
    runs: dict[str, RunSums] = field(default_factory=dict)
    days_accepted: int = 0
    days_rejected: int = 0
    last_rejection: Rejection | None = None
    heat_set_point_c: float | None = None
    cool_set_point_c: float | None = None
    day: list[Segment] = field(default_factory=list)
    day_start_s: float | None = None
    _open: Segment | None = None
    _last: _Sample | None = None
    # When the last sample was taken, one with nothing to learn included: a unit that does
    # not say what it is doing still pushes every reading through here.
    _taken_s: float | None = None
    _figures: Figures | None = None
    _day_set_point: float | None = None
    _day_cool_set_point: float | None = None

    @property
    def figures(self) -> Figures:
        """Return what the accepted days tell (computed once per day)."""
        if self._figures is None:
            self._figures = figures_from(
                self.rest,
                self.runs,
                rated_w=self.rated_w,
                days=self.days_accepted,
                set_point_c=self.heat_set_point_c,
            )
        return self._figures

    def add(
        self, time_s: float, phase: Phase | None, room_c: float | None, outdoor_c: float | None
    ) -> bool:
        """Take one sample; return True when a day was judged (the figures may have moved)."""
        if self.skips(time_s, phase):
            return False
        self._taken_s = time_s
        last = self._last
        room = _plausible(room_c, ROOM_RANGE_C)
        outdoor = _plausible(outdoor_c, OUTDOOR_RANGE_C)
        if last is not None and time_s - last.time_s > GAP_S:
            self._open = None
        if phase is None or room is None or outdoor is None:
            # Nothing to learn from (drying, a unit that does not say), or a reading missing.
            self._open = None
            self._last = None
            return self._judge_day(time_s)
        sample = _Sample(time_s, room, outdoor)
        if (opened := self._open) is not None and last is not None:
            if opened.phase is phase:
                _extend(opened, last, sample)
            else:
                # The phase changed somewhere in between: halfway, on average.
                middle = _Sample(
                    (last.time_s + time_s) / 2, (last.room_c + room) / 2, last.outdoor_c
                )
                _extend(opened, last, middle)
                self._close()
                self._open = Segment(phase, middle.room_c)
                _extend(self._open, middle, sample)
            if self._open is not None and self._open.seconds >= SEGMENT_MAX_S:
                self._close()
        if self._open is None:
            self._open = Segment(phase, room)
        self._last = sample
        return self._judge_day(time_s)

    def _close(self) -> None:
        """End the open stretch; keep it for the day's judgement if it is long enough."""
        if self._open is not None and self._open.seconds >= SEGMENT_MIN_S:
            self.day.append(self._open)
        self._open = None

    def skips(self, time_s: float, phase: Phase | None) -> bool:
        """Return True when a sample now adds nothing: the same phase, too soon after the last."""
        taken = self._taken_s
        return (
            taken is not None
            and time_s - taken < SAMPLE_S
            and phase is (None if self._open is None else self._open.phase)
        )

    def note_set_point(self, heat_set_point_c: float) -> None:
        """Note a heating set point: the balance point is for the day's highest (comfort)."""
        if self._day_set_point is None or heat_set_point_c > self._day_set_point:
            self._day_set_point = heat_set_point_c
        if self.heat_set_point_c is None:
            self.heat_set_point_c = heat_set_point_c
            self._figures = None

    def note_cool_set_point(self, cool_set_point_c: float) -> None:
        """Note a cooling set point: sizing judges cooling at the day's lowest."""
        if self._day_cool_set_point is None or cool_set_point_c < self._day_cool_set_point:
            self._day_cool_set_point = cool_set_point_c
        if self.cool_set_point_c is None:
            self.cool_set_point_c = cool_set_point_c

    def _judge_day(self, time_s: float) -> bool:
        """Close the day when it is over: keep it if it fits, say why if not."""
        if self.day_start_s is None:
            self.day_start_s = time_s
        if time_s - self.day_start_s < DAY_S:
            return False
        self.day_start_s = time_s
        if self._day_set_point is not None:
            self.heat_set_point_c, self._day_set_point = self._day_set_point, None
        if self._day_cool_set_point is not None:
            self.cool_set_point_c, self._day_cool_set_point = self._day_cool_set_point, None
        segments, self.day = self.day, []
        rejection = self._rejection(segments)
        if rejection is None:
            self._accept(segments)
        else:
            self.days_rejected += 1
            self.last_rejection = rejection
        self._figures = None
        return True

    def _rejection(self, segments: list[Segment]) -> Rejection | None:
        """Return why the day does not fit the model, or None when it does."""
        rest = SlopeSums()
        for segment in segments:
            if segment.phase is Phase.REST:
                rest.add(segment.seconds, segment.rise_k, segment.gap_ks)
        fit = self.rest.fit() if self.days_accepted >= DAYS_TO_JUDGE else None
        if rest.weight_s < DAY_MIN_REST_S:
            # A cold day runs flat out: its runs still teach, if they match the model's.
            if fit is None or all(segment.phase is Phase.REST for segment in segments):
                return Rejection.TOO_LITTLE_DATA
            return self._runs_misfit(segments, *fit)
        if fit is None:
            return None
        gains, k = fit
        mean_gap = rest.x_sum / rest.weight_s
        mean_slope = rest.y_sum / rest.weight_s
        predicted_loss = k * mean_gap
        miss = mean_slope - (gains - predicted_loss)
        if abs(miss) > FIT_TOLERANCE * max(abs(predicted_loss), 1e-6):
            return Rejection.DOES_NOT_FIT
        return None

    def _runs_misfit(self, segments: list[Segment], gains: float, k: float) -> Rejection | None:
        """Return DOES_NOT_FIT when the day's runs differ from what the model knew of them."""
        day: dict[str, RunSums] = {}
        for segment in segments:
            if segment.phase is not Phase.REST:
                for key in _run_keys(segment.phase):
                    day.setdefault(_bin_key(key, segment), RunSums()).add(
                        segment.seconds, segment.rise_k, segment.gap_ks
                    )
        compared = False
        for key, sums in day.items():
            known = self.runs.get(key)
            if known is None or known.seconds < BIN_MIN_S or sums.seconds < RUN_CHECK_S:
                continue
            expected = known.rate(gains, k)
            if abs(sums.rate(gains, k) - expected) > FIT_TOLERANCE * abs(expected):
                return Rejection.DOES_NOT_FIT
            compared = True
        # A day that cannot be checked against anything known teaches nothing either.
        return None if compared else Rejection.TOO_LITTLE_DATA

    def _accept(self, segments: list[Segment]) -> None:
        """Add the day's stretches to the model, older days fading."""
        self.rest.decay(DAILY_DECAY)
        for sums in self.runs.values():
            sums.decay(DAILY_DECAY)
        for segment in segments:
            if segment.phase is Phase.REST:
                self.rest.add(segment.seconds, segment.rise_k, segment.gap_ks)
                continue
            for key in _run_keys(segment.phase):
                self.runs.setdefault(_bin_key(key, segment), RunSums()).add(
                    segment.seconds, segment.rise_k, segment.gap_ks
                )
        self.days_accepted += 1

    def as_dict(self) -> dict[str, Any]:
        """Return what is learned (and the day so far) as stored."""
        return {
            "rest": self.rest.as_list(),
            "runs": {key: sums.as_list() for key, sums in self.runs.items()},
            "days_accepted": self.days_accepted,
            "days_rejected": self.days_rejected,
            "last_rejection": None if self.last_rejection is None else self.last_rejection.value,
            "heat_set_point_c": self.heat_set_point_c,
            "cool_set_point_c": self.cool_set_point_c,
            "day": [segment.as_list() for segment in self.day],
            "day_start_s": self.day_start_s,
        }

    @classmethod
    def from_dict(cls, stored: dict[str, Any], rated_w: float | None) -> Estimator:
        """Return the estimator a store holds."""
        rejection = stored.get("last_rejection")
        return cls(
            rated_w=rated_w,
            rest=SlopeSums.from_list(stored["rest"]),
            runs={key: RunSums.from_list(value) for key, value in stored["runs"].items()},
            days_accepted=int(stored["days_accepted"]),
            days_rejected=int(stored["days_rejected"]),
            last_rejection=None if rejection is None else Rejection(rejection),
            heat_set_point_c=stored.get("heat_set_point_c"),
            cool_set_point_c=stored.get("cool_set_point_c"),
            day=[Segment.from_list(item) for item in stored.get("day", [])],
            day_start_s=stored.get("day_start_s"),
        )


def _bin_key(key: str, segment: Segment) -> str:
    """Return the name of the sums of `key` for the stretch's outdoor temperature."""
    return f"{key}:{math.floor(segment.outdoor_ks / segment.seconds / BIN_K)}"


def _run_keys(phase: Phase) -> tuple[str, ...]:
    """Return the sums a running stretch adds to: heat counts clean and with defrosts."""
    if phase is Phase.HEAT:
        return ("heat", "heat_all")
    if phase is Phase.DEFROST:
        return ("heat_all",)
    return ("cool",)
