"""Tests of the logbook lines of compressor protection: one when held, one when released."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN, SERVICE_SET_TEMPERATURE
from homeassistant.components.recorder import Recorder
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    mock_component,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.window_heatpump import logbook
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.events import EVENT_COMMAND_HELD, EVENT_COMMAND_RELEASED

from .control_helpers import CLIMATE, heat


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: Any) -> None:
    """Prepare the recorder before Home Assistant starts: the logbook reads from it."""


async def _run(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: int) -> None:
    """Move the clock in the simulated unit's 5 s steps."""
    for _ in range(seconds // 5):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def _set_temperature(hass: HomeAssistant, target: float, **data: Any) -> None:
    """Set the set point (and a mode) from the thermostat."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_TEMPERATURE: target, **data},
        blocking=True,
    )


async def test_held_and_released_are_one_line_each(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A held reversal, changed ten times while held, is one "held" and one "released" line.

    Each is an event of the unit's device and climate, described by the logbook platform.
    """
    held = async_capture_events(hass, EVENT_COMMAND_HELD)
    released = async_capture_events(hass, EVENT_COMMAND_RELEASED)
    await heat(hass, 30)
    await _run(hass, freezer, 60)
    await _set_temperature(hass, 16, hvac_mode="cool")
    for target in range(25, 15, -1):
        await _set_temperature(hass, target)
    await _run(hass, freezer, 185)
    assert (len(held), len(released)) == (1, 1)
    climate = entity_registry.async_get(CLIMATE)
    assert climate is not None
    device = device_registry.async_get(climate.device_id or "")
    assert device is not None
    assert device.identifiers == {(DOMAIN, "simulated_bedroom")}
    assert held[0].data["device_id"] == released[0].data["device_id"] == device.id
    assert held[0].data["entity_id"] == released[0].data["entity_id"] == CLIMATE
    assert (held[0].data["hvac_mode"], released[0].data["hvac_mode"]) == ("cool", "cool")
    assert held[0].data["until"] is not None
    assert released[0].data["until"] is None

    described: dict[str, Any] = {}
    logbook.async_describe_events(
        hass, lambda _domain, event_type, describe: described.update({event_type: describe})
    )
    lines = [described[str(event.event_type)](event) for event in (*held, *released)]
    assert [line["name"] for line in lines] == ["Bedroom", "Bedroom"]
    assert [line["entity_id"] for line in lines] == [CLIMATE, CLIMATE]
    assert lines[0]["message"].startswith("holds cool until ")
    assert lines[1]["message"] == "released: cool sent (compressor protection)"


async def test_lines_reach_the_logbook(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The held and released lines are in the logbook, as its websocket API reads it."""
    mock_component(hass, "frontend")
    assert await async_setup_component(hass, "logbook", {})
    start = dt_util.utcnow()
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    protection = mock_config_entry.runtime_data.control.protection
    # The unit stopped heating a moment ago: heating again waits.
    protection.stopped_at = dt_util.utcnow()
    await heat(hass, 30)
    assert protection.held is not None
    await _set_temperature(hass, 16, hvac_mode="off")
    await async_wait_recording_done(hass)
    client = await hass_ws_client()
    await client.send_json({"id": 1, "type": "logbook/get_events", "start_time": start.isoformat()})
    response = await client.receive_json()
    assert response["success"]
    ours = [line for line in response["result"] if line.get("domain") == DOMAIN]
    assert [line["message"] for line in ours][:1][0].startswith("holds heat until ")
    assert [line["message"] for line in ours][1:] == ["released: off sent (compressor protection)"]
    assert {line["entity_id"] for line in ours} == {CLIMATE}
