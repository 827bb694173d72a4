"""The learned room: one per unit, fed each state by the coordinator, stored over restarts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import Reads
from ..model import Action, Mode, UnitState, to_celsius
from ..port import UnitPort
from ..storage import EntryIssue, EntryStore, async_clear_issue, async_raise_issue, store_key
from .estimator import Estimator, Phase
from .figures import Figures
from .sizing import OperationSizing, OperationVerdict, sizing_from_operation

STORAGE_VERSION = 1
# Each day judged is stored at once; a stop stores the day so far.
SAVE_DELAY_S = 10.0
_W_PER_BTU_H = 0.29307
# The model is trusted (the lockout uses its balance point) from this confidence on.
CONFIDENT = 0.7

_PHASES: Mapping[Action | None, Phase | None] = {
    Action.OFF: Phase.REST,
    Action.IDLE: Phase.REST,
    Action.FAN: Phase.REST,
    Action.HEATING: Phase.HEAT,
    Action.DEFROSTING: Phase.DEFROST,
    Action.COOLING: Phase.COOL,
}

type OutdoorReader = Callable[[UnitState], float | None]


class LearnedRoom:
    """Learn the unit's room from what the unit reports; show it, keep it, forget on demand."""

    def __init__(self, hass: HomeAssistant, unit: UnitPort, outdoor: OutdoorReader) -> None:
        """Initialize; `outdoor` reads the outdoor temperature (°C) the control features use."""
        self._hass = hass
        self._unit = unit
        self._outdoor = outdoor
        capabilities = unit.capabilities
        self._unit_of_temperature = capabilities.temperature_unit
        self._scale = unit.time_scale
        self._rated_w = (
            None if capabilities.capacity_btu is None else capabilities.capacity_btu * _W_PER_BTU_H
        )
        self.estimator = Estimator(rated_w=self._rated_w)
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, store_key(EntryStore.LEARNING, unit.config_entry.entry_id)
        )
        self.missing: str | None = "no_data_yet"
        # Set by whoever builds the features: True while another heater (the backup) heats the
        # room, whose heat the model has no term for: those stretches teach nothing.
        self.other_heat: Callable[[], bool] = lambda: False
        self._unsub: CALLBACK_TYPE | None = None

    @property
    def figures(self) -> Figures:
        """Return what the model says now."""
        return self.estimator.figures

    def outdoor_now(self) -> float | None:
        """Return the outdoor temperature (°C) now, as the learning reads it."""
        state = self._unit.state
        return None if state is None else self._outdoor(state)

    @property
    def confident(self) -> bool:
        """Return True once the balance point may steer the lockout."""
        figures = self.figures
        return figures.confidence >= CONFIDENT and figures.balance_point_c is not None

    @property
    def trusted_figures(self) -> Figures | None:
        """Return the figures once the model is confident (warm-up times use them), else None."""
        figures = self.figures
        return figures if figures.confidence >= CONFIDENT else None

    @property
    def trusted_balance_point(self) -> float | None:
        """Return the learned balance point once the model is confident, else None."""
        return self.figures.balance_point_c if self.confident else None

    @property
    def sizing(self) -> OperationSizing | None:
        """Return the unit's size as running showed it, once the model is confident."""
        estimator = self.estimator
        if self.figures.confidence < CONFIDENT:
            return None
        return sizing_from_operation(
            self.figures, estimator.heat_set_point_c, estimator.cool_set_point_c
        )

    @callback
    def _sync_sizing_issue(self) -> None:
        """Raise the Repairs issue of an undersized or oversized unit, with its evidence."""
        entry = self._unit.config_entry
        sizing = self.sizing
        if sizing is None or sizing.verdict is OperationVerdict.RIGHT_SIZED:
            async_clear_issue(self._hass, EntryIssue.SIZING_OPERATION, entry.entry_id)
            return
        async_raise_issue(
            self._hass,
            EntryIssue.SIZING_OPERATION,
            entry.entry_id,
            {"name": entry.title, **{key: str(value) for key, value in sizing.evidence().items()}},
            variant=sizing.verdict,
        )

    async def async_start(self) -> None:
        """Load what was learned before; store it when Home Assistant stops."""
        if (stored := await self._store.async_load()) is not None:
            try:
                self.estimator = Estimator.from_dict(stored, self._rated_w)
            except KeyError, TypeError, ValueError:
                # A store this version cannot read: learn again rather than fail the unit.
                self.estimator = Estimator(rated_w=self._rated_w)
        # Repairs issues do not outlive a restart: raise it again from what was learned.
        self._sync_sizing_issue()

        async def _final_write(_event: Event) -> None:
            self._unsub = None
            await self._async_save()

        self._unsub = self._hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_FINAL_WRITE, _final_write
        )

    async def async_stop(self) -> None:
        """Store what is learned, the day so far included."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        await self._async_save()

    async def _async_save(self) -> None:
        """Write the model."""
        await self._store.async_save(self.estimator.as_dict())

    @callback
    def observe(self, state: UnitState) -> None:
        """Take a state the unit reported (most are skipped: one sample per 20 s is plenty)."""
        phase = Phase.DEFROST if state.defrosting else _PHASES.get(state.action)
        if self.other_heat():
            phase = None
        now_s = dt_util.utcnow().timestamp() * self._scale
        if self.estimator.skips(now_s, phase):
            # The message path of every unit comes through here: the rest waits for a sample.
            return
        room = state.current_temperature
        unit = self._unit_of_temperature
        outdoor = self._outdoor(state)
        self.missing = (
            "no_action"
            if state.action is None
            else "no_room_temperature"
            if room is None
            else "no_outdoor_temperature"
            if outdoor is None
            else None
        )
        mode = state.desired.mode
        if mode is Mode.HEAT:
            self.estimator.note_set_point(to_celsius(state.desired.target_temperature, unit))
        elif mode is Mode.COOL:
            self.estimator.note_cool_set_point(to_celsius(state.desired.target_temperature, unit))
        judged = self.estimator.add(
            now_s,
            phase,
            None if room is None else to_celsius(room, unit),
            outdoor,
        )
        if judged:
            self._store.async_delay_save(self.estimator.as_dict, SAVE_DELAY_S)
            self._sync_sizing_issue()
            self._unit.async_update_readers(Reads.LEARNING)

    @callback
    def async_reset(self) -> None:
        """Forget everything learned (the room changed: new windows, another room)."""
        self.estimator = Estimator(rated_w=self._rated_w)
        self._store.async_delay_save(self.estimator.as_dict, 0)
        self._sync_sizing_issue()
        self._unit.async_update_readers(Reads.LEARNING)

    def attributes(self) -> dict[str, Any]:
        """Return what the confidence rests on, and what is missing."""
        estimator = self.estimator
        figures = estimator.figures
        return {
            "days_learned": estimator.days_accepted,
            "days_rejected": estimator.days_rejected,
            "last_rejection": estimator.last_rejection,
            "missing": self.missing,
            "capacity_scale": figures.scale_source,
            "rated_capacity_w": None if self._rated_w is None else round(self._rated_w),
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return the model's sums and figures."""
        return {**self.attributes(), "stored": self.estimator.as_dict()}
