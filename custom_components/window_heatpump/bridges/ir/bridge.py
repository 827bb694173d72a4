"""The IR bridges: a one-way link to a unit, with an assumed state kept true.

An IR unit never answers, so the bridge assumes the state it last sent and keeps it true with
what it can see: an IR receiver (the physical remote's frames), a power sensor (on/off, and an
estimate of the compressor), and room sensors. Rapid changes are coalesced into one frame sent
after a settle time; with a power sensor, a frame the unit did not act on is resent, and then a
Repairs issue says so. The last state sent survives restarts in a Store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    CONF_NAME,
    EVENT_SERVICE_REGISTERED,
    EVENT_SERVICE_REMOVED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, State, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_state_change_event
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ...const import (
    CONF_COMPRESSOR_W,
    CONF_HUMIDITY_SENSOR,
    CONF_POWER_DEBOUNCE,
    CONF_POWER_HYSTERESIS_W,
    CONF_POWER_ON_W,
    CONF_POWER_SENSOR,
    CONF_RECEIVER,
    CONF_RESPONSE_TIME,
    CONF_RETRIES,
    CONF_SETTLE_TIME,
    CONF_TEMPERATURE_SENSOR,
    DEFAULT_COMPRESSOR_W,
    DEFAULT_POWER_DEBOUNCE,
    DEFAULT_POWER_HYSTERESIS_W,
    DEFAULT_POWER_ON_W,
    DEFAULT_RESPONSE_TIME,
    DEFAULT_RETRIES,
    DEFAULT_SETTLE_TIME,
    DOMAIN,
    LOGGER,
)
from ...inbound import InboundError, ir_timings
from ...model import (
    Action,
    Capabilities,
    DesiredState,
    Mode,
    Swing,
    TemperatureUnit,
    UnitState,
    desired_from_dict,
    from_celsius,
    to_celsius,
)
from ...protocols import IrCommand, ReceivedState, Toggle
from ...storage import EntryIssue, EntryStore, issue_id, store_key
from ..base import AvailabilityListener, BridgeConnectionError, BridgeError, StateListener
from ..settle import SettleTimer
from .power import PowerMonitor, PowerSettings, numeric_state
from .senders import Sender

STORAGE_VERSION = 1
# Unrecognised frames closer together than this are one burst (a remote repeats its frame).
BURST = timedelta(seconds=2)

_RUNNING_ACTION: Mapping[Mode, Action] = {
    Mode.COOL: Action.COOLING,
    Mode.HEAT: Action.HEATING,
    Mode.DRY: Action.DRYING,
    Mode.FAN_ONLY: Action.FAN,
}


class FrameEncoder(Protocol):
    """What turns a desired state into frames, and a received frame into a state."""

    def capabilities(self, base: Capabilities) -> Capabilities:
        """Return `base` narrowed to what the encoder can send."""

    async def async_prepare(self, hass: HomeAssistant) -> None:
        """Load what the encoder needs; raise BridgeConnectionError if it cannot."""

    def commands(self, desired: DesiredState, previous: DesiredState | None) -> list[IrCommand]:
        """Return the frames that take the unit from `previous` to `desired`."""

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:
        """Return what a received frame says, or None if it is not one of the encoder's."""


