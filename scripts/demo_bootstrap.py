"""Bring the demo Home Assistant of scripts/demo to a usable state, over its REST API.

Standard library plus aiohttp (which Home Assistant brings); run with the demo venv's python.

    demo_bootstrap.py bootstrap --url URL --config DIR [--hass-pid PID] [--started-at T] [--check]
        Wait until Home Assistant answers, finish onboarding (owner user, core config,
        analytics, integration step) if it is not done, and create a window_heatpump config
        entry through the config flow if there is none. With --check, also verify that a
        climate entity of the integration exists.
    demo_bootstrap.py requirements [--core]
        Print the requirements of the integration's manifest and of the core integrations it
        depends on (with --core: those of the core integrations the demo loads itself).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
import importlib.util
import json
import os
from pathlib import Path
import sys
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

import aiohttp

DOMAIN = "window_heatpump"
OWNER_NAME = "Demo"
USERNAME = "demo"
PASSWORD = "demo-window-heatpump"  # noqa: S105 - a local demo, printed on the console anyway
LANGUAGE = "en"
ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")
# What the config flow is fed: the menu choice, then the form of that step.
FLOW_MENU_CHOICE = "simulated"
FLOW_FORMS: dict[str, dict[str, Any]] = {
    "simulated": {
        "name": "Bedroom",
        "capacity_btu": 8000,
        "temperature_unit": "°C",
        "hvac_modes": ["cool", "heat", "dry", "fan_only"],
    },
}
DEMO_ROOM: dict[str, Any] = {"room_area": 14, "occupants": 1}
# Integrations the demo configures besides the ones Home Assistant always loads, and the ones the
# onboarding core_config step starts a config flow for.
DEMO_CONFIGURED = ("frontend", "config", "history", "logbook")
ONBOARDING_FLOWS = ("google_translate", "met", "radio_browser", "shopping_list")
OFFLINE_REMOVE = ("radio_browser",)
# Integrations whose requirements Home Assistant also processes when a manifest names them.
DISCOVERY_KEYS = {
    "dhcp": ("dhcp",),
    "mqtt": ("mqtt",),
    "ssdp": ("ssdp",),
    "zeroconf": ("zeroconf", "homekit"),
}
REPO = Path(__file__).resolve().parent.parent


class BootstrapError(Exception):
    """Something the person running the demo has to look at."""


class WebsocketCommandError(BootstrapError):
    """Home Assistant refused a websocket command; `code` says why."""

    def __init__(self, message: str, code: str | None) -> None:
        """Keep the error code of the answer."""
        super().__init__(message)
        self.code = code


@dataclass
class Response:
    """An HTTP answer: its status and its body, parsed as JSON where it is JSON."""

    status: int
    body: Any

    def describe(self) -> str:
        """Return status and body, for error messages."""
        text = self.body if isinstance(self.body, str) else json.dumps(self.body)
        return f"HTTP {self.status}: {text[:500]}"


class Api:
    """A small client of the Home Assistant HTTP API."""

    def __init__(self, base_url: str) -> None:
        """Talk to the Home Assistant at base_url."""
        self.base_url = base_url.rstrip("/")
        self.token: str | None = None

    @property
    def client_id(self) -> str:
        """Return the OAuth client id: the frontend's own, the base URL with a slash."""
        return f"{self.base_url}/"

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        form: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Response:
        """Send one request; raise OSError when nothing answers."""
        headers = {"Accept": "application/json"}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - the URL is ours, http://127.0.0.1
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return Response(answer.status, _parse(answer.read()))
        except urllib.error.HTTPError as err:
            return Response(err.code, _parse(err.read()))

    def expect(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        form: dict[str, str] | None = None,
        what: str,
    ) -> Any:
        """Send one request and return its body; raise BootstrapError unless it is a 2xx."""
        try:
            response = self.call(method, path, json_body=json_body, form=form)
        except OSError as err:
            msg = f"{what}: {method} {path} failed: {err}"
            raise BootstrapError(msg) from err
        if not HTTPStatus.OK <= response.status < HTTPStatus.MULTIPLE_CHOICES:
            msg = f"{what}: {method} {path} answered {response.describe()}"
            raise BootstrapError(msg)
        return response.body


