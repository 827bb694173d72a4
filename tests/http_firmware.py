"""A DIY firmware serving the window_heatpump HTTP API on 127.0.0.1, for the HTTP bridge's tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import json
import math
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

# What the firmware answers instead of the document, per fault.
FAULTS: dict[str, Callable[[dict[str, Any]], web.Response]] = {
    "down": lambda _payload: web.Response(status=503, text="busy"),
    "garbage": lambda _payload: web.Response(text="<html>oops</html>", content_type="text/html"),
    "truncated": lambda _payload: web.Response(
        text='{"mode": "heat", "target_temp', content_type="application/json"
    ),
    "not_object": lambda _payload: web.json_response([1, 2, 3]),
    "deep": lambda _payload: web.Response(text="[" * 200_000, content_type="application/json"),
    "huge": lambda payload: web.json_response({**payload, "padding": "x" * 1_000_000}),
    "nan": lambda payload: web.Response(
        text=json.dumps({**payload, "target_temperature": math.nan}),
        content_type="application/json",
    ),
}


class Firmware:
    """The firmware's state and its endpoints; `fault` makes it misbehave one way."""

    def __init__(self) -> None:
        """Start heating to 21 °C in a 19 °C room, on a 2 °C day."""
        self.info: dict[str, Any] = {
            "model": "ESP32 window unit",
            "firmware": "1.2.0",
            "fan_speeds": ["auto", "low", "high"],
            "swings": ["off", "vertical"],
            "presets": ["eco", "sleep"],
        }
        self.state: dict[str, Any] = {
            "mode": "heat",
            "target_temperature": 21.0,
            "fan_speed": "auto",
            "swing": "off",
            "preset": "none",
            "action": "heating",
            "current_temperature": 19.0,
            "current_humidity": 45,
            "outdoor_temperature": 2.0,
            "defrosting": False,
            "power_w": 640,
            "energy_kwh": 12.5,
            "filter_alert": False,
            "error_code": None,
        }
        self.commands: list[dict[str, Any]] = []
        # None, "down" (HTTP 503), "garbage", "truncated", "not_object", "hang", "refuse", "drop",
        # and the hostile ones: "deep" (200 KB of `[`), "huge" (a 1 MB document), "nan".
        self.fault: str | None = None
        self.server: TestServer | None = None

    async def start(self) -> TestServer:
        """Serve on 127.0.0.1 at a free port."""
        app = web.Application()
        app.router.add_get("/whp/v1/info", self._info)
        app.router.add_get("/whp/v1/state", self._state)
        app.router.add_post("/whp/v1/command", self._command)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return self.server

    async def _answer(self, payload: dict[str, Any]) -> web.Response:
        """Answer with the document, or with the fault asked for."""
        if self.fault == "hang":
            await asyncio.Event().wait()
        if (fault := FAULTS.get(self.fault or "")) is not None:
            return fault(payload)
        return web.json_response(payload)

    async def _info(self, _request: web.Request) -> web.Response:
        """GET /whp/v1/info."""
        return await self._answer(self.info)

    async def _state(self, request: web.Request) -> web.Response:
        """GET /whp/v1/state."""
        if self.fault == "drop" and request.transport is not None:
            # As a unit whose Wi-Fi drops: the connection ends before any answer.
            request.transport.abort()
            raise ConnectionResetError
        return await self._answer(self.state)

    async def _command(self, request: web.Request) -> web.Response:
        """POST /whp/v1/command: take the whole desired state."""
        if self.fault == "refuse":
            return web.Response(status=422, text="set point out of range")
        if self.fault == "hang":
            await asyncio.Event().wait()
        command = await request.json()
        self.commands.append(command)
        self.state.update(command)
        return web.Response(status=204)
