"""Fixtures for the window_heatpump tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.const import Platform, __version__ as ha_version
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

# The harness puts its own `custom_components` package first on the path; importing ours
# now, before the `hass` fixture runs, makes Home Assistant find this integration.
import custom_components.window_heatpump
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

from . import fuzz
from .blocking_calls import BlockingDetector
from .mosquitto import Broker
from .mqtt_device import KEEPALIVE_S, Device, wait_for


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--fuzz-long`: every fuzz test runs 10,000 examples instead of a few hundred."""
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help=f"run {fuzz.LONG_EXAMPLES} examples in each fuzz test (default {fuzz.EXAMPLES})",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Pick the fuzz tests' settings profile (before the test modules are imported)."""
    fuzz.select(long=config.getoption("--fuzz-long"))


@pytest.fixture(autouse=True)
def blocking_calls() -> Iterator[BlockingDetector]:
    """Fail a test in which window_heatpump makes a blocking call in the event loop."""
    detector = BlockingDetector()
    detector.start()
    try:
        yield detector
    finally:
        detector.stop()
    detector.check()


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""


class PinnedReleaseSnapshotExtension(HomeAssistantSnapshotExtension):
    """Keep the snapshots of each pinned Home Assistant release in a folder of its own.

    Registry entries and states serialize differently from release to release (fields added
    or renamed), so each release the suite runs on (`scripts/test`, `scripts/test --floor`)
    has its own recorded copy, in tests/snapshots_by_release/<release>/. Not below
    tests/snapshots/: the harness's own snapshot assertion reads every file below that folder
    and would count the other releases' snapshots as unused.
    """

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """Return tests/snapshots_by_release/<the Home Assistant release under test>."""
        return str(Path(test_location.filepath).parent / "snapshots_by_release" / ha_version)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return syrupy's snapshot, read from and recorded to the folder of this release."""
    return snapshot.use_extension(PinnedReleaseSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Register every entity enabled, the diagnostic ones shipped disabled included."""
    with patch.object(
        Entity, "entity_registry_enabled_default", new_callable=PropertyMock, return_value=True
    ):
        yield


@pytest.fixture
def temperature_unit() -> str:
    """Return the temperature unit of the simulated unit (override per test)."""
    return "°C"


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return the options of the simulated unit (override per test)."""
    return {CONF_OUTDOOR_TEMPERATURE: 2.0, CONF_OUTDOOR_HUMIDITY: 85.0, CONF_SPEED: 1.0}


@pytest.fixture
def mock_config_entry(temperature_unit: str, entry_options: dict[str, Any]) -> MockConfigEntry:
    """Return a config entry for a simulated 8000 BTU/h unit named Bedroom."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id="simulated_bedroom",
        data={
            CONF_BRIDGE: BRIDGE_SIMULATED,
            CONF_CAPACITY_BTU: 8000,
            CONF_TEMPERATURE_UNIT: temperature_unit,
            CONF_HVAC_MODES: ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options=entry_options,
    )


@pytest.fixture
def platforms() -> list[Platform]:
    """Return the platforms to set up (override per test, e.g. one for a snapshot)."""
    return list(custom_components.window_heatpump.PLATFORMS)


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, platforms: list[Platform]
) -> MockConfigEntry:
    """Set up the integration with the simulated unit."""
    mock_config_entry.add_to_hass(hass)
    with patch("custom_components.window_heatpump.PLATFORMS", platforms):
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    return mock_config_entry


@pytest.fixture
def broker(socket_enabled: None, tmp_path: Path) -> Iterator[Broker]:
    """Run a real mosquitto on a free port of 127.0.0.1 for one test."""
    mosquitto = Broker(tmp_path)
    mosquitto.start()
    yield mosquitto
    mosquitto.stop()


@pytest.fixture
async def mqtt_entry(
    hass: HomeAssistant, broker: Broker, tmp_path: Path
) -> AsyncIterator[MockConfigEntry]:
    """Set up Home Assistant's real MQTT integration, connected to the test broker."""
    # The MQTT integration reads configuration.yaml for YAML-configured items.
    (tmp_path / "configuration.yaml").write_text("")
    hass.config.config_dir = str(tmp_path)
    entry = MockConfigEntry(
        domain="mqtt",
        # Tests that freeze the clock and move it by hours must not look like a broker that
        # stopped answering pings.
        data={"broker": "127.0.0.1", "port": broker.port, "keepalive": KEEPALIVE_S},
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: hass.data["mqtt"].client.connected)
    yield entry
    # Unload while the broker still runs: the units first, then the MQTT client.
    for loaded in hass.config_entries.async_loaded_entries(DOMAIN):
        await hass.config_entries.async_unload(loaded.entry_id)
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
async def device(hass: HomeAssistant, broker: Broker) -> AsyncIterator[Device]:
    """Return an MQTT client of its own that plays the unit."""
    client = await hass.async_add_executor_job(Device, broker.port)
    yield client
    await hass.async_add_executor_job(client.close)
