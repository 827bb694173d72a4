"""Room-sensor regulation: the unit holds the room's set point where people are, not at its intake.

Follow Me sends the room sensor's temperature to a unit that regulates on it; the offset shifts
the set point sent by what the unit reads above the room. Either falls back to the unit's own
regulation at once when the sensor is unavailable or stale.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
import math
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import CONF_HUMIDITY_SENSOR, CONF_TEMPERATURE_SENSOR, LOGGER, Reads
from ..model import Capabilities, DesiredState, Mode, UnitState, from_celsius
from ..port import UnitPort
from ..storage import EntryIssue, async_clear_issue, async_raise_issue
from .readings import read_temperature
from .room_offset import OffsetFilter, ShiftMemory

CONF_REGULATION: Final = "regulation"
CONF_OFFSET_CAP: Final = "offset_cap"
DEFAULT_OFFSET_CAP: Final = 3.0
MAX_OFFSET_CAP: Final = 6.0
ATTR_REGULATED_ON: Final = "regulated_on"
ATTR_ROOM_REGULATION: Final = "room_regulation"
# A Midea remote in Follow Me re-sends the room temperature while it changes and every few
# minutes, or the unit takes its own sensor back; an IR automation of the same (Home Assistant
# community, "Midea C-Sense/Comfort Sense/Follow Me via HA IR") offers 1, 2 or 5 minutes.
FOLLOW_ME_INTERVAL: Final = timedelta(minutes=2)
# A sensor that reports on change alone may be quiet for long in a steady room; an hour without
# a report (a repeated value counts) is a sensor gone.
STALE_AFTER: Final = timedelta(minutes=60)
# A sensor away this long raises a Repairs issue (a short drop-out does not).
ISSUE_AFTER: Final = timedelta(minutes=15)
CHECK_INTERVAL: Final = timedelta(seconds=30)
FULL_PCT: Final = 100.0


class Regulation(StrEnum):
    """On what the unit regulates when a room sensor is linked."""

    FOLLOW_ME = "follow_me"
    OFFSET = "offset"
    OFF = "off"


@dataclass(frozen=True, slots=True, kw_only=True)
class RoomSensorSettings:
    """The room sensor and the regulation chosen for it (from the entry's data)."""

    temperature_sensor: str | None = None
    humidity_sensor: str | None = None
    regulation: Regulation = Regulation.OFF
    offset_cap_k: float = DEFAULT_OFFSET_CAP

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RoomSensorSettings:
        """Return the settings an entry's data holds."""
        try:
            regulation = Regulation(data.get(CONF_REGULATION, Regulation.OFF))
        except ValueError:
            regulation = Regulation.OFF
        return cls(
            temperature_sensor=data.get(CONF_TEMPERATURE_SENSOR) or None,
            humidity_sensor=data.get(CONF_HUMIDITY_SENSOR) or None,
            regulation=regulation,
            offset_cap_k=float(data.get(CONF_OFFSET_CAP, DEFAULT_OFFSET_CAP)),
        )


def offers_offset(capabilities: Capabilities) -> bool:
    """Return whether the unit has its own reading to shift the set point by."""
    return capabilities.reports_current_temperature and not capabilities.assumed_state


def regulations(capabilities: Capabilities) -> list[Regulation]:
    """Return the regulations a unit offers, its best first."""
    offered = [Regulation.FOLLOW_ME] if capabilities.follow_me else []
    if offers_offset(capabilities):
        offered.append(Regulation.OFFSET)
    return [*offered, Regulation.OFF]


def _humidity(hass: HomeAssistant, entity_id: str | None) -> float | None:
    """Return a humidity sensor's reading in %, or None."""
    state = None if entity_id is None else hass.states.get(entity_id)
    try:
        value = float(state.state) if state is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= FULL_PCT else None


class RoomRegulation:
    """Show a room sensor as the unit's temperature and regulate the unit on it."""

    def __init__(
        self,
        hass: HomeAssistant,
        unit: UnitPort,
        *,
        send_room_temperature: Callable[[float], Awaitable[None]] | None,
    ) -> None:
        """Initialize from the entry's data; `send_room_temperature` is the bridge's Follow Me."""
        self._hass = hass
        self._unit = unit
        self.settings = settings = RoomSensorSettings.from_data(unit.config_entry.data)
        capabilities = unit.capabilities
        wanted = settings.regulation if settings.temperature_sensor else Regulation.OFF
        if wanted is Regulation.FOLLOW_ME and send_room_temperature is None:
            wanted = Regulation.OFFSET
        if wanted is Regulation.OFFSET and not offers_offset(capabilities):
            wanted = Regulation.OFF
        if wanted is not settings.regulation and settings.temperature_sensor:
            LOGGER.info(
                "%s cannot regulate by %s; it regulates by %s",
                unit.config_entry.title,
                settings.regulation.value,
                wanted.value,
            )
        self.regulation = wanted
        self._send_room_temperature = send_room_temperature
        self._room: float | None = None
        self._humidity: float | None = None
        self._unit_reading: float | None = None
        self._unit_humidity: float | None = None
        self._away_since: datetime | None = None
        self._issue_raised = False
        cap = settings.offset_cap_k * (1.8 if capabilities.temperature_unit.value == "°F" else 1)
        self._filter = OffsetFilter(step=capabilities.temperature_step, cap=cap)
        self._shift = ShiftMemory(hass, unit.config_entry.entry_id)
        self._followed: float | None = None
        self._followed_at: datetime | None = None
        self._running = False
        self._unsubs: list[CALLBACK_TYPE] = []

    @property
    def regulating(self) -> bool:
        """Return True while the unit regulates on the room sensor."""
        return self.regulation is not Regulation.OFF and self._room is not None

    async def async_start(self) -> None:
        """Take the set points shifted before a restart; read the sensors and follow them."""
        unit = self._unit
        if self.regulation is Regulation.OFFSET and unit.state is not None:
            state = unit.state
            await self._shift.async_load(state.desired)
            if self._shift.user is not None:
                unit.async_show_state(replace(state, desired=self._shift.user), Reads.STATE)
        sensors = [
            s for s in (self.settings.temperature_sensor, self.settings.humidity_sensor) if s
        ]
        if not sensors:
            return
        self._read(dt_util.utcnow())
        if self._room is not None or self.regulation is Regulation.OFF:
            # An issue a run before raised is closed once the sensor reads (or is not used).
            self._issue_raised = True
            self._clear_issue()
        self._unsubs.append(
            async_track_state_change_event(self._hass, sensors, self._handle_sensor)
        )
        self._unsubs.append(
            async_track_time_interval(self._hass, self._handle_interval, CHECK_INTERVAL)
        )
        await self._async_follow()

    def async_stop(self) -> None:
        """Stop following the sensors."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()

    def climate_attributes(self) -> dict[str, Any] | None:
        """Return which sensor the unit regulates on, and how."""
        if self.regulation is Regulation.OFF:
            return None
        if not self.regulating:
            return {ATTR_ROOM_REGULATION: "unit"}
        return {
            ATTR_REGULATED_ON: self.settings.temperature_sensor,
            ATTR_ROOM_REGULATION: self.regulation.value,
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return the regulation's state for a diagnostics download."""
        return {
            "regulation": self.regulation.value,
            "regulating": self.regulating,
            "room": self._room,
            "unit_reading": self._unit_reading,
            "offset": self.offset,
        }

    @property
    def offset(self) -> float:
        """Return the set point shift now in force (in the unit's temperature unit)."""
        return self._filter.offset

    def outgoing(self, desired: DesiredState) -> DesiredState:
        """Return the desired state to send: the set point shifted by the offset."""
        if self.regulation is not Regulation.OFFSET:
            return desired
        sent = desired.with_changes(target_temperature=self.outgoing_target(desired))
        self._shift.remember(desired, sent)
        return sent

    def incoming(self, state: UnitState) -> UnitState:
        """Keep the unit's own readings; show the set point the user asked for, not the shifted."""
        self._unit_reading = state.current_temperature
        self._unit_humidity = state.current_humidity
        running = state.desired.mode is not Mode.OFF
        if running and not self._running and self.regulation is Regulation.FOLLOW_ME:
            # Turned on: the unit hears the room at once, not at the next interval.
            self._followed_at = None
            self._unit.config_entry.async_create_task(
                self._hass, self._async_follow(), eager_start=False
            )
        self._running = running
        shift = self._shift
        if shift.sent is None or shift.sent == shift.user:
            return state
        if (user := shift.asked(state.desired)) is not None:
            return state if user is state.desired else replace(state, desired=user)
        # Changed at the unit (its remote): that is the set point now.
        shift.forget()
        return state

    def shown(self, state: UnitState) -> UnitState:
        """Return the state with the room sensor's readings where it has them."""
        if self.settings.temperature_sensor is None and self.settings.humidity_sensor is None:
            return state
        temperature = self._room if self._room is not None else self._unit_reading
        humidity = self._humidity if self._humidity is not None else self._unit_humidity
        if temperature == state.current_temperature and humidity == state.current_humidity:
            return state
        return replace(state, current_temperature=temperature, current_humidity=humidity)

    def observe(self, now: datetime) -> None:
        """Fold the unit's reading and the room's into the averaged offset."""
        if self.regulation is not Regulation.OFFSET or self._room is None:
            return
        if self._unit_reading is not None:
            self._filter.update(self._unit_reading - self._room, now)

    def _read(self, now: datetime) -> None:
        """Read the sensors; fall back (and say so once) when the temperature is unusable."""
        settings = self.settings
        self._humidity = _humidity(self._hass, settings.humidity_sensor)
        if settings.temperature_sensor is None:
            return
        reading = read_temperature(self._hass, settings.temperature_sensor)
        state = self._hass.states.get(settings.temperature_sensor)
        if (
            reading.value is not None
            and state is not None
            and now - state.last_reported > STALE_AFTER
        ):
            reading = replace(reading, value=None, problem="stale")
        was = self._room
        if reading.value is None:
            self._room = None
            if self._away_since is None:
                self._away_since = now
                if self.regulation is not Regulation.OFF:
                    LOGGER.warning(
                        "%s: room sensor %s is %s; the unit regulates on its own sensor",
                        self._unit.config_entry.title,
                        settings.temperature_sensor,
                        reading.problem,
                    )
            return
        unit = self._unit.capabilities.temperature_unit
        self._room = round(from_celsius(reading.value, unit), 2)
        if was is None and self._away_since is not None:
            self._away_since = None
            self._filter.reset()
            if self.regulation is not Regulation.OFF:
                LOGGER.info(
                    "%s: room sensor %s is back; the unit regulates on it",
                    self._unit.config_entry.title,
                    settings.temperature_sensor,
                )
            self._clear_issue()

    def _update_issue(self, now: datetime) -> None:
        """Raise the Repairs issue once the sensor has been away ISSUE_AFTER."""
        away = self._away_since
        if self.regulation is Regulation.OFF or away is None or self._issue_raised:
            return
        if now - away < ISSUE_AFTER:
            return
        self._issue_raised = True
        entry = self._unit.config_entry
        async_raise_issue(
            self._hass,
            EntryIssue.ROOM_SENSOR_AWAY,
            entry.entry_id,
            {"name": entry.title, "sensor": self.settings.temperature_sensor or ""},
        )

    def _clear_issue(self) -> None:
        """Close the Repairs issue (the sensor is back)."""
        if self._issue_raised:
            self._issue_raised = False
            async_clear_issue(
                self._hass, EntryIssue.ROOM_SENSOR_AWAY, self._unit.config_entry.entry_id
            )

    @callback
    def _handle_sensor(self, _event: Event[EventStateChangedData]) -> None:
        """Take a sensor's new state at once."""
        self._refresh(dt_util.utcnow())

    @callback
    def _handle_interval(self, now: datetime) -> None:
        """Look for a stale sensor, raise the issue, re-send Follow Me on time."""
        self._refresh(now)

    def _refresh(self, now: datetime) -> None:
        """Read again, show it, and regulate on what changed."""
        self._read(now)
        self._update_issue(now)
        self.observe(now)
        unit = self._unit
        state = unit.state
        # Readers wake only for a reading that moved.
        if (
            unit.last_update_success
            and state is not None
            and (shown := self.shown(state)) is not state
        ):
            unit.async_show_state(shown, Reads.STATE)
        if self.regulation is not Regulation.OFF:
            unit.config_entry.async_create_task(self._hass, self._async_follow(), eager_start=True)

    async def _async_follow(self) -> None:
        """Send the room temperature or the shifted set point where they moved."""
        unit = self._unit
        if not unit.unit_available or unit.state is None:
            return
        if self.regulation is Regulation.FOLLOW_ME:
            await self._async_follow_me()
        elif self.regulation is Regulation.OFFSET:
            desired = unit.desired
            # A held command keeps waiting; it goes out shifted by the offset then.
            if desired.mode is Mode.OFF or desired is not unit.state.desired:
                return
            wanted = self.outgoing_target(desired)
            sent = self._shift.sent
            if wanted != (desired if sent is None else sent).target_temperature:
                try:
                    await unit.async_send(desired, scheduled=True)
                except HomeAssistantError as err:
                    # Tried again at the next check; the unit keeps the set point it has.
                    LOGGER.debug("%s: offset not sent: %s", unit.config_entry.title, err)

    def outgoing_target(self, desired: DesiredState) -> float:
        """Return the set point the unit would be sent for `desired` now."""
        if not self.regulating or not self.offset:
            return desired.target_temperature
        return self._unit.capabilities.clamp_temperature(desired.target_temperature + self.offset)

    async def _async_follow_me(self) -> None:
        """Send the room temperature when it moved a step or the interval ran out; not while off."""
        room = self._room
        send = self._send_room_temperature
        if room is None or send is None or self._unit.state.desired.mode is Mode.OFF:
            return
        now = dt_util.utcnow()
        step = self._unit.capabilities.temperature_step
        due = self._followed_at is None or now - self._followed_at >= FOLLOW_ME_INTERVAL
        moved = self._followed is None or abs(room - self._followed) >= step
        if not (due or moved):
            return
        self._followed, self._followed_at = room, now
        try:
            await send(round(room, 1))
        except Exception as err:  # noqa: BLE001 - a missed Follow Me is re-sent on time
            LOGGER.debug("%s: Follow Me not sent: %s", self._unit.config_entry.title, err)
