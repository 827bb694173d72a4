"""Smoke check: the integration in a real Home Assistant process, without the test harness.

Run by scripts/smoke with the smoke venv's python (the newest Home Assistant release, or the
floor release with --floor). In a temporary folder it starts mosquitto on a free port, a paho
client playing an ESPHome unit on MQTT, and `hass` on a free port; onboards Home Assistant and
adds the MQTT integration, a simulated unit (°C) and a native-MQTT unit (°F) through the config
flows over the HTTP API; runs every climate action on both, in a °C home and then a °F one;
restarts Home Assistant and checks that both units come back as they were; reloads the units;
stops Home Assistant and reads its log: no error, no traceback, no pip install, and nothing
Home Assistant says about window_heatpump (deprecations, "Detected that custom integration")
beyond its usual custom-integration notice. Exit 1 with the reason on the first failure.

    smoke_check.py --hass PATH [--timeout S]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from types import FrameType
from typing import Any

import demo_bootstrap as boot
from paho.mqtt.client import Client, MQTTMessage
from paho.mqtt.enums import CallbackAPIVersion

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.mosquitto import Broker, free_port  # noqa: E402 - the checkout's tests folder

DOMAIN = boot.DOMAIN
# How long a state or a message may take to show (s).
WAIT_S = 15.0
POLL_S = 0.2

SIMULATED = "climate.bedroom"
NATIVE = "climate.study"
SIMULATED_FORM = {
    "name": "Bedroom",
    "capacity_btu": 8000,
    "temperature_unit": "°C",
    "hvac_modes": ["cool", "heat", "dry", "fan_only"],
}
PREFIX = "smoke-study"
BASE = f"{PREFIX}/climate/study"
NATIVE_FORM = {
    "name": "Study",
    "topic_prefix": PREFIX,
    "climate_id": "study",
    "fan_modes": ["auto", "low", "medium", "high"],
    "swing_modes": ["vertical"],
    "capacity_btu": 8000,
    "temperature_unit": "°F",
    "hvac_modes": ["cool", "heat", "dry", "fan_only"],
}
# What the ESPHome node reports before anyone asks it anything (retained, as ESPHome does);
# on the wire in °C: 21.1 °C is 70 °F.
NODE_STATE = {
    "mode": "off",
    "action": "off",
    "target_temperature": "21.1",
    "current_temperature": "20.5",
    "fan_mode": "auto",
    "swing_mode": "off",
    "preset": "none",
}
ACTION_OF_MODE = {
    "off": "off",
    "heat": "heating",
    "cool": "cooling",
    "dry": "drying",
    "fan_only": "fan",
    "auto": "idle",
}

LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\S* (?P<level>[A-Z]+) ")
OURS = re.compile(r"window_heatpump|windowheatpump", re.IGNORECASE)
# What Home Assistant logs about every custom integration at every start.
USUAL_NOTICE = "We found a custom integration window_heatpump which has not been tested"


class SmokeError(Exception):
    """The smoke check failed; the message says where."""


def _stop_on_signal(signum: int, _frame: FrameType | None) -> None:
    """Unwind (and stop what was started) on SIGTERM or SIGHUP, as on Ctrl-C."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


@dataclass
class Command:
    """A command the node received."""

    field: str
    payload: str