@dataclass(frozen=True, kw_only=True)
class IrSettings:
    """How the bridge keeps its assumed state true (from the entry's data)."""

    settle_s: float = DEFAULT_SETTLE_TIME
    response_s: float = DEFAULT_RESPONSE_TIME
    retries: int = DEFAULT_RETRIES
    power: PowerSettings | None = None
    temperature_sensor: str | None = None
    humidity_sensor: str | None = None
    receiver: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> IrSettings:
        """Return the settings an entry's data holds, with defaults for the rest."""
        power: PowerSettings | None = None
        if sensor := data.get(CONF_POWER_SENSOR):
            power = PowerSettings(
                entity_id=sensor,
                on_w=float(data.get(CONF_POWER_ON_W, DEFAULT_POWER_ON_W)),
                hysteresis_w=float(data.get(CONF_POWER_HYSTERESIS_W, DEFAULT_POWER_HYSTERESIS_W)),
                compressor_w=float(data.get(CONF_COMPRESSOR_W, DEFAULT_COMPRESSOR_W)),
                debounce_s=float(data.get(CONF_POWER_DEBOUNCE, DEFAULT_POWER_DEBOUNCE)),
            )
        return cls(
            settle_s=float(data.get(CONF_SETTLE_TIME, DEFAULT_SETTLE_TIME)),
            response_s=float(data.get(CONF_RESPONSE_TIME, DEFAULT_RESPONSE_TIME)),
            retries=int(data.get(CONF_RETRIES, DEFAULT_RETRIES)),
            power=power,
            temperature_sensor=data.get(CONF_TEMPERATURE_SENSOR) or None,
            humidity_sensor=data.get(CONF_HUMIDITY_SENSOR) or None,
            receiver=data.get(CONF_RECEIVER) or None,
        )


