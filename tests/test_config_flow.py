"""Tests of the config, reconfigure and options flows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import DOMAIN

from .flow_helpers import as_opened, finish_room

DETAILS = {
    "capacity_btu": 10000,
    "temperature_unit": "°F",
    "hvac_modes": ["heat", "cool", "fan_only"],
}


# What the options menu offers for any unit, loaded or not.
UNIT_MENU = [
    "unit_settings",
    "room_sensor",
    "care",
    "protection",
    "outdoor_lockout",
    "learning",
    "heat_source",
    "energy_sensors",
    "sizing",
]


ROOM = {
    "room_area": 20,
    "ceiling_height": 2.44,
    "insulation": "average",
    "sun_exposure": "sunny",
    "occupants": 3.0,
    "kitchen": False,
}


async def _simulated_form(hass: HomeAssistant) -> str:
    """Open the flow, pick the simulated unit; return the flow id at its form."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert "simulated" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "simulated"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "simulated"
    assert result["errors"] == {}
    return result["flow_id"]


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


async def test_user_flow_creates_simulated_unit(hass: HomeAssistant) -> None:
    """The menu leads to the simulated unit's form, then the room, which creates the entry."""
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"name": "  Office ", **DETAILS}
    )
    assert result["description_placeholders"] == {"name": "Office"}
    # The room step offers the options' defaults and checks the same ranges.
    result = await finish_room(hass, result, {**ROOM, "ceiling_height": 9})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"ceiling_height": "ceiling_out_of_range"}
    result = await finish_room(hass, result, ROOM)
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
        **ROOM,
        "occupants": 3,
    }
    assert result["result"].unique_id == "simulated_office"
    await hass.async_block_till_done()
    state = hass.states.get("climate.office")
    assert state is not None
    assert state.attributes["hvac_modes"] == ["off", "cool", "heat", "fan_only"]
    # 20 m² (215 sq ft): ENERGY STAR's 6000 BTU/h, +10 % sunny, +600 for a third person.
    sizing = hass.states.get("sensor.office_sizing")
    assert sizing is not None
    assert sizing.attributes["recommended_btu_h"] == 7200


