"""Commissioning test cycle: cool, then heat, for a set time each, judged by physical signs.

The installation guide's "run a test cycle in both cooling and heating modes". Each mode is
sent through the unit's normal send path (so the compressor protection applies: the
reversal from cooling to heating waits out the minimum off time, and the measuring window of
a mode starts only when its command is released). A mode passes when the room moved the
right way by `ROOM_CHANGE_K`, or the supply air left the unit `SUPPLY_SPLIT_K` colder (warmer)
than the room, and — where a power signal exists — the unit drew at least `POWER_FLOOR_W`
on average. The previous state is restored at the end, on cancel, and after a restart that
interrupted a cycle (the state to restore is stored when the cycle starts).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from statistics import fmean
from typing import Any, Protocol

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER, Reads
from ..model import DesiredState, FanSpeed, Mode, Preset, desired_from_dict, to_celsius
from ..port import UnitPort
from ..storage import EntryStore, store_key
from .protection import CompressorProtection
from .readings import Reading, read_temperature

DEFAULT_MINUTES = 10
MIN_MINUTES = 5
MAX_MINUTES = 60
TEST_MODES = (Mode.COOL, Mode.HEAT)
# A running unit moves the air it draws in by more than this within one window; a room left
# alone drifts less (the simulated bedroom, 15 K warmer than outdoors: 0.6 K in 10 min).
ROOM_CHANGE_K = 1.0
# The outlet of a running unit: cooling 8-12 K below the room, heating 15-25 K above.
SUPPLY_SPLIT_K = {Mode.COOL: 6.0, Mode.HEAT: 10.0}
# A window unit's fan draws 20-80 W; the smallest compressor (5000 BTU/h) ~400 W.
POWER_FLOOR_W = 150.0
STORAGE_VERSION = 1


class CycleState(StrEnum):
    """What the test cycle is doing or last found."""

    IDLE = "idle"
    RUNNING_COOLING = "running_cooling"
    RUNNING_HEATING = "running_heating"
    PASSED = "passed"
    FAILED = "failed"
    CANCELLED = "cancelled"


_RUNNING = {Mode.COOL: CycleState.RUNNING_COOLING, Mode.HEAT: CycleState.RUNNING_HEATING}
_SIGN = {Mode.COOL: -1.0, Mode.HEAT: 1.0}


@dataclass(kw_only=True)
class _Phase:
    """What one mode's measuring window collects."""

    mode: Mode
    measuring_from: datetime | None = None
    room_start_c: float | None = None
    room_end_c: float | None = None
    # Supply air minus room, in the mode's direction (positive: the unit works); best seen.
    split_k: float | None = None
    power_w: list[float] = field(default_factory=list)

    def judge(self, minutes: int) -> dict[str, Any]:
        """Return the figures and the verdict of the mode."""
        sign = _SIGN[self.mode]
        change = (
            None
            if self.room_start_c is None or self.room_end_c is None
            else round(self.room_end_c - self.room_start_c, 2)
        )
        room_ok = change is not None and change * sign >= ROOM_CHANGE_K
        split_ok = None if self.split_k is None else self.split_k >= SUPPLY_SPLIT_K[self.mode]
        power = round(fmean(self.power_w)) if self.power_w else None
        power_ok = None if power is None else power >= POWER_FLOOR_W
        passed = (room_ok or bool(split_ok)) and power_ok is not False
        return {
            "result": CycleState.PASSED.value if passed else CycleState.FAILED.value,
            "measuring_from": None
            if self.measuring_from is None
            else self.measuring_from.isoformat(),
            "minutes": minutes,
            "room_start_c": _rounded(self.room_start_c),
            "room_end_c": _rounded(self.room_end_c),
            "room_change_k": change,
            "room_check": room_ok,
            "supply_air_split_k": _rounded(self.split_k),
            "supply_air_check": split_ok,
            "mean_power_w": power,
            "power_check": power_ok,
        }


def _rounded(value: float | None) -> float | None:
    """Return a temperature rounded for display."""
    return None if value is None else round(value, 2)


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of one unit's test cycle."""
    return Store(hass, STORAGE_VERSION, store_key(EntryStore.TEST_CYCLE, entry_id))


class CycleReadings(Protocol):
    """What a test cycle samples besides the unit's state (the control hub has both)."""

    @property
    def power(self) -> Reading:
        """Return the power the unit draws now, from the unit or a linked sensor."""

    @property
    def supply_air_sensor(self) -> str | None:
        """Return the linked supply-air temperature sensor, if any."""


