"""The one-way core: what every bridge to a unit that never answers shares.

A one-way unit (infrared, through an emitter, Tasmota or a Zigbee2MQTT blaster) is assumed to be
in the state it was last told, by Home Assistant or by its own remote where a receiver hears it:

- `SettleTimer`: one send per burst of changes. The whole state goes out each time and the unit
  beeps at every frame, so a change waits for the settle time and a newer change restarts it.
- `AssumedStateStore`: the last desired state, kept across restarts (the simulated unit keeps
  its settings the same way, as a real unit keeps them over a restart of Home Assistant).
- `restored`: a stored state made to fit the unit again (its modes, its set point range).
- `assumed`: the state shown for it, with the action a unit in that mode would have.
- `ProtocolEncoder`: an AC protocol's full-state frames (IR emitters, Zigbee2MQTT blasters).
- `EchoFilter`: what the bridge sent lately, so a receiver that hears the bridge's own emitter
  does not take its frames for presses of the unit's remote.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Hashable, Iterable, Mapping
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..model import (
    Action,
    Capabilities,
    DesiredState,
    Mode,
    TemperatureUnit,
    UnitState,
    desired_from_dict,
)
from ..protocols import PROTOCOLS, AcProtocol, IrCommand, ReceivedState, Toggle
from ..storage import EntryStore, store_key
from .base import BridgeConnectionError

STORAGE_VERSION: Final = 1
# Remote presses and echoes come in bursts: one write a few seconds after the first takes the
# burst (pushing the write back on each would never write for a unit that reports often).
SAVE_DELAY_S: Final = 2.0
# How long a frame the bridge sent is taken for its own when a receiver hears it back. By the
# protocols' timings a command lasts about 0.29 s on the air (Midea: the frame and its inverse;
# Coolix: two copies; then 100 ms of silence), so a state and a toggle sent together take about
# 0.6 s; the rest allows for an emitter's repeats and for the receiver's report to cross Wi-Fi
# and the node's API. The window runs from the end of the send. A real press of the same button
# within it is taken for the echo; the remote's next press counts again.
ECHO_WINDOW: Final = timedelta(seconds=3)


def _store(hass: HomeAssistant, store: EntryStore, entry_id: str) -> Store[dict[str, Any]]:
    """Return one of an entry's stores."""
    return Store(hass, STORAGE_VERSION, store_key(store, entry_id))


class AssumedStateStore:
    """Load and save one entry's desired state, and the last mode other than off where kept.

    Stored flat: the desired state's fields, and `last_active_mode` for a bridge that keeps it
    (the IR bridge turns a unit back on in it). `legacy` names a store the bridge wrote before
    this one (the IR bridge's own): read once when this one is empty, moved here, deleted.
    """

    def __init__(
        self, hass: HomeAssistant, entry_id: str, *, legacy: EntryStore | None = None
    ) -> None:
        """Initialize the store of an entry."""
        self._hass = hass
        self._entry_id = entry_id
        self._store = _store(hass, EntryStore.ASSUMED_STATE, entry_id)
        self._legacy = legacy
        self._data: dict[str, Any] | None = None
        self._pending = False
        # The last mode other than off, as loaded (None where not stored or not readable).
        self.last_active: Mode | None = None

    async def async_load(self) -> DesiredState | None:
        """Return the stored state, or None when there is none (or it cannot be read)."""
        data = await self._store.async_load()
        if data is None and self._legacy is not None:
            data = await self._async_migrate(self._legacy)
        if data is None:
            return None
        try:
            desired = desired_from_dict(data)
            last_active = data.get("last_active_mode")
            self.last_active = None if last_active is None else Mode(last_active)
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            LOGGER.warning("Ignoring the stored state of a unit that cannot be read: %s", err)
            return None
        return desired

    @callback
    def save(self, desired: DesiredState, *, last_active: Mode | None = None) -> None:
        """Save a state a little later (at the latest when Home Assistant stops)."""
        self._data = asdict(desired)
        if last_active is not None:
            self._data["last_active_mode"] = last_active.value
        if not self._pending:
            self._pending = True
            self._store.async_delay_save(self._data_to_save, SAVE_DELAY_S)

    async def async_flush(self) -> None:
        """Write a pending save now."""
        self._pending = False
        if self._data is not None:
            await self._store.async_save(self._data)

    def _data_to_save(self) -> dict[str, Any]:
        """Return the latest state for the delayed save (which runs now)."""
        self._pending = False
        assert self._data is not None  # noqa: S101 - a save is only scheduled with one
        return self._data

    async def _async_migrate(self, legacy: EntryStore) -> dict[str, Any] | None:
        """Move what the legacy store holds here (`{"desired": ..., "last_active_mode": ...}`)."""
        old = _store(self._hass, legacy, self._entry_id)
        stored = await old.async_load()
        if stored is None:
            return None
        desired = stored.get("desired") if isinstance(stored, dict) else None
        data = {
            **(desired if isinstance(desired, dict) else {}),
            "last_active_mode": stored.get("last_active_mode"),
        }
        await self._store.async_save(data)
        await old.async_remove()
        return data


