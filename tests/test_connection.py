"""Tests of how a polled unit's failures are told apart: out of reach, or an unreadable answer.

Run against the HTTP bridge and a firmware served on 127.0.0.1 (tests/http_firmware.py).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime, timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.connection import REPAIR_AFTER
from custom_components.window_heatpump.const import BRIDGE_HTTP, DOMAIN

from .flow_helpers import finish_room
from .http_firmware import Firmware

CONNECTION = "sensor.study_connection"
CLIMATE = "climate.study"


@pytest.fixture
async def firmware(socket_enabled: None) -> AsyncGenerator[Firmware]:
    """Return a firmware serving on 127.0.0.1."""
    unit = Firmware()
    server = await unit.start()
    yield unit
    await server.close()


def _details(port: int) -> dict[str, Any]:
    """Return the HTTP step's input for a unit named Study at `port` on 127.0.0.1."""
    return {
        "host": "127.0.0.1",
        "port": port,
        "name": "Study",
        "capacity_btu": 6000,
        "temperature_unit": "°C",
        "hvac_modes": ["cool", "heat", "dry", "fan_only"],
    }


@pytest.fixture
async def study(hass: HomeAssistant, firmware: Firmware) -> ConfigEntry:
    """Return the unit, added through the config flow and loaded."""
    assert firmware.server is not None
    assert firmware.server.port is not None
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": BRIDGE_HTTP}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _details(firmware.server.port)
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(result["result"].entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def _poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: ConfigEntry) -> None:
    """Let the next poll happen."""
    freezer.tick(entry.runtime_data.update_interval + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def _connection(hass: HomeAssistant) -> dict[str, Any]:
    """Return the connection sensor's state and attributes."""
    state = hass.states.get(CONNECTION)
    assert state is not None
    return {"state": state.state, **state.attributes}


def _issues(hass: HomeAssistant) -> dict[str, ir.IssueEntry]:
    """Return the integration's open Repairs issues by translation key."""
    registry = ir.async_get(hass)
    return {
        issue.translation_key or "": issue
        for (domain, _id), issue in registry.issues.items()
        if domain == DOMAIN
    }


async def _fail_until_repair(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: ConfigEntry, issue: str
) -> timedelta:
    """Keep polling a failing unit until its Repairs issue opens; return how long that took."""
    since: datetime | None = entry.runtime_data.connection.since
    assert since is not None
    for _ in range(20):
        await _poll(hass, freezer, entry)
        if issue in _issues(hass):
            return dt_util.utcnow() - since
    pytest.fail(f"no {issue} Repairs issue after 20 failed polls")


@pytest.mark.parametrize(
    ("fault", "reason", "other", "sensor", "issue"),
    [
        ("garbage", "data that cannot be read", "Lost contact", "unreadable", "unit_unreadable"),
        ("truncated", "data that cannot be read", "Lost contact", "unreadable", "unit_unreadable"),
        ("drop", "Lost contact with the unit", "cannot be read", "unreachable", "unit_unreachable"),
    ],
)
async def test_failures_are_told_apart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    firmware: Firmware,
    study: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    reason: str,
    other: str,
    sensor: str,
    issue: str,
) -> None:
    """The log, the sensor and the Repairs issue say which failure it is; an answer clears them."""
    assert _connection(hass)["state"] == "connected"
    firmware.fault = fault
    await _poll(hass, freezer, study)

    assert hass.states.get(CLIMATE).state == "unavailable"  # type: ignore[union-attr]
    (line,) = [r.getMessage() for r in caplog.records if "Error fetching" in r.getMessage()]
    assert reason in line
    assert other not in line
    shown = _connection(hass)
    assert shown["state"] == sensor
    assert shown["error"]
    assert shown["since"]
    # Not at once: a router restarting is no reason for a Repairs issue.
    assert issue not in _issues(hass)

    assert await _fail_until_repair(hass, freezer, study, issue) >= REPAIR_AFTER
    raised = _issues(hass)[issue]
    assert raised.translation_placeholders is not None
    assert raised.translation_placeholders["name"] == "Study"
    assert raised.translation_placeholders["error"] == _connection(hass)["error"]
    assert set(_issues(hass)) & {"unit_unreachable", "unit_unreadable"} == {issue}

    firmware.fault = None
    await _poll(hass, freezer, study)
    assert hass.states.get(CLIMATE).state == "heat"  # type: ignore[union-attr]
    assert _connection(hass) == {**shown, "state": "connected", "error": None, "since": None}
    assert not set(_issues(hass)) & {"unit_unreachable", "unit_unreadable"}


async def test_a_failure_of_the_other_kind_starts_anew(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, firmware: Firmware, study: ConfigEntry
) -> None:
    """Unreachable after unreadable: the sensor says so, its issue goes, the half hour restarts."""
    firmware.fault = "garbage"
    await _poll(hass, freezer, study)
    await _fail_until_repair(hass, freezer, study, "unit_unreadable")
    unreadable_since = _connection(hass)["since"]

    firmware.fault = "drop"
    await _poll(hass, freezer, study)
    assert _connection(hass)["state"] == "unreachable"
    assert _connection(hass)["since"] > unreadable_since
    assert not set(_issues(hass)) & {"unit_unreachable", "unit_unreadable"}


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("garbage", "answered, but with data that cannot be read"),
        (None, "Could not reach the unit"),
    ],
)
async def test_setup_retry_reason(
    hass: HomeAssistant, firmware: Firmware, fault: str | None, reason: str
) -> None:
    """Set-up that fails says whether the unit was out of reach or answered unreadably."""
    assert firmware.server is not None
    assert firmware.server.port is not None
    info = dict(firmware.info)
    firmware.fault = fault
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Study",
        data={
            "bridge": BRIDGE_HTTP,
            **_details(firmware.server.port if fault else 1),
            "info": info,
        },
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert reason in entry.reason
