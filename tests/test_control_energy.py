"""A simulated winter day through the energy meter: kWh, heat delivered, COP and saving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math

import pytest

from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.control.energy import (
    EnergyMeter,
    heat_from_supply_air,
    valid_power,
)
from custom_components.window_heatpump.model import DesiredState, FanSpeed, Mode

START = datetime(2026, 1, 10, tzinfo=UTC)
PERIOD_S = 30


def test_a_simulated_day() -> None:
    """The meter's electricity matches the simulator's; heat and COP come out near the truth."""
    unit = SimulatedUnit(
        SimulatorSettings(),
        room_temperature_c=17.0,
        outdoor_temperature_c=2.0,
        outdoor_humidity_pct=85.0,
    )
    desired = DesiredState(mode=Mode.HEAT, target_temperature=21.0, fan_speed=FanSpeed.HIGH)
    unit.set_desired(desired)
    meter = EnergyMeter()
    true_kwh = true_heat_kwh = 0.0
    for step in range(24 * 3600 // PERIOD_S):
        snap = unit.snapshot()
        heat = (
            heat_from_supply_air(
                8000, FanSpeed.HIGH, snap.supply_air_temperature_c, snap.room_temperature_c
            )
            if snap.compressor_running and not snap.defrosting
            else 0.0
        )
        meter.sample(START + timedelta(seconds=step * PERIOD_S), snap.power_w, heat)
        true_kwh += snap.power_w * PERIOD_S / 3_600_000
        true_heat_kwh += max(0.0, snap.heat_to_room_w) * PERIOD_S / 3_600_000
        unit.advance(PERIOD_S)
    totals = meter.totals
    cop = totals.cop
    assert cop is not None
    print(  # noqa: T201 - the figures the closing note reports
        f"day: {totals.energy_kwh:.2f} kWh (true {true_kwh:.2f}), heat {totals.heat_kwh:.2f} kWh "
        f"(true {true_heat_kwh:.2f}), COP {cop:.2f} (true {true_heat_kwh / true_kwh:.2f}), "
        f"saving {totals.saving_kwh:.2f} kWh, defrosts {unit.snapshot().defrost_count}"
    )
    assert totals.energy_kwh == pytest.approx(true_kwh, rel=0.01)
    # The airflow rule of thumb is ~8 % above the simulator's fan: the estimate says so.
    assert totals.heat_kwh == pytest.approx(true_heat_kwh, rel=0.15)
    assert totals.saving_kwh == pytest.approx(totals.heat_kwh - totals.energy_kwh, rel=0.01)


@pytest.mark.parametrize("bad", [-5.0, math.nan, math.inf, None])
def test_nonsense_power_is_not_counted(bad: float | None) -> None:
    """Negative, NaN, infinite or missing power pauses the count instead of corrupting it."""
    meter = EnergyMeter()
    meter.sample(START, 1000.0, None)
    meter.sample(START + timedelta(hours=1) / 6, bad, None)
    meter.sample(START + timedelta(hours=1) / 3, 1000.0, None)
    assert not valid_power(bad)
    assert meter.totals.energy_kwh == pytest.approx(1000.0 / 6 / 1000)


def test_a_gap_is_not_guessed() -> None:
    """After a long gap (Home Assistant stopped) the meter restarts counting, not extrapolates."""
    meter = EnergyMeter()
    meter.sample(START, 500.0, None)
    meter.sample(START + timedelta(hours=3), 500.0, None)
    assert meter.totals.energy_kwh == 0.0
