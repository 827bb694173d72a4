"""Tests of the config, reconfigure and options flows."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import DOMAIN

DETAILS = {
    "capacity_btu": 10000,
    "temperature_unit": "°F",
    "hvac_modes": ["heat", "cool", "fan_only"],
}


# What the options menu offers for any unit, loaded or not.
UNIT_MENU = ["unit_settings", "protection", "outdoor_lockout", "energy_sensors", "sizing"]


async def _simulated_form(hass: HomeAssistant) -> str:
    """Open the flow, pick the simulated unit; return the flow id at its form."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["simulated"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "simulated"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "simulated"
    assert result["errors"] == {}
    return result["flow_id"]


async def _unit_settings_form(hass: HomeAssistant, entry: MockConfigEntry) -> ConfigFlowResult:
    """Open the options flow and pick the unit settings from its menu."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "unit_settings"}
    )


async def test_user_flow_creates_simulated_unit(hass: HomeAssistant) -> None:
    """The menu leads to the simulated unit's form, which creates the entry."""
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"name": "  Office ", **DETAILS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Office"
    assert result["data"] == {
        "bridge": "simulated",
        "capacity_btu": 10000,
        "temperature_unit": "°F",
        # Stored in a fixed order, whatever order they were ticked in.
        "hvac_modes": ["cool", "heat", "fan_only"],
    }
    assert result["options"] == {
        "outdoor_temperature": 2.0,
        "outdoor_humidity": 85.0,
        "speed": 1.0,
    }
    assert result["result"].unique_id == "simulated_office"
    await hass.async_block_till_done()
    state = hass.states.get("climate.office")
    assert state is not None
    assert state.attributes["hvac_modes"] == ["off", "cool", "heat", "fan_only"]


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        ({"name": "   ", **DETAILS}, {"name": "name_required"}),
        (
            {"name": "Office", **DETAILS, "hvac_modes": ["cool", "dry"]},
            {"hvac_modes": "heat_and_cool_required"},
        ),
        (
            {"name": "", **DETAILS, "hvac_modes": []},
            {"name": "name_required", "hvac_modes": "heat_and_cool_required"},
        ),
    ],
)
async def test_user_flow_errors_then_recovers(
    hass: HomeAssistant, user_input: dict[str, Any], errors: dict[str, str]
) -> None:
    """Bad details show form errors, keep what was typed, and the flow still finishes."""
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Office", **DETAILS})
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "user_input",
    [
        {"name": "Office", **DETAILS, "capacity_btu": 100},
        {"name": "Office", **DETAILS, "capacity_btu": "lots"},
        {"name": "Office", **DETAILS, "temperature_unit": "K"},
        {"name": "Office", **DETAILS, "hvac_modes": ["heat", "cool", "turbo"]},
    ],
)
async def test_user_flow_rejects_malformed_values(
    hass: HomeAssistant, user_input: dict[str, Any]
) -> None:
    """Values the form cannot hold are refused by the schema, with the field named."""
    flow_id = await _simulated_form(hass)
    with pytest.raises(InvalidData) as error:
        await hass.config_entries.flow.async_configure(flow_id, user_input)
    assert error.value.schema_errors
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Office", **DETAILS})
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_same_name_aborts(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A second simulated unit with the same name is refused."""
    mock_config_entry.add_to_hass(hass)
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "bedroom", **DETAILS})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Reconfigure shows the current details, refuses bad ones, then updates and reloads."""
    result = await init_integration.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**DETAILS, "hvac_modes": ["heat"]}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"hvac_modes": "heat_and_cool_required"}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], DETAILS)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.data["temperature_unit"] == "°F"
    assert init_integration.data["bridge"] == "simulated"
    state = hass.states.get("climate.bedroom")
    assert state is not None
    assert state.attributes["hvac_modes"] == ["off", "cool", "heat", "fan_only"]


async def test_options_flow(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The options change the simulated weather and clock, and the unit reloads with them."""
    result = await _unit_settings_form(hass, init_integration)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "unit_settings"
    new_options = {
        "outdoor_temperature": -5.0,
        "outdoor_humidity": 70.0,
        "speed": 60.0,
        "reports_defrost": True,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], new_options)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options == new_options
    bridge = init_integration.runtime_data.bridge
    assert bridge.diagnostics()["speed"] == 60.0
    assert bridge.diagnostics()["model"]["outdoor_temperature_c"] == -5.0


async def test_options_flow_rejects_out_of_range(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A clock speed beyond the limit is refused and nothing changes."""
    result = await _unit_settings_form(hass, init_integration)
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"],
            {"outdoor_temperature": 0.0, "outdoor_humidity": 70.0, "speed": 100000},
        )
    assert init_integration.options["speed"] == 1.0


async def _options_menu(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> ConfigFlowResult:
    """Open the options flow and pick `step` from its menu."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [
        *UNIT_MENU,
        "pick_schedule",
        "remove_schedule",
        "schedule_settings",
    ]
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def test_options_flow_edits_schedules(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Schedules are added, refused with the action's checks, edited and removed."""
    engine = init_integration.runtime_data.schedules
    result = await _options_menu(hass, init_integration, "pick_schedule")
    result = await hass.config_entries.options.async_configure(result["flow_id"], {"name": "  "})
    assert result["errors"] == {"name": "schedule_name_required"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"name": "Winter"}
    )
    assert result["step_id"] == "schedule"
    assert result["description_placeholders"] == {"name": "Winter"}
    bad = [
        {"days": "weekdays", "start": "06:30", "mode": "heat", "temperature": 40},
    ]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"blocks": bad, "enabled": True, "activate": True}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"blocks": "temperature_out_of_range"}
    assert (result["description_placeholders"] or {})["max"] == "30.0 °C"
    assert engine.book.schedules == ()
    good = [{"days": "weekdays", "start": "06:30", "mode": "heat", "temperature": 21.5}]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"blocks": good, "enabled": True, "activate": True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert engine.book.active == "Winter"
    assert engine.book.schedules[0].blocks[0].target_temperature == 21.5

    # Editing shows the stored blocks as typed.
    result = await _options_menu(hass, init_integration, "pick_schedule")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"name": "Winter"}
    )
    assert result["data_schema"] is not None
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested["blocks"] == [
        {
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "start": "06:30",
            "mode": "heat",
            "temperature": 21.5,
        }
    ]
    assert suggested["enabled"] is True

    result = await _options_menu(hass, init_integration, "remove_schedule")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"name": "Winter"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert engine.book.schedules == ()
    result = await _options_menu(hass, init_integration, "remove_schedule")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_schedules"


async def test_options_flow_schedule_settings(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """How long a manual change holds is an option, kept beside the unit's own."""
    result = await _options_menu(hass, init_integration, "schedule_settings")
    assert result["step_id"] == "schedule_settings"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"override_minutes": 90}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options["override_minutes"] == 90
    assert init_integration.options["speed"] == 1.0
    assert init_integration.runtime_data.schedules.override_minutes == 90


async def test_options_flow_of_a_unit_not_loaded(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Without a loaded unit only its settings are offered."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["menu_options"] == UNIT_MENU