class TestCycle:
    """Run one unit's commissioning test cycle and keep its last result."""

    def __init__(
        self,
        hass: HomeAssistant,
        unit: UnitPort,
        protection: CompressorProtection,
        readings: CycleReadings,
        hand_back: Callable[[], Awaitable[None]],
    ) -> None:
        """Initialize with nothing run yet.

        `hand_back` gives the unit back to whatever had it (the schedules) once the cycle
        restored the state it started from.
        """
        self._hass = hass
        self._unit = unit
        self._protection = protection
        self._readings = readings
        self._hand_back = hand_back
        self._store = _store(hass, unit.config_entry.entry_id)
        self.state = CycleState.IDLE
        self.result: dict[str, Any] = {}
        self.ends_at: datetime | None = None
        self._previous: DesiredState | None = None
        self._queue: list[Mode] = []
        self._phase: _Phase | None = None
        self._minutes = DEFAULT_MINUTES
        self._unsubs: list[CALLBACK_TYPE] = []
        self._unsub_timer: CALLBACK_TYPE | None = None

    @property
    def running(self) -> bool:
        """Return True while a cycle runs."""
        return self._previous is not None

    def attributes(self) -> dict[str, Any]:
        """Return the last result's figures, or the running cycle's schedule."""
        attributes = dict(self.result)
        if self.running:
            attributes["ends_at"] = None if self.ends_at is None else self.ends_at.isoformat()
        return attributes

    async def async_load(self) -> None:
        """Load the last result; restore the state a cycle interrupted by a restart changed."""
        data = await self._store.async_load() or {}
        self.result = dict(data.get("result") or {})
        if (state := self.result.get("state")) is not None:
            self.state = CycleState(state)
        if (restore := data.get("restore")) is not None:
            LOGGER.info("A test cycle was interrupted; restoring the state it started from")
            self._previous = desired_from_dict(restore)
            await self._async_end(CycleState.CANCELLED, reason="interrupted", restore=True)

    def modes(self) -> tuple[Mode, ...]:
        """Return the modes this unit can be tested in."""
        return tuple(mode for mode in TEST_MODES if mode in self._unit.capabilities.modes)

    async def async_start(self, minutes: int, modes: Sequence[Mode] | None = None) -> None:
        """Start a cycle, or raise a translated error saying why it cannot start now."""
        wanted = tuple(self.modes() if modes is None else modes)
        self._check_can_start(wanted)
        unit = self._unit
        self._previous = unit.desired
        self._minutes = minutes
        self._queue = [mode for mode in TEST_MODES if mode in wanted]
        self.result = {}
        await self._store.async_save({"result": None, "restore": asdict(self._previous)})
        self._unsubs = [
            unit.async_add_manual_change_listener(self._handle_manual_change),
            unit.async_add_listener(self._handle_update),
            unit.async_add_reader(self._handle_update, Reads.STATE),
        ]
        await self._async_next_mode()

    async def async_cancel(self) -> None:
        """Cancel the running cycle and restore the state it started from."""
        if not self.running:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="test_cycle_not_running",
                translation_placeholders={"name": self._unit.config_entry.title},
            )
        await self._async_end(CycleState.CANCELLED, reason="cancelled", restore=True)

    def async_stop(self) -> None:
        """Stop timers (the unit is unloading); a running cycle is restored at the next start."""
        self._release()

    def _check_can_start(self, modes: tuple[Mode, ...]) -> None:
        """Raise a translated error when a cycle cannot start now."""
        unit = self._unit
        protection = self._protection
        placeholders = {"name": unit.config_entry.title}
        key: str | None = None
        if self.running:
            key = "test_cycle_running"
        elif not (unit.unit_available and unit.last_update_success):
            key = "test_cycle_unavailable"
        elif not modes or any(mode not in self.modes() for mode in modes):
            key = "test_cycle_modes"
        elif (until := protection.release_at or protection.restart_allowed_at()) is not None:
            key = "test_cycle_protection"
            placeholders["until"] = dt_util.as_local(until).strftime("%H:%M:%S")
        if key is not None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key=key,
                translation_placeholders=placeholders,
            )

    async def _async_next_mode(self) -> None:
        """Send the next mode to test, or finish the cycle."""
        if not self._queue:
            failed = any(figures["result"] == CycleState.FAILED for figures in self.result.values())
            await self._async_end(
                CycleState.FAILED if failed else CycleState.PASSED, reason=None, restore=True
            )
            return
        mode = self._queue.pop(0)
        self.state = _RUNNING[mode]
        self._phase = _Phase(mode=mode)
        try:
            await self._unit.async_send(self._test_state(mode), scheduled=True)
        except HomeAssistantError as err:
            LOGGER.warning("The test cycle of %s stopped: %s", self._unit.config_entry.title, err)
            await self._async_end(CycleState.CANCELLED, reason="command_failed", restore=True)
            return
        # A held command (the reversal) starts the window only once it is released.
        begin = self._protection.release_at or dt_util.utcnow()
        protection_wait = self._protection.min_off
        window = timedelta(minutes=self._minutes)
        self.ends_at = begin + window + (window + protection_wait) * len(self._queue)
        self._set_timer(begin, self._handle_measuring_start)
        self._unit.async_update_listeners()

    def _test_state(self, mode: Mode) -> DesiredState:
        """Return the state that keeps the compressor running in `mode`: the far set point."""
        capabilities = self._unit.capabilities
        assert self._previous is not None  # noqa: S101 - only called while running
        fan = FanSpeed.HIGH if FanSpeed.HIGH in capabilities.fan_speeds else None
        target = capabilities.min_temperature if mode is Mode.COOL else capabilities.max_temperature
        return self._previous.with_changes(
            mode=mode, target_temperature=target, fan_speed=fan, preset=Preset.NONE
        )

    @callback
    def _handle_measuring_start(self, now: datetime) -> None:
        """Take the starting figures of the mode and time its window."""
        assert self._phase is not None  # noqa: S101 - the timer runs only while running
        self._phase.measuring_from = now
        self._phase.room_start_c = self._room_c()
        self._set_timer(now + timedelta(minutes=self._minutes), self._handle_measuring_end)
        self._unit.async_update_listeners()

    @callback
    def _handle_measuring_end(self, _now: datetime) -> None:
        """Judge the mode and go on to the next."""
        phase = self._phase
        assert phase is not None  # noqa: S101 - the timer runs only while running
        phase.room_end_c = self._room_c()
        self.result[phase.mode.value] = phase.judge(self._minutes)
        self._phase = None
        self._unit.config_entry.async_create_task(
            self._hass, self._async_next_mode(), "window_heatpump test cycle"
        )

    @callback
    def _handle_update(self) -> None:
        """Sample power and supply air in a measuring window; cancel if the unit is lost."""
        unit = self._unit
        if not (unit.unit_available and unit.last_update_success):
            unit.config_entry.async_create_task(
                self._hass,
                self._async_end(CycleState.CANCELLED, reason="unit_unavailable", restore=True),
                "window_heatpump test cycle",
            )
            return
        phase = self._phase
        if phase is None or phase.measuring_from is None:
            return
        readings = self._readings
        if (power := readings.power.value) is not None:
            phase.power_w.append(power)
        room = self._room_c()
        if readings.supply_air_sensor is not None and room is not None:
            supply = read_temperature(self._hass, readings.supply_air_sensor).value
            if supply is not None:
                split = (supply - room) * _SIGN[phase.mode]
                phase.split_k = split if phase.split_k is None else max(phase.split_k, split)

    @callback
    def _handle_manual_change(self, _desired: DesiredState) -> None:
        """End the cycle when the user takes the unit back: their command stays."""
        self._unit.config_entry.async_create_task(
            self._hass,
            self._async_end(CycleState.CANCELLED, reason="manual_change", restore=False),
            "window_heatpump test cycle",
        )

    def _room_c(self) -> float | None:
        """Return the room temperature in °C."""
        state = self._unit.state
        if state.current_temperature is None:
            return None
        return to_celsius(state.current_temperature, self._unit.capabilities.temperature_unit)

    async def _async_end(self, state: CycleState, *, reason: str | None, restore: bool) -> None:
        """Stop the cycle, restore the state it started from, and keep the result."""
        previous = self._previous
        if previous is None:
            return
        self._release()
        self._previous = None
        self.state = state
        self.result = {
            **self.result,
            "state": state.value,
            "finished_at": dt_util.utcnow().isoformat(),
            "reason": reason,
        }
        await self._store.async_save({"result": self.result, "restore": None})
        self._unit.async_update_listeners()
        if not restore:
            return
        try:
            await self._unit.async_send(previous, scheduled=True)
        except HomeAssistantError as err:
            LOGGER.warning("The state before the test cycle could not be restored: %s", err)
            return
        # A schedule block that began during the cycle takes over now.
        await self._hand_back()

    def _set_timer(self, when: datetime, action: Any) -> None:
        """Call `action` at `when` (now or later)."""
        if self._unsub_timer is not None:
            self._unsub_timer()
        self._unsub_timer = async_track_point_in_utc_time(self._hass, action, when)

    def _release(self) -> None:
        """Cancel the timer and the listeners."""
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self._phase = None
        self.ends_at = None
