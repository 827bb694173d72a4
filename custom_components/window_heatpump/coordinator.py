"""The coordinator: one per unit, owns its bridge and holds the state every entity reads."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any, override

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .bridges.base import (
    Bridge,
    BridgeAuthError,
    BridgeConnectionError,
    BridgeError,
    FollowMe,
)
from .care import CareTracker
from .connection import ConnectionWatch, update_failed
from .const import DOMAIN, LOGGER, Reads
from .control.hub import ControlHub
from .control.room_sensor import RoomRegulation
from .learning.room import LearnedRoom
from .learning.warmup import WarmUp
from .model import Capabilities, DesiredState, Mode, UnitState
from .port import ManualChangeListener, UnitPort
from .schedules.engine import ScheduleEngine

type WindowHeatPumpConfigEntry = ConfigEntry[WindowHeatPumpCoordinator]

# Only for bridges that cannot push; a window unit's state changes on a scale of minutes.
POLL_INTERVAL = timedelta(seconds=30)
# While a polled unit cannot be reached the interval doubles up to this, so a unit that is
# unplugged for the summer is not knocked on twice a minute; the first answer resets it.
MAX_POLL_INTERVAL = timedelta(minutes=5)


# What a push may have changed, by (care changed, control figures changed).
_PUSHED: dict[tuple[bool, bool], tuple[Reads, ...]] = {
    (False, False): (Reads.STATE,),
    (True, False): (Reads.STATE, Reads.CARE),
    (False, True): (Reads.STATE, Reads.CONTROL),
    (True, True): (Reads.STATE, Reads.CARE, Reads.CONTROL),
}


def _auth_failed(err: BridgeAuthError) -> ConfigEntryAuthFailed:
    """Return the error that makes Home Assistant ask the user for new credentials."""
    return ConfigEntryAuthFailed(
        translation_domain=DOMAIN,
        translation_key="auth_failed",
        translation_placeholders={"error": str(err)},
    )


class WindowHeatPumpCoordinator(DataUpdateCoordinator[UnitState]):
    """Hold the latest state of one unit, take its bridge's pushes, send it commands.

    It implements the features' port (port.UnitPort) and builds the features, handing each
    the port and the sibling it needs; the features never reach back for the coordinator.
    """

    config_entry: WindowHeatPumpConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: WindowHeatPumpConfigEntry, bridge: Bridge
    ) -> None:
        """Initialize the coordinator for the unit behind `bridge`."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} {entry.title}",
            update_interval=None if bridge.pushes else POLL_INTERVAL,
            always_update=False,
        )
        self.bridge = bridge
        capabilities = bridge.capabilities
        # What the unit's device and entities are keyed by.
        self.device_key = entry.unique_id or entry.entry_id
        self.device_info = DeviceInfo(
            identifiers={(DOMAIN, self.device_key)},
            name=entry.title,
            manufacturer=capabilities.manufacturer,
            model=capabilities.model,
            sw_version=capabilities.firmware,
        )
        self.unit_available = True
        self.connection = ConnectionWatch(hass, entry)
        self.last_active_mode: Mode = bridge.capabilities.default_active_mode
        self._manual_change_listeners: list[ManualChangeListener] = []
        # Who hears a pushed state, by what they read; our own registry, beside the
        # coordinator's listeners (which hear every refresh), so a push wakes only them.
        self._readers: dict[Reads, list[CALLBACK_TYPE]] = {}
        # The readers of each set of `Reads`, found again after any was added or removed.
        self._found: dict[tuple[Reads, ...], tuple[CALLBACK_TYPE, ...]] = {}
        # Typed as the port: mypy checks here that the coordinator is one.
        port: UnitPort = self
        self.room = RoomRegulation(
            hass,
            port,
            send_room_temperature=(
                bridge.async_send_room_temperature
                if capabilities.follow_me and isinstance(bridge, FollowMe)
                else None
            ),
        )
        self.care = CareTracker(hass, port)
        self.control = ControlHub(hass, port, hand_back=self._async_hand_back)
        test_cycle = self.control.test_cycle
        lockout = self.control.lockout
        self.learning = learning = LearnedRoom(
            hass, port, outdoor=lambda state: lockout.read_outdoor(state.outdoor_temperature).value
        )
        lockout.learned_balance = lambda: learning.trusted_balance_point
        learning.other_heat = lambda: lockout.handed_over
        if (heat_source := self.control.heat_source) is not None:
            heat_source.learned_capacity = lambda outdoor: (
                None
                if (figures := learning.trusted_figures) is None
                else figures.capacity_w(outdoor)
            )
        self.warm_up = WarmUp(
            hass,
            port,
            figures=lambda: learning.trusted_figures,
            outdoor_now=learning.outdoor_now,
        )
        self.schedules = ScheduleEngine(
            hass, port, unit_taken=lambda: test_cycle.running, lead_time=self.warm_up
        )

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""
        return self.bridge.capabilities

    @property
    def time_scale(self) -> float:
        """Return how many seconds of the unit's time pass per real second (1 but simulated)."""
        return self.bridge.capabilities.time_scale

    @property
    def state(self) -> UnitState:
        """Return the unit's current state, as the entities see it."""
        return self.data

    @property
    def desired(self) -> DesiredState:
        """Return the state the unit was last asked for, a held command included."""
        return self.control.requested(self.data.desired)

    async def async_start_features(self) -> None:
        """Start control and the schedules once the unit's state is known; stop them on unload."""
        entry = self.config_entry
        await self.control.async_start()
        entry.async_on_unload(self.control.async_stop)
        await self.room.async_start()
        entry.async_on_unload(self.room.async_stop)
        await self.learning.async_start()
        entry.async_on_unload(self.learning.async_stop)
        await self.schedules.async_start()
        entry.async_on_unload(self.schedules.async_stop)
        # After the schedules: a cycle a restart interrupted hands the unit back to them.
        await self.control.test_cycle.async_load()

    async def _async_hand_back(self) -> None:
        """Let a schedule block that began while a test cycle had the unit take over."""
        await self.schedules.async_reapply()

    @override
    async def _async_setup(self) -> None:
        """Load the care counts, then open the bridge before the first refresh."""
        await self.care.async_start()
        try:
            await self.bridge.async_connect(self._handle_state, self._handle_availability)
        except BridgeAuthError as err:
            raise _auth_failed(err) from err
        except BridgeError as err:
            self.connection.failed(err)
            raise update_failed(err, connecting=True) from err

    @override
    async def _async_update_data(self) -> UnitState:
        """Read the unit's state from the bridge."""
        try:
            state = await self.bridge.async_get_state()
        except BridgeAuthError as err:
            # A stale token or key does not heal by retrying: Home Assistant starts a reauth.
            raise _auth_failed(err) from err
        except BridgeError as err:
            self.care.async_set_available(available=False)
            self._back_off()
            if self.connection.failed(err) and not self.last_update_success:
                # Home Assistant tells the entities of a failure only after a success: one of
                # another kind after a failure, the connection sensor must hear of itself.
                self.async_update_listeners()
            raise update_failed(err) from err
        self.connection.answered()
        if not self.bridge.pushes:
            self.update_interval = POLL_INTERVAL
        state = self.room.incoming(state)
        self._remember_reported_mode(state)
        state = self.control.observe_report(state)
        self.care.async_update(state)
        self.room.observe(dt_util.utcnow())
        # The learned room learns from the room's reading where a room sensor is linked.
        state = self.room.shown(state)
        self.learning.observe(state)
        return state

    def _back_off(self) -> None:
        """Poll an unreachable unit less and less often, up to MAX_POLL_INTERVAL."""
        if self.update_interval is not None:
            self.update_interval = min(self.update_interval * 2, MAX_POLL_INTERVAL)

    @override
    async def async_shutdown(self) -> None:
        """Close the bridge along with the coordinator; store the care counts."""
        await super().async_shutdown()
        # The care counts are stored even when a bridge that never opened fails to close.
        try:
            await self.bridge.async_close()
        finally:
            await self.care.async_stop()

    @callback
    def async_add_manual_change_listener(self, listener: ManualChangeListener) -> CALLBACK_TYPE:
        """Call `listener` after each command that is not the schedule's; return the remover."""
        self._manual_change_listeners.append(listener)
        return lambda: self._manual_change_listeners.remove(listener)

    async def async_send(self, desired: DesiredState, *, scheduled: bool = False) -> None:
        """Send a whole desired state to the unit, or raise a translated error.

        Every command takes this one path, so the control features' protections cover them
        all (a command may be held, never dropped); only the schedule engine and the test
        cycle pass `scheduled`, and every other command counts as a manual change.
        """
        await self.control.async_submit(desired)
        self.remember_active_mode(desired.mode)
        if not scheduled:
            for listener in list(self._manual_change_listeners):
                listener(desired)

    async def async_transmit(self, desired: DesiredState) -> None:
        """Hand a desired state to the bridge now, or raise a translated error."""
        try:
            await self.bridge.async_send(self.room.outgoing(desired))
        except BridgeConnectionError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="unit_unavailable",
                translation_placeholders={"name": self.config_entry.title},
            ) from err
        except BridgeError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        if not self.bridge.pushes:
            # Read the unit back, so the next command starts from what it took.
            await self.async_refresh()

    def remember_active_mode(self, mode: Mode) -> None:
        """Keep the last mode other than off, for turn_on."""
        if mode is not Mode.OFF:
            self.last_active_mode = mode

    def _remember_reported_mode(self, state: UnitState) -> None:
        """Keep the mode the unit reports, unless it is where the protection keeps it."""
        if not self.control.protection.holding:
            self.remember_active_mode(state.desired.mode)

    @callback
    def _handle_state(self, state: UnitState) -> None:
        """Take a state pushed by the bridge; wake only the entities that read what changed.

        A unit has some twenty entities and most of its messages change one reading: asking
        each of them whether it changed cost more than the message itself.
        """
        self.connection.answered()
        previous = self.data
        state = self.room.incoming(state)
        if previous is None or state.desired is not previous.desired:
            # A reading alone (most messages) keeps the desired state it was copied with.
            self._remember_reported_mode(state)
        state = self.control.observe_report(state)
        pushed = _PUSHED[self.care.async_update(state), self.control.figures_changed]
        self.room.observe(dt_util.utcnow())
        state = self.room.shown(state)
        self.learning.observe(state)
        if not self.last_update_success:
            # After a failed refresh, every entity is available again.
            self.async_set_updated_data(state)
            return
        # The readers are all there is to tell (async_set_updated_data cost a tenth of a push
        # and wakes every entity); a polled unit keeps its poll schedule.
        self.data = state
        self.async_update_readers(*pushed)

    @callback
    def async_show_state(self, state: UnitState, *reads: Reads) -> None:
        """Show the current state as a feature enriched it, to the readers of `reads`.

        Not async_set_updated_data: that would mark an unreachable unit reachable again and
        move a polling bridge's next poll.
        """
        self.data = state
        self.async_update_readers(*reads)

    @callback
    def async_add_reader(self, update_callback: CALLBACK_TYPE, reads: Reads) -> CALLBACK_TYPE:
        """Call `update_callback` on each pushed state that may change what `reads` covers.

        Return the remover. Refreshes and availability reach the coordinator's listeners
        (async_add_listener), not the readers: a reader that needs those listens there too,
        as every CoordinatorEntity does. The remover is a partial of a method, not a closure:
        a unit has some forty readers, and a closure with its cells cost 0.4 KB each.
        """
        self._readers.setdefault(reads, []).append(update_callback)
        self._found.clear()
        return partial(self._remove_reader, reads, update_callback)

    @callback
    def _remove_reader(self, reads: Reads, update_callback: CALLBACK_TYPE) -> None:
        """Stop calling `update_callback` for `reads`."""
        self._readers[reads].remove(update_callback)
        self._found.clear()

    @callback
    def async_update_readers(self, *reads: Reads) -> None:
        """Call the readers of `reads` (a push, or a feature's own figures changed)."""
        if (found := self._found.get(reads)) is None:
            readers = self._readers
            found = self._found[reads] = tuple(
                update_callback for read in reads for update_callback in readers.get(read, ())
            )
        for update_callback in found:
            try:
                update_callback()
            except Exception:
                # As DataUpdateCoordinator does: one faulty listener must not stop the rest.
                self.logger.exception(
                    "Unexpected error updating listener %s for %s", id(update_callback), self.name
                )

    @callback
    def _handle_availability(self, available: bool) -> None:  # noqa: FBT001
        """Take the unit's availability from the bridge; log each change once."""
        if available is self.unit_available:
            return
        self.unit_available = available
        self.care.async_set_available(available=available)
        if available:
            LOGGER.info("%s is reachable again", self.config_entry.title)
        else:
            LOGGER.info("%s is unreachable", self.config_entry.title)
        self.async_update_listeners()

    def diagnostics(self) -> dict[str, Any]:
        """Return the coordinator's view for diagnostics."""
        return {
            "unit_available": self.unit_available,
            "last_update_success": self.last_update_success,
            "last_active_mode": self.last_active_mode,
            "connection": self.connection.state,
            "polling_interval_s": (
                None if self.update_interval is None else self.update_interval.total_seconds()
            ),
            "care": self.care.diagnostics(),
            "room_sensor": self.room.diagnostics(),
            "learning": self.learning.diagnostics(),
        }
