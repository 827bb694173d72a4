"""The port: everything a feature (care, control, schedules) may ask of its unit.

The coordinator implements it and hands it to the features it builds; a feature never
imports the coordinator, so what it can reach of the unit is this page and nothing more.
A Protocol costs nothing at run time: a feature calls the coordinator's methods directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE

from .const import Reads
from .model import Capabilities, DesiredState, Mode, UnitState

type ManualChangeListener = Callable[[DesiredState], None]


class UnitPort(Protocol):
    """One unit as its features see it."""

    # What the unit is.

    @property
    def config_entry(self) -> ConfigEntry[Any]:
        """Return the unit's entry: its id, title and options, and the tasks it owns."""

    @property
    def device_key(self) -> str:
        """Return what the unit's device (and its events) are keyed by."""

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""

    @property
    def time_scale(self) -> float:
        """Return how many seconds of the unit's time pass per real second (1 but simulated)."""

    # Its state.

    @property
    def state(self) -> UnitState:
        """Return the unit's current state, as the entities see it."""

    @property
    def desired(self) -> DesiredState:
        """Return the state the unit was last asked for, a held command included."""

    @property
    def unit_available(self) -> bool:
        """Return False while the bridge cannot see the unit."""

    @property
    def last_update_success(self) -> bool:
        """Return False after a refresh failed, until one works."""

    def remember_active_mode(self, mode: Mode) -> None:
        """Keep `mode` (unless off) as the one turn_on goes back to."""

    def async_show_state(self, state: UnitState, *reads: Reads) -> None:
        """Show the current state as a feature enriched it, to the readers of `reads`."""

    # Commands.

    async def async_send(self, desired: DesiredState, *, scheduled: bool = False) -> None:
        """Send a whole desired state through the protections, or raise a translated error."""

    async def async_transmit(self, desired: DesiredState) -> None:
        """Hand a desired state to the bridge now, or raise a translated error."""

    # Listening.

    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Call `update_callback` on each refresh and availability change; return the remover."""

    def async_update_listeners(self) -> None:
        """Call every listener (what a feature shows changed on its own)."""

    def async_add_reader(self, update_callback: CALLBACK_TYPE, reads: Reads) -> CALLBACK_TYPE:
        """Call `update_callback` on each push that may change `reads`; return the remover."""

    def async_update_readers(self, *reads: Reads) -> None:
        """Call the readers of `reads` (a feature's own figures changed)."""

    def async_add_manual_change_listener(self, listener: ManualChangeListener) -> CALLBACK_TYPE:
        """Call `listener` after each command that is not a feature's own; return the remover."""
