"""The Tasmota IRHVAC dialect: a Tasmota IR bridge (tasmota-ir firmware) in front of the unit.

Commands go as one `IRHVAC` JSON to `cmnd/<topic>/IRHVAC`; changes within the settle time
become one command. Infrared is one-way, so the state is what the unit was last told: by Home
Assistant, or by its own remote when the bridge's IR receiver hears it (`IrReceived.IRHVAC` on
`tele/<topic>/RESULT`), which also drops a command still settling; Tasmota's echo of a command
(`IRHVAC` on `stat/<topic>/RESULT`) confirms it. Only the configured vendor's frames count, and
a frame the receiver reports that equals a command sent within the echo window is the bridge's
own LED heard back, not the remote. Where IRremoteESP8266 takes a room temperature for the
vendor (Midea, Coolix), it is sent as `SensorTemp` with `iFeel` on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
import json
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ...const import CONF_MODEL, CONF_TASMOTA_TOPIC, CONF_VENDOR, LOGGER
from ...inbound import InboundError, parse_json_object
from ...model import ACTIVE_MODES, Capabilities, DesiredState, FanSpeed, Mode, Swing
from ...protocols import irhvac
from ...unit_details import capabilities_from_details
from ..base import NoticeListener
from ..oneway import AssumedStateStore, EchoFilter, room_temperature_wanted
from ..vocabulary import ONLINE
from .assumed import AssumedStateMqttBridge
from .transport import InvalidPayloadError, TopicHandler, parse_choice

TASMOTA_CAPABILITIES = Capabilities(
    modes=(Mode.OFF, *ACTIVE_MODES),
    fan_speeds=tuple(irhvac.FAN_SPEEDS),
    swings=tuple(irhvac.SWINGS),
    reports_current_temperature=False,
    assumed_state=True,
    manufacturer="Tasmota IRHVAC",
)


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> TasmotaIrhvacBridge:
    """Build the bridge an entry of the Tasmota dialect describes."""
    vendor = str(entry.data[CONF_VENDOR])
    model = str(entry.data.get(CONF_MODEL, ""))
    capabilities = replace(
        capabilities_from_details(entry.data, TASMOTA_CAPABILITIES),
        # IR protocols carry whole degrees.
        temperature_step=1.0,
        model=f"{vendor} {model}".strip(),
        follow_me=vendor.upper() in irhvac.SENSOR_TEMP_VENDORS,
    )
    return TasmotaIrhvacBridge(
        hass,
        entry,
        capabilities,
        TasmotaDevice(
            topic=entry.data[CONF_TASMOTA_TOPIC], vendor=vendor, model=irhvac.model_value(model)
        ),
        AssumedStateStore(hass, entry.entry_id),
    )


@dataclass(frozen=True, kw_only=True)
class TasmotaDevice:
    """The Tasmota device in front of the unit, and the IR protocol it speaks to the unit."""

    topic: str
    vendor: str
    model: int | str


def lwt_topic(topic: str) -> str:
    """Return the Tasmota device's availability (last will) topic."""
    return f"tele/{topic}/LWT"


