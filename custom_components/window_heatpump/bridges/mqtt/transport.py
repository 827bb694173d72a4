"""Shared plumbing of the MQTT bridges: Home Assistant's own MQTT client, one dialect per module.

The integration opens no MQTT connection of its own: it subscribes and publishes through the
`mqtt` integration, so the user's broker, TLS and credentials apply. That integration is only
imported once a unit actually uses MQTT, so users of other bridges need not set it up.

A dialect subclasses `MqttBridge`: it names the topics it listens to with a handler each,
turns a desired state into publishes, and raises `InvalidPayloadError` for input it cannot use;
the base logs that (and any other `InboundError` of the shared parsers in `inbound`) once per
topic and carries on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from ...inbound import IgnoredInput, InboundError
from ...model import Capabilities, DesiredState, UnitState, from_celsius
from ...schema import vol
from ..base import AvailabilityListener, BridgeConnectionError, StateListener

if TYPE_CHECKING:
    from homeassistant.components.mqtt import ReceiveMessage

MQTT_DOMAIN: Final = "mqtt"
# How long the config flow waits for a device's retained availability message.
PROBE_TIMEOUT_S = 3.0
# Commands go out at most once and are never retained: a retained command would run again
# whenever the device reconnects, after the user has changed their mind.
COMMAND_QOS: Final = 0
COMMAND_RETAIN: Final = False

type TopicHandler = Callable[[str], None]


class InvalidPayloadError(InboundError):
    """A message a dialect cannot use; the reason is logged once per topic."""


def mqtt_configured(hass: HomeAssistant) -> bool:
    """Return True when the user has an enabled MQTT config entry."""
    return bool(
        hass.config_entries.async_entries(MQTT_DOMAIN, include_disabled=False, include_ignore=False)
    )


async def async_mqtt_connected(hass: HomeAssistant) -> bool:
    """Wait for Home Assistant's MQTT client (set up: see `mqtt_configured`); True if connected."""
    from homeassistant.components import mqtt  # noqa: PLC0415 - MQTT is optional

    return await mqtt.async_wait_for_mqtt_client(hass) and mqtt.is_connected(hass)


def topic_error(topic: str) -> str | None:
    """Return the form error for a topic (or topic level) we publish and subscribe under."""
    from homeassistant.components import mqtt  # noqa: PLC0415 - MQTT is optional

    if "+" in topic or "#" in topic:
        return "topic_wildcard"
    try:
        mqtt.valid_publish_topic(topic)
    except vol.Invalid:
        return "topic_invalid"
    # Legal in MQTT, but an empty level here is always a typo.
    if topic != topic.strip() or topic.startswith("/") or topic.endswith("/") or "//" in topic:
        return "topic_invalid"
    return None


async def async_probe(hass: HomeAssistant, topic: str) -> str | None:
    """Return the first message on `topic` (a retained one comes at once), or None."""
    from homeassistant.components import mqtt  # noqa: PLC0415 - MQTT is optional

    received: asyncio.Future[str] = hass.loop.create_future()

    @callback
    def _on_message(message: ReceiveMessage) -> None:
        """Keep the first message."""
        if not received.done():
            received.set_result(str(message.payload))

    unsubscribe = await mqtt.async_subscribe(hass, topic, _on_message)
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S):
            return await received
    except TimeoutError:
        return None
    finally:
        unsubscribe()


def parse_choice[T](payload: str, choices: Mapping[str, T]) -> T:
    """Return the value a payload names (case-insensitive), or raise."""
    try:
        return choices[payload.strip().lower()]
    except KeyError as err:
        raise InvalidPayloadError("not one of " + ", ".join(choices)) from err


