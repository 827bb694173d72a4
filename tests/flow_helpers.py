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


def as_opened(result: ConfigFlowResult) -> dict[str, Any]:
    """Return a form's answers as it opens: its suggested values, nothing typed."""
    schema = result["data_schema"]
    assert schema is not None
    return {
        str(marker): marker.description["suggested_value"]
        for marker in schema.schema
        if marker.description and "suggested_value" in marker.description
    }


async def finish_room(
    hass: HomeAssistant, result: ConfigFlowResult, room: dict[str, Any] | None = None
) -> ConfigFlowResult:
    """Answer the room sensor and room steps a new unit ends with; skip them without `room`."""
    assert result["type"] is FlowResultType.FORM, result
    if result["step_id"] == "room_sensor":
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], as_opened(result)
        )
    assert result["step_id"] == "room"
    return await hass.config_entries.flow.async_configure(result["flow_id"], room or SKIP_ROOM)
