"""An independent MQTT client that plays the device in the tests, on the broker of mosquitto.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
import threading
import time

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import mqtt
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, State
from paho.mqtt.client import Client, MQTTMessage
from paho.mqtt.enums import CallbackAPIVersion
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN

from .mosquitto import Broker

# How long a test waits for a message to cross the broker before it fails.
WAIT_S = 5.0
# The longest keepalive MQTT allows (s).
KEEPALIVE_S = 65535


@dataclass(frozen=True)
class Received:
    """A message the device received, with when it arrived (monotonic seconds)."""

    topic: str
    payload: str
    retain: bool
    at: float


class Device:
    """An MQTT client of its own that plays the unit: publishes its state, reads commands."""

    def __init__(self, port: int) -> None:
        """Connect to the broker on `port`."""
        self._client = Client(CallbackAPIVersion.VERSION2, client_id="test-device")
        self._client.on_message = self._on_message
        self._subscribed = threading.Event()
        self._client.on_subscribe = lambda *_args: self._subscribed.set()
        self._lock = threading.Lock()
        self._messages: list[Received] = []
        # The longest keepalive: a test that moves a frozen clock by hours must not look like
        # a broker that stopped answering pings.
        self._client.connect("127.0.0.1", port, keepalive=KEEPALIVE_S)
        self._client.loop_start()

    def close(self) -> None:
        """Disconnect and stop the network thread."""
        self._client.disconnect()
        self._client.loop_stop()

    def subscribe(self, topic: str) -> None:
        """Listen to `topic` (wildcards allowed); return once the broker confirmed it."""
        self._subscribed.clear()
        self._client.subscribe(topic, qos=1)
        if not self._subscribed.wait(WAIT_S):
            msg = f"the broker did not confirm the subscription to {topic}"
            raise TimeoutError(msg)

    def publish(self, topic: str, payload: str | bytes, *, retain: bool = False) -> float:
        """Publish as the device; return when it was handed to the broker (monotonic)."""
        info = self._client.publish(topic, payload, qos=1, retain=retain)
        info.wait_for_publish(WAIT_S)
        return time.monotonic()

    def _on_message(self, _client: Client, _userdata: object, message: MQTTMessage) -> None:
        """Keep every message, with its arrival time."""
        with self._lock:
            self._messages.append(
                Received(
                    message.topic,
                    message.payload.decode(errors="replace"),
                    bool(message.retain),
                    time.monotonic(),
                )
            )

    def messages(self, topic: str | None = None) -> list[Received]:
        """Return the messages received so far, on one topic or all."""
        with self._lock:
            return [m for m in self._messages if topic is None or m.topic == topic]

    def clear(self) -> None:
        """Forget the messages received so far."""
        with self._lock:
            self._messages.clear()


# How long `wait_for` lets the event loop run between two looks.
POLL_S = 0.005


async def wait_for[T](condition: Callable[[], T], within: float = WAIT_S) -> T:
    """Wait, letting the event loop run, until `condition()` is truthy; return it.

    Messages cross a real broker, so this waits on real time, even while a test has frozen the
    clock (and with it the event loop's): the pause is a real sleep in a worker thread, and the
    deadline counts pauses.
    """
    loop = asyncio.get_running_loop()
    for _ in range(int(within / POLL_S)):
        if result := condition():
            return result
        await loop.run_in_executor(None, time.sleep, POLL_S)
    if result := condition():
        return result
    msg = "timed out waiting for an MQTT message"
    raise TimeoutError(msg)


async def wait_subscribed(hass: HomeAssistant, topic: str) -> None:
    """Wait until Home Assistant's MQTT client has subscribed to `topic` at the broker."""
    done = asyncio.Event()
    unsubscribe = mqtt.async_on_subscribe_done(hass, topic, 0, done.set)
    try:
        async with asyncio.timeout(WAIT_S):
            await done.wait()
    finally:
        unsubscribe()


def subscribed_topics(hass: HomeAssistant) -> set[str]:
    """Return the topics Home Assistant's MQTT client is subscribed to."""
    return {subscription.topic for subscription in hass.data[mqtt.DATA_MQTT].client.subscriptions}


async def publish_to_bridge(
    hass: HomeAssistant, device: Device, topic: str, payload: str | bytes, *, retain: bool = False
) -> None:
    """Publish as the device; return once the unit's bridge has handled the message."""
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    bridge = entry.runtime_data.bridge
    before = bridge.diagnostics()["received_messages"]
    await hass.async_add_executor_job(lambda: device.publish(topic, payload, retain=retain))
    await wait_for(lambda: bridge.diagnostics()["received_messages"] > before)
    await hass.async_block_till_done()


async def setup_unit(hass: HomeAssistant, entry: MockConfigEntry, topic: str) -> None:
    """Set a unit up and wait until its subscription to `topic` reached the broker."""
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries(DOMAIN)}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await wait_subscribed(hass, topic)


async def unload_unsubscribes(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Unload a unit whose topics are subscribed; check none is left; return its topics."""
    ours = set(entry.runtime_data.bridge.subscription_filters())
    assert ours <= subscribed_topics(hass)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert not ours & subscribed_topics(hass)
    return ours


async def assert_unavailable_without_the_broker(
    hass: HomeAssistant, broker: Broker, freezer: FrozenDateTimeFactory, entity_id: str
) -> None:
    """Check that losing the broker makes the unit unavailable, and its return brings it back.

    While the broker is down the entity is unavailable and the bridge says it has no broker;
    once the broker is back the entity shows the same state and attributes as before the loss.
    """
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    bridge = entry.runtime_data.bridge
    before = climate_state(hass, entity_id)
    assert before.state != STATE_UNAVAILABLE
    assert bridge.diagnostics()["broker_connected"] is True
    await hass.async_add_executor_job(broker.stop)
    await wait_for(lambda: climate_state(hass, entity_id).state == STATE_UNAVAILABLE)
    assert bridge.diagnostics()["broker_connected"] is False
    await hass.async_add_executor_job(broker.start)
    # Home Assistant's MQTT client tries to reconnect every 10 s.
    await advance(hass, freezer, 11)
    await wait_for(lambda: climate_state(hass, entity_id).state != STATE_UNAVAILABLE)
    after = climate_state(hass, entity_id)
    assert (after.state, after.attributes) == (before.state, before.attributes)
    assert bridge.diagnostics()["broker_connected"] is True


def climate_state(hass: HomeAssistant, entity_id: str) -> State:
    """Return a climate entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move the frozen clock on and run the timers that came due."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def settle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Move the clock past the settle time (0.8 s) so a coalesced frame goes out."""
    await advance(hass, freezer, 1)


async def all_arrived(hass: HomeAssistant, device: Device, topic: str) -> None:
    """Publish a marker from Home Assistant on `topic` (the device listens) and wait for it.

    Home Assistant's client sends in order, so whatever it published before has arrived too.
    """
    marker = f"marker-{len(device.messages(topic))}"
    await mqtt.async_publish(hass, topic, marker)
    await wait_for(lambda: any(m.payload == marker for m in device.messages(topic)))
