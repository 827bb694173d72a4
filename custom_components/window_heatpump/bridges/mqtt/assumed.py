"""MQTT dialects that drive a unit one way (by infrared): the state is what it was last told.

The unit never says what it does, so the bridge shows the state it last sent (or heard from the
unit's own remote, where it can), with the action a unit in that mode would have, and keeps it
in `oneway.AssumedStateStore` so that a restart shows the unit as it was left. Each frame makes
the unit beep, so changes within the settle time become one: the state shows a change at once
and the dialect sends the settled state once.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import asdict
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ...const import DEFAULT_SETTLE_TIME, LOGGER
from ...model import Capabilities, DesiredState
from ..base import AvailabilityListener, BridgeConnectionError, BridgeError, StateListener
from ..oneway import AssumedStateStore, SettleTimer, assumed, restored
from .transport import MqttBridge


class AssumedStateMqttBridge(MqttBridge):
    """A one-way MQTT dialect whose state is assumed, sent once settled and kept over restarts."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        capabilities: Capabilities,
        store: AssumedStateStore,
    ) -> None:
        """Initialize the bridge with the entry's store of the assumed state."""
        super().__init__(hass, entry.title, capabilities)
        self._store = store
        self._settle = SettleTimer(hass, entry, DEFAULT_SETTLE_TIME, self._async_flush)
        # What the unit was last told (assumed off until restored), by a frame or its remote.
        self._sent = self._state.desired

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Restore the state the unit was last assumed to be in, then subscribe."""
        if (desired := await self._store.async_load()) is not None and (
            fitting := restored(desired, self._capabilities)
        ) is not None:
            self._state = assumed(fitting)
        self._sent = self._state.desired
        await super().async_connect(on_state, on_availability)

    async def async_close(self) -> None:
        """Drop a change still settling (the state last sent is kept); unsubscribe and store."""
        self._settle.cancel()
        await super().async_close()
        await self._store.async_flush()

    async def async_send(self, desired: DesiredState) -> None:
        """Show the state at once; send it once changes settle."""
        if not self.available:
            raise BridgeConnectionError(f"{self._name} is offline")
        self.set_state(assumed(desired))
        self._settle.restart()

    def diagnostics(self) -> dict[str, Any]:
        """Return the MQTT side, the state last sent and whether a change is settling."""
        return {
            **super().diagnostics(),
            "sent": asdict(self._sent),
            "settling": self._settle.pending,
        }

    @abstractmethod
    async def _async_transmit(self, desired: DesiredState) -> None:
        """Send `desired` to the unit in the dialect's frames; raise BridgeError if it fails."""

    async def _async_flush(self) -> None:
        """Send the settled state; on failure show the state last sent again."""
        desired = self._state.desired
        try:
            await self._async_transmit(desired)
        except BridgeError as err:
            LOGGER.warning("%s: the IR frame could not be sent: %s", self._name, err)
            # A newer change settling meanwhile is still to go out: it stays shown.
            if not self._settle.pending:
                self.set_state(assumed(self._sent))
            return
        self._sent = desired
        self._store.save(desired)

    @callback
    def _take(self, desired: DesiredState) -> None:
        """Take a state the unit was told elsewhere (its remote, another sender): store it.

        It is shown unless a change of ours is settling: that change goes out after it.
        """
        if desired != self._sent:
            self._sent = desired
            self._store.save(desired)
        if not self._settle.pending:
            self.set_state(assumed(desired))