class SettleTimer:
    """Run `send` once the changes have settled for `delay_s` seconds."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        delay_s: float,
        send: Callable[[], Coroutine[Any, Any, None]],
    ) -> None:
        """Keep what to run, and for whose entry (its unload cancels a send under way)."""
        self._hass = hass
        self._entry = entry
        self._delay_s = delay_s
        self._send = send
        self._unsub: CALLBACK_TYPE | None = None

    @property
    def pending(self) -> bool:
        """Return whether a change is waiting to be sent."""
        return self._unsub is not None

    @callback
    def restart(self) -> None:
        """Take a change: send after the settle time from now."""
        self.cancel()
        self._unsub = async_call_later(self._hass, self._delay_s, self._settled)

    @callback
    def cancel(self) -> None:
        """Drop the change waiting to be sent."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None

    @callback
    def _settled(self, _now: datetime) -> None:
        """Send the settled state (from the timer)."""
        self._unsub = None
        self._entry.async_create_background_task(
            self._hass, self._send(), f"{DOMAIN} settled frame", eager_start=True
        )


# What a one-way unit is assumed to be doing in each mode (it cannot say).
ASSUMED_ACTIONS: Final[Mapping[Mode, Action]] = {
    Mode.OFF: Action.OFF,
    Mode.COOL: Action.COOLING,
    Mode.HEAT: Action.HEATING,
    Mode.DRY: Action.DRYING,
    Mode.FAN_ONLY: Action.FAN,
    Mode.AUTO: Action.IDLE,
}


def assumed(desired: DesiredState) -> UnitState:
    """Return the state of a unit assumed to do what it was last told: its action a guess."""
    return UnitState(desired=desired, action=ASSUMED_ACTIONS[desired.mode], action_estimated=True)


def restored(desired: DesiredState, capabilities: Capabilities) -> DesiredState | None:
    """Return a stored state with its set point in the unit's range; None in a mode it lacks."""
    if desired.mode not in capabilities.modes:
        return None
    return desired.with_changes(
        target_temperature=capabilities.clamp_temperature(desired.target_temperature)
    )


def room_temperature_wanted(name: str, desired: DesiredState) -> bool:
    """Return whether a room temperature may go out: never to a unit assumed off."""
    if desired.mode is Mode.OFF:
        # A follow-me frame (an IRHVAC command) carries power on: it would start the unit.
        LOGGER.debug("%s: the unit is off; the room temperature is not sent", name)
        return False
    return True


def narrowed_modes(base: Capabilities, modes: tuple[Mode, ...]) -> tuple[Mode, ...]:
    """Return off and the modes the user picked that the encoder has."""
    return (Mode.OFF, *(mode for mode in base.active_modes if mode in modes))


class ProtocolEncoder:
    """Full-state frames of one AC protocol, and its decoder for the receiver."""

    def __init__(self, name: str, unit: TemperatureUnit) -> None:
        """Encode in the protocol called `name` with set points in `unit`."""
        self._protocol: AcProtocol | None = PROTOCOLS.get(name)
        self._unit = unit
        self.name = name

    def capabilities(self, base: Capabilities) -> Capabilities:
        """Return `base` with the protocol's modes, fan speeds, swings and set point range."""
        if (protocol := self._protocol) is None:
            return base
        low, high = protocol.temperature_range(self._unit)
        return replace(
            base,
            modes=narrowed_modes(base, protocol.modes),
            fan_speeds=protocol.fan_speeds,
            swings=protocol.swings,
            presets=protocol.presets,
            follow_me=protocol.follow_me_encoder is not None,
            min_temperature=float(low),
            max_temperature=float(high),
            temperature_step=1.0,
            manufacturer=protocol.brands[0],
            model=f"{protocol.title} IR",
        )

    async def async_prepare(self, hass: HomeAssistant) -> None:  # noqa: ARG002 - FrameEncoder
        """Refuse a protocol this installation does not have (Gree before 2026.10)."""
        if self._protocol is None:
            raise BridgeConnectionError(
                f"the IR protocol {self.name!r} is not available here; "
                f"known: {', '.join(sorted(PROTOCOLS))}"
            )

    def commands(self, desired: DesiredState, previous: DesiredState | None) -> list[IrCommand]:
        """Return the full-state frame and the toggles the change needs."""
        assert self._protocol is not None  # noqa: S101 - async_prepare refused a missing one
        return self._protocol.commands(desired, self._unit, previous)

    def follow_me(self, desired: DesiredState, sensor: float) -> list[IrCommand]:
        """Return the frame that sends `desired` with the room temperature (none: no such frame)."""
        assert self._protocol is not None  # noqa: S101 - async_prepare refused a missing one
        if self._protocol.follow_me_encoder is None:
            return []
        return [self._protocol.follow_me(desired, self._unit, sensor)]

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:
        """Return what a remote's frame says, or None if it is not this protocol's."""
        assert self._protocol is not None  # noqa: S101 - async_prepare refused a missing one
        return self._protocol.decode(timings, self._unit)


class EchoFilter[FrameT: Hashable]:
    """The frames a bridge sent within the echo window, as its receiver decodes them."""

    def __init__(self, name: str, window: timedelta = ECHO_WINDOW) -> None:
        """Name the unit for the log; keep frames for `window` after they were sent."""
        self._name = name
        self._window = window
        self._sent: dict[FrameT, datetime] = {}

    @callback
    def sent(self, frames: Iterable[FrameT | None]) -> None:
        """Take frames as sent now (again at the end of a send: the window runs from there)."""
        now = dt_util.utcnow()
        for frame in frames:
            if frame is not None:
                self._sent[frame] = now

    @callback
    def is_echo(self, frame: FrameT) -> bool:
        """Return whether a received frame is one sent within the window; log it at debug."""
        now = dt_util.utcnow()
        self._sent = {sent: at for sent, at in self._sent.items() if now - at <= self._window}
        if frame not in self._sent:
            return False
        LOGGER.debug(
            "%s: ignored a frame the bridge sent %.1f s ago (its own, heard back): %s",
            self._name,
            (now - self._sent[frame]).total_seconds(),
            frame,
        )
        return True
