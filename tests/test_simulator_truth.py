"""Tests of the simulated room's true figures (bridges/simulated/truth.py) against its model."""

from __future__ import annotations

import math

import pytest

from custom_components.window_heatpump.bridges.simulated import physics
from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.model import DesiredState, FanSpeed, Mode

HOUR = 3600.0


def _running_heat(unit: SimulatedUnit, hours: float) -> float:
    """Return the mean heat delivered while running, sampled every sub-step."""
    total = 0.0
    steps = int(hours * HOUR / physics.STEP_S)
    for _ in range(steps):
        unit.advance(physics.STEP_S)
        total += unit.snapshot().heat_to_room_w - physics.FAN_POWER_AT_HIGH_W
    return total / steps


@pytest.mark.parametrize("outdoor", [10.0, 2.0, -5.0])
def test_heating_capacity_with_defrost_is_what_a_running_unit_delivers(outdoor: float) -> None:
    """Run flat out for hours: the mean heat is the truth's figure, frost and defrost included."""
    unit = SimulatedUnit(
        SimulatorSettings(), room_temperature_c=10.0, outdoor_temperature_c=outdoor
    )
    # A loss so large the room never reaches the set point: the compressor never stops.
    unit.set_room_loss(2000.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, fan_speed=FanSpeed.HIGH, target_temperature=30))
    measured = _running_heat(unit, 6.0)
    truth = RoomTruth(settings=unit.settings, outdoor_humidity_pct=80.0)
    assert measured == pytest.approx(truth.heating_capacity_with_defrost_w(outdoor), rel=0.03)
    if outdoor < 6:
        assert truth.heating_capacity_with_defrost_w(outdoor) < truth.heating_capacity_w(outdoor)


def test_time_constant_and_loss_are_settable_and_readable() -> None:
    """An idle room cools towards outdoors with the truth's time constant; a door shortens it."""
    unit = SimulatedUnit(SimulatorSettings(), room_temperature_c=20.0, outdoor_temperature_c=0.0)
    truth = RoomTruth(settings=unit.settings)
    assert truth.heat_loss_w_per_k == 40.0
    assert truth.time_constant_h == pytest.approx(500_000 / 40 / 3600)
    unit.advance(HOUR)
    # The occupant's heat holds the room OCCUPANT_HEAT_W / UA above outdoors.
    floor = physics.OCCUPANT_HEAT_W / 40.0
    expected = floor + (20.0 - floor) * math.exp(-1.0 / truth.time_constant_h)
    assert unit.snapshot().room_temperature_c == pytest.approx(expected, abs=0.05)
    unit.set_room_loss(120.0)
    assert RoomTruth(settings=unit.settings).time_constant_h == pytest.approx(
        truth.time_constant_h / 3
    )


def test_balance_point_is_where_the_unit_stops_holding_the_set_point() -> None:
    """Just above the balance point the room holds 21 °C flat out; just below it cannot."""
    settings = SimulatorSettings(capacity_btu=5000, room_loss_w_per_k=60.0)
    balance = RoomTruth(settings=settings).balance_point_c(21.0)
    assert balance is not None
    assert -15.0 < balance < 10.0
    for outdoor, holds in ((balance + 1.5, True), (balance - 1.5, False)):
        unit = SimulatedUnit(settings, room_temperature_c=21.0, outdoor_temperature_c=outdoor)
        unit.set_desired(
            DesiredState(mode=Mode.HEAT, fan_speed=FanSpeed.HIGH, target_temperature=21.0)
        )
        unit.advance(24 * HOUR)
        assert (unit.snapshot().room_temperature_c >= 20.4) is holds
    assert RoomTruth(settings=SimulatorSettings(capacity_btu=30000)).balance_point_c(21) is None


def test_frost_left_over_melts_when_the_outdoor_air_warms() -> None:
    """Frost from a cold spell melts off above the frost limit; it does not wait for a defrost."""
    unit = SimulatedUnit(SimulatorSettings(), room_temperature_c=15.0, outdoor_temperature_c=0.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, fan_speed=FanSpeed.HIGH, target_temperature=30))
    unit.advance(15 * 60)
    assert unit.snapshot().frost > 0.2
    unit.set_outdoor(10.0, 80.0)
    unit.advance(20 * 60)
    assert unit.snapshot().frost == 0.0
    assert unit.snapshot().defrost_count == 0