def _parse(raw: bytes) -> Any:
    text = raw.decode(errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def _process_alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _onboarding_done_on_disk(config: Path) -> bool:
    """Return whether the onboarding store says every step is done."""
    try:
        stored = json.loads((config / ".storage" / "onboarding").read_text())
    except OSError, ValueError:
        return False
    done = stored.get("data", {}).get("done", [])
    return all(step in done for step in ONBOARDING_STEPS)


def wait_until_answering(
    api: Api, config: Path, hass_pid: int | None, timeout: float
) -> tuple[float, list[str]]:
    """Wait until Home Assistant answers and its onboarding state is known.

    Return the time.time() of the first HTTP answer and the onboarding steps still to do.
    """
    deadline = time.monotonic() + timeout
    answered_at: float | None = None
    last = "no answer yet"
    while True:
        # Once onboarded, /api/onboarding is gone; /api/ answers 401 without a token.
        path = "/api/" if _onboarding_done_on_disk(config) else "/api/onboarding"
        try:
            response = api.call("GET", path, timeout=10)
        except OSError as err:
            last = str(err)
        else:
            if answered_at is None:
                answered_at = time.time()
            if path == "/api/":
                return answered_at, []
            if response.status == HTTPStatus.OK and isinstance(response.body, list):
                todo = [step["step"] for step in response.body if not step["done"]]
                return answered_at, todo
            # 404 until the onboarding integration has registered its views.
            last = response.describe()
        if not _process_alive(hass_pid):
            msg = "Home Assistant exited before its HTTP API was ready; see its log above"
            raise BootstrapError(msg)
        if time.monotonic() > deadline:
            msg = f"Home Assistant did not answer at {api.base_url} within {timeout:.0f} s ({last})"
            raise BootstrapError(msg)
        time.sleep(0.5)


def exchange_auth_code(api: Api, code: str) -> None:
    """Trade an authorization code for an access token and use it from now on."""
    tokens = api.expect(
        "POST",
        "/auth/token",
        form={"grant_type": "authorization_code", "code": code, "client_id": api.client_id},
        what="exchanging the authorization code",
    )
    api.token = tokens["access_token"]


def log_in(api: Api) -> None:
    """Log in as the demo owner through a login flow of the homeassistant auth provider."""
    flow = api.expect(
        "POST",
        "/auth/login_flow",
        json_body={
            "client_id": api.client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": api.client_id,
        },
        what="starting a login flow",
    )
    result = api.expect(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        json_body={"username": USERNAME, "password": PASSWORD, "client_id": api.client_id},
        what="logging in",
    )
    if result.get("type") != "create_entry":
        msg = (
            f"could not log in as {USERNAME!r} ({result.get('errors') or result}); this config "
            "was onboarded with another owner: delete the demo config folder to start over"
        )
        raise BootstrapError(msg)
    exchange_auth_code(api, result["result"])


def onboard(api: Api, todo: list[str]) -> None:
    """Do the onboarding steps still to do, as the frontend would, and log in."""
    if "user" in todo:
        print(f"onboarding: creating the owner {USERNAME!r}", flush=True)
        answer = api.expect(
            "POST",
            "/api/onboarding/users",
            json_body={
                "name": OWNER_NAME,
                "username": USERNAME,
                "password": PASSWORD,
                "client_id": api.client_id,
                "language": LANGUAGE,
            },
            what="onboarding (user step)",
        )
        exchange_auth_code(api, answer["auth_code"])
    else:
        log_in(api)
    if "core_config" in todo:
        api.expect("POST", "/api/onboarding/core_config", json_body={}, what="onboarding (core)")
    if "analytics" in todo:
        api.expect("POST", "/api/onboarding/analytics", json_body={}, what="onboarding (analytics)")
    if "integration" in todo:
        api.expect(
            "POST",
            "/api/onboarding/integration",
            json_body={
                "client_id": api.client_id,
                "redirect_uri": f"{api.base_url}/?auth_callback=1",
            },
            what="onboarding (integration step)",
        )
    if "core_config" in todo:
        remove_offline_entries(api)
    if todo:
        print("onboarding: done", flush=True)


def remove_offline_entries(api: Api) -> None:
    """Remove the entries onboarding made that need the internet, which the demo has not.

    Radio Browser's setup would hold up every start for seconds and then fail.
    """
    deadline = time.monotonic() + 15
    for domain in OFFLINE_REMOVE:
        path = f"/api/config/config_entries/entry?domain={domain}"
        while not (entries := api.expect("GET", path, what="listing config entries")):
            if time.monotonic() > deadline:
                break
            time.sleep(0.5)
        for entry in entries:
            api.expect(
                "DELETE",
                f"/api/config/config_entries/entry/{entry['entry_id']}",
                what=f"removing the {domain} entry",
            )
            print(f"onboarding: removed {entry['title']!r} (needs the internet)", flush=True)


def wait_until_running(api: Api, timeout: float) -> None:
    """Wait until Home Assistant has finished starting (before that, SIGTERM kills it hard)."""
    deadline = time.monotonic() + timeout
    while True:
        state = api.expect("GET", "/api/config", what="reading the core state").get("state")
        if state == "RUNNING":
            return
        if time.monotonic() > deadline:
            msg = f"Home Assistant is still {state!r} after {timeout:.0f} s"
            raise BootstrapError(msg)
        time.sleep(0.5)


def ensure_config_entry(api: Api) -> bool:
    """Create a window_heatpump config entry through the config flow unless one exists.

    Return True when it was created now.
    """
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing config entries"
    )
    if entries:
        print(f"config entry: {entries[0]['title']!r} exists already", flush=True)
        return False
    # The room the simulated unit models, so the sizing advice has something to say.
    created = run_config_flow(
        api, DOMAIN, menu_choice=FLOW_MENU_CHOICE, forms={**FLOW_FORMS, "room": DEMO_ROOM}
    )
    print(f"config entry: created {created.get('title')!r}", flush=True)
    return True


