"""An IR receiver followed for the unit's own remote, and frames that are not the unit's.

Receivers exist from Home Assistant 2026.10 (`infrared.async_subscribe_receiver`); an older
release, or a receiver that is unavailable, leaves the bridge without one until it is back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util

from ...const import LOGGER
from ...inbound import InboundError, ir_timings
from ...model import Capabilities, DesiredState, Swing
from ...protocols import ReceivedState, Toggle

# Unrecognised frames closer together than this are one burst (a remote repeats its frame).
BURST = timedelta(seconds=2)


class ReceiverLink:
    """One receiver, subscribed to while it is available."""

    def __init__(
        self, hass: HomeAssistant, name: str, entity_id: str, on_signal: Callable[[Any], None]
    ) -> None:
        """Keep the receiver and what takes its frames; nothing is followed before `follow`."""
        self._hass = hass
        self._name = name
        self.entity_id = entity_id
        self._on_signal = on_signal
        self._unsub: CALLBACK_TYPE | None = None

    @property
    def subscribed(self) -> bool:
        """Return whether the receiver's frames are followed now."""
        return self._unsub is not None

    @callback
    def follow(self) -> None:
        """Subscribe to the receiver while it is available (from 2026.10, where receivers exist)."""
        receiver = self.entity_id
        state = self._hass.states.get(receiver)
        if state is None or state.state == STATE_UNAVAILABLE:
            self.stop()
            return
        if self._unsub is not None:
            return
        try:
            from homeassistant.components.infrared import (  # noqa: PLC0415 - 2026.10+ only
                async_subscribe_receiver,
            )
        except ImportError:
            LOGGER.warning(
                "%s: this Home Assistant has no IR receivers; %s is not followed",
                self._name,
                receiver,
            )
            return
        try:
            self._unsub = async_subscribe_receiver(self._hass, receiver, self._on_signal)
        except HomeAssistantError as err:
            LOGGER.warning("%s: cannot follow the IR receiver %s: %s", self._name, receiver, err)

    @callback
    def stop(self) -> None:
        """Stop following the receiver."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None


class UnrecognisedFrames:
    """Frames that are not a state the unit has: logged once per burst of them."""

    def __init__(self, name: str, protocol: str) -> None:
        """Name the unit and its protocol for the log."""
        self._name = name
        self._protocol = protocol
        self._last: datetime | None = None

    def log(self) -> None:
        """Log a frame that is not this unit's, unless it is part of a burst already logged."""
        now = dt_util.utcnow()
        if self._last is None or now - self._last > BURST:
            LOGGER.info(
                "%s: ignored an IR frame that is not a %s state this unit has (another remote, "
                "or a damaged frame)",
                self._name,
                self._protocol,
            )
        self._last = now


def decoded(
    decode: Callable[[list[int]], ReceivedState | Toggle | None], signal: Any
) -> ReceivedState | Toggle | None:
    """Return what a receiver's signal says through `decode`; None for timings no remote sends."""
    try:
        return decode(ir_timings(signal.timings))
    except InboundError:
        # Too many timings, a zero, absurd durations: not a frame of any protocol.
        return None


def heard_toggle(toggle: Toggle, capabilities: Capabilities) -> bool:
    """Return whether a toggle frame changes anything the unit is known to have (its swing)."""
    # Off and at least one swing: the toggle flips between them.
    return toggle is Toggle.SWING and len(capabilities.swings) >= 2  # noqa: PLR2004


def heard_change(
    received: ReceivedState | Toggle | None, current: DesiredState, capabilities: Capabilities
) -> DesiredState | None:
    """Return the state a remote's frame sets; None for a frame that is not a state of the unit.

    A toggle (already known to matter: `heard_toggle`) flips the swing; a full state is taken
    with the fan speeds the unit has and its set point in range.
    """
    if isinstance(received, Toggle):
        swing = capabilities.swings[1] if current.swing is Swing.OFF else Swing.OFF
        return current.with_changes(swing=swing)
    if not isinstance(received, ReceivedState) or received.mode not in capabilities.modes:
        return None
    desired = received.apply_to(current)
    if desired.fan_speed not in capabilities.fan_speeds:
        desired = desired.with_changes(fan_speed=current.fan_speed)
    return desired.with_changes(
        target_temperature=capabilities.clamp_temperature(desired.target_temperature)
    )
