"""Tests of the blueprints in blueprints/automation/window_heatpump/.

Each is validated with Home Assistant's own blueprint schema, then set up as an automation
from that very file and exercised once: its trigger fires and its action is called.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
import shutil
from typing import Any

from homeassistant.components.blueprint import BLUEPRINT_SCHEMA, Blueprint
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

FOLDER = Path(__file__).parent.parent / "blueprints" / "automation" / "window_heatpump"
BLUEPRINTS = sorted(path.name for path in FOLDER.glob("*.yaml"))


def test_the_three_blueprints_are_there() -> None:
    """The filter reminder, the pre-heat/pre-cool and the backup heater hand-off."""
    assert BLUEPRINTS == [
        "backup_heater_handoff.yaml",
        "filter_reminder.yaml",
        "preheat_before_arrival.yaml",
    ]


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_blueprint_is_valid(name: str) -> None:
    """Home Assistant's blueprint schema takes it as an automation blueprint."""
    blueprint = Blueprint(
        load_yaml(FOLDER / name),  # type: ignore[arg-type]
        path=name,
        expected_domain="automation",
        schema=BLUEPRINT_SCHEMA,
    )
    assert blueprint.metadata["author"] == "window_heatpump"
    assert blueprint.inputs


@pytest.fixture(autouse=True)
async def automations_off(hass: HomeAssistant) -> AsyncIterator[None]:
    """Turn the automations off after a test, so no time trigger outlives it."""
    yield
    if hass.services.has_service("automation", "turn_off"):
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": "all"}, blocking=True
        )


async def _automation(
    hass: HomeAssistant, tmp_path: Path, name: str, inputs: dict[str, Any]
) -> None:
    """Set up an automation from the blueprint `name`, as a user's configuration would."""
    # The automation reads blueprints from <config>/blueprints/automation/.
    hass.config.config_dir = str(tmp_path)
    shutil.copytree(FOLDER, tmp_path / "blueprints" / "automation" / "window_heatpump")
    config = {"use_blueprint": {"path": f"window_heatpump/{name}", "input": inputs}}
    assert await async_setup_component(hass, "automation", {"automation": config})
    await hass.async_block_till_done()


async def test_filter_reminder(hass: HomeAssistant, tmp_path: Path) -> None:
    """The filter sensor turning on sends the message to the notify target."""
    hass.states.async_set("binary_sensor.bedroom_filter", "off")
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "send_message")
    await _automation(
        hass,
        tmp_path,
        "filter_reminder.yaml",
        {"filter_sensor": "binary_sensor.bedroom_filter", "notify_target": "notify.phone"},
    )
    hass.states.async_set("binary_sensor.bedroom_filter", "on")
    await hass.async_block_till_done()
    assert len(calls) == 1
    assert calls[0].data["entity_id"] == ["notify.phone"]
    assert calls[0].data["message"] == "The heat pump needs its air filter cleaned."


async def test_preheat_before_arrival(hass: HomeAssistant, tmp_path: Path) -> None:
    """Someone entering the approach zone starts heating a room colder than the target."""
    hass.states.async_set(
        "zone.near_home",
        "0",
        {"friendly_name": "Near home", "latitude": 52.0, "longitude": 5.0, "radius": 5000},
    )
    hass.states.async_set("person.alex", "not_home", {"latitude": 53.0, "longitude": 5.0})
    hass.states.async_set("climate.bedroom", "off", {"current_temperature": 16.5})
    calls: list[ServiceCall] = async_mock_service(hass, "climate", "set_temperature")
    await _automation(
        hass,
        tmp_path,
        "preheat_before_arrival.yaml",
        {
            "people": ["person.alex"],
            "approach_zone": "zone.near_home",
            "climate_entity": "climate.bedroom",
        },
    )
    hass.states.async_set("person.alex", "Near home", {"latitude": 52.01, "longitude": 5.0})
    await hass.async_block_till_done()
    assert len(calls) == 1
    assert calls[0].data["entity_id"] == ["climate.bedroom"]
    assert calls[0].data["hvac_mode"] == "heat"
    assert calls[0].data["temperature"] == 20


async def test_backup_heater_handoff(hass: HomeAssistant, tmp_path: Path) -> None:
    """Below the balance point the heater takes over; above it plus hysteresis, it hands back."""
    hass.states.async_set("sensor.outdoor", "0")
    hass.states.async_set("climate.bedroom", "heat")
    hass.states.async_set("switch.heater", "off")
    climate_off = async_mock_service(hass, "climate", "turn_off")
    climate_heat = async_mock_service(hass, "climate", "set_hvac_mode")
    heater_on = async_mock_service(hass, "switch", "turn_on")
    heater_off = async_mock_service(hass, "switch", "turn_off")
    await _automation(
        hass,
        tmp_path,
        "backup_heater_handoff.yaml",
        {
            "climate_entity": "climate.bedroom",
            "outdoor_sensor": "sensor.outdoor",
            "backup_heater": "switch.heater",
            "delay": {"seconds": 0},
        },
    )
    hass.states.async_set("sensor.outdoor", "-12")
    await hass.async_block_till_done()
    assert [call.data["entity_id"] for call in climate_off] == [["climate.bedroom"]]
    assert [call.data["entity_id"] for call in heater_on] == [["switch.heater"]]

    # Between the balance point (-10) and it plus the hysteresis (2 K): nothing changes.
    hass.states.async_set("climate.bedroom", "off")
    hass.states.async_set("switch.heater", "on")
    hass.states.async_set("sensor.outdoor", "-9")
    await hass.async_block_till_done()
    assert not heater_off
    hass.states.async_set("sensor.outdoor", "-7.5")
    await hass.async_block_till_done()
    assert [call.data["entity_id"] for call in heater_off] == [["switch.heater"]]
    assert [call.data["hvac_mode"] for call in climate_heat] == ["heat"]
