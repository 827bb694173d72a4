"""Helpers for the config flow tests: IR settings, and the optional room step ending a unit."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.window_heatpump.flow.control import STEP_DEFAULTS, STEP_KEYS

# The IR settings step, filled in as a user would.
IR_SETTINGS = {
    "settle_time": 0.5,
    "power_on_w": 20,
    "power_hysteresis_w": 5,
    "compressor_w": 200,
    "power_debounce": 5,
    "response_time": 30,
    "retries": 1,
}
# The room form as it opens: the defaults filled in, the floor area empty (which skips it).
SKIP_ROOM = {key: STEP_DEFAULTS[key] for key in STEP_KEYS["sizing"] if key in STEP_DEFAULTS}


async def finish_room(
    hass: HomeAssistant, result: ConfigFlowResult, room: dict[str, Any] | None = None
) -> ConfigFlowResult:
    """Answer the room step a new unit ends with; without `room` it is skipped as it opens."""
    assert result["type"] is FlowResultType.FORM, result
    assert result["step_id"] == "room"
    return await hass.config_entries.flow.async_configure(result["flow_id"], room or SKIP_ROOM)
