"""One unit's control features behind the coordinator's send path and state updates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant

from ..const import CONF_MIN_OFF_SECONDS
from ..model import DesiredState, UnitState
from .protection import DEFAULT_MIN_OFF_S, CompressorProtection

ATTR_HELD_UNTIL = "compressor_held_until"

if TYPE_CHECKING:
    from ..coordinator import WindowHeatPumpCoordinator


class ControlHub:
    """Route a unit's commands through its protections and enrich the states it reports."""

    def __init__(self, hass: HomeAssistant, coordinator: WindowHeatPumpCoordinator) -> None:
        """Initialize the features from the entry's options."""
        self._hass = hass
        self._coordinator = coordinator
        options = coordinator.config_entry.options
        self.protection = CompressorProtection(
            hass,
            coordinator.capabilities,
            coordinator.async_transmit,
            min_off_s=int(options.get(CONF_MIN_OFF_SECONDS, DEFAULT_MIN_OFF_S)),
        )
        self.protection.async_add_listener(coordinator.async_update_listeners)

    def requested(self, reported: DesiredState) -> DesiredState:
        """Return what the user or schedule last asked for: a held command, else `reported`."""
        return self.protection.held or reported

    def climate_attributes(self) -> dict[str, Any] | None:
        """Return what the climate entity shows of the control features."""
        attributes: dict[str, Any] = {}
        if (release := self.protection.release_at) is not None:
            attributes[ATTR_HELD_UNTIL] = release.isoformat()
        return attributes or None

    async def async_submit(self, desired: DesiredState) -> None:
        """Send a command through the protections."""
        await self.protection.async_submit(desired, self._coordinator.data)

    def observe(self, state: UnitState) -> UnitState:
        """Take a state the unit reported; return it as the entities should see it."""
        self.protection.observe(state)
        return state

    def async_stop(self) -> None:
        """Stop timers and listeners (the entry is unloading)."""
        self.protection.async_cancel()