class EspHomeNode:
    """A paho client playing an ESPHome climate on MQTT: it echoes each command as its state."""

    def __init__(self, port: int) -> None:
        """Connect to the broker, report the node online and its state (retained)."""
        self.port = port
        self.commands: list[Command] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._client = Client(CallbackAPIVersion.VERSION2, client_id="smoke-esphome-node")
        self._client.on_message = self._on_message
        self._client.on_subscribe = lambda *_args: self._subscribed.set()
        self._client.will_set(f"{PREFIX}/status", "offline", qos=1, retain=True)
        self._client.connect("127.0.0.1", port)
        self._client.loop_start()
        self._client.subscribe(f"{BASE}/+/command", qos=1)
        if not self._subscribed.wait(WAIT_S):
            msg = "the broker did not confirm the node's subscription"
            raise SmokeError(msg)
        for field, payload in NODE_STATE.items():
            self._state(field, payload)
        self._publish(f"{PREFIX}/status", "online")

    def close(self) -> None:
        """Disconnect (cleanly: no last will)."""
        self._client.disconnect()
        self._client.loop_stop()

    def _publish(self, topic: str, payload: str) -> None:
        self._client.publish(topic, payload, qos=1, retain=True).wait_for_publish(WAIT_S)

    def _state(self, field: str, payload: str) -> None:
        self._publish(f"{BASE}/{field}/state", payload)

    def _on_message(self, _client: Client, _userdata: object, message: MQTTMessage) -> None:
        """Take a command and report it done, as the firmware would."""
        field = message.topic.removeprefix(f"{BASE}/").removesuffix("/command")
        payload = message.payload.decode()
        with self._lock:
            self.commands.append(Command(field, payload))
        # From paho's network thread: publish without waiting for the broker's answer.
        self._client.publish(f"{BASE}/{field}/state", payload, qos=1, retain=True)
        if field == "mode":
            self._client.publish(
                f"{BASE}/action/state", ACTION_OF_MODE.get(payload, "idle"), qos=1, retain=True
            )

    def received(self, field: str) -> list[str]:
        """Return the payloads received on a field's command topic so far."""
        with self._lock:
            return [command.payload for command in self.commands if command.field == field]

    def retained_commands(self) -> list[str]:
        """Return any command the broker keeps retained (none should be)."""
        found: list[str] = []
        done = threading.Event()
        client = Client(CallbackAPIVersion.VERSION2, client_id="smoke-retained-check")
        client.on_message = lambda _c, _u, message: found.append(message.topic)
        client.on_subscribe = lambda *_args: done.set()
        client.connect("127.0.0.1", self.port)
        client.loop_start()
        try:
            client.subscribe(f"{BASE}/+/command", qos=1)
            done.wait(WAIT_S)
            # Retained messages come right after the subscription is granted.
            time.sleep(1.0)
        finally:
            client.disconnect()
            client.loop_stop()
        return found


class HomeAssistant:
    """A `hass` process on a config folder, started and stopped on demand."""

    def __init__(self, hass: str, config: Path) -> None:
        """Run `hass` (the executable) on `config`."""
        self.hass = hass
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def pid(self) -> int | None:
        """Return the running process's id."""
        return None if self.process is None else self.process.pid

    def start(self) -> None:
        """Start Home Assistant; its console goes to hass-console-<n>.log."""
        self.starts += 1
        console = (self.config / f"hass-console-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [self.hass, "-c", str(self.config), "--log-no-color"],
            stdout=console,
            stderr=subprocess.STDOUT,
        )
        console.close()

    def stop(self) -> None:
        """Stop Home Assistant as a user would (SIGTERM), killing it after a minute."""
        if (process := self.process) is None:
            return
        self.process = None
        process.terminate()
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            msg = "Home Assistant did not stop within a minute of SIGTERM"
            raise SmokeError(msg) from None
        if code not in {0, 100}:
            msg = f"Home Assistant exited with code {code}"
            raise SmokeError(msg)

    def kill(self) -> None:
        """Kill Home Assistant if it still runs (the check failed on the way)."""
        if (process := self.process) is not None:
            self.process = None
            process.kill()
            process.wait()


def write_config(config: Path, port: int) -> None:
    """Write a minimal configuration with the integration linked in."""
    (config / "custom_components").mkdir(parents=True)
    (config / "custom_components" / DOMAIN).symlink_to(REPO / "custom_components" / DOMAIN)
    (config / "configuration.yaml").write_text(
        f"""homeassistant:
  name: Smoke
  country: DE
http:
  server_host: 127.0.0.1
  server_port: {port}
config:
diagnostics:
logger:
  default: warning
  logs:
    # So that a pip install shows in the log (which fails the check).
    homeassistant.util.package: info
    # The root tree has no ffmpeg and no libturbojpeg; nothing here needs them.
    haffmpeg: critical
    homeassistant.components.camera.img_util: critical
"""
    )


