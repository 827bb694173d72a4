"""The IR bridges: a one-way link to a unit, with an assumed state kept true.

An IR unit never answers, so the bridge assumes the state it last sent and keeps it true with
what it can see: an IR receiver (the physical remote's frames), a power sensor (on/off, and an
estimate of the compressor), and room sensors. Rapid changes are coalesced into one frame sent
after a settle time; with a power sensor, a frame the unit did not act on is resent, and then a
notice says so (the entry's side raises a Repairs issue). The last state sent survives restarts
in the one-way core's store.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME, EVENT_SERVICE_REGISTERED, EVENT_SERVICE_REMOVED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_state_change_event

from ...const import DOMAIN, LOGGER
from ...model import Action, Capabilities, DesiredState, Mode, UnitState, from_celsius
from ...protocols import IrCommand, ReceivedState, Toggle
from ...storage import EntryStore
from ..base import (
    AvailabilityListener,
    BridgeConnectionError,
    BridgeError,
    BridgeNotice,
    NoticeListener,
    StateListener,
)
from ..oneway import (
    AssumedStateStore,
    EchoFilter,
    SettleTimer,
    restored,
    room_temperature_wanted,
)
from .power import PowerMonitor, numeric_state, temperature_state
from .receiver import ReceiverLink, UnrecognisedFrames, decoded, heard_change, heard_toggle
from .senders import Sender
from .settings import FrameEncoder, IrSettings


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
        notify: NoticeListener,
    ) -> None:
        """Initialize the bridge; nothing is sent or followed before async_connect."""
        self._hass = hass
        self._entry = entry
        self._name = str(entry.title or entry.data.get(CONF_NAME, ""))
        self._base = replace(base, assumed_state=True)
        self._encoder = encoder
        self._sender = sender
        self._settings = settings
        self._notify = notify
        # Before the one-way core, the IR bridge stored its state under a key of its own.
        self._store = AssumedStateStore(hass, entry.entry_id, legacy=EntryStore.IR_STATE)
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
        self._receiver = (
            None
            if settings.receiver is None
            else ReceiverLink(hass, self._name, settings.receiver, self._handle_signal)
        )
        self._unrecognised = UnrecognisedFrames(self._name, getattr(encoder, "name", "known"))
        self._echoes: EchoFilter[ReceivedState | Toggle] = EchoFilter(self._name)
        self._attempts = 0
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
        if self._receiver is not None:
            self._unsubs.append(
                async_track_state_change_event(
                    self._hass, [self._receiver.entity_id], self._handle_event
                )
            )
            self._receiver.follow()
        self._check_available()

    async def async_close(self) -> None:
        """Stop following everything; a frame still settling is dropped."""
        self._settle.cancel()
        for unsub in (*self._unsubs, self._unsub_check):
            if unsub is not None:
                unsub()
        self._unsubs.clear()
        self._unsub_check = None
        if self._receiver is not None:
            self._receiver.stop()
        if self._power is not None:
            self._power.stop()
        self._on_state = self._on_availability = None
        await self._store.async_flush()

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

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Send the follow-me frame: the assumed state with the room temperature (unit's unit)."""
        if room_temperature_wanted(self._name, self._desired) and (
            frames := self._encoder.follow_me(self._desired, temperature)
        ):
            await self._async_transmit(frames)

    def diagnostics(self) -> dict[str, Any]:
        """Return the assumed and last sent state, frame count and power reading."""
        return {
            "emitter": self._emitter,
            "emitter_available": self._sender.available(),
            "receiver": self._settings.receiver,
            "receiver_subscribed": self._receiver is not None and self._receiver.subscribed,
            "desired": asdict(self._desired),
            "sent": None if self._sent is None else asdict(self._sent),
            "frames_sent": self.frames_sent,
            "settling": self._settle.pending,
            "awaiting_response": self._unsub_check is not None,
            "power": None if self._power is None else self._power.diagnostics(),
        }

    @property
    def _emitter(self) -> str:
        """Return the emitter's entity id or action, for messages."""
        return self._sender.entity_id or str(getattr(self._sender, "action", ""))

    @callback
    def _handle_event(self, _event: Event[Any]) -> None:
        """Take news of the emitter, receiver or room sensors: check what depends on them."""
        self._check_available()
        if self._receiver is not None:
            self._receiver.follow()
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
        # What a receiver hearing the emitter will decode: ours, not the remote's.
        frames = [self._encoder.decode(command.get_raw_timings()) for command in commands]
        self._echoes.sent(frames)
        try:
            await self._sender.async_send(commands)
            self._echoes.sent(frames)
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
        self._notify(
            BridgeNotice.UNIT_NOT_RESPONDING, {"name": self._name, "emitter": self._emitter}
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
            self._notify(BridgeNotice.UNIT_RESPONDING, {})
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
    def _handle_signal(self, signal: Any) -> None:
        """Take a frame from the receiver: the physical remote changed the unit."""
        received = decoded(self._encoder.decode, signal)
        if received is not None and self._echoes.is_echo(received):
            return
        caps = self.capabilities
        if isinstance(received, Toggle) and not heard_toggle(received, caps):
            return
        if (desired := heard_change(received, self._desired, caps)) is None:
            self._unrecognised.log()
            return
        # The remote is the newer word: a frame still settling would undo it.
        self._settle.cancel()
        self._set_desired(desired)
        self._sent = desired
        self._save()
        self._push()

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
        temperature = temperature_state(
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

    def _action(self, temperature: float | None) -> Action | None:
        """Estimate what the unit does from its power draw; None without a reading."""
        if self._power is None:
            return None
        # Off by our word but drawing power: someone turned it on in its last mode.
        mode = self._desired.mode if self._desired.mode is not Mode.OFF else self._last_active
        return self._power.action(mode, self._desired.target_temperature, temperature)

    async def _async_restore(self) -> None:
        """Take the state last sent before a restart, where it still fits the unit."""
        stored = await self._store.async_load()
        if stored is None:
            return
        caps = self.capabilities
        if (desired := restored(stored, caps)) is not None:
            self._desired = self._sent = desired
        if self._store.last_active in caps.active_modes:
            self._last_active = self._store.last_active

    def _save(self) -> None:
        """Store the state last sent (frames are coalesced, so this is once per burst)."""
        self._store.save(self._sent or self._desired, last_active=self._last_active)
