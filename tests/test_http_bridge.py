"""Tests of the local HTTP bridge against a firmware served by aiohttp on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import timedelta
from functools import partial
import json
import logging
from typing import Any
from unittest.mock import patch

from aiohttp import ClientResponse, ClientTimeout
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.window_heatpump.const import BRIDGE_HTTP, DOMAIN
from custom_components.window_heatpump.diagnostics import async_get_config_entry_diagnostics

from .flow_helpers import finish_room
from .http_firmware import Firmware

OURS = "climate.study"


@pytest.fixture
async def firmware(socket_enabled: None) -> AsyncGenerator[Firmware]:
    """Return a firmware serving on 127.0.0.1."""
    unit = Firmware()
    server = await unit.start()
    yield unit
    await server.close()


def _port(firmware: Firmware) -> int:
    """Return the port the firmware listens on."""
    assert firmware.server is not None
    port = firmware.server.port
    assert port is not None
    return port


def _form(firmware: Firmware, **changes: Any) -> dict[str, Any]:
    """Return the HTTP step's input for the firmware."""
    return {
        "host": "127.0.0.1",
        "port": _port(firmware),
        "name": "Study",
        "capacity_btu": 6000,
        "temperature_unit": "°C",
        "hvac_modes": ["cool", "heat", "dry", "fan_only"],
        **changes,
    }


async def _http_form(hass: HomeAssistant) -> str:
    """Open the flow at the HTTP step; return its id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": BRIDGE_HTTP}
    )
    assert result["type"] is FlowResultType.FORM
    return result["flow_id"]


@pytest.fixture
async def study(hass: HomeAssistant, firmware: Firmware) -> ConfigEntry:
    """Return a loaded unit added through the flow."""
    result = await hass.config_entries.flow.async_configure(await _http_form(hass), _form(firmware))
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(result["result"].entry_id)
    assert entry is not None
    assert entry.state is ConfigEntryState.LOADED
    return entry


def _attrs(hass: HomeAssistant) -> dict[str, Any]:
    """Return our entity's state and attributes."""
    state = hass.states.get(OURS)
    assert state is not None
    return {"state": state.state, **state.attributes}


async def test_flow_reads_the_firmware(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry
) -> None:
    """The flow reads info and state first, then stores the info and a webhook id."""
    assert study.title == "Study"
    assert study.unique_id == f"{BRIDGE_HTTP}_127.0.0.1:{_port(firmware)}"
    assert study.data["info"] == firmware.info
    assert len(study.data["webhook_id"]) == 64
    ours = _attrs(hass)
    assert ours["state"] == "heat"
    assert ours["fan_modes"] == ["auto", "low", "high"]
    assert ours["swing_modes"] == ["off", "vertical"]
    assert ours["preset_modes"] == ["none", "eco", "sleep"]
    assert (ours["temperature"], ours["current_temperature"]) == (21, 19)
    assert ours["current_humidity"] == 45
    assert ours["hvac_action"] == "heating"
    state = study.runtime_data.data
    assert (state.outdoor_temperature, state.power_w, state.energy_kwh) == (2.0, 640, 12.5)
    assert state.filter_alert is False


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("down", "invalid_response"),
        ("garbage", "invalid_response"),
        ("truncated", "invalid_response"),
        ("not_object", "invalid_response"),
        # Issue 20: the deep one made the flow answer HTTP 500 (RecursionError).
        ("deep", "invalid_response"),
        ("huge", "invalid_response"),
        ("nan", "invalid_response"),
    ],
)
async def test_flow_refuses_faulty_firmware(
    hass: HomeAssistant, firmware: Firmware, fault: str, error: str
) -> None:
    """HTTP errors, malformed and truncated JSON are form errors; fixed, the flow goes on."""
    flow_id = await _http_form(hass)
    firmware.fault = fault
    result = await hass.config_entries.flow.async_configure(flow_id, _form(firmware))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    firmware.fault = None
    result = await hass.config_entries.flow.async_configure(flow_id, _form(firmware))
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("info", "state"),
    [
        ({"fan_speeds": "auto"}, {}),
        ({"fan_speeds": ["warp"]}, {}),
        ({"model": 7}, {}),
        ({}, {"mode": "cryo"}),
        ({}, {"mode": "auto"}),
        ({}, {"target_temperature": None}),
        ({}, {"current_temperature": "warm"}),
        ({}, {"defrosting": "yes"}),
    ],
)
async def test_flow_refuses_documents_out_of_schema(
    hass: HomeAssistant, firmware: Firmware, info: dict[str, Any], state: dict[str, Any]
) -> None:
    """Wrong types, unknown values and modes the unit lacks are invalid responses."""
    firmware.info.update(info)
    firmware.state.update(state)
    result = await hass.config_entries.flow.async_configure(await _http_form(hass), _form(firmware))
    assert result["errors"] == {"base": "invalid_response"}


