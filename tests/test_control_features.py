"""Tests of the lockout, energy, defrost estimate, sizing and options over the simulated unit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_ACTION,
    HVACAction,
)
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.control.sizing import (
    Insulation,
    Room,
    SizingVerdict,
    Sun,
    recommend,
)

from .control_helpers import CLIMATE, heat, run_clock, set_outdoor, state_of

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

BACKUP = "input_boolean.backup_heater"


def _bridge(entry: MockConfigEntry) -> SimulatedBridge:
    """Return the simulated unit's bridge."""
    bridge = entry.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    return bridge


def _mode(bridge: SimulatedBridge) -> str:
    """Return the mode the simulated unit runs in."""
    return str(bridge.unit.desired.mode.value)


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the unit up."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return a unit with a lockout at 0 °C and an input_boolean as its backup heater."""
    return {
        "outdoor_temperature": 2.0,
        "outdoor_humidity": 85.0,
        "speed": 1.0,
        "balance_point": 0.0,
        "lockout_hysteresis": 2.0,
        "backup_heater": BACKUP,
        "min_off_seconds": 180,
    }


async def test_lockout_hands_over_and_back_with_hysteresis(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Below the balance point the backup heats; it hands back only above balance + hysteresis."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"backup_heater": {}}}
    )
    await _set_up(hass, mock_config_entry)
    bridge = _bridge(mock_config_entry)
    await heat(hass)
    await run_clock(hass, freezer, 30)
    assert state_of(hass, "sensor.bedroom_outdoor_lockout") == "heat_pump"
    assert _mode(bridge) == "heat"
    assert state_of(hass, BACKUP) == STATE_OFF

    await set_outdoor(hass, mock_config_entry, -3.0)
    await run_clock(hass, freezer, 10)
    assert state_of(hass, "sensor.bedroom_outdoor_lockout") == "backup"
    assert state_of(hass, BACKUP) == STATE_ON
    assert _mode(bridge) == "off"
    # The thermostat still shows the heating the user asked for, done by the backup.
    climate = hass.states.get(CLIMATE)
    assert climate is not None
    assert climate.state == "heat"
    assert climate.attributes["heating_by_backup"] is True

    # Above the balance point but inside the hysteresis: the backup keeps heating.
    await set_outdoor(hass, mock_config_entry, 1.5)
    await run_clock(hass, freezer, 10)
    assert state_of(hass, BACKUP) == STATE_ON
    assert _mode(bridge) == "off"

    await set_outdoor(hass, mock_config_entry, 2.5)
    await run_clock(hass, freezer, 200)
    assert state_of(hass, "sensor.bedroom_outdoor_lockout") == "heat_pump"
    assert state_of(hass, BACKUP) == STATE_OFF
    assert _mode(bridge) == "heat"


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": -5.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            "balance_point": 0.0,
            "lockout_hysteresis": 2.0,
            "outdoor_sensor": "sensor.outdoor",
        }
    ],
)
async def test_lockout_without_backup_or_outdoor_temperature(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """No usable outdoor reading fails safe (the heat pump heats); no backup only warns."""
    hass.states.async_set("sensor.outdoor", "unavailable")
    await _set_up(hass, mock_config_entry)
    await heat(hass)
    await run_clock(hass, freezer, 10)
    sensor = hass.states.get("sensor.bedroom_outdoor_lockout")
    assert sensor is not None
    assert sensor.state == "no_outdoor_temperature"
    assert sensor.attributes["problem"] == "entity_unavailable"
    assert _mode(_bridge(mock_config_entry)) == "heat"
    for bad, problem in (("nan", "not_a_number"), ("-5", "wrong_unit")):
        hass.states.async_set("sensor.outdoor", bad)
        await run_clock(hass, freezer, 10)
        sensor = hass.states.get("sensor.bedroom_outdoor_lockout")
        assert sensor is not None
        assert (sensor.state, sensor.attributes["problem"]) == ("no_outdoor_temperature", problem)
    hass.states.async_set("sensor.outdoor", "-5", {"unit_of_measurement": "°C"})
    await run_clock(hass, freezer, 10)
    assert state_of(hass, "sensor.bedroom_outdoor_lockout") == "no_backup"
    assert _mode(_bridge(mock_config_entry)) == "heat"


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": -5.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            "balance_point": 0.0,
            "lockout_hysteresis": 2.0,
            "backup_heater": "switch.missing",
        }
    ],
)
async def test_backup_that_fails_raises_a_repair(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A backup heater that does not come on raises a Repairs issue; the heat pump heats."""
    await _set_up(hass, mock_config_entry)
    await heat(hass)
    await run_clock(hass, freezer, 200)
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"backup_heater_failed_{mock_config_entry.entry_id}"
    )
    assert issue is not None
    assert state_of(hass, "sensor.bedroom_outdoor_lockout") == "backup_failed"
    assert _mode(_bridge(mock_config_entry)) == "heat"


@pytest.mark.parametrize(
    "entry_options",
    [{"outdoor_temperature": 2.0, "outdoor_humidity": 85.0, "speed": 1.0}],
)
async def test_energy_integrates_across_a_restart(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The energy sensor matches the simulator's own power integral and survives a reload."""
    await _set_up(hass, mock_config_entry)
    await heat(hass, 24.0)
    true_kwh = 0.0
    for _ in range(720):  # an hour
        power = _bridge(mock_config_entry).unit.snapshot().power_w
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        true_kwh += round(power) * 5 / 3_600_000
    first = float(state_of(hass, "sensor.bedroom_energy"))
    assert first == pytest.approx(true_kwh, rel=0.01)
    assert 0.3 < first < 1.0
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert hass_storage[f"{DOMAIN}.{mock_config_entry.entry_id}.energy"]["data"]["energy_kwh"] == (
        pytest.approx(first, abs=1e-3)
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert float(state_of(hass, "sensor.bedroom_energy")) == pytest.approx(first, abs=1e-3)
    await heat(hass, 24.0)
    await run_clock(hass, freezer, 600)
    assert float(state_of(hass, "sensor.bedroom_energy")) > first


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": 2.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            "power_sensor": "sensor.plug_power",
        }
    ],
)
async def test_bad_power_pauses_energy(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A linked power sensor is used only for units without power; nonsense pauses counting."""
    await _set_up(hass, mock_config_entry)
    # The simulated unit reports its power, so the plug is not needed: its nonsense is ignored.
    hass.states.async_set("sensor.plug_power", "-40", {"unit_of_measurement": "W"})
    await run_clock(hass, freezer, 60)
    power = hass.states.get("sensor.bedroom_power")
    assert power is not None
    assert float(power.state) >= 0
    assert "paused" not in power.attributes


async def test_defrost_estimate_for_a_unit_that_does_not_report_it(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """hvac_action shows an estimated defrost at the simulator's true defrost."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={**mock_config_entry.options, "reports_defrost": False}
    )
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    bridge = _bridge(mock_config_entry)
    await heat(hass, 24.0)
    agree = disagree = 0
    seen = False
    for _ in range(2 * 720):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        truth = bridge.unit.snapshot().defrosting
        climate = hass.states.get(CLIMATE)
        assert climate is not None
        estimated = climate.attributes[ATTR_HVAC_ACTION] == HVACAction.DEFROSTING
        assert climate.attributes["defrost_estimated"] is True
        assert state_of(hass, "binary_sensor.bedroom_defrosting_estimate") == (
            STATE_ON if estimated else STATE_OFF
        )
        seen |= truth
        agree += truth == estimated
        disagree += truth != estimated
    assert seen
    # The estimate lags the truth by the confirmation time only.
    assert disagree / (agree + disagree) < 0.01


