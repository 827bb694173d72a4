"""Tests of heat-pump care, driven by the simulated unit on a frozen clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_ACTION,
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_TEMPERATURE,
    HVACAction,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    EVENT_HOMEASSISTANT_FINAL_WRITE,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.care.issues import CARE_PROBLEMS
from custom_components.window_heatpump.care.signals import sample
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import (
    Action,
    Capabilities,
    DesiredState,
    Mode,
    UnitState,
)
from custom_components.window_heatpump.storage import Problem

STRINGS = Path(__file__).parents[1] / "custom_components" / DOMAIN / "strings.json"

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

SIMULATE = "set_simulated_conditions"
STORE_KEY_PREFIX = f"{DOMAIN}.care."


def _state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _float(hass: HomeAssistant, entity_id: str) -> float:
    """Return an entity's state as a number."""
    return float(_state(hass, entity_id))


def _model(entry: MockConfigEntry) -> dict[str, Any]:
    """Return the simulated model's internals."""
    model: dict[str, Any] = entry.runtime_data.bridge.diagnostics()["model"]
    return model


def _issues(hass: HomeAssistant) -> set[str]:
    """Return the translation keys of this integration's open Repairs issues."""
    registry = ir.async_get(hass)
    return {
        issue.translation_key or ""
        for (domain, _), issue in registry.issues.items()
        if domain == DOMAIN
    }


async def _heat(hass: HomeAssistant, temperature: float, mode: str = "heat") -> None:
    """Ask the bedroom unit for a mode and set point."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: "climate.bedroom", ATTR_HVAC_MODE: mode, ATTR_TEMPERATURE: temperature},
        blocking=True,
    )


async def _simulate(hass: HomeAssistant, **conditions: Any) -> None:
    """Change the simulated unit's conditions."""
    await hass.services.async_call(DOMAIN, SIMULATE, conditions, blocking=True)


