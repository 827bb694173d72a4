"""The last desired state of a unit that cannot be asked for it, kept across restarts.

An infrared unit never says what it is doing; what it was last told (by Home Assistant or by
its own remote, where a receiver hears it) is all there is, so it is stored per entry. The
simulated unit keeps its settings the same way, as a real unit keeps them over a restart of
Home Assistant.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store

from ..const import LOGGER
from ..model import DesiredState, desired_from_dict
from ..storage import EntryStore, store_key

STORAGE_VERSION: Final = 1
# Remote presses and echoes come in bursts: one write a few seconds after the first takes the
# burst (pushing the write back on each would never write for a unit that reports often).
SAVE_DELAY_S: Final = 2.0


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of one entry."""
    return Store(hass, STORAGE_VERSION, store_key(EntryStore.ASSUMED_STATE, entry_id))


class AssumedStateStore:
    """Load and save one entry's desired state."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Initialize the store of an entry."""
        self._store = _store(hass, entry_id)
        self._desired: DesiredState | None = None
        self._pending = False

    async def async_load(self) -> DesiredState | None:
        """Return the stored state, or None when there is none (or it cannot be read)."""
        data = await self._store.async_load()
        if data is None:
            return None
        try:
            return desired_from_dict(data)
        except (KeyError, TypeError, ValueError) as err:
            LOGGER.warning("Ignoring the stored state of a unit that cannot be read: %s", err)
            return None

    @callback
    def save(self, desired: DesiredState) -> None:
        """Save a state a little later (at the latest when Home Assistant stops)."""
        self._desired = desired
        if not self._pending:
            self._pending = True
            self._store.async_delay_save(self._data_to_save, SAVE_DELAY_S)

    async def async_flush(self) -> None:
        """Write a pending save now."""
        self._pending = False
        if self._desired is not None:
            await self._store.async_save(asdict(self._desired))

    def _data_to_save(self) -> dict[str, Any]:
        """Return the latest state for the delayed save (which runs now)."""
        self._pending = False
        assert self._desired is not None  # noqa: S101 - a save is only scheduled with one
        return asdict(self._desired)