@pytest.mark.parametrize(
    ("room", "unit_btu", "recommended", "verdict"),
    [
        # 14 m² = 151 sq ft: the 150-250 row, 6000 BTU/h.
        (Room(area_m2=14.0), 8000, 6000, SizingVerdict.OVERSIZED),
        # 30 m² = 323 sq ft: 8000; sunny +10 %; four people +1200.
        (Room(area_m2=30.0, sun=Sun.SUNNY, occupants=4), 10000, 10000, SizingVerdict.RIGHT_SIZED),
        # 20 m² = 215 sq ft: 6000; shaded -10 %; kitchen +4000.
        (Room(area_m2=20.0, sun=Sun.SHADED, kitchen=True), 8000, 9400, SizingVerdict.UNDERSIZED),
        # 45 m² = 484 sq ft: 12000; poor insulation +15 %; 3 m ceilings x 3/2.44.
        (
            Room(area_m2=45.0, insulation=Insulation.POOR, ceiling_m=3.0),
            12000,
            17000,
            SizingVerdict.UNDERSIZED,
        ),
        # 9 m² = 97 sq ft: below the table, the smallest row, 5000.
        (Room(area_m2=9.0), 5000, 5000, SizingVerdict.RIGHT_SIZED),
    ],
)
def test_sizing_numbers(
    room: Room, unit_btu: int, recommended: int, verdict: SizingVerdict
) -> None:
    """ENERGY STAR's table and adjustments give the recommended capacity of several rooms."""
    advice = recommend(room, unit_btu)
    assert advice.recommended_btu == recommended
    assert advice.verdict is verdict


