"""Tests of the diagnostics download."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion


@pytest.mark.freeze_time("2026-01-15 09:30:00+00:00")
async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics hold the entry, capabilities, state, coordinator and the model."""
    diagnostics: dict[str, Any] = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics["bridge"]["model"]["room_temperature_c"] == 17.0
    assert diagnostics["coordinator"]["polling_interval_s"] is None
    # The care records start at set-up, at the frozen instant.
    assert diagnostics == snapshot