async def test_flow_unreachable_and_timeout(hass: HomeAssistant, firmware: Firmware) -> None:
    """A closed port and a firmware that never answers are cannot_connect."""
    flow_id = await _http_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _form(firmware, port=1))
    assert result["errors"] == {"base": "cannot_connect"}
    firmware.fault = "hang"
    with patch(
        "custom_components.window_heatpump.bridges.http.bridge.REQUEST_TIMEOUT",
        ClientTimeout(total=0.05),
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, _form(firmware))
    assert result["errors"] == {"base": "cannot_connect"}


async def test_flow_checks_details_and_duplicates(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry
) -> None:
    """The shared details checks apply; the same host and port twice is refused."""
    flow_id = await _http_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(firmware, name=" ", hvac_modes=["cool"])
    )
    assert result["errors"] == {"name": "name_required", "hvac_modes": "heat_and_cool_required"}
    result = await hass.config_entries.flow.async_configure(flow_id, _form(firmware))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_commands_post_the_whole_state(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry
) -> None:
    """A command is POSTed as the whole desired state, exactly as the README says."""
    await hass.services.async_call(
        "climate",
        "set_temperature",
        # The same mode as the running unit: nothing for the compressor protection to hold.
        {ATTR_ENTITY_ID: OURS, "temperature": 23.5, "hvac_mode": "heat"},
        blocking=True,
    )
    await hass.services.async_call(
        "climate", "set_preset_mode", {ATTR_ENTITY_ID: OURS, "preset_mode": "eco"}, blocking=True
    )
    assert firmware.commands == [
        {
            "mode": "heat",
            "target_temperature": 23.5,
            "fan_speed": "auto",
            "swing": "off",
            "preset": "none",
        },
        {
            "mode": "heat",
            "target_temperature": 23.5,
            "fan_speed": "auto",
            "swing": "off",
            "preset": "eco",
        },
    ]


@pytest.mark.parametrize(
    "fault",
    [("refuse", "command_failed", "set point out of range"), ("hang", "unit_unavailable", "")],
)
async def test_command_faults(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry, fault: tuple[str, str, str]
) -> None:
    """A refusal carries the firmware's reason; a timeout says the unit cannot be reached."""
    firmware.fault, key, reason = fault
    with (
        patch(
            "custom_components.window_heatpump.bridges.http.bridge.REQUEST_TIMEOUT",
            ClientTimeout(total=0.05),
        ),
        pytest.raises(HomeAssistantError) as raised,
    ):
        await hass.services.async_call("climate", "turn_off", {ATTR_ENTITY_ID: OURS}, blocking=True)
    assert raised.value.translation_key == key
    assert reason in str(raised.value)


