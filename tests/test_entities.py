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
