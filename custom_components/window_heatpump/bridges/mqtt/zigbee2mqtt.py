"""The Zigbee2MQTT dialect: a Tuya IR blaster (ZS06, UFO-R11 ...) in front of the unit.

Each change is one full-state frame of the unit's IR protocol (the shared encoders in `protocols/`),
in the Tuya code format, published to `<base topic>/<friendly name>/set` as
`{"ir_code_to_send": "<code>"}`. Changes within the settle time become one frame. The blaster
cannot hear the unit, so the state is assumed; Zigbee2MQTT's availability topic (JSON
`{"state": "online"}`, or the legacy plain `online`/`offline`) says whether the blaster is there.
"""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from ...const import CONF_BASE_TOPIC, CONF_FRIENDLY_NAME, CONF_PROTOCOL
from ...inbound import parse_json_object
from ...model import Capabilities, DesiredState
from ...protocols import IrCommand, tuya
from ...unit_details import capabilities_from_details
from ..base import AvailabilityListener, NoticeListener, StateListener
from ..oneway import AssumedStateStore, ProtocolEncoder, room_temperature_wanted
from ..vocabulary import ONLINE
from .assumed import AssumedStateMqttBridge
from .transport import InvalidPayloadError, TopicHandler, parse_choice

CODE_FIELD: Final = "ir_code_to_send"

ZIGBEE2MQTT_CAPABILITIES = Capabilities(assumed_state=True, reports_current_temperature=False)


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> Zigbee2MqttBridge:
    """Build the bridge an entry of the Zigbee2MQTT dialect describes."""
    base = capabilities_from_details(entry.data, ZIGBEE2MQTT_CAPABILITIES)
    encoder = ProtocolEncoder(entry.data[CONF_PROTOCOL], base.temperature_unit)
    return Zigbee2MqttBridge(
        hass,
        entry,
        encoder.capabilities(base),
        encoder=encoder,
        topic=device_topic(entry.data[CONF_BASE_TOPIC], entry.data[CONF_FRIENDLY_NAME]),
        store=AssumedStateStore(hass, entry.entry_id),
    )


def device_topic(base_topic: str, friendly_name: str) -> str:
    """Return the blaster's own topic, under which Zigbee2MQTT publishes and listens."""
    return f"{base_topic}/{friendly_name}"


def availability_topic(topic: str) -> str:
    """Return the blaster's availability topic."""
    return f"{topic}/availability"


def parse_availability(payload: str) -> bool:
    """Return whether the blaster is online: `{"state": "online"}` or legacy `online`."""
    if payload.lstrip().startswith("{"):
        state = parse_json_object(payload).get("state")
        if not isinstance(state, str):
            raise InvalidPayloadError("no state text")
        payload = state
    return parse_choice(payload, ONLINE)


class Zigbee2MqttBridge(AssumedStateMqttBridge):
    """A unit reached by infrared through a Tuya IR blaster on Zigbee2MQTT."""

    def __init__(  # noqa: PLR0913 - the parts a blaster unit is made of
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        capabilities: Capabilities,
        *,
        encoder: ProtocolEncoder,
        topic: str,
        store: AssumedStateStore,
    ) -> None:
        """Initialize the bridge for the blaster at `topic`."""
        super().__init__(hass, entry, capabilities, store)
        self._encoder = encoder
        self._topic = topic
        self._last_code: str | None = None
        self.frames_sent = 0

    @property
    def command_topic(self) -> str:
        """Return where the IR codes go."""
        return f"{self._topic}/set"

    def subscriptions(self) -> Mapping[str, TopicHandler]:
        """Return the blaster's availability topic."""
        return {availability_topic(self._topic): self._on_blaster_availability}

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Check the protocol is here, restore the assumed state and subscribe."""
        await self._encoder.async_prepare(self._hass)
        await super().async_connect(on_state, on_availability)

    def diagnostics(self) -> dict[str, Any]:
        """Return the topics, the protocol, the frames sent and the last code."""
        return {
            **super().diagnostics(),
            "dialect": "zigbee2mqtt",
            "command_topic": self.command_topic,
            "protocol": self._encoder.name,
            "frames_sent": self.frames_sent,
            "last_code": self._last_code,
        }

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Send the protocol's follow-me frame: the assumed state with the room temperature."""
        desired = self._state.desired
        if room_temperature_wanted(self._name, desired):
            await self._async_publish_frames(self._encoder.follow_me(desired, temperature))

    async def _async_transmit(self, desired: DesiredState) -> None:
        """Publish the frames that take the unit from the state last sent to `desired`."""
        # Toggle frames (a Coolix swing) depend on what the unit was last told.
        await self._async_publish_frames(self._encoder.commands(desired, self._sent))

    async def _async_publish_frames(self, commands: list[IrCommand]) -> None:
        """Publish each frame as a Tuya code."""
        for command in commands:
            code = tuya.encode_command(command)
            await self.async_publish(self.command_topic, json.dumps({CODE_FIELD: code}))
            self._last_code = code
            self.frames_sent += 1

    @callback
    def _on_blaster_availability(self, payload: str) -> None:
        """Take the blaster's availability from Zigbee2MQTT."""
        self.set_device_online(parse_availability(payload))
