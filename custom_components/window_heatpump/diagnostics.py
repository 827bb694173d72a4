"""Diagnostics of a window_heatpump unit."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .bridges import redact_keys
from .coordinator import WindowHeatPumpConfigEntry

# Every bridge's secrets, whatever this entry's bridge: an entry's data outlives a change of it.
TO_REDACT = redact_keys()


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
) -> dict[str, Any]:
    """Return what the unit, its bridge and its coordinator know."""
    coordinator = entry.runtime_data
    return {
        "entry": {
            "title": entry.title,
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
        },
        "capabilities": asdict(coordinator.capabilities),
        "state": asdict(coordinator.data),
        "coordinator": coordinator.diagnostics(),
        "bridge": async_redact_data(coordinator.bridge.diagnostics(), TO_REDACT),
    }