def wait_until[T](what: str, probe: Callable[[], T | None], within: float = WAIT_S) -> T:
    """Return probe()'s first truthy result; raise SmokeError with `what` after `within` s."""
    deadline = time.monotonic() + within
    while True:
        if result := probe():
            return result
        if time.monotonic() > deadline:
            msg = f"timed out after {within:.0f} s waiting for {what}"
            raise SmokeError(msg)
        time.sleep(POLL_S)


class Climate:
    """One climate entity, driven and read over the REST API."""

    def __init__(self, api: boot.Api, entity_id: str) -> None:
        """Drive `entity_id`."""
        self.api = api
        self.entity_id = entity_id

    def state(self) -> dict[str, Any]:
        """Return the entity's state object."""
        state: dict[str, Any] = self.api.expect(
            "GET", f"/api/states/{self.entity_id}", what=f"reading {self.entity_id}"
        )
        return state

    def call(self, service: str, **data: Any) -> None:
        """Call a climate action on the entity."""
        self.api.expect(
            "POST",
            f"/api/services/climate/{service}",
            json_body={"entity_id": self.entity_id, **data},
            what=f"climate.{service} on {self.entity_id} with {data}",
        )

    def expect(self, state: str | None = None, **attributes: Any) -> dict[str, Any]:
        """Wait until the entity shows `state` and these attribute values; return it."""
        last: dict[str, Any] = {}

        def shows() -> dict[str, Any] | None:
            nonlocal last
            last = self.state()
            shown = last.get("attributes", {})
            if state is not None and last.get("state") != state:
                return None
            if any(shown.get(key) != value for key, value in attributes.items()):
                return None
            return last

        try:
            return wait_until(f"{self.entity_id} to show {state} {attributes}", shows)
        except SmokeError as err:
            msg = f"{err}; it shows {last.get('state')!r} {last.get('attributes')}"
            raise SmokeError(msg) from None


def set_home_unit(api: boot.Api, unit_system: str) -> None:
    """Switch the home's unit system (metric or us_customary)."""
    boot.websocket_commands(api, [{"type": "config/core/update", "unit_system": unit_system}])
    print(f"home unit system: {unit_system}", flush=True)


def entry_ids(api: boot.Api) -> dict[str, str]:
    """Return the integration's config entries, title -> entry id."""
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing the units"
    )
    return {entry["title"]: entry["entry_id"] for entry in entries}


def desired_in_diagnostics(api: boot.Api, entry_id: str) -> dict[str, Any]:
    """Return the desired state a unit's diagnostics show (in the unit's own unit)."""
    diagnostics = api.expect(
        "GET", f"/api/diagnostics/config_entry/{entry_id}", what="downloading diagnostics"
    )
    found = _find_key(diagnostics, "desired")
    if not isinstance(found, dict):
        msg = f"no desired state in the diagnostics of {entry_id}"
        raise SmokeError(msg)
    return found


