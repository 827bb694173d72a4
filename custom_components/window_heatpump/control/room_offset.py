"""The set point offset of room-sensor regulation: its filter, and what was shifted to what."""

from __future__ import annotations

from datetime import datetime
import math
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..model import DesiredState
from ..storage import EntryStore, store_key

# The offset's moving average (time constant), so the set point does not chase every 0.1 K.
OFFSET_TAU_S: Final = 600.0
# The set point sent moves once the averaged offset is this share of a step from where it is.
OFFSET_HYSTERESIS_STEPS: Final = 0.75
STORAGE_VERSION: Final = 1
SAVE_DELAY_S: Final = 10


class OffsetFilter:
    """What the unit reads above the room: averaged, on the unit's step grid, capped."""

    def __init__(self, *, step: float, cap: float) -> None:
        """Initialize with the unit's set point step and the cap (both in its unit)."""
        self._step = step
        self._cap = cap
        self._average: float | None = None
        self._at: datetime | None = None
        self.offset = 0.0

    def reset(self) -> None:
        """Start the average again (the room sensor was away)."""
        self._average = self._at = None

    def update(self, raw: float, now: datetime) -> None:
        """Fold one difference (unit reading minus room) into the average and the offset."""
        if self._average is None or self._at is None:
            self._average = raw
        else:
            elapsed = max(0.0, (now - self._at).total_seconds())
            self._average += (raw - self._average) * (1.0 - math.exp(-elapsed / OFFSET_TAU_S))
        self._at = now
        step = self._step
        if abs(self._average - self.offset) >= step * OFFSET_HYSTERESIS_STEPS:
            snapped = round(self._average / step) * step
            self.offset = max(-self._cap, min(self._cap, snapped))


class ShiftMemory:
    """The desired state asked for beside the shifted one sent, its set points kept on disk.

    A unit reports the set point it was sent; after a restart the stored pair tells the shifted
    one from the user's, or the offset would be added again on top of it.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Initialize with nothing sent yet."""
        self._store: Store[dict[str, float]] = Store(
            hass, STORAGE_VERSION, store_key(EntryStore.ROOM_SHIFT, entry_id)
        )
        self.user: DesiredState | None = None
        self.sent: DesiredState | None = None
        # The pair before: a unit may report the state it had once more before it echoes.
        self._earlier: tuple[DesiredState, DesiredState] | None = None

    async def async_load(self, reported: DesiredState) -> None:
        """Take the pair stored before a restart if the unit still holds the shifted set point."""
        stored = await self._store.async_load()
        if stored and stored.get("sent") == reported.target_temperature:
            self.sent = reported
            self.user = reported.with_changes(target_temperature=float(stored["user"]))

    def asked(self, reported: DesiredState) -> DesiredState | None:
        """Return what was asked for where `reported` is what was sent for it, else None."""
        if self.sent is not None and (reported is self.sent or reported == self.sent):
            return self.user
        if self._earlier is not None and reported == self._earlier[0]:
            return self._earlier[1]
        return None

    def remember(self, user: DesiredState, sent: DesiredState) -> None:
        """Keep what was asked and what was sent; store the set points."""
        if self.sent is not None and self.user is not None and self.sent != sent:
            self._earlier = (self.sent, self.user)
        self.user, self.sent = user, sent
        targets = {"user": user.target_temperature, "sent": sent.target_temperature}
        self._store.async_delay_save(lambda: targets, SAVE_DELAY_S)

    def forget(self) -> None:
        """Forget the pair (the unit was set at its own remote)."""
        self.user = self.sent = None
        self._earlier = None
        self._store.async_delay_save(dict, SAVE_DELAY_S)
