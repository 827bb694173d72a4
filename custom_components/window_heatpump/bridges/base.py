"""The one interface every way of reaching a unit (a bridge) implements.

A bridge only moves unit state across a wire; it holds no entity logic. It reports what
the unit says (or, for one-way bridges, what it is assumed to be) through a listener, and
the coordinator turns that into what entities read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..model import Capabilities, DesiredState, UnitState

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant

    from ..storage import EntryStore

type StateListener = Callable[[UnitState], None]
type AvailabilityListener = Callable[[bool], None]
# Every bridge is built the same way: the entry, and where to report what it sees beside state.
type BridgeFactory = Callable[[HomeAssistant, ConfigEntry[Any], NoticeListener], Bridge]


class BridgeNotice(StrEnum):
    """What a bridge saw beside the unit's state, for the entry's side to act on.

    A bridge raises no Repairs issue and rewrites no entry itself: it says what it saw.
    """

    # A one-way unit did not act on its frames, resends included (data: name, emitter).
    UNIT_NOT_RESPONDING = "unit_not_responding"
    # It acted on a frame since (no data).
    UNIT_RESPONDING = "unit_responding"
    # The device declared new capabilities (data: the entry data to store; the entry reloads).
    NEW_ENTRY_DATA = "new_entry_data"


type NoticeListener = Callable[[BridgeNotice, Mapping[str, Any]], None]


class BridgeError(Exception):
    """A bridge could not do what it was asked."""


class BridgeConnectionError(BridgeError):
    """The unit (or the bridge device in front of it) cannot be reached."""


class BridgeCommandError(BridgeError):
    """The unit was reached but refused or failed a command."""


class BridgeAuthError(BridgeError):
    """The unit refused the credentials it was reached with (a stale token or key)."""


class BridgeProtocolError(BridgeError):
    """The unit answered, but with something malformed, truncated or unexpected."""


class Bridge(Protocol):
    """A transport to one unit."""

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""

    @property
    def pushes(self) -> bool:
        """Return True when the bridge reports changes itself (no polling needed)."""

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Open the transport and start reporting through the two listeners."""

    async def async_close(self) -> None:
        """Stop reporting and release the transport."""

    async def async_get_state(self) -> UnitState:
        """Return the unit's current state (a poll, or the last known one)."""

    async def async_send(self, desired: DesiredState) -> None:
        """Ask the unit to take the whole desired state."""

    def diagnostics(self) -> dict[str, Any]:
        """Return bridge internals worth seeing in a diagnostics download."""


@runtime_checkable
class FollowMe(Protocol):
    """A bridge whose unit regulates on a room temperature it is sent (capabilities.follow_me)."""

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Send the room sensor's temperature (in the unit's temperature unit) to the unit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BridgeSpec:
    """What the rest of the integration needs to know of one bridge, declared by its package.

    `bridges.BRIDGES` holds one per bridge: the config flow builds its menu from them, the
    diagnostics redact what they name, and a test checks each has its flow step and strings.
    """

    # The entry's `bridge` value.
    key: str
    factory: BridgeFactory
    # Keys of the entry's data and of `Bridge.diagnostics()` a download must not show.
    redact: frozenset[str]
    # The unit's stores the bridge writes (removal deletes every `EntryStore` regardless).
    stores: tuple[EntryStore, ...] = ()
    # True when the bridge can raise `BridgeAuthError`, so the flow offers a reauth step.
    reauth: bool = False

    @property
    def step_id(self) -> str:
        """Return the config flow's menu option and step (`async_step_<id>`, its strings)."""
        return self.key