async def test_polling_backs_off_and_recovers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    firmware: Firmware,
    study: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Unreachable: unavailable, logged once, polled ever less often; back: polled every 30 s."""
    caplog.set_level(logging.INFO)
    coordinator = study.runtime_data
    firmware.fault = "down"
    intervals = []
    for _ in range(6):
        freezer.tick(coordinator.update_interval + timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        intervals.append(coordinator.update_interval.total_seconds())
    assert intervals == [60, 120, 240, 300, 300, 300]
    assert _attrs(hass)["state"] == "unavailable"
    assert caplog.text.count("Error fetching window_heatpump Study data") == 1

    firmware.fault = None
    firmware.state["current_temperature"] = 20.0
    freezer.tick(timedelta(seconds=301))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _attrs(hass)["current_temperature"] == 20
    assert coordinator.update_interval == timedelta(seconds=30)
    assert caplog.text.count("Fetching window_heatpump Study data recovered") == 1


@pytest.mark.parametrize("fault", ["deep", "huge", "nan"])
async def test_poll_of_a_hostile_answer_is_a_failed_read(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    firmware: Firmware,
    study: ConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """Deep, huge or NaN answers to the poll: unavailable, one line with the reason, no trace."""
    coordinator = study.runtime_data
    firmware.fault = fault
    freezer.tick(coordinator.update_interval + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _attrs(hass)["state"] == "unavailable"
    (failure,) = [r for r in caplog.records if "Error fetching" in r.message]
    assert "sent no valid JSON" in failure.message or "more than" in failure.message
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info]
    firmware.fault = None
    freezer.tick(timedelta(seconds=61))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _attrs(hass)["state"] == "heat"


async def test_setup_retries_while_unreachable(hass: HomeAssistant, firmware: Firmware) -> None:
    """A firmware that is off at start-up: setup retries, with the reason."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Study",
        data={"bridge": BRIDGE_HTTP, **_form(firmware, port=1), "info": {}},
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "Could not reach the unit" in entry.reason


async def test_new_capabilities_reload(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry
) -> None:
    """New firmware declaring other fan speeds: the entry stores them and reloads."""
    firmware.info["fan_speeds"] = ["auto", "quiet", "turbo"]
    assert await hass.config_entries.async_reload(study.entry_id)
    await hass.async_block_till_done()
    assert study.data["info"]["fan_speeds"] == ["auto", "quiet", "turbo"]
    assert _attrs(hass)["fan_modes"] == ["auto", "quiet", "turbo"]


type WebhookPost = Callable[..., Awaitable[ClientResponse]]


@pytest.fixture
async def webhook_post(
    hass: HomeAssistant, study: ConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> WebhookPost:
    """Return a POST to the unit's webhook, with Home Assistant's webhook integration set up."""
    assert await async_setup_component(hass, "webhook", {})
    client = await hass_client_no_auth()
    return partial(client.post, f"/api/webhook/{study.data['webhook_id']}")


async def test_webhook_push(
    hass: HomeAssistant, firmware: Firmware, study: ConfigEntry, webhook_post: WebhookPost
) -> None:
    """A state POSTed to the entry's webhook is taken at once; a malformed one is refused."""
    pushed = {**firmware.state, "action": "defrosting", "defrosting": True}
    response = await webhook_post(json=pushed)
    assert response.status == 204
    await hass.async_block_till_done()
    assert _attrs(hass)["hvac_action"] == "defrosting"

    response = await webhook_post(data='{"mode": "he')
    assert response.status == 400
    assert "no valid JSON" in await response.text()
    response = await webhook_post(json={"mode": "heat"})
    assert response.status == 400
    # Issue 20: the same parser as the flow's; deep and oversized bodies are refused too.
    for body in ("[" * 200_000, json.dumps({**pushed, "padding": "x" * 1_000_000})):
        response = await webhook_post(data=body)
        assert response.status == 400
    response = await webhook_post(json={**pushed, "current_temperature": 1e300})
    assert response.status == 400
    assert "current_temperature" in await response.text()
    assert _attrs(hass)["hvac_action"] == "defrosting"

    diagnostics = await async_get_config_entry_diagnostics(hass, study)
    assert diagnostics["bridge"]["pushes_taken"] == 1
    assert diagnostics["entry"]["data"]["host"] == "**REDACTED**"
    assert diagnostics["entry"]["data"]["webhook_id"] == "**REDACTED**"


async def test_webhook_push_brings_an_unreachable_unit_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    firmware: Firmware,
    study: ConfigEntry,
    webhook_post: WebhookPost,
) -> None:
    """A failed poll makes the unit unavailable; the firmware's next push makes it available."""
    coordinator = study.runtime_data
    firmware.fault = "down"
    freezer.tick(coordinator.update_interval + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _attrs(hass)["state"] == "unavailable"

    pushed = {**firmware.state, "current_temperature": 18.5}
    response = await webhook_post(json=pushed)
    assert response.status == 204
    await hass.async_block_till_done()
    assert _attrs(hass)["state"] != "unavailable"
    assert _attrs(hass)["current_temperature"] == 18.5
    assert coordinator.last_update_success
