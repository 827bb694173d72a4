"""The benchmark's MQTT peer: a paho-mqtt process of its own, apart from Home Assistant's.

It runs outside Home Assistant's process so that its CPU time is not counted as Home
Assistant's and its network thread does not compete with Home Assistant for the GIL.

  sub PORT TOPIC...        print `ready`, then `<monotonic ns> <topic> <payload>` per message
  floor PORT COUNT         raw loopback round trips (publish -> receive, paho alone), as JSON
  pub PORT KIND RATE COUNT TOPIC...
                           publish COUNT state messages round-robin over TOPICs (KIND `native`:
                           a room temperature; `tasmota`: an IRHVAC echo), RATE per second
                           (0: as fast as the broker takes them); print `done`
"""

from __future__ import annotations

from collections.abc import Iterator
import itertools
import json
import statistics
import sys
import threading
import time

from paho.mqtt.client import Client, MQTTMessage
from paho.mqtt.enums import CallbackAPIVersion

WAIT_S = 10.0
# Room temperatures the native messages cycle through: each differs from the one before, so
# every message changes the state and is written.
ROOM_TEMPERATURES = [f"{20 + tenth / 10:.1f}" for tenth in range(50)]
# Set points the IRHVAC echoes cycle through (whole degrees, as IR protocols carry them).
SET_POINTS = list(range(16, 31))


def irhvac_echo(temperature: int) -> str:
    """Return Tasmota's echo of an IRHVAC command (`stat/<topic>/RESULT`)."""
    return json.dumps(
        {
            "IRHVAC": {
                "Vendor": "MIDEA",
                "Model": -1,
                "Mode": "Heat",
                "Power": "On",
                "Celsius": "On",
                "Temp": temperature,
                "FanSpeed": "Auto",
                "SwingV": "Off",
                "SwingH": "Off",
                "Quiet": "Off",
                "Turbo": "Off",
                "Econo": "Off",
                "Light": "On",
                "Filter": "Off",
                "Clean": "Off",
                "Beep": "Off",
                "Sleep": -1,
            }
        }
    )


def payloads(kind: str) -> Iterator[str]:
    """Return an endless cycle of state payloads of one kind."""
    if kind == "native":
        return itertools.cycle(ROOM_TEMPERATURES)
    return itertools.cycle([irhvac_echo(value) for value in SET_POINTS])


def connect(port: int, client_id: str) -> Client:
    """Return a connected client with its network thread running."""
    client = Client(CallbackAPIVersion.VERSION2, client_id=client_id)
    connected = threading.Event()
    client.on_connect = lambda *_args: connected.set()
    client.connect("127.0.0.1", port)
    client.loop_start()
    if not connected.wait(WAIT_S):
        msg = "the broker did not answer"
        raise TimeoutError(msg)
    return client


def subscribe(client: Client, topic: str) -> None:
    """Subscribe and wait for the broker's confirmation."""
    done = threading.Event()
    client.on_subscribe = lambda *_args: done.set()
    client.subscribe(topic)
    if not done.wait(WAIT_S):
        msg = f"the broker did not confirm {topic}"
        raise TimeoutError(msg)


def run_sub(port: int, topics: list[str]) -> None:
    """Print every message with its arrival time until stdin closes."""

    def on_message(_client: Client, _userdata: object, message: MQTTMessage) -> None:
        """Print the message at once, stamped on arrival."""
        stamp = time.monotonic_ns()
        sys.stdout.write(f"{stamp} {message.topic} {message.payload.decode()}\n")
        sys.stdout.flush()

    client = connect(port, "bench-subscriber")
    client.on_message = on_message
    for topic in topics:
        subscribe(client, topic)
    print("ready", flush=True)
    sys.stdin.read()
    client.disconnect()
    client.loop_stop()


def run_floor(port: int, count: int) -> None:
    """Measure publish -> receive between two paho clients; print median and p95 in ms."""
    received = threading.Event()
    arrived: list[int] = [0]

    def on_message(_client: Client, _userdata: object, _message: MQTTMessage) -> None:
        """Stamp the arrival."""
        arrived[0] = time.monotonic_ns()
        received.set()

    subscriber = connect(port, "bench-floor-subscriber")
    subscriber.on_message = on_message
    subscribe(subscriber, "bench/floor")
    publisher = connect(port, "bench-floor-publisher")
    samples: list[float] = []
    for index in range(count):
        received.clear()
        sent = time.monotonic_ns()
        publisher.publish("bench/floor", f"{20 + index % 2}.0")
        if not received.wait(WAIT_S):
            msg = "a loopback message was lost"
            raise TimeoutError(msg)
        samples.append((arrived[0] - sent) / 1e6)
    for client in (publisher, subscriber):
        client.disconnect()
        client.loop_stop()
    print(json.dumps({"median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}))


def run_pub(port: int, kind: str, rate: float, count: int, topics: list[str]) -> None:
    """Publish `count` messages round-robin over `topics`, paced at `rate` per second."""
    client = connect(port, f"bench-publisher-{kind}")
    source = payloads(kind)
    start = time.monotonic()
    info = None
    for index in range(count):
        if rate > 0:
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        info = client.publish(topics[index % len(topics)], next(source))
    if info is not None:
        info.wait_for_publish(WAIT_S)
    client.disconnect()
    client.loop_stop()
    print("done", flush=True)


def percentile(samples: list[float], pct: int) -> float:
    """Return the pct-th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def main(argv: list[str]) -> None:
    """Run the mode the arguments name."""
    mode, port = argv[0], int(argv[1])
    if mode == "sub":
        run_sub(port, argv[2:])
    elif mode == "floor":
        run_floor(port, int(argv[2]))
    elif mode == "pub":
        run_pub(port, argv[2], float(argv[3]), int(argv[4]), argv[5:])
    else:
        msg = f"unknown mode {mode}"
        raise SystemExit(msg)


if __name__ == "__main__":
    main(sys.argv[1:])
