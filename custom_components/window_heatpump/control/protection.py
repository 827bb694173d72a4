"""Compressor protection: a minimum off time before any restart, and no direct reversal.

It protects the compressor and nothing else. Every command passes
`CompressorProtection.async_submit`. A command that would start the compressor too soon after
it stopped, or reverse it (heating <-> cooling), is split. What cannot start the compressor
goes out at once: the fan speed, the swing, a preset that keeps the direction, and the set point
of a unit kept in fan only or off, with the unit kept where its compressor cannot start (its own
fan only or off; for a reversal fan only, or off where it has none). A unit resting in the same
direction keeps its set point, which its thermostat could start on. Only the compressor's
direction waits: the whole command is held and sent when the off time is over. A newer command
replaces a held one; a held command and the stop time are stored, so after a restart it is held
again until its release (counted from the stored stop) or sent at once if that has passed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..events import HoldChange
from ..model import (
    Capabilities,
    DesiredState,
    Mode,
    UnitState,
    desired_from_dict,
)
from ..storage import EntryStore, store_key
from .compressor import Direction, compressor_running, direction, safe_part

type Transmit = Callable[[DesiredState], Awaitable[None]]

DEFAULT_MIN_OFF_S = 180
MAX_MIN_OFF_S = 1800
# A held command the unit refused is tried again after this long.
RETRY = timedelta(seconds=30)
STORAGE_VERSION = 1
# A set point dragged while a command is held is one write.
SAVE_DELAY_S = 1.0


class ProtectionStatus(StrEnum):
    """What the protection is doing, as its sensor shows it."""

    READY = "ready"
    MIN_OFF_TIME = "min_off_time"
    REVERSAL = "reversal"
    DISABLED = "disabled"


type Announce = Callable[[HoldChange, DesiredState, datetime | None], None]


class CompressorProtection:
    """Hold the part of a command that would restart the compressor too soon or reverse it."""

    def __init__(  # noqa: PLR0913 - the unit, its send path and the user's off time
        self,
        hass: HomeAssistant,
        capabilities: Capabilities,
        transmit: Transmit,
        *,
        entry_id: str,
        min_off_s: int = DEFAULT_MIN_OFF_S,
        announce: Announce | None = None,
    ) -> None:
        """Initialize with the unit's send function and the minimum off time."""
        self._hass = hass
        self._transmit = transmit
        self._announce = announce
        self.min_off = timedelta(seconds=min_off_s)
        # Where a reversal leaves the unit: blowing air, or off where it cannot.
        self._stop_mode = Mode.FAN_ONLY if Mode.FAN_ONLY in capabilities.modes else Mode.OFF
        self.stopped_at: datetime | None = None
        self._running = False
        # Whether the unit says when its compressor runs (else it is inferred, conservatively).
        self._known = False
        self.held: DesiredState | None = None
        self.held_reversal = False
        self.release_at: datetime | None = None
        # While the part of a command that cannot start the compressor goes out.
        self._sending_safe_part = False
        self._unsub_release: CALLBACK_TYPE | None = None
        self._listeners: list[CALLBACK_TYPE] = []
        self._store = Store[dict[str, Any]](
            hass, STORAGE_VERSION, store_key(EntryStore.COMPRESSOR, entry_id)
        )
        # Until the stored hold is loaded, a save would overwrite it.
        self._loaded = False

    @property
    def status(self) -> ProtectionStatus:
        """Return whether a command is held, and why."""
        if not self.min_off:
            return ProtectionStatus.DISABLED
        if self.held is None:
            return ProtectionStatus.READY
        return ProtectionStatus.REVERSAL if self.held_reversal else ProtectionStatus.MIN_OFF_TIME

    @property
    def holding(self) -> bool:
        """Return True while a command is held (or its safe part goes out).

        The unit then reports the state it was kept in, not the one asked for.
        """
        return self.held is not None or self._sending_safe_part

    def restart_allowed_at(self) -> datetime | None:
        """Return when the compressor may start again (None: now, or it is running)."""
        if self._running:
            return None
        return self._release_time()

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
        if running is self._running:
            return
        if self._running:
            self._mark_stopped()
        self._running = running
        self._save()

    async def async_submit(
        self, desired: DesiredState, current: UnitState, *, resumed: bool = False
    ) -> None:
        """Send `desired` now, or what of it cannot start the compressor now and the rest later.

        `resumed`: `desired` was held before a restart (its release is a logbook line).
        """
        was_held = resumed or self.held is not None
        # A reversal held: the compressor was stopped for it and nothing since could start it.
        reversal_held = self.held is not None and self.held_reversal
        unit = current.desired
        wanted = direction(desired.mode, current.action, desired.preset)
        active = direction(unit.mode, current.action, unit.preset)
        reversal = wanted is not None and active is not None and wanted is not active
        if self._may_send(wanted, active, reversal=reversal):
            await self._transmit(desired)
            if wanted is None and active is not None:
                self._stopped_by_command(may_have_run=not self._known)
            self._end_hold(desired, announce=was_held)
            return
        kept = self._stop_mode if reversal else unit.mode
        if (safe := safe_part(desired, unit, current.action, kept)) != unit:
            self._sending_safe_part = True
            try:
                await self._transmit(safe)
            finally:
                self._sending_safe_part = False
        if reversal:
            # The reversal stopped the compressor: the new direction waits the whole off time.
            self._stopped_by_command(may_have_run=not (self._known or reversal_held))
        if safe == desired:
            # Nothing in it could start the compressor (a fan speed, a swing): it all went out.
            self._end_hold(desired, announce=was_held)
            return
        if (release := self._release_time()) is None:
            # The off time ran out while the safe part went out.
            await self._transmit(desired)
            self._end_hold(desired, announce=was_held)
            return
        self._hold(desired, reversal=reversal, release=release, announce=not was_held)

    async def async_load(self, current: UnitState) -> None:
        """Take the stop time and a held command from before a restart; hold or send it now."""
        stored = await self._store.async_load()
        self._loaded = True
        if not stored:
            return
        try:
            stopped = stored["stopped_at"]
            stopped_at = None if stopped is None else dt_util.parse_datetime(str(stopped))
            held = None if stored["held"] is None else desired_from_dict(stored["held"])
            reversal = bool(stored["reversal"])
            was_running = bool(stored["running"])
        except (KeyError, TypeError, ValueError) as err:
            LOGGER.warning("The stored compressor protection cannot be read (%s): ignored", err)
            return
        if was_running and not self._running:
            # It stopped while Home Assistant was down, when is not known: count from now.
            self._mark_stopped()
        elif stopped_at is not None and (self.stopped_at is None or stopped_at > self.stopped_at):
            self.stopped_at = stopped_at
        if held is None:
            self._save()
            return
        if held == current.desired:
            # The unit took it meanwhile: nothing is left to send.
            self._end_hold(held, announce=True)
            return
        try:
            await self.async_submit(held, current, resumed=True)
        except HomeAssistantError as err:
            LOGGER.warning("The held command could not be sent yet (%s); retrying", err)
            self._hold(held, reversal=reversal, release=dt_util.utcnow() + RETRY, announce=False)

    async def async_stop(self) -> None:
        """Stop the release timer and store the hold (the entry is unloading)."""
        self._cancel_timer()
        if self._loaded:
            await self._store.async_save(self._stored())

    def _may_send(
        self, wanted: Direction | None, active: Direction | None, *, reversal: bool
    ) -> bool:
        """Return whether a command going this way may go out whole now."""
        if not self.min_off or wanted is None:
            return True
        if self._running and wanted is active:
            # Running on in the same direction is no restart.
            return True
        if reversal and (self._running or not self._known):
            # The compressor must stop first (or may be running: the unit does not say).
            return False
        # Any other command may start it: a resting unit's thermostat starts on a new set point.
        return self._release_time() is None

    def _hold(
        self, desired: DesiredState, *, reversal: bool, release: datetime, announce: bool
    ) -> None:
        """Hold `desired` until `release`; the logbook hears of the first command held."""
        self._cancel_timer()
        self.held, self.held_reversal, self.release_at = desired, reversal, release
        self._unsub_release = async_track_point_in_utc_time(
            self._hass, self._async_release, release
        )
        if announce:
            LOGGER.info(
                "Holding %s until %s: the compressor stopped less than %s ago",
                desired.mode,
                release.isoformat(),
                self.min_off,
            )
            if self._announce is not None:
                self._announce(HoldChange.HELD, desired, release)
        self._save()
        self._notify()

    def _end_hold(self, sent: DesiredState, *, announce: bool) -> None:
        """Forget a held command now that `sent` went out; the logbook hears of a release."""
        if not announce:
            # The usual command: nothing was held, so nothing to show or store.
            return
        self._cancel_timer()
        self.held = self.release_at = None
        self.held_reversal = False
        if self._announce is not None:
            self._announce(HoldChange.RELEASED, sent, None)
        self._save()
        self._notify()

    def _release_time(self) -> datetime | None:
        """Return when a start is allowed, or None if it is allowed now."""
        if self.stopped_at is None:
            return None
        release = self.stopped_at + self.min_off
        return release if release > dt_util.utcnow() else None

    def _stopped_by_command(self, *, may_have_run: bool) -> None:
        """Take a command that stopped the compressor: if it ran (or may have), count from now."""
        if self._running or may_have_run:
            self._mark_stopped()
            self._running = False
            self._save()

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
        self._end_hold(held, announce=True)

    def _cancel_timer(self) -> None:
        """Cancel the release timer, if any."""
        if self._unsub_release is not None:
            self._unsub_release()
            self._unsub_release = None

    def _save(self) -> None:
        """Store the stop and the held command a moment later (also when Home Assistant stops)."""
        if self._loaded:
            self._store.async_delay_save(self._stored, SAVE_DELAY_S)

    def _stored(self) -> dict[str, Any]:
        """Return what survives a restart."""
        return {
            "stopped_at": None if self.stopped_at is None else self.stopped_at.isoformat(),
            "running": self._running,
            "held": None if self.held is None else asdict(self.held),
            "reversal": self.held_reversal,
        }

    def _notify(self) -> None:
        """Tell the entities that show the protection."""
        for listener in list(self._listeners):
            listener()
