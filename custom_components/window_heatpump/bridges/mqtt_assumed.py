"""MQTT dialects that drive a unit one way (by infrared): the state is what it was last told.

The unit never says what it does, so the bridge shows the state it last sent (or heard from the
unit's own remote, where it can), with the action a unit in that mode would have, and keeps it
in `AssumedStateStore` so that a restart shows the unit as it was left.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from homeassistant.core import HomeAssistant, callback

from ..bridge import AvailabilityListener, StateListener
from ..model import Action, Capabilities, DesiredState, Mode, UnitState
from .assumed_state import AssumedStateStore
from .mqtt import MqttBridge

# What a one-way unit is assumed to be doing in each mode (it cannot say).
ASSUMED_ACTIONS: Final[Mapping[Mode, Action]] = {
    Mode.OFF: Action.OFF,
    Mode.COOL: Action.COOLING,
    Mode.HEAT: Action.HEATING,
    Mode.DRY: Action.DRYING,
    Mode.FAN_ONLY: Action.FAN,
    Mode.AUTO: Action.IDLE,
}


class AssumedStateMqttBridge(MqttBridge):
    """A one-way MQTT dialect whose state is assumed and survives restarts."""

    def __init__(
        self,
        hass: HomeAssistant,
        name: str,
        capabilities: Capabilities,
        store: AssumedStateStore,
    ) -> None:
        """Initialize the bridge with the entry's store of the assumed state."""
        super().__init__(hass, name, capabilities)
        self._store = store

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Restore the state the unit was last assumed to be in, then subscribe."""
        if (desired := await self._store.async_load()) is not None and (
            desired.mode in self._capabilities.modes
        ):
            self._state = self._assumed(
                desired.with_changes(
                    target_temperature=self._capabilities.clamp_temperature(
                        desired.target_temperature
                    )
                )
            )
        await super().async_connect(on_state, on_availability)

    async def async_close(self) -> None:
        """Unsubscribe and write the assumed state now."""
        await super().async_close()
        await self._store.async_flush()

    @callback
    def _take(self, desired: DesiredState) -> None:
        """Make `desired` the assumed state, report it and store it."""
        state = self._assumed(desired)
        if state != self._state:
            self._store.save(desired)
        self.set_state(state)

    @staticmethod
    def _assumed(desired: DesiredState) -> UnitState:
        """Return the state of a unit assumed to do what it was last told."""
        return UnitState(desired=desired, action=ASSUMED_ACTIONS[desired.mode])
