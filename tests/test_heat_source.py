"""Tests of the cheaper heat source: the lockout's "cheaper" mode, its options, its sensors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import MagicMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import (
    CONF_BACKUP_KIND,
    CONF_ELECTRICITY_PRICE,
    CONF_FUEL_EFFICIENCY,
    CONF_FUEL_PRICE,
    CONF_LOCKOUT_CHEAPER,
)
from custom_components.window_heatpump.control.heat_source import money_per_kwh, typical_cop
from custom_components.window_heatpump.learning.estimator import Estimator

from .control_helpers import heat, run_clock, set_outdoor, state_of

BACKUP = "input_boolean.backup_heater"
LOCKOUT = "sensor.bedroom_outdoor_lockout"
PRICE = "sensor.electricity_price"
COST = "sensor.bedroom_heating_cost_today"
SAVED = "sensor.bedroom_saved_today_against_resistance_heat"
SUPPLY_AIR = "sensor.supply_air"


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return a unit heating with the cheaper source: gas at 0.10 per kWh, 90 % efficient."""
    return {
        "outdoor_temperature": 2.0,
        "outdoor_humidity": 85.0,
        "speed": 1.0,
        "backup_heater": BACKUP,
        "lockout_hysteresis": 2.0,
        "min_off_seconds": 180,
        CONF_LOCKOUT_CHEAPER: True,
        CONF_ELECTRICITY_PRICE: PRICE,
        CONF_BACKUP_KIND: "fuel",
        CONF_FUEL_PRICE: 0.10,
        CONF_FUEL_EFFICIENCY: 90.0,
    }


def _price(hass: HomeAssistant, value: str, unit: str = "EUR/kWh") -> None:
    """Set the electricity price sensor."""
    hass.states.async_set(PRICE, value, {"unit_of_measurement": unit})


async def _start(hass: HomeAssistant, entry: MockConfigEntry, price: str, **options: Any) -> None:
    """Set up the backup heater, the price and the unit (with more options), heating at 21 °C."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"backup_heater": {}}}
    )
    _price(hass, price)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await heat(hass)


def _attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    """Return an entity's attributes, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return dict(state.attributes)


def test_price_units_and_the_typical_cop() -> None:
    """Money per kWh (or MWh) is read with its currency; anything else is refused."""
    assert money_per_kwh("EUR/kWh") == ("EUR", 1.0)
    assert money_per_kwh("€/kWh") == ("EUR", 1.0)
    assert money_per_kwh("NOK/MWh") == ("NOK", 0.001)
    for wrong in ("kWh", "EUR", "%", "W/kWh", "eur/kWh", None, 3):
        assert money_per_kwh(wrong) is None
    assert typical_cop(8.3) == pytest.approx(3.0)
    assert typical_cop(-5.0) < typical_cop(0.0) < typical_cop(8.3)
    assert typical_cop(-60.0) == pytest.approx(1.2)


