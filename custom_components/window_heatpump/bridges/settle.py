"""One send per burst of changes: a slider dragged through ten values becomes one frame.

One-way links (IR frames, an IR blaster on Zigbee) send the whole state each time and the unit
beeps at every frame, so a change waits for the settle time and a newer change restarts it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later

from ..const import DOMAIN


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
