"""Capture the documentation's screenshots from a running demo through the DevTools protocol.

Run by scripts/screenshots, which starts the demo and a headless chromium; this logs in as the
demo's user (the login flow of Home Assistant's auth API, its tokens put where the frontend
keeps them), then writes thermostat-defrosting.png (the unit's thermostat dialog while it
defrosts), dashboard.png (the view of docs/automations.md), device-page.png, integrations.png
and add-unit-menu-<language>.png (the first step of adding a unit in the languages with the
longest labels: do they fit?). Uses aiohttp and Home Assistant's YAML loader (through
demo_bootstrap), which the demo's venv has.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
from pathlib import Path
import sys
import time
from typing import Any

import aiohttp
from demo_bootstrap import DASHBOARD_PATH, DOMAIN, PASSWORD, USERNAME

WIDTH, HEIGHT = 1400, 900
# At the demo's 8x the first defrost came 6 min after heating began (measured), the next 8 later.
DEFROST_WAIT_S = 1500.0
MENU_LANGUAGES = ("fr", "es", "nl", "pl")
# The frontend draws after its data arrives; shadow DOM gives no single "done" to wait for.
SETTLE_S = 3.0


class Page:
    """One chromium tab driven over its DevTools web socket."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        """Wrap the tab's socket."""
        self._socket = socket
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events in between are skipped)."""
        command_id = next(self._ids)
        await self._socket.send_json({"id": command_id, "method": method, "params": params})
        while True:
            message = await self._socket.receive_json()
            if message.get("id") != command_id:
                continue
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            result: dict[str, Any] = message.get("result", {})
            return result

    async def evaluate(self, expression: str) -> Any:
        """Return the value of a JavaScript expression in the page (promises awaited)."""
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, seconds: float, what: str) -> Any:
        """Return the expression's value once it is truthy."""
        try:
            async with asyncio.timeout(seconds):
                while True:
                    if value := await self.evaluate(expression):
                        return value
                    await asyncio.sleep(0.25)
        except TimeoutError:
            raise TimeoutError(f"waited {seconds:g} s for {what}") from None

    async def open(self, url: str) -> None:
        """Load a URL and wait until the frontend is connected to Home Assistant."""
        await self.call("Page.navigate", url=url)
        await self.wait_for(HASS + "?.connected", 60, f"the frontend at {url}")
        await asyncio.sleep(SETTLE_S)

    async def capture(self, path: Path) -> None:
        """Write the visible page as a PNG."""
        shot = await self.call("Page.captureScreenshot", format="png")
        await asyncio.to_thread(path.write_bytes, base64.b64decode(shot["data"]))
        print(f"wrote {path}", flush=True)


HASS = "document.querySelector('home-assistant')?.hass"
# A JavaScript function: the first element under a root, shadow roots included, that matches.
DEEP = (
    "((root, match) => { const find = (node) => { for (const el of node.querySelectorAll('*')) {"
    " if (match(el)) return el; const hit = el.shadowRoot && find(el.shadowRoot);"
    " if (hit) return hit; } return null; }; return find(root); })"
)


async def login_tokens(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    """Log in as the demo's user through the auth API, as the login page does."""
    client_id = f"{url}/"
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": f"{url}/?auth_callback=1",
        },
    ) as response:
        flow = await response.json()
    async with session.post(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": client_id, "username": USERNAME, "password": PASSWORD},
    ) as response:
        step = await response.json()
    if step.get("type") != "create_entry":
        raise RuntimeError(f"logging in as {USERNAME!r}: {step}")
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": step["result"], "client_id": client_id},
    ) as response:
        tokens: dict[str, Any] = await response.json()
    return {
        **tokens,
        "hassUrl": url,
        "clientId": client_id,
        "expires": int(time.time() * 1000) + tokens["expires_in"] * 1000,
    }