async def test_the_cheaper_source_heats_with_a_margin_and_a_hold(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """At a peak price gas heats; a cheap hour gives heating back, not before 30 minutes."""
    await _start(hass, mock_config_entry, "0.40")
    await run_clock(hass, freezer, 60)
    # 0.40 over a typical COP of ~2.6 at 2 °C is ~0.15 per kWh of heat, gas 0.10 / 0.9 = 0.11.
    assert state_of(hass, LOCKOUT) == "backup"
    assert state_of(hass, BACKUP) == STATE_ON
    attributes = _attributes(hass, LOCKOUT)
    assert attributes["reason"] == "price"
    assert attributes["cop_source"] == "typical"
    assert attributes["backup_cost_per_kwh_heat"] == pytest.approx(0.1111, abs=1e-4)
    assert attributes["heat_pump_cost_per_kwh_heat"] > attributes["backup_cost_per_kwh_heat"]
    assert mock_config_entry.runtime_data.desired.mode.value == "heat"

    _price(hass, "0.20")
    await run_clock(hass, freezer, 20 * 60)
    # Cheaper now, but a choice holds 30 minutes.
    assert state_of(hass, LOCKOUT) == "backup"
    await run_clock(hass, freezer, 11 * 60)
    assert state_of(hass, LOCKOUT) == "heat_pump"
    assert state_of(hass, BACKUP) == STATE_OFF

    # Within the 10 % margin (0.30 / 2.6 = 0.115 against 0.111): the heat pump stays.
    _price(hass, "0.30")
    await run_clock(hass, freezer, 40 * 60)
    assert state_of(hass, LOCKOUT) == "heat_pump"


async def test_the_learning_pauses_while_the_backup_heats(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The room model has no term for the backup's heat: it learns nothing while it heats."""
    await _start(hass, mock_config_entry, "0.20")
    original = Estimator.add
    with patch.object(Estimator, "add", autospec=True, side_effect=original) as add:
        await _learning_pauses(hass, freezer, add)


async def _learning_pauses(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, add: MagicMock
) -> None:
    """Check the phases the estimator took: heat pump's, then none while the backup heats."""
    await run_clock(hass, freezer, 120)
    assert state_of(hass, LOCKOUT) == "heat_pump"
    assert add.call_count
    assert None not in {call.args[2] for call in add.call_args_list}
    _price(hass, "0.40")
    await run_clock(hass, freezer, 60)
    assert state_of(hass, LOCKOUT) == "backup"
    add.reset_mock()
    await run_clock(hass, freezer, 120)
    assert add.call_count
    assert {call.args[2] for call in add.call_args_list} == {None}


async def test_a_negative_price_heats_with_the_heat_pump(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A negative electricity price is a price: the heat pump is cheaper than gas."""
    await _start(hass, mock_config_entry, "-0.05")
    await run_clock(hass, freezer, 60)
    assert state_of(hass, LOCKOUT) == "heat_pump"
    attributes = _attributes(hass, LOCKOUT)
    assert attributes["electricity_price"] == pytest.approx(-0.05)
    assert attributes["heat_pump_cost_per_kwh_heat"] < 0


@pytest.mark.parametrize(
    ("value", "unit", "problem"),
    [
        (STATE_UNAVAILABLE, "EUR/kWh", "electricity_entity_unavailable"),
        ("cheap", "EUR/kWh", "electricity_not_a_number"),
        ("0.40", "EUR", "electricity_not_money_per_kwh"),
    ],
)
async def test_without_a_usable_price_the_balance_point_decides(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    value: str,
    unit: str,
    problem: str,
) -> None:
    """No usable price: the state says so, the heat pump heats above the balance point."""
    await _start(hass, mock_config_entry, "0.40", balance_point=-5.0)
    _price(hass, value, unit)
    await run_clock(hass, freezer, 60)
    assert state_of(hass, LOCKOUT) == "no_price"
    assert state_of(hass, BACKUP) == STATE_OFF
    attributes = _attributes(hass, LOCKOUT)
    assert attributes["price_problem"] == problem
    assert attributes["heat_pump_cost_per_kwh_heat"] is None
    assert state_of(hass, COST) == STATE_UNKNOWN
    # Below the balance point the backup heats whatever the price.
    await set_outdoor(hass, mock_config_entry, -8.0)
    await run_clock(hass, freezer, 60)
    assert state_of(hass, LOCKOUT) == "backup"
    assert _attributes(hass, LOCKOUT)["reason"] == "balance_point"


async def test_cost_and_saving_today_reset_at_midnight_and_survive_a_restart(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Heating is priced, the saving needs the heat; both begin again at local midnight."""
    hass.states.async_set(SUPPLY_AIR, "40", {"unit_of_measurement": "°C"})
    local = dt_util.now().replace(hour=23, minute=0, second=0, microsecond=0)
    freezer.move_to(local)
    options = {CONF_LOCKOUT_CHEAPER: False, "supply_air_sensor": SUPPLY_AIR}
    await _start(hass, mock_config_entry, "0.30", **options)
    await run_clock(hass, freezer, 30 * 60)
    cost = hass.states.get(COST)
    saved = hass.states.get(SAVED)
    assert cost is not None
    assert saved is not None
    assert cost.attributes["unit_of_measurement"] == "EUR"
    assert 0.0 < float(cost.state) < 1.0
    assert float(saved.state) > 0.0
    assert cost.attributes["last_reset"] == dt_util.start_of_local_day(local).isoformat()

    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert float(state_of(hass, COST)) == pytest.approx(float(cost.state), abs=0.01)

    await run_clock(hass, freezer, 35 * 60)
    after = hass.states.get(COST)
    assert after is not None
    midnight = dt_util.start_of_local_day(local + timedelta(days=1))
    assert after.attributes["last_reset"] == midnight.isoformat()
    assert float(after.state) < float(cost.state)


async def test_the_heat_source_step(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The step refuses what cannot work and stores its options, keeping the others."""
    hass.states.async_set("sensor.gas", "1.2", {"unit_of_measurement": "m³"})
    _price(hass, "0.30")
    before = dict(init_integration.options)
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "heat_source"}
    )
    assert result["step_id"] == "heat_source"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_LOCKOUT_CHEAPER: True, CONF_BACKUP_KIND: "fuel"}
    )
    assert result["errors"] == {
        CONF_ELECTRICITY_PRICE: "cheaper_needs_price",
        CONF_FUEL_PRICE: "fuel_needs_price",
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_LOCKOUT_CHEAPER: True,
            CONF_ELECTRICITY_PRICE: "sensor.gas",
            CONF_BACKUP_KIND: "resistance",
        },
    )
    assert result["errors"] == {CONF_ELECTRICITY_PRICE: "price_not_money_per_kwh"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_LOCKOUT_CHEAPER: True,
            CONF_ELECTRICITY_PRICE: PRICE,
            CONF_BACKUP_KIND: "fuel",
            CONF_FUEL_PRICE: 0.1,
            CONF_FUEL_EFFICIENCY: 90,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options == {
        **before,
        CONF_LOCKOUT_CHEAPER: True,
        CONF_ELECTRICITY_PRICE: PRICE,
        CONF_BACKUP_KIND: "fuel",
        CONF_FUEL_PRICE: 0.1,
        CONF_FUEL_EFFICIENCY: 90,
    }