def run_config_flow(
    api: Api,
    handler: str,
    *,
    menu_choice: str | None = None,
    forms: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """Walk a config flow of `handler` to the entry it creates; return that last step.

    A menu gets `menu_choice`; a form gets what the form suggests, with `forms[step_id]` on
    top (see `_answer`). A step with errors, or one `forms` does not name, raises
    BootstrapError.
    """
    response = api.call(
        "POST",
        "/api/config/config_entries/flow",
        json_body={"handler": handler, "show_advanced_options": False},
    )
    if response.status in (HTTPStatus.NOT_FOUND, HTTPStatus.BAD_REQUEST):
        msg = f"Home Assistant has no config flow for {handler!r} ({response.describe()})"
        if handler == DOMAIN:
            msg += (
                f"; is custom_components/{DOMAIN} complete (manifest.json with config_flow: "
                "true, config_flow.py)? Its errors are in the Home Assistant log"
            )
        raise BootstrapError(msg)
    if response.status != HTTPStatus.OK:
        msg = f"starting the config flow of {handler}: {response.describe()}"
        raise BootstrapError(msg)
    step = response.body
    for _ in range(10):
        kind = step.get("type")
        if kind == "create_entry":
            return dict(step)
        if kind == "menu" and menu_choice in step.get("menu_options", []):
            answer: dict[str, Any] = {"next_step_id": menu_choice}
        elif kind == "form" and step.get("step_id") in forms and not step.get("errors"):
            answer = _answer(step, forms[step["step_id"]])
        else:
            msg = f"the config flow of {handler} went where it was not expected to: {step}"
            raise BootstrapError(msg)
        step = api.expect(
            "POST",
            f"/api/config/config_entries/flow/{step['flow_id']}",
            json_body=answer,
            what=f"config flow step {step.get('step_id')!r} of {handler}",
        )
    msg = f"the config flow of {handler} did not end after 10 steps: {step}"
    raise BootstrapError(msg)


def _answer(form: dict[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the form suggests with `given` on top, for the fields the form has.

    Releases differ in their forms (MQTT's broker form gained a section): a given field the
    form lacks is left out, and a given section fills in the section's own defaults.
    """
    answer = _form_defaults(form)
    for field in form.get("data_schema", []):
        name = field["name"]
        if name not in given:
            continue
        if isinstance(value := given[name], Mapping) and isinstance(answer.get(name), dict):
            answer[name] = {**answer[name], **value}
        else:
            answer[name] = value
    return answer


def _form_defaults(form: dict[str, Any]) -> dict[str, Any]:
    """Return the values a flow form suggests or defaults to, by field (sections nested)."""
    values: dict[str, Any] = {}
    for field in form.get("data_schema", []):
        if field.get("type") == "expandable":
            # A collapsed section of the form (MQTT's broker settings): its own defaults.
            values[field["name"]] = _form_defaults({"data_schema": field.get("schema", [])})
        elif (value := (field.get("description") or {}).get("suggested_value")) is not None:
            values[field["name"]] = value
        elif "default" in field:
            values[field["name"]] = field["default"]
    return values


def ensure_speed(api: Api, speed: float) -> None:
    """Set the clock speed of every simulated unit through its options flow."""
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing config entries"
    )
    for entry in entries:
        form = api.expect(
            "POST",
            "/api/config/config_entries/options/flow",
            json_body={"handler": entry["entry_id"]},
            what=f"opening the options of {entry['title']!r}",
        )
        flow = f"/api/config/config_entries/options/flow/{form['flow_id']}"
        if form.get("type") == "menu" and "unit_settings" in form.get("menu_options", []):
            form = api.expect(
                "POST",
                flow,
                json_body={"next_step_id": "unit_settings"},
                what=f"opening the unit settings of {entry['title']!r}",
            )
        values = _form_defaults(form)
        if form.get("type") != "form" or "speed" not in values or values["speed"] == speed:
            api.call("DELETE", flow)
            continue
        api.expect("POST", flow, json_body={**values, "speed": speed}, what="setting the speed")
        print(f"clock speed of {entry['title']!r}: {speed:g}x real time", flush=True)


def websocket_commands(api: Api, commands: list[dict[str, Any]]) -> list[Any]:
    """Send commands over the websocket API (some settings have no REST endpoint)."""

    async def run() -> list[Any]:
        results = []
        url = api.base_url.replace("http", "ws", 1) + "/api/websocket"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
            await socket.receive_json()  # auth_required
            await socket.send_json({"type": "auth", "access_token": api.token})
            if (answer := await socket.receive_json())["type"] != "auth_ok":
                msg = f"websocket login refused: {answer}"
                raise BootstrapError(msg)
            for number, command in enumerate(commands, start=1):
                await socket.send_json({"id": number, **command})
                answer = await socket.receive_json()
                if not answer.get("success"):
                    error = answer.get("error") or {}
                    msg = f"websocket {command['type']!r} failed: {error}"
                    raise WebsocketCommandError(msg, error.get("code"))
                results.append(answer.get("result"))
        return results

    return asyncio.run(run())


def confirm_http_config(api: Api) -> None:
    """Keep the listen address and port of configuration.yaml.

    Home Assistant 2026.10 moves the `http:` YAML into storage as a trial that reverts (and
    restarts Home Assistant) after five minutes unless someone confirms it in the UI; older
    releases keep using the YAML and have no such command.
    """
    try:
        (http,) = websocket_commands(api, [{"type": "http/config"}])
    except WebsocketCommandError as err:
        if err.code == "unknown_command":
            return
        raise
    if http.get("active_config_type") == "pending":
        websocket_commands(api, [{"type": "http/config/promote"}])
        print("HTTP settings (127.0.0.1 and the port) confirmed", flush=True)


def place_units_in_areas(api: Api) -> None:
    """Put each unit's device in the area of its name (onboarding makes a Bedroom), if any."""
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing config entries"
    )
    areas, devices = websocket_commands(
        api, [{"type": "config/area_registry/list"}, {"type": "config/device_registry/list"}]
    )
    area_of = {area["name"].casefold(): area["area_id"] for area in areas}
    for entry in entries:
        area_id = area_of.get(entry["title"].casefold())
        for device in devices:
            if entry["entry_id"] in device["config_entries"] and area_id and not device["area_id"]:
                websocket_commands(
                    api,
                    [
                        {
                            "type": "config/device_registry/update",
                            "device_id": device["id"],
                            "area_id": area_id,
                        }
                    ],
                )
                print(f"{entry['title']!r} placed in its area", flush=True)


def find_climate_entities(api: Api, timeout: float) -> list[str]:
    """Return the climate entities of the integration, waiting for them up to timeout."""
    template = (
        "{{ integration_entities('"
        + DOMAIN
        + "') | select('match', 'climate\\.') | list | tojson }}"
    )
    deadline = time.monotonic() + timeout
    while True:
        states = api.expect("GET", "/api/states", what="reading the states")
        climates = {
            state["entity_id"] for state in states if state["entity_id"].startswith("climate.")
        }
        ours = api.expect(
            "POST", "/api/template", json_body={"template": template}, what="template"
        )
        found = sorted(climates.intersection(json.loads(ours) if isinstance(ours, str) else ours))
        if found or time.monotonic() > deadline:
            return found
        time.sleep(1)


def bootstrap(args: argparse.Namespace) -> int:
    """Run the bootstrap subcommand."""
    api = Api(args.url)
    config = Path(args.config)
    answered_at, todo = wait_until_answering(api, config, args.hass_pid, args.timeout)
    started_at = args.started_at or answered_at
    print(f"Home Assistant answered {answered_at - started_at:.1f} s after the start", flush=True)
    onboard(api, todo)
    confirm_http_config(api)
    created = ensure_config_entry(api)
    ensure_speed(api, args.speed)
    place_units_in_areas(api)
    if created:
        # Something to watch at once: a cold room being heated, on towards a defrost.
        for entity_id in find_climate_entities(api, timeout=30):
            api.expect(
                "POST",
                "/api/services/climate/set_temperature",
                json_body={"entity_id": entity_id, "temperature": 21, "hvac_mode": "heat"},
                what=f"heating {entity_id}",
            )
    wait_until_running(api, args.timeout)
    ready_at = time.time()
    print(f"ready {ready_at - started_at:.1f} s after the start", flush=True)
    if not args.check:
        return 0
    found = find_climate_entities(api, timeout=30)
    if not found:
        print(f"check failed: no climate entity of {DOMAIN} in /api/states", flush=True)
        return 1
    print(f"check passed: {', '.join(found)}", flush=True)
    print(
        f"WHP_DEMO_TIMINGS answered={answered_at - started_at:.1f}s "
        f"ready={ready_at - started_at:.1f}s",
        flush=True,
    )
    return 0


def _components_dir() -> Path:
    spec = importlib.util.find_spec("homeassistant")
    if spec is None or not spec.submodule_search_locations:
        msg = "homeassistant is not installed in this Python"
        raise BootstrapError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "components"


def _requirements_of(roots: list[dict[str, Any]], components: Path) -> dict[str, list[str]]:
    """Return the requirements of manifests and of everything they pull in, by requirement."""
    requirements: dict[str, list[str]] = {}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        manifest = todo.pop()
        for requirement in manifest.get("requirements", []):
            requirements.setdefault(requirement, []).append(manifest["domain"])
        domains = manifest.get("dependencies", []) + manifest.get("after_dependencies", [])
        domains += [key for key, names in DISCOVERY_KEYS.items() if set(names) & set(manifest)]
        for domain in domains:
            path = components / domain / "manifest.json"
            if domain in seen or not path.is_file():
                continue
            seen.add(domain)
            todo.append(json.loads(path.read_text()))
    return requirements


def requirements(args: argparse.Namespace) -> int:
    """Run the requirements subcommand."""
    components = _components_dir()
    if args.core:
        from homeassistant import bootstrap as ha_bootstrap  # noqa: PLC0415 - slow, only here

        domains = sorted(
            set(ha_bootstrap.DEFAULT_INTEGRATIONS)
            | set(ha_bootstrap.CORE_INTEGRATIONS)
            | set(DEMO_CONFIGURED)
            | set(ONBOARDING_FLOWS)
        )
        roots = [{"domain": "demo", "dependencies": domains}]
    else:
        manifest = REPO / "custom_components" / DOMAIN / "manifest.json"
        roots = [json.loads(manifest.read_text())]
    for requirement, domains in sorted(_requirements_of(roots, components).items()):
        print(f"{requirement}  # {', '.join(sorted(set(domains)))}" if args.core else requirement)
    return 0


def main() -> int:
    """Parse the command line and run a subcommand."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    boot = commands.add_parser("bootstrap", help="onboard and create the config entry")
    boot.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8123")
    boot.add_argument("--config", required=True, help="the Home Assistant config folder")
    boot.add_argument("--hass-pid", type=int, help="give up when this process ends")
    boot.add_argument("--started-at", type=float, help="time.time() the demo started at")
    boot.add_argument("--timeout", type=float, default=600, help="seconds to wait for HA")
    boot.add_argument("--check", action="store_true", help="verify the climate entity too")
    boot.add_argument("--speed", type=float, default=60, help="clock speed of simulated units")
    boot.set_defaults(run=bootstrap)
    reqs = commands.add_parser("requirements", help="print requirements to preinstall")
    reqs.add_argument("--core", action="store_true", help="of the core integrations instead")
    reqs.set_defaults(run=requirements)
    args = parser.parse_args()
    try:
        return int(args.run(args))
    except BootstrapError as err:
        print(f"demo bootstrap: error: {err}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
