"""Home Assistant for the season: freezegun set up as the test harness does, the bedroom unit."""

from __future__ import annotations

from typing import Any

import freezegun
from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component import patch_time
from pytest_homeassistant_custom_component.common import MockConfigEntry
from season_world import CLIMATE, DAY_S, WINTER, Season, winter_outdoor

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import (
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_HVAC_MODES,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_SPEED,
    CONF_TEMPERATURE_UNIT,
    DOMAIN,
)


def _bedroom_entry(options: dict[str, Any], capacity_btu: int) -> MockConfigEntry:
    """Return the simulated bedroom's entry, with a unit of `capacity_btu`."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id="season_bedroom",
        data={
            CONF_BRIDGE: BRIDGE_SIMULATED,
            CONF_CAPACITY_BTU: capacity_btu,
            CONF_TEMPERATURE_UNIT: "°C",
            CONF_HVAC_MODES: ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options=options,
    )


async def command(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Call a climate action on the bedroom."""
    await hass.services.async_call(
        "climate", service, {"entity_id": CLIMATE, **data}, blocking=True
    )


async def bedroom(
    hass: HomeAssistant, season: Season, capacity_btu: int, **extra: Any
) -> MockConfigEntry:
    """Set the simulated bedroom up in a test Home Assistant (`extra` options), its fan high."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    await hass.config.async_set_time_zone("UTC")
    options = {
        CONF_OUTDOOR_TEMPERATURE: season.outdoor(0),
        CONF_OUTDOOR_HUMIDITY: season.humidity,
        CONF_SPEED: 1.0,
        **extra,
    }
    entry = _bedroom_entry(options, capacity_btu)
    entry.add_to_hass(hass)
    if not await hass.config_entries.async_setup(entry.entry_id):
        raise RuntimeError("the simulated unit did not set up")
    await hass.async_block_till_done()
    await command(hass, "set_fan_mode", {"fan_mode": "high"})
    return entry


def winter_weather(bridge: SimulatedBridge, now_s: int) -> None:
    """Every half hour: the winter's outdoor air, and the filter cleaned weekly."""
    if now_s % 1800 == 0:
        bridge.set_conditions(
            outdoor_temperature_c=winter_outdoor(now_s),
            outdoor_humidity=WINTER.humidity,
            filter_dirt=0.0 if now_s % (7 * DAY_S) == 0 else None,
        )


def patch_freezegun() -> None:
    """Set freezegun up as the test harness does for each test (its pytest_runtest_setup)."""
    api: Any = freezegun.api
    api.FakeDate = patch_time.HAFakeDate
    api.datetime_to_fakedatetime = patch_time.ha_datetime_to_fakedatetime
    api.FakeDatetime = patch_time.HAFakeDatetime
    api._get_module_attributes = patch_time.ha_get_module_attributes  # noqa: SLF001
    api._get_module_attributes_hash = patch_time.ha_get_module_attributes_hash  # noqa: SLF001
    api._should_use_real_time = patch_time.ha_should_use_real_time  # noqa: SLF001
    api.get_current_time = patch_time.ha_get_current_time