def _find_key(tree: object, key: str) -> object:
    """Return the first value of `key` anywhere in a JSON tree."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        children: Iterator[object] = iter(tree.values())
    elif isinstance(tree, list):
        children = iter(tree)
    else:
        return None
    for child in children:
        if (found := _find_key(child, key)) is not None:
            return found
    return None


def add_units(api: boot.Api, broker_port: int) -> None:
    """Add the MQTT integration and the two units through their config flows."""
    boot.run_config_flow(
        api,
        "mqtt",
        menu_choice="broker",
        forms={
            "broker": {
                "broker": "127.0.0.1",
                "port": broker_port,
                # No TLS: the broker listens on 127.0.0.1 only (a form section on newer releases).
                "other_settings": {"set_client_cert": False, "set_ca_cert": "off"},
            }
        },
    )
    for choice, form in (("simulated", SIMULATED_FORM), ("mqtt_native", NATIVE_FORM)):
        created = boot.run_config_flow(
            api, DOMAIN, menu_choice=choice, forms={choice: form, "room_sensor": {}, "room": {}}
        )
        print(f"added {created.get('title')!r} ({choice})", flush=True)


def exercise(api: boot.Api, node: EspHomeNode) -> None:
    """Run every climate action on both units, in a °C home and then in a °F one."""
    simulated, native = Climate(api, SIMULATED), Climate(api, NATIVE)
    for climate in (simulated, native):
        shown = climate.expect("off")
        features = shown["attributes"].get("supported_features", 0)
        # Neither unit has presets (ClimateEntityFeature.PRESET_MODE = 16): nothing to set.
        if features & 16:
            msg = f"{climate.entity_id} offers presets; the smoke check does not set them yet"
            raise SmokeError(msg)
    # The °F unit in a °C home: its own grid (61-86 °F) shown in °C.
    native.expect("off", temperature=21.1, min_temp=16.1, max_temp=30.0, current_temperature=20.5)
    simulated.expect("off", min_temp=16.0, max_temp=30.0, target_temp_step=0.5)

    for climate in (simulated, native):
        climate.call("turn_on")
        climate.expect("heat")
    wait_until("the node to be told heat", lambda: node.received("mode") == ["heat"])

    # 22 °C: the °C unit takes 22; the °F unit 72 °F (71.6 on its grid), 22.2 °C on the wire.
    simulated.call("set_temperature", temperature=22)
    simulated.expect("heat", temperature=22.0)
    native.call("set_temperature", temperature=22)
    wait_until("72 °F on the wire", lambda: "22.2" in node.received("target_temperature"))
    native.expect("heat", temperature=22.2)

    for climate in (simulated, native):
        climate.call("set_fan_mode", fan_mode="low")
        climate.expect(fan_mode="low")
        climate.call("set_swing_mode", swing_mode="vertical")
        climate.expect(swing_mode="vertical")
    wait_until("the node's fan and swing", lambda: node.received("fan_mode") == ["low"])
    wait_until("the node's swing", lambda: node.received("swing_mode") == ["vertical"])

    # A °F home: the °F unit shows and takes its own numbers; the °C unit its nearest step.
    set_home_unit(api, "us_customary")
    native.call("set_temperature", temperature=75)
    wait_until("75 °F on the wire", lambda: "23.9" in node.received("target_temperature"))
    native.expect("heat", temperature=75, min_temp=61, max_temp=86)
    # 70 °F is 21.1 °C: the °C unit takes 21.0, shown as 69.8 °F.
    simulated.call("set_temperature", temperature=70)
    simulated.expect("heat", temperature=69.8, min_temp=60.8, max_temp=86.0)
    ids = entry_ids(api)
    desired = desired_in_diagnostics(api, ids["Bedroom"])
    if desired.get("target_temperature") != 21.0:  # noqa: PLR2004 - the °C unit's set point
        msg = f"the simulated unit was sent {desired}, not 21.0 °C"
        raise SmokeError(msg)

    for climate in (simulated, native):
        climate.call("set_hvac_mode", hvac_mode="fan_only")
        climate.expect("fan_only")
        climate.call("turn_off")
        climate.expect("off", fan_mode="low", swing_mode="vertical")
    wait_until("the node to be off", lambda: node.received("mode")[-2:] == ["fan_only", "off"])
    print("every climate action worked on both units", flush=True)


def after_restart(api: boot.Api, node: EspHomeNode) -> None:
    """Check that both units came back as they were, turn_on's mode included."""
    simulated, native = Climate(api, SIMULATED), Climate(api, NATIVE)
    simulated.expect("off", temperature=69.8, fan_mode="low", swing_mode="vertical")
    native.expect("off", temperature=75, fan_mode="low", swing_mode="vertical")
    # turn_on goes back to the mode each unit last ran in (restored), not the first-time heat.
    for climate in (simulated, native):
        climate.call("turn_on")
        climate.expect("fan_only")
        climate.call("turn_off")
        climate.expect("off")
    wait_until("the node's turn_on", lambda: node.received("mode")[-2:] == ["fan_only", "off"])
    print("both units came back after the restart", flush=True)