class IrBridge:
    """A unit reached by IR frames only; its state is assumed and kept true where it can be."""

    pushes = True

    def __init__(  # noqa: PLR0913 - the parts an IR unit is made of
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        *,
        base: Capabilities,
        encoder: FrameEncoder,
        sender: Sender,
        settings: IrSettings,
    ) -> None:
        """Initialize the bridge; nothing is sent or followed before async_connect."""
        self._hass = hass
        self._entry = entry
        self._name = str(entry.title or entry.data.get(CONF_NAME, ""))
        self._base = replace(base, assumed_state=True)
        self._encoder = encoder
        self._sender = sender
        self._settings = settings
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, store_key(EntryStore.IR_STATE, entry.entry_id)
        )
        caps = self.capabilities
        self._desired = DesiredState(
            target_temperature=caps.clamp_temperature(from_celsius(21.0, caps.temperature_unit))
        )
        self._sent: DesiredState | None = None
        self._last_active = caps.default_active_mode
        self._power: PowerMonitor | None = None
        self._on_state: StateListener | None = None
        self._on_availability: AvailabilityListener | None = None
        self._available = True
        self._unsubs: list[CALLBACK_TYPE] = []
        self._settle = SettleTimer(hass, entry, settings.settle_s, self._async_flush)
        self._unsub_check: CALLBACK_TYPE | None = None
        self._unsub_receiver: CALLBACK_TYPE | None = None
        self._attempts = 0
        self._last_unrecognised: datetime | None = None
        self.frames_sent = 0

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do through this encoder, with the sensors it has."""
        settings = self._settings
        return self._encoder.capabilities(
            replace(
                self._base,
                reports_current_temperature=settings.temperature_sensor is not None,
                reports_humidity=settings.humidity_sensor is not None,
                reports_power=settings.power is not None,
            )
        )

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Load the encoder and the last state sent; follow the emitter, receiver and sensors."""
        await self._encoder.async_prepare(self._hass)
        await self._async_restore()
        self._on_state = on_state
        self._on_availability = on_availability
        settings = self._settings
        if settings.power is not None:
            self._power = PowerMonitor(self._hass, settings.power, self._push, self._handle_power)
            self._power.start()
        sensors = [s for s in (settings.temperature_sensor, settings.humidity_sensor) if s]
        if sensors:
            self._unsubs.append(
                async_track_state_change_event(self._hass, sensors, self._handle_event)
            )
        if self._sender.entity_id is not None:
            self._unsubs.append(
                async_track_state_change_event(
                    self._hass, [self._sender.entity_id], self._handle_event
                )
            )
        else:
            for event_type in (EVENT_SERVICE_REGISTERED, EVENT_SERVICE_REMOVED):
                self._unsubs.append(self._hass.bus.async_listen(event_type, self._handle_event))
        if settings.receiver is not None:
            self._unsubs.append(
                async_track_state_change_event(self._hass, [settings.receiver], self._handle_event)
            )
            self._follow_receiver()
        self._check_available()

    async def async_close(self) -> None:
        """Stop following everything; a frame still settling is dropped."""
        self._settle.cancel()
        for unsub in (*self._unsubs, self._unsub_check, self._unsub_receiver):
            if unsub is not None:
                unsub()
        self._unsubs.clear()
        self._unsub_check = self._unsub_receiver = None
        if self._power is not None:
            self._power.stop()
        self._on_state = self._on_availability = None

    async def async_get_state(self) -> UnitState:
        """Return the assumed state, with what the sensors say."""
        return self._state()

    async def async_send(self, desired: DesiredState) -> None:
        """Take a desired state now; send it as one frame once changes settle."""
        if not self._sender.available():
            raise BridgeConnectionError(f"the IR emitter {self._emitter} is unavailable")
        self._set_desired(desired)
        self._settle.restart()
        self._push()

    def diagnostics(self) -> dict[str, Any]:
        """Return the assumed and last sent state, frame count and power reading."""
        return {
            "emitter": self._emitter,
            "emitter_available": self._sender.available(),
            "receiver": self._settings.receiver,
            "receiver_subscribed": self._unsub_receiver is not None,
            "desired": asdict(self._desired),
            "sent": None if self._sent is None else asdict(self._sent),
            "frames_sent": self.frames_sent,
            "settling": self._settle.pending,
            "awaiting_response": self._unsub_check is not None,
            "power": None
            if self._power is None
            else {
                "watts": self._power.power_w,
                "powered": self._power.powered,
                "compressor_running": self._power.compressor_running,
            },
        }

    @property
    def _emitter(self) -> str:
        """Return the emitter's entity id or action, for messages."""
        return self._sender.entity_id or str(getattr(self._sender, "action", ""))

    @callback
    def _handle_event(self, _event: Event[Any]) -> None:
        """Take news of the emitter, receiver or room sensors: check what depends on them."""
        self._check_available()
        if self._settings.receiver is not None:
            self._follow_receiver()
        self._push()

    async def _async_flush(self) -> None:
        """Send the frames for the desired state; on failure show the state last sent."""
        desired = self._desired
        if not await self._async_transmit(self._encoder.commands(desired, self._sent)):
            self._desired = self._sent or replace(desired, mode=Mode.OFF)
            self._push()
            return
        self._sent = desired
        self._save()
        self._attempts = 0
        self._expect_response()

    async def _async_transmit(self, commands: list[IrCommand]) -> bool:
        """Send frames; log a failure (one line) and return whether they went out."""
        try:
            await self._sender.async_send(commands)
        except BridgeError as err:
            LOGGER.warning(
                "%s: the IR frame could not be sent through %s: %s", self._name, self._emitter, err
            )
            return False
        self.frames_sent += len(commands)
        return True

    def _expect_response(self) -> None:
        """With a power sensor, wait for the unit to switch on or off as the frame asked."""
        if self._unsub_check is not None:
            self._unsub_check()
            self._unsub_check = None
        power = self._power
        wanted = self._desired.mode is not Mode.OFF
        if power is None or power.powered is None or power.powered is wanted:
            return
        self._unsub_check = async_call_later(
            self._hass, self._settings.response_s, self._check_response
        )

    @callback
    def _check_response(self, _now: datetime) -> None:
        """Resend a frame the unit did not act on; then raise the issue and show the truth."""
        self._unsub_check = None
        if self._attempts < self._settings.retries:
            self._attempts += 1
            LOGGER.debug("%s: no response to the IR frame; resend %d", self._name, self._attempts)
            self._entry.async_create_background_task(
                self._hass, self._async_resend(), f"{DOMAIN} IR resend", eager_start=True
            )
            return
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            issue_id(EntryIssue.UNIT_NOT_RESPONDING, self._entry.entry_id),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=EntryIssue.UNIT_NOT_RESPONDING,
            translation_placeholders={"name": self._name, "emitter": self._emitter},
        )
        self._reconcile(powered=bool(self._power and self._power.powered))

    async def _async_resend(self) -> None:
        """Send the whole state again (no toggles: they would undo themselves) and wait again."""
        if await self._async_transmit(self._encoder.commands(self._desired, self._desired)):
            self._expect_response()

    @callback
    def _handle_power(self, powered: bool) -> None:  # noqa: FBT001
        """Take a debounced on/off from the power sensor."""
        wanted = self._desired.mode is not Mode.OFF
        if self._unsub_check is not None:
            if powered is not wanted:
                return
            self._unsub_check()
            self._unsub_check = None
        if powered is wanted:
            # The unit did what it was asked: it hears the emitter.
            ir.async_delete_issue(
                self._hass, DOMAIN, issue_id(EntryIssue.UNIT_NOT_RESPONDING, self._entry.entry_id)
            )
            self._push()
            return
        self._reconcile(powered=powered)

    def _reconcile(self, *, powered: bool) -> None:
        """Make the assumed state agree with the power sensor (someone used the remote)."""
        if powered is (self._desired.mode is not Mode.OFF):
            self._push()
            return
        LOGGER.debug(
            "%s: the power sensor says the unit is %s", self._name, "on" if powered else "off"
        )
        mode = self._last_active if powered else Mode.OFF
        self._set_desired(self._desired.with_changes(mode=mode))
        self._sent = self._desired
        self._save()
        self._push()

    @callback
    def _follow_receiver(self) -> None:
        """Subscribe to the receiver while it is available (from 2026.10, where receivers exist)."""
        receiver = self._settings.receiver
        assert receiver is not None  # noqa: S101 - only called with a receiver set
        state = self._hass.states.get(receiver)
        if state is None or state.state == STATE_UNAVAILABLE:
            if self._unsub_receiver is not None:
                self._unsub_receiver()
                self._unsub_receiver = None
            return
        if self._unsub_receiver is not None:
            return
        try:
            from homeassistant.components.infrared import (  # noqa: PLC0415 - 2026.10+ only
                async_subscribe_receiver,
            )
        except ImportError:
            LOGGER.warning(
                "%s: this Home Assistant has no IR receivers; %s is not followed",
                self._name,
                receiver,
            )
            return
        try:
            self._unsub_receiver = async_subscribe_receiver(
                self._hass, receiver, self._handle_signal
            )
        except HomeAssistantError as err:
            LOGGER.warning("%s: cannot follow the IR receiver %s: %s", self._name, receiver, err)

    @callback
    def _handle_signal(self, signal: Any) -> None:
        """Take a frame from the receiver: the physical remote changed the unit."""
        try:
            received = self._encoder.decode(ir_timings(signal.timings))
        except InboundError:
            # Timings no remote sends (too many, zero, absurd): not a frame of any protocol.
            received = None
        caps = self.capabilities
        if isinstance(received, Toggle):
            if received is not Toggle.SWING or len(caps.swings) < 2:  # noqa: PLR2004 - off and one swing
                return
            swing = caps.swings[1] if self._desired.swing is Swing.OFF else Swing.OFF
            desired = self._desired.with_changes(swing=swing)
        elif isinstance(received, ReceivedState) and received.mode in caps.modes:
            desired = received.apply_to(self._desired)
            if desired.fan_speed not in caps.fan_speeds:
                desired = desired.with_changes(fan_speed=self._desired.fan_speed)
            desired = desired.with_changes(
                target_temperature=caps.clamp_temperature(desired.target_temperature)
            )
        else:
            self._log_unrecognised()
            return
        # The remote is the newer word: a frame still settling would undo it.
        self._settle.cancel()
        self._set_desired(desired)
        self._sent = desired
        self._save()
        self._push()

    def _log_unrecognised(self) -> None:
        """Log a frame that is not this unit's, once per burst of such frames."""
        now = dt_util.utcnow()
        if self._last_unrecognised is None or now - self._last_unrecognised > BURST:
            LOGGER.info(
                "%s: ignored an IR frame that is not a %s state this unit has (another remote, "
                "or a damaged frame)",
                self._name,
                getattr(self._encoder, "name", "known"),
            )
        self._last_unrecognised = now

    @callback
    def _check_available(self) -> None:
        """Report the emitter's availability; log a change once."""
        available = self._sender.available()
        if available is self._available:
            return
        self._available = available
        if available:
            LOGGER.info("%s: the IR emitter %s is back", self._name, self._emitter)
        else:
            LOGGER.warning(
                "%s: the IR emitter %s is unavailable; commands cannot be sent until it is back",
                self._name,
                self._emitter,
            )
        if self._on_availability is not None:
            self._on_availability(available)

    def _set_desired(self, desired: DesiredState) -> None:
        """Take a new assumed state; remember the last mode other than off."""
        self._desired = desired
        if desired.mode is not Mode.OFF:
            self._last_active = desired.mode

    @callback
    def _push(self) -> None:
        """Report the state to the coordinator."""
        if self._on_state is not None:
            self._on_state(self._state())

    def _state(self) -> UnitState:
        """Return the assumed state with what the sensors say."""
        unit = self.capabilities.temperature_unit
        temperature = _temperature(
            self._hass.states.get(self._settings.temperature_sensor or ""), unit
        )
        action = self._action(temperature)
        power = self._power
        return UnitState(
            desired=self._desired,
            action=action,
            action_estimated=action is not None,
            current_temperature=temperature,
            current_humidity=numeric_state(
                self._hass.states.get(self._settings.humidity_sensor or "")
            ),
            compressor_running=None if power is None else power.compressor_running,
            power_w=None if power is None else power.power_w,
        )

    def _action(self, temperature: float | None) -> Action | None:  # noqa: PLR0911 - one per case
        """Estimate what the unit does from its power draw; None without a reading."""
        power = self._power
        if power is None or power.powered is None:
            return None
        if not power.powered:
            return Action.OFF
        mode = self._desired.mode if self._desired.mode is not Mode.OFF else self._last_active
        if mode is Mode.FAN_ONLY:
            return Action.FAN
        if not power.compressor_running:
            return Action.IDLE
        if mode is Mode.AUTO:
            if temperature is None:
                return None
            below = temperature < self._desired.target_temperature
            return Action.HEATING if below else Action.COOLING
        return _RUNNING_ACTION[mode]

    async def _async_restore(self) -> None:
        """Take the state last sent before a restart, where it still fits the unit."""
        stored = await self._store.async_load()
        if not stored:
            return
        caps = self.capabilities
        try:
            desired = desired_from_dict(stored["desired"])
            desired = desired.with_changes(
                target_temperature=caps.clamp_temperature(desired.target_temperature)
            )
            last_active = Mode(stored["last_active_mode"])
        except KeyError, TypeError, ValueError:
            LOGGER.info("%s: the stored IR state is not readable; starting from off", self._name)
            return
        if desired.mode in caps.modes:
            self._desired = self._sent = desired
        if last_active in caps.active_modes:
            self._last_active = last_active

    def _save(self) -> None:
        """Store the state last sent (frames are coalesced, so this is once per burst)."""
        self._hass.async_create_task(
            self._store.async_save(self._stored()), f"{DOMAIN} IR state", eager_start=True
        )

    def _stored(self) -> dict[str, Any]:
        """Return what survives a restart."""
        return {
            "desired": asdict(self._sent or self._desired),
            "last_active_mode": self._last_active.value,
        }


def _temperature(state: State | None, unit: TemperatureUnit) -> float | None:
    """Return a temperature sensor's reading in the unit's own temperature unit."""
    if (value := numeric_state(state)) is None:
        return None
    assert state is not None  # noqa: S101 - _number returned a value
    sensor_unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if sensor_unit in (TemperatureUnit.CELSIUS.value, TemperatureUnit.FAHRENHEIT.value):
        value = from_celsius(to_celsius(value, TemperatureUnit(sensor_unit)), unit)
    return round(value, 1)