async def main(url: str, cdp: str, output: Path, *, menus_only: bool = False) -> None:
    """Log in, then capture each screenshot (or only the menus, in each language)."""
    async with aiohttp.ClientSession() as session:
        tokens = await login_tokens(session, url)
        async with session.get(f"{cdp}/json/list") as response:
            targets = await response.json()
        socket_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        async with session.ws_connect(socket_url, max_msg_size=0) as socket:
            page = Page(socket)
            await page.call(
                "Emulation.setDeviceMetricsOverride",
                width=WIDTH,
                height=HEIGHT,
                deviceScaleFactor=1,
                mobile=False,
            )
            # The frontend keeps its tokens in localStorage; put them there before it loads.
            await page.call("Page.navigate", url=f"{url}/manifest.json")
            await page.evaluate(
                f"localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))})"
            )
            if menus_only:
                await page.open(f"{url}/config/integrations/dashboard")
                for language in MENU_LANGUAGES:
                    await capture_menu(page, url, output, language)
                return
            await page.open(f"{url}/lovelace/0")
            climate = await page.wait_for(
                f"Object.keys({HASS}.entities).find(e => e.startsWith('climate.')"
                f" && {HASS}.entities[e].platform === '{DOMAIN}')",
                60,
                "the demo's climate entity",
            )
            device = await page.evaluate(f"{HASS}.entities['{climate}'].device_id")
            await page.evaluate(
                "document.querySelector('home-assistant').dispatchEvent(new CustomEvent("
                f"'hass-more-info', {{detail: {{entityId: '{climate}'}}, bubbles: true,"
                " composed: true}))"
            )
            await page.wait_for(
                f"{HASS}.states['{climate}'].attributes.hvac_action === 'defrosting'",
                DEFROST_WAIT_S,
                f"{climate} to defrost",
            )
            # Long enough for the dialog to show the new action, well inside a defrost.
            await asyncio.sleep(1.0)
            await page.capture(output / "thermostat-defrosting.png")
            await page.open(f"{url}/{DASHBOARD_PATH}/0")
            await page.capture(output / "dashboard.png")
            await page.open(f"{url}/config/devices/device/{device}")
            await page.capture(output / "device-page.png")
            await page.open(f"{url}/config/integrations/dashboard")
            await page.capture(output / "integrations.png")
            # The languages with the longest menu labels (33-39 characters).
            for language in MENU_LANGUAGES:
                await capture_menu(page, url, output, language)


async def capture_menu(page: Page, url: str, output: Path, language: str) -> None:
    """Capture the first step of adding a unit (the bridge menu) in another language."""
    await page.evaluate(
        "document.querySelector('home-assistant').dispatchEvent(new CustomEvent("
        f"'hass-language-select', {{detail: '{language}', bubbles: true, composed: true}}))"
    )
    await page.wait_for(f"{HASS}.language === '{language}'", 30, f"the {language} frontend")
    # The frontend asks whether to set up the integration first; its confirm button is the last.
    await page.call("Page.navigate", url=f"{url}/config/integrations/dashboard/add?domain={DOMAIN}")
    await page.wait_for(f"!!{DEEP}(document, e => e.localName === 'dialog-box')", 60, "the dialog")
    await page.evaluate(
        f"[...{DEEP}(document, e => e.localName === 'dialog-box').shadowRoot"
        ".querySelectorAll('ha-button, mwc-button')].at(-1).click(); true"
    )
    await page.wait_for(
        f"!!{DEEP}(document, e => e.localName === 'step-flow-menu')", 60, "the menu"
    )
    await asyncio.sleep(SETTLE_S)
    await page.capture(output / f"add-unit-menu-{language}.png")
    # Back to English: the language is saved in the demo user's profile.
    await page.evaluate(
        "document.querySelector('home-assistant').dispatchEvent(new CustomEvent("
        "'hass-language-select', {detail: 'en', bubbles: true, composed: true}))"
    )
    await page.wait_for(f"{HASS}.language === 'en'", 30, "the English frontend")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="the demo's Home Assistant")
    parser.add_argument("--cdp", required=True, help="chromium's DevTools HTTP endpoint")
    parser.add_argument("--output", type=Path, required=True, help="folder for the PNGs")
    parser.add_argument("--menus-only", action="store_true", help="only the add-unit menus")
    arguments = parser.parse_args()
    arguments.output.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(
            main(arguments.url, arguments.cdp, arguments.output, menus_only=arguments.menus_only)
        )
    except (RuntimeError, TimeoutError, aiohttp.ClientError) as err:
        print(f"screenshots: error: {err}", file=sys.stderr, flush=True)
        sys.exit(1)