def reload_units(api: boot.Api) -> None:
    """Reload each unit (unload and set up again) and wait for it to be back."""
    for title, entry_id in entry_ids(api).items():
        api.expect(
            "POST",
            f"/api/config/config_entries/entry/{entry_id}/reload",
            json_body={},
            what=f"reloading {title}",
        )
    for entity_id in (SIMULATED, NATIVE):
        Climate(api, entity_id).expect("off")
    print("both units reloaded", flush=True)


def check_log(log: Path) -> list[str]:
    """Return what the log shows that must not be there, one line per record."""
    problems: list[str] = []
    record: list[str] = []

    def judge(lines: list[str]) -> None:
        if not lines:
            return
        text = "\n".join(lines)
        match = LOG_RECORD.match(lines[0])
        level = match["level"] if match else ""
        if level in {"ERROR", "CRITICAL"} or "Traceback" in text:
            problems.append(f"{level or 'output'}: {text[:600]}")
        elif "Attempting install of" in text:
            problems.append(f"pip install at run time: {lines[0]}")
        elif "deprecated" in text.lower() and OURS.search(text):
            problems.append(f"deprecation: {text[:600]}")
        elif level == "WARNING" and OURS.search(text) and USUAL_NOTICE not in text:
            problems.append(f"WARNING about window_heatpump: {text[:600]}")

    for line in log.read_text(errors="replace").splitlines():
        if LOG_RECORD.match(line):
            judge(record)
            record = [line]
        else:
            record.append(line)
    judge(record)
    return problems


def session(hass: HomeAssistant, api: boot.Api, node: EspHomeNode, timeout: float) -> None:
    """Start, onboard, add the units, use them, restart, reload and stop Home Assistant."""
    hass.start()
    _, todo = boot.wait_until_answering(api, hass.config, hass.pid, timeout)
    boot.onboard(api, todo)
    boot.confirm_http_config(api)
    boot.wait_until_running(api, timeout)
    add_units(api, node.port)
    exercise(api, node)
    print("restarting Home Assistant", flush=True)
    hass.stop()
    hass.start()
    boot.wait_until_answering(api, hass.config, hass.pid, timeout)
    boot.wait_until_running(api, timeout)
    after_restart(api, node)
    reload_units(api)
    if retained := node.retained_commands():
        msg = f"commands left retained on the broker: {retained}"
        raise SmokeError(msg)
    hass.stop()


def run(hass_binary: str, timeout: float) -> None:
    """Run the whole smoke check; raise SmokeError on the first failure."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="whp-smoke-") as folder:
        root = Path(folder)
        config = root / "config"
        port = free_port()
        write_config(config, port)
        broker = Broker(root)
        broker.start()
        hass = HomeAssistant(hass_binary, config)
        try:
            node = EspHomeNode(broker.port)
            try:
                session(hass, boot.Api(f"http://127.0.0.1:{port}"), node, timeout)
            finally:
                node.close()
        except (SmokeError, boot.BootstrapError) as err:
            _show_log_tail(config)
            raise SmokeError(str(err)) from None
        finally:
            hass.kill()
            broker.stop()
        if problems := check_log(config / "home-assistant.log"):
            msg = "the Home Assistant log shows:\n" + "\n".join(problems)
            raise SmokeError(msg)
    print(f"smoke check passed in {time.monotonic() - started:.0f} s", flush=True)


def _show_log_tail(config: Path) -> None:
    """Print the end of Home Assistant's log, for a failure."""
    log = config / "home-assistant.log"
    if log.is_file():
        lines = log.read_text(errors="replace").splitlines()[-40:]
        print("Home Assistant log (last 40 lines):", *lines, sep="\n", file=sys.stderr)


def main() -> int:
    """Parse the command line and run the smoke check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--hass", required=True, help="the hass executable of the smoke venv")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a start")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    try:
        run(args.hass, args.timeout)
    except SmokeError as err:
        print(f"smoke check FAILED: {err}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