def test_sizing_beyond_the_table() -> None:
    """A room larger than the table covers is refused, not guessed."""
    with pytest.raises(ValueError, match="beyond the table"):
        recommend(Room(area_m2=300.0), 12000)


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            "outdoor_temperature": 2.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            "room_area": 9.0,
            "occupants": 1,
        }
    ],
)
async def test_far_oversized_unit_raises_a_repair(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An 8000 BTU/h unit in a 9 m² room is far oversized: a sensor and a Repairs issue say so."""
    sensor = hass.states.get("sensor.bedroom_sizing")
    assert sensor is not None
    assert sensor.state == "oversized"
    assert sensor.attributes["recommended_btu_h"] == 5000
    assert state_of(hass, "sensor.bedroom_recommended_capacity") == "5000"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"sizing_{init_integration.entry_id}")
    assert issue is not None
    assert issue.translation_key == "sizing_oversized"


async def _options_step(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> str:
    """Open the options flow at a step; return the flow id."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.FORM
    return result["flow_id"]


@pytest.mark.parametrize(
    ("step", "user_input", "errors"),
    [
        ("protection", {"min_off_seconds": 4000}, {"min_off_seconds": "min_off_out_of_range"}),
        (
            "outdoor_lockout",
            {"balance_point": 40, "lockout_hysteresis": 0.1},
            {
                "balance_point": "balance_point_out_of_range",
                "lockout_hysteresis": "hysteresis_out_of_range",
            },
        ),
        (
            "outdoor_lockout",
            {"lockout_hysteresis": 2, "backup_heater": "switch.heater"},
            {"balance_point": "backup_needs_balance_point"},
        ),
        (
            "sizing",
            {
                "room_area": 500,
                "ceiling_height": 1,
                "insulation": "good",
                "sun_exposure": "sunny",
                "occupants": 0,
                "kitchen": False,
            },
            {
                "room_area": "area_out_of_range",
                "ceiling_height": "ceiling_out_of_range",
                "occupants": "occupants_out_of_range",
            },
        ),
    ],
)
async def test_control_options_refuse_out_of_range(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    step: str,
    user_input: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """Out-of-range values are form errors that say which field and why."""
    hass.states.async_set("switch.heater", "off")
    flow_id = await _options_step(hass, init_integration, step)
    result = await hass.config_entries.options.async_configure(flow_id, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors


async def test_control_options_are_stored_and_applied(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Saving a control step stores its options and reloads the unit with them."""
    flow_id = await _options_step(hass, init_integration, "sizing")
    result = await hass.config_entries.options.async_configure(
        flow_id,
        {
            "room_area": 30,
            "ceiling_height": 2.44,
            "insulation": "average",
            "sun_exposure": "normal",
            "occupants": 2,
            "kitchen": False,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options["occupants"] == 2
    assert init_integration.state is ConfigEntryState.LOADED
    assert state_of(hass, "sensor.bedroom_sizing") == "right_sized"
    flow_id = await _options_step(hass, init_integration, "protection")
    result = await hass.config_entries.options.async_configure(flow_id, {"min_off_seconds": 240})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    protection = hass.states.get("sensor.bedroom_compressor_protection")
    assert protection is not None
    assert protection.attributes["min_off_seconds"] == 240