class MqttBridge(ABC):
    """A unit behind an MQTT topic tree, reached through Home Assistant's MQTT client."""

    pushes = True

    def __init__(self, hass: HomeAssistant, name: str, capabilities: Capabilities) -> None:
        """Initialize the bridge; nothing is subscribed until `async_connect`."""
        self._hass = hass
        self._name = name
        self._capabilities = capabilities
        self._state = UnitState(
            desired=DesiredState(
                target_temperature=capabilities.clamp_temperature(
                    from_celsius(21.0, capabilities.temperature_unit)
                )
            )
        )
        self._broker_connected = False
        self._device_online = True
        self._ignored = IgnoredInput(name)
        self._received = 0
        self._unsubscribes: list[CALLBACK_TYPE] = []
        self._on_state: StateListener | None = None
        self._on_availability: AvailabilityListener | None = None
        # The handler of each topic, taken from `subscriptions` at connect.
        self._handlers: Mapping[str, TopicHandler] = {}
        # Home Assistant's publish, taken at connect (MQTT is imported only where used).
        # mqtt.async_publish(hass, topic, payload, qos, retain), once MQTT is there.
        self._mqtt_publish: (
            Callable[[HomeAssistant, str, str, int, bool], Awaitable[None]] | None
        ) = None

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit can do."""
        return self._capabilities

    @abstractmethod
    def subscriptions(self) -> Mapping[str, TopicHandler]:
        """Return the topics the dialect listens to, each with its payload handler."""

    def subscription_filters(self) -> tuple[str, ...]:
        """Return the topic filters to subscribe to: by default each topic of `subscriptions`.

        A dialect whose topics share a level may subscribe with a wildcard instead: every
        subscription costs Home Assistant's MQTT client memory and a round of set-up.
        """
        return tuple(self.subscriptions())

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Wait for Home Assistant's MQTT client and subscribe to the unit's topics."""
        if not mqtt_configured(hass := self._hass):
            raise BridgeConnectionError("the MQTT integration is not set up")
        from homeassistant.components import mqtt  # noqa: PLC0415 - MQTT is optional

        if not await mqtt.async_wait_for_mqtt_client(hass):
            raise BridgeConnectionError("the MQTT integration is not ready")
        self._on_state = on_state
        self._on_availability = on_availability
        self._mqtt_publish = mqtt.async_publish
        self._broker_connected = mqtt.is_connected(hass)
        self._unsubscribes.append(
            mqtt.async_subscribe_connection_status(hass, self._handle_connection)
        )
        self._handlers = self.subscriptions()
        for topic_filter in self.subscription_filters():
            self._unsubscribes.append(
                await mqtt.async_subscribe(hass, topic_filter, self._on_message)
            )
        on_availability(self.available)

    async def async_close(self) -> None:
        """Unsubscribe from every topic."""
        while self._unsubscribes:
            self._unsubscribes.pop()()
        self._on_state = self._on_availability = None

    async def async_get_state(self) -> UnitState:
        """Return the last state the unit reported (or is assumed to be in)."""
        return self._state

    @property
    def available(self) -> bool:
        """Return True when the broker is connected and the device says it is online."""
        return self._broker_connected and self._device_online

    async def async_publish(self, topic: str, payload: str) -> None:
        """Publish a command, or raise when the broker cannot take it now."""
        if not self.available or (publish := self._mqtt_publish) is None:
            raise BridgeConnectionError(f"{self._name} is offline")
        try:
            await publish(self._hass, topic, payload, COMMAND_QOS, COMMAND_RETAIN)
        except HomeAssistantError as err:
            raise BridgeConnectionError(str(err)) from err

    @callback
    def set_state(self, state: UnitState) -> None:
        """Keep a new state and report it when it changed."""
        if state != self._state:
            self.report_state(state)

    @callback
    def report_state(self, state: UnitState) -> None:
        """Keep and report a state the caller knows to be new."""
        self._state = state
        if self._on_state is not None:
            self._on_state(state)

    @callback
    def set_device_online(self, online: bool) -> None:  # noqa: FBT001
        """Take the device's own availability message."""
        self._device_online = online
        self._report_availability()

    def diagnostics(self) -> dict[str, Any]:
        """Return the MQTT side of the bridge."""
        return {
            "topics": sorted(self.subscriptions()),
            "broker_connected": self._broker_connected,
            "device_online": self._device_online,
            "received_messages": self._received,
            "ignored_messages": self._ignored.count,
            "topics_with_bad_input": sorted(self._ignored.sources),
        }

    @callback
    def _handle_connection(self, connected: bool) -> None:  # noqa: FBT001
        """Follow the MQTT client's connection to the broker."""
        self._broker_connected = connected
        self._report_availability()

    def _report_availability(self) -> None:
        """Tell the coordinator whether the unit can be reached."""
        if self._on_availability is not None:
            self._on_availability(self.available)

    @callback
    def _on_message(self, message: ReceiveMessage) -> None:
        """Hand a message to its topic's handler; bad input is logged once per topic."""
        topic = message.topic
        if (handler := self._handlers.get(topic)) is None:
            # A wildcard brings topics the dialect does not read.
            return
        self._received += 1
        payload = str(message.payload)
        try:
            handler(payload)
        except InboundError as err:
            self._ignored.log(topic, payload, str(err))
