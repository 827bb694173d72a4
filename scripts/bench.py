"""Benchmark window_heatpump against Home Assistant's own MQTT climate, on a real mosquitto.

Run it with `bash scripts/bench` (docs/benchmark.md). It starts mosquitto on a free port of
127.0.0.1, then runs Home Assistant in-process in worker processes of its own (the test
harness's `async_test_home_assistant`, but outside pytest: real time, no loop debug mode, real
sockets, Home Assistant's blocking-call detector on), each with the real `mqtt` integration,
window_heatpump units and core MQTT climate entities on the same topic layout (ESPHome's, one
prefix each, so that each side's messages are its own). An MQTT peer (`bench_peer.py`) plays
the devices in a process of its own. The figures and their ratios are printed as JSON, then as
a table.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
import gc
import json
import logging
import os
from pathlib import Path
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The integration is imported as `custom_components.window_heatpump`, from the checkout.
sys.path.insert(0, str(REPO))

from homeassistant import block_async_io, loader  # noqa: E402
from homeassistant.components.climate import (  # noqa: E402
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import (  # noqa: E402
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    STATE_UNAVAILABLE,
    __version__ as ha_version,
)
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback  # noqa: E402
from homeassistant.helpers import entity_registry as er  # noqa: E402
from homeassistant.helpers.event import async_track_state_change_event  # noqa: E402
from homeassistant.setup import async_setup_component  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.window_heatpump.const import DOMAIN  # noqa: E402
from custom_components.window_heatpump.model import (  # noqa: E402
    DesiredState,
    Mode,
    TemperatureUnit,
)
from custom_components.window_heatpump.protocols import PROTOCOLS, irhvac  # noqa: E402

PEER = Path(__file__).resolve().parent / "bench_peer.py"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
WAIT_S = 10.0
# The blocking-call detector logs here (homeassistant.util.loop).
BLOCKING_LOGGER = "homeassistant.util.loop"
CLIMATE_ID = "heat_pump"
TASMOTA_VENDOR = "MIDEA"
IR_ACTION = "bench_ir_send_raw"
# Set points a command alternates between; neither is a unit's start-up set point (21 °C), so
# window_heatpump, which publishes only what differs from the unit's report, publishes each.
COMMAND_SET_POINTS = (22.0, 23.0)
# Targets of issue 9 (ratios measured in one run).
TARGET_COMMAND_VS_CORE = 1.0
TARGET_COMMAND_VS_LOOPBACK = 2.0
TARGET_INGEST_VS_CORE = 1.0
TARGET_SETUP_200_S = 2.0
TARGET_KB_PER_UNIT = 250.0


@dataclass(frozen=True, kw_only=True)
class Plan:
    """How much of everything one run measures."""

    commands: int
    # Per side, in `ingest_rounds` rounds that alternate between the sides.
    ingest_messages: int
    ingest_rounds: int
    units: tuple[int, ...]
    idle_s: float
    load_s: float
    encodes: int


FULL = Plan(
    commands=500,
    ingest_messages=20000,
    ingest_rounds=10,
    units=(1, 50, 200),
    idle_s=5.0,
    load_s=10.0,
    encodes=2000,
)
SMOKE = Plan(
    commands=5,
    ingest_messages=30,
    ingest_rounds=2,
    units=(1, 2),
    idle_s=0.3,
    load_s=1.0,
    encodes=5,
)


# --- CPUs ------------------------------------------------------------------------------------


def cpu_split() -> tuple[set[int], set[int]] | None:
    """Return the CPU for Home Assistant and those for the broker and peers, if there are two.

    The peers publish as fast as the broker takes, and the broker relays at once: sharing
    Home Assistant's core, they would make its CPU figures depend on the scheduler.
    """
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:  # noqa: PLR2004 - one for Home Assistant, the rest for the others
        return None
    return {cpus[-1]}, set(cpus[:-1])


def run_on(cpus: set[int] | None) -> Callable[[], None] | None:
    """Return a pre-exec hook that keeps a child process on `cpus` (None: anywhere)."""
    if cpus is None:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


SPLIT = cpu_split()
HA_CPUS = None if SPLIT is None else SPLIT[0]
OTHER_CPUS = None if SPLIT is None else SPLIT[1]


# --- the broker ------------------------------------------------------------------------------


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def mosquitto(folder: Path) -> Iterator[int]:
    """Run mosquitto on a free port of 127.0.0.1; yield the port."""
    port = free_port()
    config = folder / "mosquitto.conf"
    # No cap on queued messages: the ingest burst must reach Home Assistant whole.
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_queued_messages 0\n"
    )
    process = subprocess.Popen(
        [MOSQUITTO, "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=run_on(OTHER_CPUS),  # noqa: PLW1509 - the benchmark's own process has no threads
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=WAIT_S)


# --- Home Assistant in-process ---------------------------------------------------------------


class BlockingCallCounter(logging.Handler):
    """Count what Home Assistant's blocking-call detector reports."""

    def __init__(self) -> None:
        """Start at zero, not counting until Home Assistant is up."""
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.counting = False

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the report (the harness's own start and stop are not measured)."""
        if self.counting:
            self.messages.append(record.getMessage())


BLOCKING_CALLS = BlockingCallCounter()


@asynccontextmanager
async def home_assistant(port: int, folder: Path) -> AsyncIterator[HomeAssistant]:
    """Start Home Assistant with its MQTT integration connected to the broker on `port`."""
    (folder / "configuration.yaml").write_text("")
    async with async_test_home_assistant(config_dir=str(folder)) as hass:
        # Let the loader find custom integrations (the harness's enable_custom_integrations).
        hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
        # MQTT depends on `http`: serve it on a free port of 127.0.0.1, not on 8123.
        http = {"server_host": ["127.0.0.1"], "server_port": free_port()}
        if not await async_setup_component(hass, "http", {"http": http}):
            msg = "the http integration did not set up"
            raise RuntimeError(msg)
        entry = MockConfigEntry(
            domain="mqtt",
            data={"broker": "127.0.0.1", "port": port},
            version=2,
            minor_version=1,
        )
        entry.add_to_hass(hass)
        if not await hass.config_entries.async_setup(entry.entry_id):
            msg = "the MQTT integration did not set up"
            raise RuntimeError(msg)
        await hass.async_block_till_done()
        await until(lambda: hass.data["mqtt"].client.connected)
        BLOCKING_CALLS.counting = True
        try:
            yield hass
        finally:
            BLOCKING_CALLS.counting = False
            await hass.async_stop(force=True)


async def until(condition: Callable[[], object], within: float = WAIT_S) -> None:
    """Wait, on real time, until `condition()` is truthy."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            msg = "timed out"
            raise TimeoutError(msg)
        await asyncio.sleep(0.005)


def native_prefix(side: str, index: int) -> str:
    """Return the ESPHome topic prefix of unit `index` of a side (`whp` or `core`)."""
    return f"bench-{side}-{index}"


def native_base(side: str, index: int) -> str:
    """Return the climate's topic base of unit `index` of a side."""
    return f"{native_prefix(side, index)}/climate/{CLIMATE_ID}"


def unit_entry(title: str, unique_id: str, **data: object) -> MockConfigEntry:
    """Return a window_heatpump unit with the details every unit has and `data` for its bridge."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=unique_id,
        data={
            **data,
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options={"min_off_seconds": 0},
    )


def native_entry(index: int) -> MockConfigEntry:
    """Return a window_heatpump unit on the native (ESPHome) dialect."""
    return unit_entry(
        f"Bench whp {index}",
        f"mqtt_native_{native_prefix('whp', index)}/{CLIMATE_ID}",
        bridge="mqtt_native",
        topic_prefix=native_prefix("whp", index),
        climate_id=CLIMATE_ID,
        fan_modes=["auto", "low", "medium", "high"],
        swing_modes=["off", "vertical"],
    )


def tasmota_entry() -> MockConfigEntry:
    """Return a window_heatpump unit behind a Tasmota IR bridge (IRHVAC)."""
    return unit_entry(
        "Bench tasmota",
        "mqtt_tasmota_whp_tasmota",
        bridge="mqtt_tasmota",
        tasmota_topic="whp_tasmota",
        vendor=TASMOTA_VENDOR,
        model="",
    )


def ir_entry() -> MockConfigEntry:
    """Return a window_heatpump IR unit (Midea frames through an ESPHome action)."""
    return unit_entry(
        "Bench ir",
        "esphome_bench_ir",
        bridge="esphome",
        esphome_action=f"esphome.{IR_ACTION}",
        protocol="midea",
    )


def core_native_yaml(index: int) -> str:
    """Return a core MQTT climate on the same ESPHome topics as a window_heatpump unit."""
    base = native_base("core", index)
    lines = [
        f"    - name: Core {index}",
        f"      unique_id: bench_core_{index}",
        f"      availability_topic: {native_prefix('core', index)}/status",
        f"      action_topic: {base}/action/state",
        f"      current_temperature_topic: {base}/current_temperature/state",
        f"      current_humidity_topic: {base}/current_humidity/state",
        f"      mode_state_topic: {base}/mode/state",
        f"      mode_command_topic: {base}/mode/command",
        f"      temperature_state_topic: {base}/target_temperature/state",
        f"      temperature_command_topic: {base}/target_temperature/command",
        f"      fan_mode_state_topic: {base}/fan_mode/state",
        f"      fan_mode_command_topic: {base}/fan_mode/command",
        f"      swing_mode_state_topic: {base}/swing_mode/state",
        f"      swing_mode_command_topic: {base}/swing_mode/command",
        f"      preset_mode_state_topic: {base}/preset/state",
        f"      preset_mode_command_topic: {base}/preset/command",
        "      preset_modes: [boost]",
        "      modes: ['off', cool, heat, dry, fan_only, auto]",
        "      fan_modes: [auto, low, medium, high]",
        "      swing_modes: ['off', vertical]",
        "      min_temp: 16",
        "      max_temp: 30",
        "      precision: 0.1",
        "      temp_step: 0.5",
    ]
    return "\n".join(lines) + "\n"


def core_tasmota_yaml() -> str:
    """Return a core MQTT climate reading Tasmota's IRHVAC echo with templates, as users do."""
    result = "stat/core_tasmota/RESULT"
    lines = [
        "    - name: Core tasmota",
        "      unique_id: bench_core_tasmota",
        "      availability_topic: tele/core_tasmota/LWT",
        "      payload_available: Online",
        "      payload_not_available: Offline",
        f"      mode_state_topic: {result}",
        "      mode_state_template: >-",
        (
            "        {{ 'off' if value_json.IRHVAC.Power == 'Off'"
            " else value_json.IRHVAC.Mode | lower | replace('fan', 'fan_only') }}"
        ),
        "      mode_command_topic: cmnd/core_tasmota/IRHVAC",
        f"      temperature_state_topic: {result}",
        "      temperature_state_template: '{{ value_json.IRHVAC.Temp }}'",
        "      temperature_command_topic: cmnd/core_tasmota/IRHVAC",
        f"      fan_mode_state_topic: {result}",
        "      fan_mode_state_template: '{{ value_json.IRHVAC.FanSpeed | lower }}'",
        "      fan_mode_command_topic: cmnd/core_tasmota/IRHVAC",
        "      modes: ['off', cool, heat, dry, fan_only, auto]",
        "      fan_modes: [auto, low, medium, high]",
        "      min_temp: 16",
        "      max_temp: 30",
        "      temp_step: 1",
    ]
    return "\n".join(lines) + "\n"


async def reload_core(hass: HomeAssistant, folder: Path, entities: list[str]) -> None:
    """Write configuration.yaml with these core MQTT climates and have MQTT read it again."""
    await hass.async_add_executor_job(
        (folder / "configuration.yaml").write_text, "mqtt:\n  climate:\n" + "".join(entities)
    )
    await hass.services.async_call("mqtt", "reload", blocking=True)
    await hass.async_block_till_done()


async def publish_online(hass: HomeAssistant, topics: list[tuple[str, str]]) -> None:
    """Publish the devices' retained availability, as their firmware does on connecting."""
    from homeassistant.components import mqtt  # noqa: PLC0415 - after the MQTT set-up

    for topic, payload in topics:
        await mqtt.async_publish(hass, topic, payload, retain=True)


def climate_of(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Return the climate entity of a window_heatpump entry."""
    registry = er.async_get(hass)
    return next(
        item.entity_id
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if item.domain == CLIMATE_DOMAIN
    )


def available(hass: HomeAssistant, entity_id: str) -> bool:
    """Return True when an entity has a state other than unavailable."""
    state = hass.states.get(entity_id)
    return state is not None and state.state != STATE_UNAVAILABLE


def core_climate(hass: HomeAssistant, unique_id: str) -> str:
    """Return the entity id of a core MQTT climate."""
    entity_id = er.async_get(hass).async_get_entity_id(CLIMATE_DOMAIN, "mqtt", unique_id)
    if entity_id is None:
        msg = f"no core MQTT climate {unique_id}"
        raise RuntimeError(msg)
    return entity_id


async def set_up_entries(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    """Add window_heatpump entries and set them all up at once, as Home Assistant starts."""
    for entry in entries:
        if hass.config_entries.async_get_entry(entry.entry_id) is None:
            entry.add_to_hass(hass)
    if DOMAIN in hass.config.components:
        await asyncio.gather(*(hass.config_entries.async_setup(e.entry_id) for e in entries))
    elif not await async_setup_component(hass, DOMAIN, {}):
        msg = "window_heatpump did not set up"
        raise RuntimeError(msg)
    await hass.async_block_till_done()


async def unload_entries(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    """Unload window_heatpump entries all at once (their entities stay registered)."""
    if not all(
        await asyncio.gather(*(hass.config_entries.async_unload(e.entry_id) for e in entries))
    ):
        msg = "window_heatpump did not unload"
        raise RuntimeError(msg)
    await hass.async_block_till_done()


def preload_platforms() -> None:
    """Import both sides' climate code before anything is timed (Home Assistant preimports)."""
    from homeassistant.components.mqtt import climate  # noqa: PLC0415, F401

    import custom_components.window_heatpump  # noqa: PLC0415

    for platform_name in custom_components.window_heatpump.PLATFORMS:
        __import__(f"custom_components.window_heatpump.{platform_name.value}")


# --- peers -----------------------------------------------------------------------------------


async def start_peer(*args: object) -> asyncio.subprocess.Process:
    """Start the MQTT peer process."""
    peer = await asyncio.create_subprocess_exec(
        sys.executable,
        str(PEER),
        *(str(arg) for arg in args),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    # Set from here, not by a pre-exec hook: this process has threads (the executor).
    if OTHER_CPUS is not None:
        os.sched_setaffinity(peer.pid, OTHER_CPUS)
    return peer


async def peer_line(peer: asyncio.subprocess.Process, within: float = WAIT_S) -> str:
    """Return the next line the peer prints."""
    assert peer.stdout is not None  # noqa: S101 - started with a pipe
    line = await asyncio.wait_for(peer.stdout.readline(), within)
    if not line:
        msg = "the MQTT peer stopped"
        raise RuntimeError(msg)
    return line.decode().rstrip("\n")


async def stop_peer(peer: asyncio.subprocess.Process) -> None:
    """Close the peer's input (its signal to stop) and wait for it."""
    assert peer.stdin is not None  # noqa: S101 - started with a pipe
    peer.stdin.close()
    await asyncio.wait_for(peer.wait(), WAIT_S)


# --- measurements ----------------------------------------------------------------------------


def percentile(samples: list[float], pct: int) -> float:
    """Return the pct-th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


def summary(samples: list[float]) -> dict[str, float]:
    """Return median and p95 of latencies in ms."""
    return {"median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}


async def command_latencies(
    hass: HomeAssistant, subscriber: asyncio.subprocess.Process, entities: list[str], count: int
) -> dict[str, list[float]]:
    """Time set_temperature -> payload at the subscriber, the sides taking turns."""
    latencies: dict[str, list[float]] = {entity: [] for entity in entities}
    for index in range(count):
        set_point = COMMAND_SET_POINTS[index % 2]
        for entity in entities:
            sent = time.monotonic_ns()
            await hass.services.async_call(
                CLIMATE_DOMAIN,
                SERVICE_SET_TEMPERATURE,
                {ATTR_ENTITY_ID: entity, ATTR_TEMPERATURE: set_point},
                blocking=True,
            )
            stamp, _topic, payload = (await peer_line(subscriber)).split(" ", 2)
            if float(payload) != set_point:
                msg = f"{entity} published {payload}, not {set_point}"
                raise RuntimeError(msg)
            latencies[entity].append((int(stamp) - sent) / 1e6)
    return latencies


async def ingest_cpu_us(  # noqa: PLR0913, PLR0917 - one measurement, all of it
    hass: HomeAssistant, port: int, kind: str, entity_id: str, topic: str, count: int
) -> float:
    """Return the process CPU time per inbound state message until its state is written, µs."""
    written = 0

    @callback
    def _count(_event: Event[Any]) -> None:
        """Count one state written."""
        nonlocal written
        written += 1

    unsubscribe = async_track_state_change_event(hass, [entity_id], _count)
    # Warm up until messages get through (the subscription may still be on its way).
    while not written:
        warm_up = await start_peer("pub", port, kind, 0, 10, topic)
        await peer_line(warm_up)
        await warm_up.wait()
        await asyncio.sleep(0.2)
    await hass.async_block_till_done()
    written = 0
    cpu = time.process_time()
    publisher = await start_peer("pub", port, kind, 0, count, topic)
    try:
        await until(lambda: written >= count, within=max(WAIT_S, count / 200))
    finally:
        unsubscribe()
    used = time.process_time() - cpu
    await peer_line(publisher)
    await publisher.wait()
    return used / count * 1e6


async def ingest(
    hass: HomeAssistant,
    port: int,
    kind: str,
    sides: dict[str, tuple[str, str]],
    plan: Plan,
) -> dict[str, Any]:
    """Measure ingest CPU per message for each side (entity, state topic) in alternating rounds.

    Each side gets `plan.ingest_messages` in `plan.ingest_rounds` rounds, the order of the
    sides flipping each round, so that a slow spell of the machine falls on both. A side's
    figure is the median of its rounds; `total_us` is all its CPU over all its messages.
    """
    per_round = max(1, plan.ingest_messages // plan.ingest_rounds)
    rounds: dict[str, list[float]] = {side: [] for side in sides}
    order = list(sides)
    for _ in range(plan.ingest_rounds):
        for side in order:
            entity_id, topic = sides[side]
            rounds[side].append(await ingest_cpu_us(hass, port, kind, entity_id, topic, per_round))
        order.reverse()
    figures: dict[str, Any] = {side: statistics.median(samples) for side, samples in rounds.items()}
    figures["total_us"] = {side: statistics.fmean(samples) for side, samples in rounds.items()}
    figures["rounds_us"] = rounds
    figures["messages_per_side"] = per_round * plan.ingest_rounds
    return figures


async def drag(hass: HomeAssistant, entity_id: str) -> None:
    """Drag a set point through ten steps within one second, as a slider or an automation."""
    for step in range(10):
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            SERVICE_SET_TEMPERATURE,
            {ATTR_ENTITY_ID: entity_id, ATTR_TEMPERATURE: 20 + step},
            blocking=True,
        )
        await asyncio.sleep(0.09)


async def ir_drag_frames(hass: HomeAssistant, entity_id: str, sent: list[ServiceCall]) -> int:
    """Return the frames an IR unit sends for ten set point steps within one second."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: entity_id, ATTR_HVAC_MODE: "heat"},
        blocking=True,
    )
    await asyncio.sleep(1.5)  # the mode's own frame goes out after the settle time
    sent.clear()
    await drag(hass, entity_id)
    await asyncio.sleep(2.0)
    return len(sent)


async def tasmota_drag_frames(
    hass: HomeAssistant, subscriber: asyncio.subprocess.Process, entity_id: str
) -> int:
    """Return the IRHVAC commands a Tasmota unit publishes for ten steps within one second."""
    await drag(hass, entity_id)
    frames = 0
    try:
        while True:
            await peer_line(subscriber, within=1.0)
            frames += 1
    except TimeoutError:
        return frames


def encode_us(encodes: int) -> dict[str, float]:
    """Return the time to encode one full-state frame (to raw timings) per protocol, µs."""
    desired = DesiredState(mode=Mode.HEAT, target_temperature=22.0)
    results: dict[str, float] = {}
    for name, protocol in PROTOCOLS.items():
        start = time.perf_counter()
        for _ in range(encodes):
            protocol.encode(desired, TemperatureUnit.CELSIUS).get_raw_timings()
        results[name] = (time.perf_counter() - start) / encodes * 1e6
    start = time.perf_counter()
    for _ in range(encodes):
        json.dumps(
            irhvac.command(desired, vendor=TASMOTA_VENDOR, model=-1, unit=TemperatureUnit.CELSIUS)
        )
    results["tasmota_irhvac_json"] = (time.perf_counter() - start) / encodes * 1e6
    return results


async def paths_worker(port: int, plan: Plan, folder: Path) -> dict[str, Any]:
    """Measure the command path, ingest and IR in one Home Assistant."""
    results: dict[str, Any] = {}
    async with home_assistant(port, folder) as hass:
        preload_platforms()
        await publish_online(
            hass,
            [
                (f"{native_prefix('whp', 0)}/status", "online"),
                (f"{native_prefix('core', 0)}/status", "online"),
                ("tele/whp_tasmota/LWT", "Online"),
                ("tele/core_tasmota/LWT", "Online"),
            ],
        )
        await reload_core(hass, folder, [core_native_yaml(0), core_tasmota_yaml()])
        sent: list[ServiceCall] = []
        hass.services.async_register("esphome", IR_ACTION, sent.append)
        native, tasmota, infrared = native_entry(0), tasmota_entry(), ir_entry()
        await set_up_entries(hass, [native, tasmota, infrared])
        ours, core = climate_of(hass, native), core_climate(hass, "bench_core_0")
        ours_tasmota = climate_of(hass, tasmota)
        core_tasmota = core_climate(hass, "bench_core_tasmota")
        # Core entities turn available once their subscriptions bring the retained status.
        await until(
            lambda: all(available(hass, e) for e in (ours, core, ours_tasmota, core_tasmota))
        )

        subscriber = await start_peer(
            "sub", port, "+/climate/+/target_temperature/command", "cmnd/+/IRHVAC"
        )
        await peer_line(subscriber)
        await command_latencies(hass, subscriber, [ours, core], min(plan.commands, 20))
        latencies = await command_latencies(hass, subscriber, [ours, core], plan.commands)
        results["tasmota_drag_frames"] = await tasmota_drag_frames(hass, subscriber, ours_tasmota)
        await stop_peer(subscriber)
        floor = await start_peer("floor", port, plan.commands)
        loopback = json.loads(await peer_line(floor, within=WAIT_S + plan.commands))
        await floor.wait()
        results["command"] = {
            "window_heatpump": summary(latencies[ours]),
            "core_mqtt": summary(latencies[core]),
            "loopback": loopback,
        }

        results["ingest"] = {
            "native": await ingest(
                hass,
                port,
                "native",
                {
                    "window_heatpump": (
                        ours,
                        f"{native_base('whp', 0)}/current_temperature/state",
                    ),
                    "core_mqtt": (core, f"{native_base('core', 0)}/current_temperature/state"),
                },
                plan,
            ),
            "tasmota_irhvac": await ingest(
                hass,
                port,
                "tasmota",
                {
                    "window_heatpump": (ours_tasmota, "stat/whp_tasmota/RESULT"),
                    "core_mqtt": (core_tasmota, "stat/core_tasmota/RESULT"),
                },
                plan,
            ),
        }
        results["ir_drag_frames"] = await ir_drag_frames(hass, climate_of(hass, infrared), sent)
    results["encode_us"] = encode_us(plan.encodes)
    return results


def rss_bytes() -> int:
    """Return this process's resident memory after a full collection."""
    gc.collect()
    # Linux: the second field of statm is the resident set, in pages.
    resident = int(Path("/proc/self/statm").read_text().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE")


async def cpu_percent(seconds: float) -> float:
    """Return this process's CPU use over `seconds` of real time, % of one core."""
    cpu, wall = time.process_time(), time.monotonic()
    await asyncio.sleep(seconds)
    return (time.process_time() - cpu) / (time.monotonic() - wall) * 100


async def scale_worker(
    port: int, plan: Plan, side: str, units: int, folder: Path
) -> dict[str, Any]:
    """Set up `units` units of one side; measure set-up time, memory and CPU."""
    async with home_assistant(port, folder) as hass:
        preload_platforms()
        prefix = "whp" if side == "window_heatpump" else "core"
        await publish_online(
            hass, [(f"{native_prefix(prefix, index)}/status", "online") for index in range(units)]
        )
        await hass.async_block_till_done()
        before = rss_bytes()
        entities_before = len(hass.states.async_all())
        entries = [native_entry(index) for index in range(units)]
        core_yaml = [core_native_yaml(index) for index in range(units)]

        async def set_up() -> float:
            """Set every unit of the side up; return how long it took, in s."""
            start = time.monotonic()
            if side == "window_heatpump":
                await set_up_entries(hass, entries)
            else:
                await reload_core(hass, folder, core_yaml)
            return time.monotonic() - start

        setup_s = await set_up()
        climates = len(hass.states.async_entity_ids(CLIMATE_DOMAIN))
        if climates != units:
            msg = f"{side}: {climates} climate entities, not {units}"
            raise RuntimeError(msg)
        entities = (len(hass.states.async_all()) - entities_before) / units
        await asyncio.sleep(1.0)  # let the subscriptions and first writes settle
        memory = (rss_bytes() - before) / units / 1024
        idle = await cpu_percent(plan.idle_s)
        topics = [
            f"{native_base(prefix, index)}/current_temperature/state" for index in range(units)
        ]
        cpu, wall = time.process_time(), time.monotonic()
        publisher = await start_peer(
            "pub", port, "native", units, round(units * plan.load_s), *topics
        )
        await peer_line(publisher, within=plan.load_s + WAIT_S)
        await publisher.wait()
        await hass.async_block_till_done()
        load = (time.process_time() - cpu) / (time.monotonic() - wall) * 100
        # Set up again with every entity already registered, as at each start of Home
        # Assistant: the first set-up above also registered them all.
        if side == "window_heatpump":
            await unload_entries(hass, entries)
        else:
            await reload_core(hass, folder, [])
        restart_setup_s = await set_up()
    return {
        "setup_s": setup_s,
        "restart_setup_s": restart_setup_s,
        "kb_per_unit": memory,
        "entities_per_unit": entities,
        "idle_cpu_pct": idle,
        "load_cpu_pct": load,
    }


def run_worker(args: argparse.Namespace) -> None:
    """Run one measurement in this process and print its JSON."""
    block_async_io.enable()
    logging.getLogger(BLOCKING_LOGGER).addHandler(BLOCKING_CALLS)
    plan = SMOKE if args.smoke else FULL
    with tempfile.TemporaryDirectory(prefix="whp-bench-") as tmp:
        if args.worker == "paths":
            results = asyncio.run(paths_worker(args.port, plan, Path(tmp)))
        else:
            results = asyncio.run(scale_worker(args.port, plan, args.side, args.units, Path(tmp)))
    results["blocking_calls"] = BLOCKING_CALLS.messages
    print(json.dumps(results))


# --- the run ---------------------------------------------------------------------------------


def worker(port: int, *, smoke: bool, extra: list[str]) -> dict[str, Any]:
    """Run a worker process; return its JSON."""
    command = [sys.executable, str(Path(__file__).resolve()), "--port", str(port), *extra]
    if smoke:
        command.append("--smoke")
    done = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        preexec_fn=run_on(HA_CPUS),
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        msg = f"the benchmark worker {' '.join(extra)} failed"
        raise RuntimeError(msg)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def ratio(value: float, reference: float) -> float:
    """Return value / reference (inf for a zero reference)."""
    return value / reference if reference else float("inf")


def run(*, smoke: bool) -> dict[str, Any]:
    """Run every measurement; return the report."""
    plan = SMOKE if smoke else FULL
    blocking: list[str] = []
    with tempfile.TemporaryDirectory(prefix="whp-broker-") as tmp, mosquitto(Path(tmp)) as port:
        paths = worker(port, smoke=smoke, extra=["--worker", "paths"])
        blocking += paths["blocking_calls"]
        scale: dict[str, Any] = {}
        for units in plan.units:
            row: dict[str, Any] = {}
            for side in ("window_heatpump", "core_mqtt"):
                row[side] = worker(
                    port,
                    smoke=smoke,
                    extra=["--worker", "scale", "--side", side, "--units", str(units)],
                )
                blocking += row[side].pop("blocking_calls")
            row["ratio"] = {
                key: ratio(row["window_heatpump"][key], row["core_mqtt"][key])
                for key in row["window_heatpump"]
            }
            scale[str(units)] = row
    command = paths["command"]
    command["ratio_vs_core"] = ratio(
        command["window_heatpump"]["median_ms"], command["core_mqtt"]["median_ms"]
    )
    command["ratio_vs_loopback"] = ratio(
        command["window_heatpump"]["median_ms"], command["loopback"]["median_ms"]
    )
    command["commands"] = plan.commands
    ingest = paths["ingest"]
    for figures in ingest.values():
        figures["ratio"] = ratio(figures["window_heatpump"], figures["core_mqtt"])
        totals = figures["total_us"]
        figures["total_ratio"] = ratio(totals["window_heatpump"], totals["core_mqtt"])
    ingest["messages"] = plan.ingest_messages
    ingest["rounds"] = plan.ingest_rounds
    largest = scale[str(max(plan.units))]["window_heatpump"]
    targets = {
        "command_median_vs_core": (command["ratio_vs_core"], TARGET_COMMAND_VS_CORE),
        "command_median_vs_loopback": (command["ratio_vs_loopback"], TARGET_COMMAND_VS_LOOPBACK),
        "ingest_native_vs_core": (ingest["native"]["ratio"], TARGET_INGEST_VS_CORE),
        "ingest_tasmota_vs_core": (ingest["tasmota_irhvac"]["ratio"], TARGET_INGEST_VS_CORE),
        f"setup_{max(plan.units)}_units_s": (largest["setup_s"], TARGET_SETUP_200_S),
        f"kb_per_unit_at_{max(plan.units)}": (largest["kb_per_unit"], TARGET_KB_PER_UNIT),
        "ir_drag_frames": (paths["ir_drag_frames"], 1),
        "tasmota_drag_frames": (paths["tasmota_drag_frames"], 1),
        "blocking_call_warnings": (len(blocking), 0),
    }
    return {
        "environment": {
            "home_assistant": ha_version,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "home_assistant_cpus": None if HA_CPUS is None else sorted(HA_CPUS),
            "broker_and_peer_cpus": None if OTHER_CPUS is None else sorted(OTHER_CPUS),
            "plan": "smoke" if smoke else "full",
        },
        "command_path": command,
        "ingest_cpu_us_per_message": ingest,
        "scale": scale,
        "ir": {
            "drag_frames": {
                "ir_bridge": paths["ir_drag_frames"],
                "tasmota_irhvac": paths["tasmota_drag_frames"],
            },
            "encode_us_per_frame": paths["encode_us"],
        },
        "blocking_call_warnings": blocking,
        "targets": {
            name: {"value": value, "limit": limit, "met": value <= limit}
            for name, (value, limit) in targets.items()
        },
    }


def table(report: dict[str, Any]) -> str:
    """Return the short table of the report."""
    command, ingest = report["command_path"], report["ingest_cpu_us_per_message"]
    lines = [
        f"{'figure':<38}{'window_heatpump':>16}{'core mqtt':>12}{'ratio':>8}",
        (
            f"{'command median ms':<38}{command['window_heatpump']['median_ms']:>16.3f}"
            f"{command['core_mqtt']['median_ms']:>12.3f}{command['ratio_vs_core']:>8.2f}"
        ),
        (
            f"{'command p95 ms':<38}{command['window_heatpump']['p95_ms']:>16.3f}"
            f"{command['core_mqtt']['p95_ms']:>12.3f}"
        ),
        (
            f"{'  loopback floor median ms (ratio)':<38}{command['loopback']['median_ms']:>16.3f}"
            f"{'':>12}{command['ratio_vs_loopback']:>8.2f}"
        ),
    ]
    for kind in ("native", "tasmota_irhvac"):
        figures = ingest[kind]
        totals = figures["total_us"]
        lines.append(
            f"{'ingest CPU us/msg ' + kind:<38}{figures['window_heatpump']:>16.1f}"
            f"{figures['core_mqtt']:>12.1f}{figures['ratio']:>8.2f}"
        )
        lines.append(
            f"{'  all rounds together':<38}{totals['window_heatpump']:>16.1f}"
            f"{totals['core_mqtt']:>12.1f}{figures['total_ratio']:>8.2f}"
        )
    for units, row in report["scale"].items():
        for key, label in (
            ("setup_s", "setup s"),
            ("restart_setup_s", "setup s, entities registered"),
            ("kb_per_unit", "KB per unit"),
            ("idle_cpu_pct", "idle CPU %"),
            ("load_cpu_pct", "CPU % at 1 msg/unit/s"),
        ):
            lines.append(
                f"{f'N={units} {label}':<38}{row['window_heatpump'][key]:>16.2f}"
                f"{row['core_mqtt'][key]:>12.2f}{row['ratio'][key]:>8.2f}"
            )
    ir = report["ir"]
    lines.append(
        f"IR drag frames: IR bridge {ir['drag_frames']['ir_bridge']},"
        f" Tasmota IRHVAC {ir['drag_frames']['tasmota_irhvac']}"
    )
    lines.append(
        "encode us/frame: "
        + ", ".join(f"{name} {us:.1f}" for name, us in ir["encode_us_per_frame"].items())
    )
    lines.append(f"blocking-call warnings: {len(report['blocking_call_warnings'])}")
    missed = [name for name, target in report["targets"].items() if not target["met"]]
    lines.append("targets missed: " + (", ".join(missed) if missed else "none"))
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark (or, with --worker, one measurement of it)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts: checks it runs")
    parser.add_argument("--output", type=Path, help="also write the JSON report here")
    parser.add_argument("--worker", choices=("paths", "scale"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--units", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    report = run(smoke=args.smoke)
    text = json.dumps(report, indent=2)
    if args.output:
        args.output.write_text(text + "\n")
    print(text)
    print()
    print(table(report))


if __name__ == "__main__":
    main()
