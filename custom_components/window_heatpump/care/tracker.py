"""The care tracker: one per unit, fed each new state by the coordinator."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, Reads
from ..model import Capabilities, Mode, UnitState
from ..port import UnitPort
from ..storage import EntryStore, Problem, store_key
from .const import STORAGE_VERSION, TICK_S, TICKS_PER_SAVE, CareOptions, Task
from .defrost import DefrostAnalytics
from .delivery import WeakDelivery
from .detector import Detector
from .issues import CARE_PROBLEMS, async_sync_issues
from .runtime import RunTime
from .signals import Sample, sample


def _parse(value: Any) -> datetime | None:
    """Return a stored timestamp, or None."""
    return None if value is None else dt_util.parse_datetime(str(value))


def _iso(value: datetime | None) -> str | None:
    """Return a timestamp as stored."""
    return None if value is None else value.isoformat()


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of one unit's care records."""
    return Store(hass, STORAGE_VERSION, store_key(EntryStore.CARE, entry_id))


class CareTracker:
    """Count a unit's run time and defrosts, run the detectors of `CARE_PROBLEMS` over it.

    It is the `detector.CareView` every detector reads.
    """

    def __init__(self, hass: HomeAssistant, unit: UnitPort) -> None:
        """Initialize the tracker; `async_start` loads what was stored."""
        self._hass = hass
        self._unit = unit
        entry = unit.config_entry
        self._entry_id = entry_id = entry.entry_id
        self._title = entry.title
        self._capabilities = unit.capabilities
        # A simulated unit may run faster than real time; its durations are its own.
        self._scale = unit.time_scale
        self.options = CareOptions.from_options(entry.options)
        self._store = _store(hass, entry_id)
        self.runtime = RunTime()
        self.defrost = DefrostAnalytics()
        self.detectors: dict[Problem, Detector] = {
            row.problem: row.detector() for row in CARE_PROBLEMS
        }
        # Those fed each sample; their verdicts decide whether a sample changed what care shows.
        self._watching = tuple(
            detector for detector in self.detectors.values() if detector.watches_samples
        )
        self.since = dt_util.utcnow()
        self.done: dict[Task, datetime | None] = dict.fromkeys(Task)
        self.last: Sample | None = None
        # The fields of the state `last` was sampled from (see async_update).
        self._inputs: tuple[object, ...] = ()
        self.problems: frozenset[Problem] = frozenset()
        self._t = 0.0
        self._wall = dt_util.utcnow()
        self._unsubs: list[CALLBACK_TYPE] = []
        self._ticks = 0
        self._issues_synced = False

    async def async_start(self) -> None:
        """Load the stored counts and start the clock that ages the windows."""
        if (stored := await self._store.async_load()) is not None:
            self.runtime = RunTime.from_dict(stored.get("runtime", {}))
            self.defrost = DefrostAnalytics.from_dict(stored.get("defrost", {}))
            self.since = _parse(stored.get("since")) or self.since
            for task in Task:
                self.done[task] = _parse(stored.get("done", {}).get(task.value))
        self._wall = dt_util.utcnow()
        hass = self._hass
        # One clock for both: a building of units has one timer each, not two.
        self._unsubs = [
            async_track_time_interval(
                hass, self._async_tick, timedelta(seconds=TICK_S), name=f"{DOMAIN} care"
            )
        ]
        self._listen_final_write()

    async def async_stop(self) -> None:
        """Stop the clocks and store everything up to now: a clean stop loses nothing."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []
        await self._async_save()

    def _listen_final_write(self) -> None:
        """Store everything when Home Assistant stops (it does not unload entries then)."""

        async def _final_write(_event: Event) -> None:
            self._unsubs.remove(unsub)
            await self._async_save()

        unsub = self._hass.bus.async_listen_once(EVENT_HOMEASSISTANT_FINAL_WRITE, _final_write)
        self._unsubs.append(unsub)

    async def _async_save(self) -> None:
        """Write the records, counted up to now."""
        await self._store.async_save(self._stored())

    @callback
    def async_update(self, state: UnitState) -> bool:
        """Take a new state from the coordinator; return True if what care shows may differ.

        Most messages only move the room temperature: the detectors take it, but the
        problems are judged again (and the care entities woken) only when a signal or a
        detector's verdict changed. What changes with time alone (hours counted, reminders,
        windows ageing) is judged on the clock's tick.
        """
        previous = self.last
        # What `sample` reads, but for the room temperature's value: the same inputs give the
        # same sample, whose room temperature only matters to the weak-delivery detectors.
        inputs = (
            state.desired,
            state.action,
            state.compressor_running,
            state.power_w,
            state.defrosting,
            state.filter_alert,
            state.current_temperature is None,
        )
        if inputs == self._inputs and previous is not None and not previous.feeds_weak_delivery:
            return False
        self._inputs = inputs
        current = sample(state, self._capabilities)
        if (
            previous is not None
            and not current.feeds_weak_delivery
            and previous.signals == current.signals
        ):
            # Only a temperature moved, and no weak-delivery detector can take it (nothing is
            # delivered, or the room is not measured): no count, detector or problem can
            # change with it, and the time since is credited as it would have been.
            self.last = current
            return False
        self._advance()
        if previous is not None:
            self.runtime.observe(previous, current, self._t)
            if previous.defrosting is not None and current.defrosting is not None:
                self.defrost.observe(
                    was=previous.defrosting,
                    now_defrosting=current.defrosting,
                    t=self._t,
                    today=self.today(),
                )
        self.last = current
        verdicts = self._verdicts()
        self._observe()
        if (
            previous is not None
            and previous.signals == current.signals
            and self._verdicts() == verdicts
        ):
            return False
        self._judge()
        return True

    @callback
    def async_set_available(self, *, available: bool) -> None:
        """Stop counting while the unit cannot be seen; start again with its next state."""
        self._advance()
        if not available:
            self.last = None
            self._evaluate()

    @callback
    def async_done(self, task: Task) -> None:
        """Record maintenance done now (the filter cleaned, the coils, seals or checkup)."""
        self._advance()
        if task is Task.FILTER:
            self.runtime.reset_filter()
        self.done[task] = dt_util.utcnow()
        self._evaluate()
        self._unit.async_update_readers(Reads.CARE)

    # What the entities and the detectors read.

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""
        return self._capabilities

    @property
    def t(self) -> float:
        """Return care's clock, in seconds of the unit's time."""
        return self._t

    def done_at(self, task: Task) -> datetime | None:
        """Return when the user last did `task`, if ever."""
        return self.done[task]

    @property
    def weak(self) -> dict[Mode, WeakDelivery]:
        """Return the weak-delivery detectors by the mode they watch."""
        return {
            detector.mode: detector
            for detector in self.detectors.values()
            if isinstance(detector, WeakDelivery)
        }

    @property
    def filter_hours(self) -> float:
        """Return the fan hours since the filter was cleaned."""
        return self.runtime.filter_fan_s / 3600.0

    @property
    def filter_hours_left(self) -> float:
        """Return the fan hours left until the filter is due."""
        return max(0.0, self.options.filter_interval_h - self.filter_hours)

    @property
    def filter_remaining_pct(self) -> float:
        """Return how much of the filter interval is left, in %."""
        return 100.0 * self.filter_hours_left / self.options.filter_interval_h

    @property
    def defrost_count_today(self) -> int:
        """Return the defrosts since local midnight."""
        return self.defrost.count_on(self.today())

    @property
    def starts_per_hour(self) -> int:
        """Return the compressor starts within the last hour."""
        return self.runtime.starts_last_hour(self._t)

    @property
    def has_defrost_signal(self) -> bool:
        """Return True when the unit says whether it defrosts."""
        return self.last is not None and self.last.defrosting is not None

    @property
    def has_cycle_signal(self) -> bool:
        """Return True when compressor starts are real (not assumed from commands)."""
        return self.last is not None and self.last.cycles_known

    @property
    def has_room_signal(self) -> bool:
        """Return True when the unit reports the room temperature."""
        return self.last is not None and self.last.room_c is not None

    def diagnostics(self) -> dict[str, Any]:
        """Return the tracker's state for diagnostics."""
        return {
            **self._stored(),
            "options": asdict(self.options),
            "problems": sorted(self.problems),
            "starts_last_hour": self.starts_per_hour,
            "signal": None if self.last is None else self.last.compressor_signal,
            "weak_rate_k_per_h": {str(mode): weak.rate_k_per_h for mode, weak in self.weak.items()},
        }

    # Inner workings.

    def today(self) -> date:
        """Return today's local date."""
        return dt_util.now().date()

    def _advance(self) -> None:
        """Credit the time since the last call to the state the unit was in."""
        now = dt_util.utcnow()
        seconds = max(0.0, (now - self._wall).total_seconds()) * self._scale
        self._wall = now
        if self.last is not None:
            self.runtime.credit(self.last, seconds)
        self._t += seconds

    async def _async_tick(self, _now: datetime) -> None:
        """Age the windows, show the time counted while the unit said nothing new; store."""
        self._advance()
        self._evaluate()
        self._unit.async_update_readers(Reads.CARE)
        self._ticks += 1
        if self._ticks % TICKS_PER_SAVE == 0:
            # A crash loses at most this interval.
            await self._async_save()

    def _evaluate(self) -> None:
        """Run the detectors and raise or clear Repairs issues."""
        self._observe()
        self._judge()

    def _observe(self) -> None:
        """Feed the latest sample to the detectors that watch samples."""
        if (last := self.last) is None:
            return
        for detector in self._watching:
            detector.observe(last, self)

    def _verdicts(self) -> list[bool]:
        """Return the verdicts of the detectors that watch samples, to tell a change."""
        return [detector.flagged for detector in self._watching]

    def _judge(self) -> None:
        """Raise or clear the Repairs issues of the problems that hold now."""
        problems = self._problems()
        if problems != self.problems or not self._issues_synced:
            self.problems = problems
            self._issues_synced = True
            async_sync_issues(self._hass, self._entry_id, self._title, problems)

    def _problems(self) -> frozenset[Problem]:
        """Return the problems that hold now; a detector without its signal raises none."""
        detectors = self.detectors
        return frozenset(
            row.problem
            for row in CARE_PROBLEMS
            if row.signal(self) and detectors[row.problem].holds(self)
        )

    def _stored(self) -> dict[str, Any]:
        """Return what survives a restart, counted up to now."""
        self._advance()
        return {
            "runtime": self.runtime.as_dict(),
            "defrost": self.defrost.as_dict(),
            "since": _iso(self.since),
            "done": {task.value: _iso(when) for task, when in self.done.items()},
        }
