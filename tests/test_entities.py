"""Snapshot tests of every entity platform: registry entries and states, every entity enabled.

One test per platform (core's `snapshot_platform` takes one platform at a time), on the simulated
unit of conftest.py, with the clock frozen so that no recorded value depends on when the suite
runs. The snapshots are recorded per pinned Home Assistant release, in
tests/snapshots_by_release/<release>/ (see conftest.py).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.window_heatpump import PLATFORMS

# A fixed instant for every snapshot: timestamps, calendar events and care records start here.
FROZEN_AT = "2026-01-15 09:30:00+00:00"


@pytest.mark.freeze_time(FROZEN_AT)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "platforms", [pytest.param([platform], id=platform.value) for platform in PLATFORMS]
)
async def test_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Each platform's entities, their registry entries and their states are as reviewed."""
    await snapshot_platform(hass, entity_registry, snapshot, init_integration.entry_id)


# The cheaper heat source's sensors: there only with an electricity price.
HEAT_SOURCE_SENSORS = (
    "sensor.bedroom_outdoor_lockout",
    "sensor.bedroom_heating_cost_today",
    "sensor.bedroom_saved_today_against_resistance_heat",
    "sensor.bedroom_energy_saved_today_against_resistance_heat",
)


@pytest.mark.freeze_time(FROZEN_AT)
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": 2.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            "backup_heater": "switch.heater",
            "lockout_cheaper": True,
            "electricity_price": "sensor.electricity_price",
            "backup_kind": "fuel",
            "fuel_price": 0.1,
            "fuel_efficiency": 90.0,
        }
    ],
)
async def test_heat_source_entities(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The lockout in the cheaper mode and the heating cost sensors are as reviewed."""
    hass.states.async_set("sensor.electricity_price", "0.25", {"unit_of_measurement": "EUR/kWh"})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    for entity_id in HEAT_SOURCE_SENSORS:
        assert entity_registry.async_get(entity_id) == snapshot(name=f"{entity_id}-entry")
        assert hass.states.get(entity_id) == snapshot(name=f"{entity_id}-state")
