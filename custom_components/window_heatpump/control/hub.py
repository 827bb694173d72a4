"""One unit's control features behind the unit's send path and state updates."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import fields, replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event, async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_BACKUP_HEATER,
    CONF_BALANCE_POINT,
    CONF_LOCKOUT_CHEAPER,
    CONF_LOCKOUT_HYSTERESIS,
    CONF_LOCKOUT_LEARNED,
    CONF_MIN_OFF_SECONDS,
    CONF_OUTDOOR_SENSOR,
    CONF_POWER_SENSOR,
    CONF_SUPPLY_AIR_SENSOR,
    DEFAULT_LOCKOUT_HYSTERESIS,
    Reads,
)
from ..events import async_fire_hold_change
from ..model import Action, DesiredState, Mode, UnitState, to_celsius
from ..port import UnitPort
from ..storage import EntryStore, store_key
from .commissioning import TestCycle
from .defrost_detection import DefrostDetector, DefrostSignals
from .energy import EnergyMeter, EnergyTotals, heat_from_supply_air
from .heat_cost import HeatingCost, cost_sample
from .heat_source import cheaper_source_from_options
from .lockout import OutdoorLockout
from .protection import DEFAULT_MIN_OFF_S, CompressorProtection
from .readings import Reading, read_power, read_temperature
from .sizing import SizingAdvice, recommend, room_from_options, sync_sizing_issue

ATTR_HELD_UNTIL = "compressor_held_until"
ATTR_HELD_MODE = "compressor_held_mode"
ATTR_DEFROST_ESTIMATED = "defrost_estimated"
ATTR_HEATING_BY_BACKUP = "heating_by_backup"
STORAGE_VERSION = 1
# Power from a linked sensor changes without the unit reporting: sample it this often too.
SAMPLE_INTERVAL = timedelta(seconds=30)
SAVE_DELAY_S = 60


class ControlHub:
    """Route a unit's commands through its protections and enrich the states it reports."""

    def __init__(
        self,
        hass: HomeAssistant,
        unit: UnitPort,
        *,
        hand_back: Callable[[], Awaitable[None]],
    ) -> None:
        """Initialize the features from the entry's options.

        `hand_back` is called when a test cycle gives the unit back (to the schedules).
        """
        self._hass = hass
        self._unit = unit
        entry = unit.config_entry
        options = entry.options
        capabilities = unit.capabilities
        self.protection = CompressorProtection(
            hass,
            capabilities,
            unit.async_transmit,
            entry_id=entry.entry_id,
            min_off_s=int(options.get(CONF_MIN_OFF_SECONDS, DEFAULT_MIN_OFF_S)),
            announce=lambda change, desired, until: async_fire_hold_change(
                hass, unit.device_key, change, desired, until
            ),
        )
        self.protection.async_add_listener(
            lambda: unit.async_update_readers(Reads.STATE, Reads.CONTROL)
        )
        balance = options.get(CONF_BALANCE_POINT)
        self.heat_source = cheaper_source_from_options(hass, options)
        self.lockout = OutdoorLockout(
            hass,
            entry.entry_id,
            capabilities,
            balance_c=None if balance is None else float(balance),
            hysteresis_k=float(options.get(CONF_LOCKOUT_HYSTERESIS, DEFAULT_LOCKOUT_HYSTERESIS)),
            backup=options.get(CONF_BACKUP_HEATER) or None,
            outdoor_sensor=options.get(CONF_OUTDOOR_SENSOR) or None,
            use_learned=bool(options.get(CONF_LOCKOUT_LEARNED, False)),
            cheaper=self.heat_source if options.get(CONF_LOCKOUT_CHEAPER) else None,
        )
        self.power_sensor: str | None = options.get(CONF_POWER_SENSOR) or None
        self.supply_air_sensor: str | None = options.get(CONF_SUPPLY_AIR_SENSOR) or None
        self.power: Reading = Reading(None, "not_read_yet")
        self.supply_air: Reading = Reading(None, "not_linked")
        self.heat_w: float | None = None
        self.energy = EnergyMeter()
        self.cost = HeatingCost()
        # The estimate stands on the power draw: without a power source it could only ever
        # say "not defrosting", a signal care would then count on.
        self.detector = (
            DefrostDetector()
            if not capabilities.reports_defrost
            and (capabilities.reports_power or self.power_sensor is not None)
            else None
        )
        room = room_from_options(options)
        self.sizing: SizingAdvice | None = (
            None
            if room is None or capabilities.capacity_btu is None
            else recommend(room, capabilities.capacity_btu)
        )
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, store_key(EntryStore.ENERGY, entry.entry_id)
        )
        self.test_cycle = TestCycle(hass, unit, self.protection, self, hand_back)
        # Whether the last observed state changed what the control entities show.
        self.figures_changed = True
        self._figures: tuple[object, ...] = ()
        # What observe_report last took the full path for, and handed the lockout.
        self._reported: tuple[object, ...] = ()
        self._reported_desired: DesiredState | None = None
        self._reported_outdoor: float | None = None
        self._save_pending = False
        self._unsubs: list[CALLBACK_TYPE] = []
        self._lockout_lock = asyncio.Lock()
        self._loaded = False

    async def async_start(self) -> None:
        """Load the energy totals and a held command, raise or clear the sizing issue, follow.

        A command held before a restart is held again, or sent now if its time has come.
        """
        await self.protection.async_load(self._unit.state)
        if (held := self.protection.held) is not None:
            # The unit reported where it is kept (fan only); turn_on goes back to what was asked.
            self._unit.remember_active_mode(held.mode)
        if (stored := await self._store.async_load()) is not None:
            names = {field.name for field in fields(EnergyTotals)}
            self.energy = EnergyMeter(
                EnergyTotals(**{key: value for key, value in stored.items() if key in names})
            )
            self.cost = HeatingCost.from_dict(stored)
        self._loaded = True
        sync_sizing_issue(self._hass, self._unit.config_entry, self.sizing)
        self.lockout.clear_backup_failure()
        linked = [
            entity
            for entity in (
                self.lockout.outdoor_sensor,
                self.power_sensor,
                self.supply_air_sensor,
                *self._price_entities(),
            )
            if entity
        ]
        if linked:
            self._unsubs.append(
                async_track_state_change_event(self._hass, linked, self._handle_linked_change)
            )
        self._unsubs.append(
            async_track_time_interval(self._hass, self._handle_interval, SAMPLE_INTERVAL)
        )
        await self._async_evaluate_lockout()

    def requested(self, reported: DesiredState) -> DesiredState:
        """Return what was last asked for: a held command, heating the backup does, or the unit."""
        if self.protection.held is not None:
            return self.protection.held
        if self.lockout.handed_over and self.lockout.requested is not None:
            return self.lockout.requested
        return reported

    def climate_attributes(self) -> dict[str, Any] | None:
        """Return what the climate entity shows of the control features."""
        attributes: dict[str, Any] = {}
        protection = self.protection
        if protection.held is not None and protection.release_at is not None:
            attributes[ATTR_HELD_UNTIL] = protection.release_at.isoformat()
            attributes[ATTR_HELD_MODE] = protection.held.mode.value
        if self.detector is not None:
            attributes[ATTR_DEFROST_ESTIMATED] = True
        if self.lockout.handed_over:
            attributes[ATTR_HEATING_BY_BACKUP] = True
        return attributes or None

    async def async_submit(self, desired: DesiredState) -> None:
        """Send a command through the lockout and the compressor protection."""
        await self.protection.async_submit(self.lockout.route(desired), self._unit.state)
        # A heating request while locked out turns the backup on.
        self._schedule_evaluation()

    def observe_report(self, state: UnitState) -> UnitState:
        """Take a state the unit reported; skip the work when it moved nothing control reads.

        Most reports move the room temperature alone, which only the defrost estimate and
        the heat estimate read; what changes with time alone is sampled every
        SAMPLE_INTERVAL, and a linked sensor's change is taken when it happens. The lockout
        looks again when the outdoor temperature or the unit's settings moved.
        """
        desired = state.desired
        # A reading alone (most reports) keeps the very desired state of the report before:
        # the identity checks spare comparing it field by field on that path.
        same_desired = desired is self._reported_desired or desired == self._reported_desired
        if not same_desired or state.outdoor_temperature != self._reported_outdoor:
            self._reported_outdoor = state.outdoor_temperature
            self._schedule_evaluation()
        self._reported_desired = desired
        inputs = (state.action, state.compressor_running, state.power_w)
        if (
            same_desired
            and inputs == self._reported
            and self.detector is None
            and self.supply_air_sensor is None
        ):
            self.figures_changed = False
            return state
        self._reported = inputs
        return self.observe(state)

    def observe(self, state: UnitState) -> UnitState:
        """Take a state the unit reported; return it as the entities should see it.

        Sets `figures_changed`: most states change a reading no control entity shows, and
        waking those entities for nothing cost more than the state itself.
        """
        self.protection.observe(state)
        now = dt_util.utcnow()
        self._read_power(state)
        state = self._estimate_defrost(now, state)
        self.heat_w = self._estimate_heat(state)
        self.energy.sample(now, self.power.value, self.heat_w)
        if (source := self.heat_source) is not None:
            outdoor = self.lockout.read_outdoor(state.outdoor_temperature).value
            sample, currency = cost_sample(source, state, self.power.value, self.heat_w, outdoor)
            self.cost.sample(now, sample, currency)
        figures = self._current_figures()
        self.figures_changed = figures != self._figures
        self._figures = figures
        # Before the stored totals are loaded a save would overwrite them; a save already
        # waiting is not pushed back, or a unit reporting every minute would never store.
        if self._loaded and self.figures_changed and not self._save_pending:
            self._save_pending = True
            self._store.async_delay_save(self._energy_to_store, SAVE_DELAY_S)
        return state

    def _current_figures(self) -> tuple[object, ...]:
        """Return what the control entities show that a reported state can move."""
        totals = self.energy.totals
        detector = self.detector
        return (
            self.power,
            self.supply_air,
            self.heat_w,
            totals.energy_kwh,
            totals.heat_kwh,
            totals.heating_energy_kwh,
            self.protection.restart_allowed_at(),
            None if detector is None else (detector.defrosting, detector.power_says),
            None if detector is None else detector.air_says,
            self.cost.today.electricity_kwh,
            self.cost.today.day,
        )

    def _energy_to_store(self) -> dict[str, Any]:
        """Return the energy totals for the delayed save (which runs now)."""
        self._save_pending = False
        return self._totals()

    def _totals(self) -> dict[str, Any]:
        """Return the energy totals and today's heating cost, as stored."""
        return {**self.energy.totals.as_dict(), **self.cost.as_dict()}

    def _price_entities(self) -> tuple[str | None, ...]:
        """Return the price entities the heat source reads."""
        source = self.heat_source
        return () if source is None else (source.price_entity, source.fuel_price_entity)

    async def async_stop(self) -> None:
        """Stop timers and listeners and keep the energy totals (the entry is unloading)."""
        self.test_cycle.async_stop()
        await self.protection.async_stop()
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        if self._loaded:
            self.energy.sample(dt_util.utcnow(), None, None)
            await self._store.async_save(self._totals())

    def _read_power(self, state: UnitState) -> None:
        """Take the power from the unit, else from the linked sensor."""
        if state.power_w is not None:
            self.power = Reading(state.power_w) if state.power_w >= 0 else Reading(None, "negative")
        elif self.power_sensor is not None:
            self.power = read_power(self._hass, self.power_sensor)
        else:
            self.power = Reading(None, "no_power_source")

    def _room_c(self, state: UnitState) -> float | None:
        """Return the room temperature in °C."""
        if state.current_temperature is None:
            return None
        return to_celsius(state.current_temperature, self._unit.capabilities.temperature_unit)

    def _estimate_defrost(self, now: datetime, state: UnitState) -> UnitState:
        """Fill in defrosting for a unit that does not report it; else leave it as reported."""
        if self.detector is None:
            return state
        if self.supply_air_sensor is not None:
            self.supply_air = read_temperature(self._hass, self.supply_air_sensor)
        defrosting = self.detector.update(
            now,
            DefrostSignals(
                desired=state.desired,
                power_w=self.power.value,
                outdoor_c=self.lockout.read_outdoor(state.outdoor_temperature).value,
                room_c=self._room_c(state),
                supply_air_c=self.supply_air.value,
            ),
        )
        if not defrosting:
            return replace(state, defrosting=False)
        return replace(state, defrosting=True, action=Action.DEFROSTING)

    def _estimate_heat(self, state: UnitState) -> float | None:
        """Return the heat delivered (W) while heating, from the outlet temperature."""
        capacity = self._unit.capabilities.capacity_btu
        if self.supply_air_sensor is None or capacity is None:
            return None
        if self.detector is None:
            self.supply_air = read_temperature(self._hass, self.supply_air_sensor)
        room = self._room_c(state)
        if state.desired.mode not in (Mode.HEAT, Mode.AUTO) or state.action is Action.COOLING:
            return None
        if state.action is not Action.HEATING:
            # Idle, fan or defrosting in heating: the electricity counts, the heat is ~0.
            return 0.0
        if self.supply_air.value is None or room is None:
            return None
        return heat_from_supply_air(capacity, state.desired.fan_speed, self.supply_air.value, room)

    @callback
    def _handle_linked_change(self, _event: Event[EventStateChangedData]) -> None:
        """Re-read the linked entities when one changes."""
        self._handle_interval(dt_util.utcnow())

    @callback
    def _handle_interval(self, _now: datetime) -> None:
        """Sample a linked power sensor and re-check the lockout between unit reports."""
        unit = self._unit
        if unit.last_update_success:
            unit.async_show_state(self.observe(unit.state), Reads.STATE, Reads.CONTROL)
        self._schedule_evaluation()

    @callback
    def _schedule_evaluation(self) -> None:
        """Re-check the lockout after a change, in a task of the entry."""
        if not self.lockout.active:
            return
        self._unit.config_entry.async_create_task(
            self._hass, self._async_evaluate_lockout(), eager_start=False
        )

    async def _async_evaluate_lockout(self) -> None:
        """Let the lockout hand heating over or take it back; show what it decided."""
        async with self._lockout_lock:
            lockout = self.lockout
            before = (lockout.status, lockout.outdoor)
            state = self._unit.state
            await lockout.async_evaluate(
                state.outdoor_temperature, state.desired, self.async_submit
            )
            if (lockout.status, lockout.outdoor) != before:
                # The climate shows the hand-over too.
                self._unit.async_update_readers(Reads.STATE, Reads.CONTROL)