async def _run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: int, step_s: int = 60
) -> list[str | None]:
    """Let the unit run; return the climate entity's hvac_action after each step."""
    actions: list[str | None] = []
    for _ in range(minutes * 60 // step_s):
        freezer.tick(timedelta(seconds=step_s))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        state = hass.states.get("climate.bedroom")
        assert state is not None
        actions.append(state.attributes.get(ATTR_HVAC_ACTION))
    return actions


def _assert_problem(hass: HomeAssistant, entity_id: str, problem: str, *, raised: bool) -> None:
    """Assert that a problem sensor and its Repairs issue are both raised, or both clear."""
    assert _state(hass, entity_id) == (STATE_ON if raised else STATE_OFF)
    assert (problem in _issues(hass)) is raised


def _stored(hass_storage: dict[str, Any], entry: MockConfigEntry) -> dict[str, Any]:
    """Return the care records as written to storage."""
    data: dict[str, Any] = hass_storage[STORE_KEY_PREFIX + entry.entry_id]["data"]
    return data


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": 2.0, "outdoor_humidity": 85.0}])
async def test_long_heat_run_hours_survive_restart(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Ten hours of heating count the model's fan and compressor hours and survive a restart."""
    entry = init_integration
    await _heat(hass, 22)
    await _run(hass, freezer, 600)
    model = _model(entry)
    fan_h = _float(hass, "sensor.bedroom_compressor_run_time")
    # Defrosts stop the fan, the thermostat stops the compressor: neither is the wall clock.
    assert 0 < model["compressor_run_hours"] < 10
    assert model["defrost_count"] > 0
    assert fan_h == pytest.approx(model["compressor_run_hours"], abs=0.1)
    care = entry.runtime_data.care
    assert care.runtime.fan_s / 3600 == pytest.approx(model["fan_run_hours"], abs=0.1)
    assert care.filter_hours == pytest.approx(model["fan_run_hours"], abs=0.1)

    # A crash loses at most the save delay: the store is never more than 5 minutes behind.
    stored = _stored(hass_storage, entry)["runtime"]
    assert care.runtime.fan_s - stored["fan_s"] <= 300

    # A restart (unload, load) carries on from the stored hours.
    before = care.runtime.fan_s
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.care.runtime.fan_s == pytest.approx(before)
    assert entry.runtime_data.care.runtime.starts == care.runtime.starts


async def test_clean_stop_loses_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Unloading, or Home Assistant's final write, stores the time up to that very moment."""
    entry = init_integration
    await _heat(hass, 22, mode="fan_only")
    await _run(hass, freezer, 7)
    freezer.tick(timedelta(seconds=42))
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    # Fan only: the fan ran the whole 7 min 42 s.
    assert _stored(hass_storage, entry)["runtime"]["fan_s"] == pytest.approx(462)

    freezer.tick(timedelta(seconds=18))
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert _stored(hass_storage, entry)["runtime"]["fan_s"] == pytest.approx(480)
    assert _stored(hass_storage, entry)["runtime"]["compressor_s"] == 0


@pytest.mark.parametrize("entry_options", [{"speed": 60.0, "filter_interval_h": 50.0}])
async def test_filter_interval_button_and_fix_flow(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Fan hours past the interval raise the filter problem; the button and the fix clear it."""
    assert await async_setup_component(hass, "repairs", {})
    # The oldest release finds the integration's repairs platform in a task.
    await hass.async_block_till_done()
    await _heat(hass, 22, mode="fan_only")
    # At 60 times real time a minute is an hour of the unit's time.
    await _run(hass, freezer, 40)
    assert _float(hass, "sensor.bedroom_filter_run_time") == pytest.approx(40, abs=0.2)
    assert _float(hass, "sensor.bedroom_filter_life_left") == pytest.approx(20, abs=0.5)
    assert _state(hass, "binary_sensor.bedroom_filter_needs_cleaning") == STATE_OFF
    await _run(hass, freezer, 11)
    assert _state(hass, "binary_sensor.bedroom_filter_needs_cleaning") == STATE_ON
    assert _float(hass, "sensor.bedroom_filter_life_left") == 0
    assert "filter_dirty" in _issues(hass)

    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.bedroom_reset_filter"}, blocking=True
    )
    assert _state(hass, "binary_sensor.bedroom_filter_needs_cleaning") == STATE_OFF
    assert _float(hass, "sensor.bedroom_filter_run_time") == 0
    assert "filter_dirty" not in _issues(hass)
    cleaned = dt_util.parse_datetime(_state(hass, "sensor.bedroom_filter_last_cleaned"))
    assert cleaned == dt_util.utcnow().replace(microsecond=0)

    # Due again; this time the Repairs fix flow resets it.
    await _run(hass, freezer, 51)
    assert "filter_dirty" in _issues(hass)
    # The frontend's fix button drives Repairs' flow manager.
    manager = hass.data["repairs"]["flow_manager"]
    issue_id = f"filter_dirty_{init_integration.entry_id}"
    flow = await manager.async_init(DOMAIN, data={"issue_id": issue_id})
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"] == {"name": "Bedroom"}
    result = await manager.async_configure(flow["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert "filter_dirty" not in _issues(hass)
    assert _float(hass, "sensor.bedroom_filter_run_time") == 0


async def test_filter_reported_by_the_unit(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A unit that reports its own filter alert raises the same problem, and clears it."""
    await _simulate(hass, filter_dirt=60)
    _assert_problem(
        hass, "binary_sensor.bedroom_filter_needs_cleaning", "filter_dirty", raised=True
    )
    await _simulate(hass, filter_dirt=0)
    _assert_problem(
        hass, "binary_sensor.bedroom_filter_needs_cleaning", "filter_dirty", raised=False
    )


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": -1.0, "outdoor_humidity": 90.0}])
async def test_cold_humid_night_defrosts(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Defrosts are counted and timed; the count of today starts again at local midnight."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to("2026-01-15 19:00:00+00:00")  # 20:00 in Berlin
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await _heat(hass, 24)
    starts_before_midnight = starts_after_midnight = 0
    previous = None
    for _ in range(8 * 60):
        actions = await _run(hass, freezer, 1)
        if actions[-1] == HVACAction.DEFROSTING and previous != HVACAction.DEFROSTING:
            if dt_util.now().date().day == 15:
                starts_before_midnight += 1
            else:
                starts_after_midnight += 1
        previous = actions[-1]
    model = _model(mock_config_entry)
    assert starts_before_midnight > 0
    assert starts_after_midnight > 0
    assert starts_before_midnight + starts_after_midnight == model["defrost_count"]
    # The total is disabled by default; the tracker behind it holds it.
    assert mock_config_entry.runtime_data.care.defrost.total == model["defrost_count"]
    assert _float(hass, "sensor.bedroom_defrosts_today") == starts_after_midnight
    # Timed to the minute the climate entity sees.
    assert _float(hass, "sensor.bedroom_last_defrost_duration") == pytest.approx(
        model["last_defrost_duration_s"] / 60, abs=1
    )
    interval = _float(hass, "sensor.bedroom_time_between_defrosts")
    assert 30 < interval < 8 * 60 / model["defrost_count"] * 2
    # A healthy unit defrosting like this is not too often, nor weak.
    assert _state(hass, "binary_sensor.bedroom_defrosting_too_often") == STATE_OFF
    assert _state(hass, "binary_sensor.bedroom_weak_heating") == STATE_OFF


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": -1.0, "outdoor_humidity": 90.0}])
async def test_blocked_coil_defrosts_too_often(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A blocked outdoor coil frosts fast: defrosting too often is flagged, then clears."""
    await _heat(hass, 30)
    await _simulate(hass, outdoor_coil_blockage=100)
    await _run(hass, freezer, 60)
    assert _state(hass, "binary_sensor.bedroom_defrosting") in (STATE_ON, STATE_OFF)
    await _run(hass, freezer, 120)
    _assert_problem(
        hass, "binary_sensor.bedroom_defrosting_too_often", "defrost_too_often", raised=True
    )
    await _simulate(hass, outdoor_coil_blockage=0)
    await _run(hass, freezer, 180)
    _assert_problem(
        hass, "binary_sensor.bedroom_defrosting_too_often", "defrost_too_often", raised=False
    )


async def test_oversized_unit_short_cycles(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """In a small bare room the unit short-cycles and is flagged; in the bedroom it is not."""
    await _heat(hass, 21)
    await _run(hass, freezer, 120)
    normal_rate = _float(hass, "sensor.bedroom_compressor_starts_per_hour")
    assert normal_rate <= 6
    assert _state(hass, "binary_sensor.bedroom_short_cycling") == STATE_OFF

    await _simulate(hass, room_thermal_mass=20)
    await _run(hass, freezer, 120)
    oversized_rate = _float(hass, "sensor.bedroom_compressor_starts_per_hour")
    assert oversized_rate > 6
    _assert_problem(hass, "binary_sensor.bedroom_short_cycling", "short_cycling", raised=True)

    await _simulate(hass, room_thermal_mass=100)
    await _run(hass, freezer, 90)
    _assert_problem(hass, "binary_sensor.bedroom_short_cycling", "short_cycling", raised=False)


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": 2.0, "outdoor_humidity": 40.0}])
async def test_blocked_coil_heats_weakly(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A blocked outdoor coil is weak heating; cleared, the room warms and it clears."""
    await _simulate(hass, outdoor_coil_blockage=100)
    await _heat(hass, 25)
    await _run(hass, freezer, 35)
    # Before the warm-up and a whole window of delivery, nothing is judged.
    assert _state(hass, "binary_sensor.bedroom_weak_heating") == STATE_OFF
    await _run(hass, freezer, 20)
    _assert_problem(hass, "binary_sensor.bedroom_weak_heating", "weak_heating", raised=True)
    await _simulate(hass, outdoor_coil_blockage=0)
    await _run(hass, freezer, 30)
    _assert_problem(hass, "binary_sensor.bedroom_weak_heating", "weak_heating", raised=False)


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": 0.0, "outdoor_humidity": 90.0}])
async def test_defrost_is_not_weak_heating(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Heating through defrosts toward a high set point is never weak heating."""
    await _heat(hass, 30)
    actions = await _run(hass, freezer, 240)
    assert actions.count(HVACAction.DEFROSTING) > 0
    care = init_integration.runtime_data.care
    # It was judged (a whole window of delivery between defrosts), and found healthy.
    assert care.weak[Mode.HEAT].rate_k_per_h is not None
    assert care.weak[Mode.HEAT].rate_k_per_h > 1
    assert _state(hass, "binary_sensor.bedroom_weak_heating") == STATE_OFF


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": 38.0, "outdoor_humidity": 40.0}])
async def test_blocked_coil_cools_weakly(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A blocked coil on a hot day cannot hold the room down: weak cooling."""
    await _simulate(hass, outdoor_coil_blockage=100)
    await _heat(hass, 16, mode="cool")
    await _run(hass, freezer, 60)
    _assert_problem(hass, "binary_sensor.bedroom_weak_cooling", "weak_cooling", raised=True)
    await _simulate(hass, outdoor_coil_blockage=0)
    await _run(hass, freezer, 45)
    _assert_problem(hass, "binary_sensor.bedroom_weak_cooling", "weak_cooling", raised=False)


@pytest.mark.parametrize(
    "case",
    [
        (
            "2026-09-20 12:00:00+00:00",
            "heating_checkup",
            "binary_sensor.bedroom_heating_season_checkup_due",
            "button.bedroom_seasonal_checkup_done",
        ),
        (
            "2026-04-25 12:00:00+00:00",
            "cooling_checkup",
            "binary_sensor.bedroom_cooling_season_checkup_due",
            "button.bedroom_seasonal_checkup_done",
        ),
        (
            "2027-01-02 12:00:00+00:00",
            "coil_cleaning",
            "binary_sensor.bedroom_coil_cleaning_due",
            "button.bedroom_coils_cleaned",
        ),
        (
            "2026-07-04 12:00:00+00:00",
            "seal_inspection",
            "binary_sensor.bedroom_window_seal_inspection_due",
            "button.bedroom_window_seals_checked",
        ),
    ],
)
async def test_reminders(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    case: tuple[str, str, str, str],
) -> None:
    """Each reminder comes due on its date, raises its issue, and the button clears it."""
    moment, problem, entity, button = case
    freezer.move_to("2026-01-01 12:00:00+00:00")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, entity) == STATE_OFF
    assert _issues(hass) == set()
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, entity) == STATE_ON
    assert problem in _issues(hass)
    await hass.services.async_call("button", "press", {ATTR_ENTITY_ID: button}, blocking=True)
    assert _state(hass, entity) == STATE_OFF
    assert problem not in _issues(hass)


async def test_missing_signals_disable_detectors(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A bridge without defrost, compressor or room signals: those entities are unavailable."""
    coordinator = init_integration.runtime_data
    # As a bridge that reports neither defrost nor the room would.
    coordinator.care._capabilities = replace(coordinator.capabilities, reports_defrost=False)
    bare = UnitState(desired=DesiredState(mode=Mode.HEAT), action=Action.HEATING, power_w=900)
    # The simulated unit falls silent; this test speaks for the bridge.
    await coordinator.bridge.async_close()
    coordinator._handle_state(bare)
    await hass.async_block_till_done()
    for entity in (
        "binary_sensor.bedroom_defrosting",
        "binary_sensor.bedroom_defrosting_too_often",
        "sensor.bedroom_defrosts_today",
        "binary_sensor.bedroom_weak_heating",
        "binary_sensor.bedroom_weak_cooling",
    ):
        assert _state(hass, entity) == STATE_UNAVAILABLE, entity
    # The power signal stands in for the compressor: starts and run time still count.
    assert _state(hass, "binary_sensor.bedroom_short_cycling") == STATE_OFF
    # The time is credited on the next change of signal or tick of care's clock.
    freezer.tick(timedelta(minutes=10))
    coordinator._handle_state(bare)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert coordinator.care.runtime.compressor_s == pytest.approx(600)
    # A fan-level draw is not the compressor.
    coordinator._handle_state(
        UnitState(desired=DesiredState(mode=Mode.HEAT), action=Action.HEATING, power_w=40)
    )
    freezer.tick(timedelta(minutes=10))
    coordinator._handle_state(bare)
    assert coordinator.care.runtime.compressor_s == pytest.approx(600)
    # Off at 40 W, on again at 900 W: a second start.
    assert coordinator.care.runtime.starts == 2


@pytest.mark.parametrize(
    ("state", "assumed", "running", "signal"),
    [
        (UnitState(action=Action.HEATING, compressor_running=False), False, False, "reported"),
        (UnitState(action=Action.IDLE, power_w=700), False, True, "power"),
        (UnitState(action=Action.COOLING), False, True, "action"),
        (UnitState(action=Action.FAN), False, False, "action"),
        (UnitState(action=Action.HEATING), True, True, "assumed"),
    ],
)
def test_best_compressor_signal(
    state: UnitState, assumed: bool, running: bool, signal: str
) -> None:
    """The compressor's state comes from the best signal a bridge gives, in that order."""
    result = sample(state, Capabilities(assumed_state=assumed))
    assert result.compressor_running is running
    assert result.compressor_signal == signal
    # Starts guessed from the commands an IR remote sent are no basis for short cycling.
    assert result.cycles_known is not assumed


async def test_unreachable_unit_counts_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """While the unit is unplugged its care entities are unavailable and no time is counted."""
    await _heat(hass, 22, mode="fan_only")
    await _run(hass, freezer, 10)
    await _simulate(hass, reachable=False)
    counted = init_integration.runtime_data.care.runtime.fan_s
    await _run(hass, freezer, 30)
    assert _state(hass, "sensor.bedroom_filter_run_time") == STATE_UNAVAILABLE
    assert _state(hass, "binary_sensor.bedroom_filter_needs_cleaning") == STATE_UNAVAILABLE
    assert init_integration.runtime_data.care.runtime.fan_s == pytest.approx(counted)
    await _simulate(hass, reachable=True)
    await _run(hass, freezer, 10)
    assert init_integration.runtime_data.care.runtime.fan_s == pytest.approx(counted + 600, abs=5)


async def test_removal_forgets_care(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Removing a unit deletes its care records and its open issues."""
    await _simulate(hass, filter_dirt=60)
    await _run(hass, freezer, 10)
    assert "filter_dirty" in _issues(hass)
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _issues(hass) == set()
    assert STORE_KEY_PREFIX + init_integration.entry_id not in hass_storage


async def test_fix_flow_of_an_unloaded_unit(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A fix started after the unit was unloaded aborts in words instead of failing."""
    assert await async_setup_component(hass, "repairs", {})
    # The oldest release finds the integration's repairs platform in a task.
    await hass.async_block_till_done()
    await _simulate(hass, filter_dirt=60)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    manager = hass.data["repairs"]["flow_manager"]
    flow = await manager.async_init(
        DOMAIN, data={"issue_id": f"filter_dirty_{init_integration.entry_id}"}
    )
    assert flow["type"] is FlowResultType.ABORT
    assert flow["reason"] == "unit_not_loaded"


def test_every_problem_has_one_row_and_its_strings() -> None:
    """Care's table covers every problem once, each with its issue and sensor texts.

    A new detector is a row of the table: one without its strings, or with a task and no fix
    flow to offer it, fails here rather than show a bare key in Repairs.
    """
    strings = json.loads(STRINGS.read_text(encoding="utf-8"))
    assert [row.problem for row in CARE_PROBLEMS] == list(Problem)
    for row in CARE_PROBLEMS:
        issue = strings["issues"][row.problem]
        assert issue["title"], row.problem
        assert ("fix_flow" in issue) is (row.task is not None), row.problem
        assert strings["entity"]["binary_sensor"][row.problem]["name"], row.problem
