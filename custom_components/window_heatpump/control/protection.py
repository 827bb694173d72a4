"""Compressor protection: a minimum off time before any restart, and no direct reversal.

Every command passes `CompressorProtection.async_submit`. A command that would start the
compressor too soon after it stopped, or reverse it (heating <-> cooling), is held, never
dropped: a reversal stops the compressor at once (fan only, or off), and the held command is
sent when the off time is over. A newer command replaces a held one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from enum import StrEnum

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..model import Action, Capabilities, DesiredState, Mode, UnitState

type Transmit = Callable[[DesiredState], Awaitable[None]]

DEFAULT_MIN_OFF_S = 180
MAX_MIN_OFF_S = 1800
# A held command the unit refused is tried again after this long.
RETRY = timedelta(seconds=30)

_RUNNING_ACTIONS = (Action.HEATING, Action.COOLING, Action.DRYING, Action.DEFROSTING)


class Direction(StrEnum):
    """Which way the refrigerant cycle runs."""

    HEAT = "heat"
    COOL = "cool"


class ProtectionStatus(StrEnum):
    """What the protection is doing, as its sensor shows it."""

    READY = "ready"
    MIN_OFF_TIME = "min_off_time"
    REVERSAL = "reversal"
    DISABLED = "disabled"


def direction(mode: Mode, action: Action | None = None) -> Direction | None:
    """Return the cycle direction a mode runs the compressor in (AUTO: from the action)."""
    if mode is Mode.HEAT:
        return Direction.HEAT
    if mode in (Mode.COOL, Mode.DRY):
        return Direction.COOL
    if mode is Mode.AUTO:
        if action in (Action.HEATING, Action.DEFROSTING):
            return Direction.HEAT
        if action in (Action.COOLING, Action.DRYING):
            return Direction.COOL
        # Either way may come next: treat it as a start in an unknown direction.
        return Direction.HEAT
    return None


def compressor_running(state: UnitState) -> bool:
    """Return whether the compressor runs, from the unit's report or its action."""
    if state.compressor_running is not None:
        return state.compressor_running
    return state.action in _RUNNING_ACTIONS


class CompressorProtection:
    """Hold commands that would restart the compressor too soon or reverse it."""

    def __init__(
        self,
        hass: HomeAssistant,
        capabilities: Capabilities,
        transmit: Transmit,
        *,
        min_off_s: int = DEFAULT_MIN_OFF_S,
    ) -> None:
        """Initialize with the unit's send function and the minimum off time."""
        self._hass = hass
        self._capabilities = capabilities
        self._transmit = transmit
        self.min_off = timedelta(seconds=min_off_s)
        self.stopped_at: datetime | None = None
        self._running = False
        # Whether the unit says when its compressor runs (else it is inferred, conservatively).
        self._known = False
        self.held: DesiredState | None = None
        self.held_reversal = False
        self.release_at: datetime | None = None
        self._unsub_release: CALLBACK_TYPE | None = None
        self._listeners: list[CALLBACK_TYPE] = []

    @property
    def status(self) -> ProtectionStatus:
        """Return whether a command is held, and why."""
        if not self.min_off:
            return ProtectionStatus.DISABLED
        if self.held is None:
            return ProtectionStatus.READY
        return ProtectionStatus.REVERSAL if self.held_reversal else ProtectionStatus.MIN_OFF_TIME

    def restart_allowed_at(self) -> datetime | None:
        """Return when the compressor may start again (None: now, or it is running)."""
        if self._running or self.stopped_at is None:
            return None
        allowed = self.stopped_at + self.min_off
        return allowed if allowed > dt_util.utcnow() else None

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `listener` when a command is held or released; return the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def observe(self, state: UnitState) -> None:
        """Follow the compressor: the off time counts from the moment it is seen to stop."""
        self._known = state.compressor_running is not None
        running = compressor_running(state)
        if self._running and not running:
            self._mark_stopped()
        self._running = running

    async def async_submit(self, desired: DesiredState, current: UnitState) -> None:
        """Send `desired` now, or hold it until the compressor may start in its direction."""
        was_held = self.held is not None
        self._cancel_hold()
        try:
            wanted = direction(desired.mode, current.action)
            active = direction(current.desired.mode, current.action)
            if not self.min_off or wanted is None:
                if active is not None:
                    await self._async_transmit_stop(desired)
                else:
                    await self._transmit(desired)
                return
            if self._running and wanted is active:
                # Running on in the same direction is no restart.
                await self._transmit(desired)
                return
            # Any other command may start the compressor (a resting unit's thermostat starts
            # it on a new set point at once), so it waits for the off time too.
            reversal = active is not None and wanted is not active
            if reversal and (self._running or not self._known):
                # Stop the compressor now; the new direction waits for the whole off time.
                await self._async_transmit_stop(self._stopped_state(current.desired))
            release = self._release_time()
            if release is None:
                await self._transmit(desired)
                return
            self.held, self.held_reversal, self.release_at = desired, reversal, release
            LOGGER.info(
                "Holding %s until %s: the compressor stopped less than %s ago",
                desired.mode,
                release.isoformat(),
                self.min_off,
            )
            self._unsub_release = async_track_point_in_utc_time(
                self._hass, self._async_release, release
            )
        finally:
            # A command sent at once changes what the protection shows only if one was held.
            if was_held or self.held is not None:
                self._notify()

    @callback
    def async_cancel(self) -> None:
        """Drop the held command (the entry is unloading)."""
        self._cancel_hold()

    def _release_time(self) -> datetime | None:
        """Return when a start is allowed, or None if it is allowed now."""
        if self.stopped_at is None:
            return None
        release = self.stopped_at + self.min_off
        return release if release > dt_util.utcnow() else None

    def _stopped_state(self, desired: DesiredState) -> DesiredState:
        """Return `desired` with the compressor stopped: fan only where the unit has it."""
        mode = Mode.FAN_ONLY if Mode.FAN_ONLY in self._capabilities.modes else Mode.OFF
        return desired.with_changes(mode=mode)

    async def _async_transmit_stop(self, desired: DesiredState) -> None:
        """Send a state that stops the compressor, and start the off time now."""
        await self._transmit(desired)
        if self._running or not self._known:
            self._mark_stopped()
        self._running = False

    def _mark_stopped(self) -> None:
        """Start counting the off time from now."""
        now = dt_util.utcnow()
        if self.stopped_at is None or now > self.stopped_at:
            self.stopped_at = now

    async def _async_release(self, _now: datetime) -> None:
        """Send the held command once the off time is over."""
        self._unsub_release = None
        held = self.held
        if held is None:
            return
        if (release := self._release_time()) is not None:
            # The compressor was seen stopping again meanwhile; wait out the new off time.
            self.release_at = release
            self._unsub_release = async_track_point_in_utc_time(
                self._hass, self._async_release, release
            )
            return
        try:
            await self._transmit(held)
        except HomeAssistantError as err:
            LOGGER.warning("The held command could not be sent yet (%s); retrying", err)
            self.release_at = dt_util.utcnow() + RETRY
            self._unsub_release = async_track_point_in_utc_time(
                self._hass, self._async_release, self.release_at
            )
            return
        self.held = self.release_at = None
        self.held_reversal = False
        self._notify()

    def _cancel_hold(self) -> None:
        """Forget a held command and its timer (a newer command replaces it)."""
        if self._unsub_release is not None:
            self._unsub_release()
            self._unsub_release = None
        self.held = self.release_at = None
        self.held_reversal = False

    def _notify(self) -> None:
        """Tell the entities that show the protection."""
        for listener in list(self._listeners):
            listener()