class TasmotaIrhvacBridge(AssumedStateMqttBridge):
    """A unit reached by infrared through a Tasmota IR bridge, with an assumed state."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        capabilities: Capabilities,
        device: TasmotaDevice,
        store: AssumedStateStore,
    ) -> None:
        """Initialize the bridge for a Tasmota device."""
        super().__init__(hass, entry, capabilities, store)
        self._topic = device.topic
        self._vendor = device.vendor.upper()
        self._model = device.model
        self._other_vendors: set[str] = set()
        self._last_command: dict[str, Any] | None = None
        self._echoes: EchoFilter[DesiredState] = EchoFilter(self._name)
        self.commands_sent = 0

    @property
    def command_topic(self) -> str:
        """Return where IRHVAC commands go."""
        return f"cmnd/{self._topic}/IRHVAC"

    def subscriptions(self) -> Mapping[str, TopicHandler]:
        """Return the result topics (remote presses and echoes) and the last will."""
        return {
            f"tele/{self._topic}/RESULT": self._on_result,
            f"stat/{self._topic}/RESULT": self._on_result,
            lwt_topic(self._topic): self._on_lwt,
        }

    def diagnostics(self) -> dict[str, Any]:
        """Return the topics, the vendor, the commands sent and the last of them."""
        return {
            **super().diagnostics(),
            "dialect": "tasmota_irhvac",
            "vendor": self._vendor,
            "model": self._model,
            "other_vendors_heard": sorted(self._other_vendors),
            "commands_sent": self.commands_sent,
            "last_command": self._last_command,
        }

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Send the assumed state again with the room temperature (`SensorTemp`, iFeel on)."""
        desired = self._state.desired
        if not self._capabilities.follow_me or not room_temperature_wanted(self._name, desired):
            return
        payload = irhvac.with_sensor_temperature(
            self._payload(desired), temperature, self._capabilities.temperature_unit
        )
        await self._async_publish_command(payload)

    async def _async_transmit(self, desired: DesiredState) -> None:
        """Publish the whole state as one IRHVAC command."""
        await self._async_publish_command(self._payload(desired))

    def _payload(self, desired: DesiredState) -> dict[str, Any]:
        """Return the IRHVAC command of a whole state."""
        return irhvac.command(
            self._valid(desired),
            vendor=self._vendor,
            model=self._model,
            unit=self._capabilities.temperature_unit,
        )

    async def _async_publish_command(self, payload: dict[str, Any]) -> None:
        """Publish an IRHVAC command; remember what the receiver will report of it."""
        try:
            heard = self._desired_from(payload)
        except InboundError:
            heard = None
        self._echoes.sent([heard])
        await self.async_publish(self.command_topic, json.dumps(payload))
        self._echoes.sent([heard])
        self._last_command = payload
        self.commands_sent += 1

    def _valid(self, desired: DesiredState) -> DesiredState:
        """Return `desired` with fan and swing the IRHVAC value sets have."""
        capabilities = self._capabilities
        return desired.with_changes(
            fan_speed=desired.fan_speed
            if desired.fan_speed in capabilities.fan_speeds
            else FanSpeed.AUTO,
            swing=desired.swing if desired.swing in capabilities.swings else Swing.OFF,
        )

    @callback
    def _on_result(self, payload: str) -> None:
        """Take an IRHVAC frame: a physical remote's (`IrReceived`) or a command's echo."""
        message = parse_json_object(payload)
        received = message.get("IrReceived")
        frame = received.get("IRHVAC") if isinstance(received, dict) else message.get("IRHVAC")
        if frame is None:
            # Other command results and non-A/C remotes (a TV's) share these topics.
            return
        if (desired := self._desired_from(frame)) is None:
            return
        if isinstance(received, dict):
            if self._echoes.is_echo(desired):
                return
            # The remote is the user's latest word: a command still settling would undo it.
            self._settle.cancel()
        self._take(desired)

    def _desired_from(self, frame: Any) -> DesiredState | None:
        """Return the state an IRHVAC frame of our vendor says; None for another vendor's."""
        if not isinstance(frame, dict):
            raise InvalidPayloadError("IRHVAC is not an object")
        vendor = irhvac.vendor_of(frame)
        if vendor != self._vendor:
            if vendor not in self._other_vendors:
                self._other_vendors.add(vendor)
                LOGGER.debug("%s: not our vendor, ignoring %s frames", self._name, vendor)
            return None
        # An InvalidFrameError says why the frame is unusable; the base logs it per topic.
        desired = irhvac.parse(frame, self._capabilities.temperature_unit)
        if desired.mode not in self._capabilities.modes:
            raise InvalidPayloadError(f"mode {desired.mode} is not one the unit has")
        target = self._capabilities.clamp_temperature(desired.target_temperature)
        if target != desired.target_temperature:
            desired = desired.with_changes(target_temperature=target)
        return desired

    @callback
    def _on_lwt(self, payload: str) -> None:
        """Take the Tasmota device's availability."""
        self.set_device_online(parse_choice(payload, ONLINE))
