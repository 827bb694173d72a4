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
from datetime import UTC, datetime
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
# A 14 m² bedroom for one: ENERGY STAR's table (control/sizing.py) asks 6000 BTU/h of it.
FLOW_FORMS: dict[str, dict[str, Any]] = {
    "simulated": {
        "name": "Bedroom",
        "capacity_btu": 6000,
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
# In the config folder: the entry id of the unit the demo created, the only one it changes.
DEMO_ENTRY_FILE = ".window_heatpump_demo_entry"
# The dashboard the demo adds: the view of docs/automations.md.
DASHBOARD_PATH = "heat-pump"
DASHBOARD_SECTION = "## A dashboard view per unit"
# Home Assistant's Repairs warning that a venv ("Core") installation is unsupported.
INSTALL_WARNING = ("homeassistant", "deprecated_method")
# What Home Assistant's HTTP settings store keeps beside the settings.
HTTP_META_KEYS = ("created_at", "error", "error_message")


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


def demo_entry_id(entries: list[dict[str, Any]], remembered: str | None) -> str | None:
    """Return the entry id of the demo's own unit among `entries`, None if it is gone.

    The remembered id where there is one; a config folder of a demo that did not remember it
    yet: the first unit with the demo's name (the one the demo created).
    """
    if remembered is not None:
        return remembered if any(e["entry_id"] == remembered for e in entries) else None
    name = FLOW_FORMS[FLOW_MENU_CHOICE]["name"]
    return next((e["entry_id"] for e in entries if e["title"] == name), None)


def ensure_config_entry(api: Api, config: Path) -> tuple[str | None, bool]:
    """Create the demo's unit through the config flow unless it exists; remember its entry id.

    Return its entry id (None if the user removed it and added others) and whether it was
    created now.
    """
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing config entries"
    )
    marker = config / DEMO_ENTRY_FILE
    remembered = marker.read_text().strip() if marker.is_file() else None
    if entries:
        if (entry_id := demo_entry_id(entries, remembered)) is not None:
            marker.write_text(entry_id + "\n")
        print(f"config entries: {len(entries)} exist already", flush=True)
        return entry_id, False
    # No room sensor (the unit's own reading); the room the simulated unit models, so the
    # sizing advice has something to say.
    forms = {**FLOW_FORMS, "room_sensor": {}, "room": DEMO_ROOM}
    created = run_config_flow(api, DOMAIN, menu_choice=FLOW_MENU_CHOICE, forms=forms)
    entry_id = str(created["result"]["entry_id"])
    marker.write_text(entry_id + "\n")
    print(f"config entry: created {created.get('title')!r}", flush=True)
    return entry_id, True


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


def ensure_speed(api: Api, speed: float, entry_id: str) -> None:
    """Set the clock speed of the demo's unit through its options flow (no other unit's)."""
    entries = api.expect(
        "GET", f"/api/config/config_entries/entry?domain={DOMAIN}", what="listing config entries"
    )
    for entry in entries:
        if entry["entry_id"] != entry_id:
            continue
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


def place_unit_in_area(api: Api, entry_id: str) -> None:
    """Put the demo unit's device in the area of its name (onboarding makes a Bedroom)."""
    entries = [
        entry
        for entry in api.expect(
            "GET",
            f"/api/config/config_entries/entry?domain={DOMAIN}",
            what="listing config entries",
        )
        if entry["entry_id"] == entry_id
    ]
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


def dashboard_view() -> dict[str, Any]:
    """Return the dashboard view of docs/automations.md (written for the demo's unit)."""
    from homeassistant.util.yaml import parse_yaml  # noqa: PLC0415 - only here, not at start

    page = (REPO / "docs" / "automations.md").read_text(encoding="utf-8")
    section = page.split(DASHBOARD_SECTION, 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    view = parse_yaml(block)
    if not isinstance(view, dict):
        msg = f"docs/automations.md: the yaml under {DASHBOARD_SECTION!r} is not a view"
        raise BootstrapError(msg)
    return view


def ensure_dashboard(api: Api) -> None:
    """Add the documentation's dashboard view as a dashboard of its own, unless it exists."""
    (dashboards,) = websocket_commands(api, [{"type": "lovelace/dashboards/list"}])
    if any(board["url_path"] == DASHBOARD_PATH for board in dashboards):
        return
    websocket_commands(
        api,
        [
            {
                "type": "lovelace/dashboards/create",
                "url_path": DASHBOARD_PATH,
                "title": "Heat pump",
                "icon": "mdi:heat-pump",
                "show_in_sidebar": True,
                "require_admin": False,
                "mode": "storage",
            },
            {
                "type": "lovelace/config/save",
                "url_path": DASHBOARD_PATH,
                "config": {"views": [dashboard_view()]},
            },
        ],
    )
    print(f"dashboard: added 'Heat pump' (/{DASHBOARD_PATH})", flush=True)


def integration_entities(api: Api, platform: str) -> set[str]:
    """Return the entity ids of the integration on one platform (its registry's, not states)."""
    template = (
        "{{ integration_entities('"
        + DOMAIN
        + f"') | select('match', '{platform}\\.') | list | tojson }}}}"
    )
    ours = api.expect("POST", "/api/template", json_body={"template": template}, what="template")
    return set(json.loads(ours) if isinstance(ours, str) else ours)


def find_climate_entities(api: Api, timeout: float) -> list[str]:
    """Return the climate entities of the integration, waiting for them up to timeout."""
    deadline = time.monotonic() + timeout
    while True:
        states = api.expect("GET", "/api/states", what="reading the states")
        climates = {
            state["entity_id"] for state in states if state["entity_id"].startswith("climate.")
        }
        found = sorted(climates.intersection(integration_entities(api, "climate")))
        if found or time.monotonic() > deadline:
            return found
        time.sleep(1)


def ignore_install_warning(api: Api, timeout: float) -> None:
    """Ignore Home Assistant's warning about its installation method (a venv is "Core").

    It comes a moment after the start; the person trying the demo cannot act on it (the demo
    installs Home Assistant so), and it says nothing about the integration. Ignored, it stays
    listed under the Repairs page's ignored issues.
    """
    domain, issue_id = INSTALL_WARNING
    deadline = time.monotonic() + timeout
    while True:
        (answer,) = websocket_commands(api, [{"type": "repairs/list_issues"}])
        issue = next(
            (i for i in answer["issues"] if (i["domain"], i["issue_id"]) == INSTALL_WARNING), None
        )
        if issue is not None or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if issue is None or issue.get("ignored"):
        return
    websocket_commands(
        api,
        [{"type": "repairs/ignore_issue", "domain": domain, "issue_id": issue_id, "ignore": True}],
    )
    print("Repairs: ignored Home Assistant's 'Unsupported installation method'", flush=True)


def check_repairs(api: Api) -> list[str]:
    """Return the open Repairs issues the demo must not raise.

    None of Home Assistant's own (the demo writes configuration.yaml on every start, so a
    person could not act on one), and no sizing issue of the integration (its unit fits its
    room).
    """
    (answer,) = websocket_commands(api, [{"type": "repairs/list_issues"}])
    problems = []
    for issue in answer["issues"]:
        if issue.get("ignored") or issue.get("dismissed_version"):
            continue
        name = f"{issue['domain']}.{issue['issue_id']}"
        if issue["domain"] != DOMAIN:
            problems.append(f"Home Assistant raised the Repairs issue {name}")
        elif issue["issue_id"].startswith("sizing_"):
            problems.append(f"the demo's unit does not fit its room: {name}")
    return problems


def check_sizing(api: Api) -> list[str]:
    """Return a problem for each sizing verdict of the integration other than right-sized."""
    sensors = integration_entities(api, "sensor")
    states = api.expect("GET", "/api/states", what="reading the states")
    return [
        f"{state['entity_id']} is {state['state']!r}: the demo's unit does not fit its room "
        "(made by an older demo? delete the config folder to start over)"
        for state in states
        if state["entity_id"] in sensors
        and "recommended_btu_h" in state["attributes"]
        and state["state"] != "right_sized"
    ]


def check_brand_icon(api: Api) -> list[str]:
    """Return a problem unless Home Assistant serves the integration's brand icon."""
    path = f"/api/brands/integration/{DOMAIN}/icon.png"
    response = api.call("GET", path)
    if response.status != HTTPStatus.OK:
        return [f"GET {path} answered HTTP {response.status}, not 200"]
    return []


def bootstrap(args: argparse.Namespace) -> int:
    """Run the bootstrap subcommand."""
    api = Api(args.url)
    config = Path(args.config)
    answered_at, todo = wait_until_answering(api, config, args.hass_pid, args.timeout)
    started_at = args.started_at or answered_at
    print(f"Home Assistant answered {answered_at - started_at:.1f} s after the start", flush=True)
    onboard(api, todo)
    confirm_http_config(api)
    entry_id, created = ensure_config_entry(api, config)
    if entry_id is not None:
        ensure_speed(api, args.speed, entry_id)
        place_unit_in_area(api, entry_id)
        ensure_dashboard(api)
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
    ignore_install_warning(api, timeout=10)
    ready_at = time.time()
    print(f"ready {ready_at - started_at:.1f} s after the start", flush=True)
    if not args.check:
        return 0
    found = find_climate_entities(api, timeout=30)
    if not found:
        print(f"check failed: no climate entity of {DOMAIN} in /api/states", flush=True)
        return 1
    if problems := check_repairs(api) + check_sizing(api) + check_brand_icon(api):
        for problem in problems:
            print(f"check failed: {problem}", flush=True)
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


def http_settings(args: argparse.Namespace) -> int:
    """Run the http-settings subcommand: store the listen address and port, or print "yaml".

    Home Assistant 2026.10 keeps its HTTP settings in storage and reads `http:` YAML once, as a
    trial to confirm, with a Repairs issue while the YAML stays. Written to storage before it
    starts, they need neither. A release without that store takes them from YAML.
    """
    try:
        from homeassistant.components.http import config as http_config  # noqa: PLC0415
    except ImportError:
        print("yaml")
        return 0
    if not hasattr(http_config, "HTTP_STORAGE_SCHEMA"):
        print("yaml")
        return 0
    path = Path(args.config) / ".storage" / http_config.STORAGE_KEY
    try:
        stable = json.loads(path.read_text())["data"]["stable"]
        stable = {key: value for key, value in stable.items() if key not in HTTP_META_KEYS}
    except OSError, ValueError, KeyError, TypeError:
        stable = {}
    # What the user changed in the UI stays; the address and port are the demo's.
    wanted = http_config.HTTP_STORAGE_SCHEMA(
        {**stable, "server_host": ["127.0.0.1"], "server_port": args.port}
    )
    data = {
        "stable": {
            **wanted,
            "created_at": datetime.now(UTC).isoformat(),
            "error": None,
            "error_message": None,
        },
        "pending": None,
        "yaml_migration_done": True,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "version": http_config.STORAGE_VERSION,
                "minor_version": http_config.STORAGE_MINOR_VERSION,
                "key": http_config.STORAGE_KEY,
                "data": data,
            },
            indent=2,
        )
    )
    path.chmod(0o600)
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
    boot.add_argument("--speed", type=float, default=8, help="clock speed of simulated units")
    boot.set_defaults(run=bootstrap)
    reqs = commands.add_parser("requirements", help="print requirements to preinstall")
    reqs.add_argument("--core", action="store_true", help="of the core integrations instead")
    reqs.set_defaults(run=requirements)
    http = commands.add_parser("http-settings", help="store the HTTP settings, or print yaml")
    http.add_argument("--config", required=True, help="the Home Assistant config folder")
    http.add_argument("--port", type=int, required=True, help="the port to listen on")
    http.set_defaults(run=http_settings)
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