async def test_room_step_skipped_stores_nothing(hass: HomeAssistant) -> None:
    """An empty floor area skips the room: no sizing options, no sizing sensor."""
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Office", **DETAILS})
    result = await finish_room(
        hass, result, {key: value for key, value in ROOM.items() if key != "room_area"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {
        "outdoor_temperature": 2.0,
        "outdoor_humidity": 85.0,
        "speed": 1.0,
    }
    await hass.async_block_till_done()
    assert hass.states.get("sensor.office_sizing") is None


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
    result = await finish_room(hass, result)
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
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_same_name_is_a_field_error(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A second simulated unit with the same name is a field error, not the flow's end.

    Another name in the same flow goes on to the room step.
    """
    mock_config_entry.add_to_hass(hass)
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "bedroom", **DETAILS})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "simulated"
    assert result["errors"] == {"name": "name_in_use"}
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Office", **DETAILS})
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "simulated_office"


async def test_room_step_takes_any_subset_of_its_fields(hass: HomeAssistant) -> None:
    """Over the API the room step's fields are all optional.

    Nothing skips it; a floor area alone is a room with the options' defaults for the rest.
    """
    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Office", **DETAILS})
    result = await hass.config_entries.flow.async_configure(flow_id, as_opened(result))
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert "room_area" not in result["options"]

    flow_id = await _simulated_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {"name": "Study", **DETAILS})
    result = await hass.config_entries.flow.async_configure(flow_id, as_opened(result))
    result = await hass.config_entries.flow.async_configure(flow_id, {"room_area": 20})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert {key: result["options"][key] for key in ROOM} == {
        "room_area": 20,
        "ceiling_height": 2.44,
        "insulation": "average",
        "sun_exposure": "normal",
        "occupants": 2,
        "kitchen": False,
    }


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


CARE = {
    "filter_interval_h": 200.0,
    "defrost_max_per_hour": 3.0,
    "defrost_window_h": 2.0,
    "short_cycle_max_starts_per_hour": 8.0,
    "short_cycle_minutes": 45.0,
    "weak_min_rate_k_per_h": 1.0,
    "weak_minutes": 60.0,
    "heating_season_start": "9-15",
    "cooling_season_start": "04-20",
}


async def _care_form(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """Open the options flow at the care form; return the flow id."""
    result = await _options_menu(hass, entry, "care")
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "care"
    assert result["errors"] == {}
    return result["flow_id"]


async def test_options_flow(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The options change the weather, clock and care, and the unit reloads with them."""
    result = await _options_menu(hass, init_integration, "unit_settings")
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
    bridge = init_integration.runtime_data.bridge
    assert bridge.diagnostics()["speed"] == 60.0
    assert bridge.diagnostics()["model"]["outdoor_temperature_c"] == -5.0

    flow_id = await _care_form(hass, init_integration)
    result = await hass.config_entries.options.async_configure(flow_id, CARE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    # Dates are stored as MM-DD whatever the padding typed; the unit settings stay.
    assert init_integration.options == {
        **new_options,
        **CARE,
        "heating_season_start": "09-15",
    }
    options = init_integration.runtime_data.care.options
    assert options.filter_interval_h == 200.0
    assert options.heating_season == "09-15"


async def test_care_form_starts_from_defaults(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The care form suggests the documented defaults."""
    result = await _options_menu(hass, init_integration, "care")
    schema = result["data_schema"]
    assert schema is not None
    schema_defaults = {str(key): key.description["suggested_value"] for key in schema.schema}
    assert schema_defaults["filter_interval_h"] == 300
    assert schema_defaults["heating_season_start"] == "10-01"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"filter_interval_h": 49}, {"filter_interval_h": "filter_interval_h_out_of_range"}),
        ({"filter_interval_h": 2001}, {"filter_interval_h": "filter_interval_h_out_of_range"}),
        (
            {"defrost_max_per_hour": 0},
            {"defrost_max_per_hour": "defrost_max_per_hour_out_of_range"},
        ),
        (
            {"defrost_max_per_hour": 7},
            {"defrost_max_per_hour": "defrost_max_per_hour_out_of_range"},
        ),
        ({"defrost_window_h": 0.5}, {"defrost_window_h": "defrost_window_h_out_of_range"}),
        ({"defrost_window_h": 13}, {"defrost_window_h": "defrost_window_h_out_of_range"}),
        (
            {"short_cycle_max_starts_per_hour": 2},
            {"short_cycle_max_starts_per_hour": "short_cycle_max_starts_per_hour_out_of_range"},
        ),
        (
            {"short_cycle_max_starts_per_hour": 13},
            {"short_cycle_max_starts_per_hour": "short_cycle_max_starts_per_hour_out_of_range"},
        ),
        ({"short_cycle_minutes": 5}, {"short_cycle_minutes": "short_cycle_minutes_out_of_range"}),
        ({"short_cycle_minutes": 300}, {"short_cycle_minutes": "short_cycle_minutes_out_of_range"}),
        (
            {"weak_min_rate_k_per_h": -1},
            {"weak_min_rate_k_per_h": "weak_min_rate_k_per_h_out_of_range"},
        ),
        (
            {"weak_min_rate_k_per_h": 6},
            {"weak_min_rate_k_per_h": "weak_min_rate_k_per_h_out_of_range"},
        ),
        ({"weak_minutes": 14}, {"weak_minutes": "weak_minutes_out_of_range"}),
        ({"weak_minutes": 181}, {"weak_minutes": "weak_minutes_out_of_range"}),
        ({"heating_season_start": "13-01"}, {"heating_season_start": "invalid_season_date"}),
        ({"heating_season_start": "02-29"}, {"heating_season_start": "invalid_season_date"}),
        ({"cooling_season_start": "May 1"}, {"cooling_season_start": "invalid_season_date"}),
        (
            {"heating_season_start": "05-01", "cooling_season_start": "5-1"},
            {"cooling_season_start": "same_season_dates"},
        ),
        (
            {"filter_interval_h": 0, "heating_season_start": "x"},
            {
                "filter_interval_h": "filter_interval_h_out_of_range",
                "heating_season_start": "invalid_season_date",
            },
        ),
    ],
)
async def test_care_options_errors_then_recover(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Care values out of range are form errors; nothing is saved until they are fixed."""
    before = dict(init_integration.options)
    flow_id = await _care_form(hass, init_integration)
    result = await hass.config_entries.options.async_configure(flow_id, {**CARE, **changes})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert dict(init_integration.options) == before
    result = await hass.config_entries.options.async_configure(flow_id, CARE)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options["defrost_max_per_hour"] == 3.0


async def test_options_flow_rejects_out_of_range(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A clock speed beyond the limit is refused and nothing changes."""
    result = await _options_menu(hass, init_integration, "unit_settings")
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"],
            {"outdoor_temperature": 0.0, "outdoor_humidity": 70.0, "speed": 100000},
        )
    assert init_integration.options["speed"] == 1.0


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
    good = [
        {"days": "weekdays", "start": "06:30", "mode": "heat", "temperature": 21.5},
        {"days": "weekdays", "start": "08:30", "mode": "off"},
    ]
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
        },
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "mode": "off"},
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


@pytest.mark.parametrize(
    ("step", "user_input", "applied"),
    [
        (
            "schedule_settings",
            {"override_minutes": 90},
            lambda entry: entry.runtime_data.schedules.override_minutes == 90,
        ),
        (
            "energy_sensors",
            {"power_sensor": "sensor.plug_power"},
            lambda entry: entry.runtime_data.control.power_sensor == "sensor.plug_power",
        ),
    ],
)
async def test_options_flow_single_steps(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    step: str,
    user_input: dict[str, Any],
    applied: Callable[[MockConfigEntry], bool],
) -> None:
    """A one-form step stores its fields beside the unit's own, and the reload applies them."""
    hass.states.async_set("sensor.plug_power", "0", {"device_class": "power"})
    result = await _options_menu(hass, init_integration, step)
    assert result["step_id"] == step
    result = await hass.config_entries.options.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options.items() >= user_input.items()
    assert init_integration.options["speed"] == 1.0
    assert applied(init_integration)


async def test_options_flow_of_a_unit_not_loaded(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Without a loaded unit only its settings are offered."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["menu_options"] == UNIT_MENU
