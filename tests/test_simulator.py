"""Tests of the physical model of a window heat pump in a room."""

from __future__ import annotations

import itertools
import json

import pytest

from custom_components.window_heatpump.bridges.simulated.physics import (
    STEP_S,
    SimulatorSettings,
    SimulatorSnapshot,
    absolute_humidity_g_per_kg,
    cooling_capacity_factor,
    cooling_cop,
    heating_capacity_factor,
    heating_cop,
    relative_humidity_pct,
)
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.model import Action, DesiredState, FanSpeed, Mode

HOUR = 3600.0
MINUTE = 60.0


def _unit(
    *,
    room: float = 18.0,
    room_humidity: float = 45.0,
    outdoor: float = 5.0,
    outdoor_humidity: float = 80.0,
    filter_dirt: float = 0.0,
    settings: SimulatorSettings | None = None,
) -> SimulatedUnit:
    return SimulatedUnit(
        settings or SimulatorSettings(),
        room_temperature_c=room,
        room_humidity_pct=room_humidity,
        outdoor_temperature_c=outdoor,
        outdoor_humidity_pct=outdoor_humidity,
        filter_dirt=filter_dirt,
    )


def _run(unit: SimulatedUnit, seconds: float) -> list[SimulatorSnapshot]:
    """Advance sub-step by sub-step and return every snapshot on the way."""
    snapshots = []
    for _ in range(round(seconds / STEP_S)):
        unit.advance(STEP_S)
        snapshots.append(unit.snapshot())
    return snapshots


def _run_until_defrost(unit: SimulatedUnit, limit: float = 4 * HOUR) -> SimulatorSnapshot:
    for _ in range(round(limit / STEP_S)):
        unit.advance(STEP_S)
        if (snapshot := unit.snapshot()).defrosting:
            return snapshot
    pytest.fail("no defrost started")


def _absolute(snapshot: SimulatorSnapshot) -> float:
    return absolute_humidity_g_per_kg(snapshot.room_temperature_c, snapshot.room_humidity_pct)


def test_heat_warms_a_cold_room_and_then_cycles() -> None:
    unit = _unit(room=12.0, outdoor=5.0, outdoor_humidity=60.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=21.0))
    warm_up = _run(unit, 3 * HOUR)
    reached = next(s for s in warm_up if s.room_temperature_c >= 20.9)
    assert reached.elapsed_s < 2 * HOUR
    assert all(s.heat_to_room_w > 0 for s in warm_up if s.action is Action.HEATING)

    starts = unit.snapshot().compressor_starts
    held = _run(unit, 4 * HOUR)
    temperatures = [s.room_temperature_c for s in held]
    assert 20.0 < min(temperatures) < 21.0 < max(temperatures) < 22.0
    assert {s.action for s in held} == {Action.HEATING, Action.IDLE}
    assert held[-1].compressor_starts - starts >= 4
    assert all(s.indoor_fan_running for s in held)


def test_cool_cools_a_warm_room() -> None:
    unit = _unit(room=30.0, room_humidity=55.0, outdoor=32.0, outdoor_humidity=50.0)
    unit.set_desired(DesiredState(mode=Mode.COOL, target_temperature=24.0))
    start = unit.snapshot()
    snapshots = _run(unit, 4 * HOUR)
    reached = next(s for s in snapshots if s.room_temperature_c <= 24.1)
    assert reached.elapsed_s < 2 * HOUR
    cooling = [s for s in snapshots if s.action is Action.COOLING]
    assert all(s.heat_to_room_w < 0 and s.power_w > 0 for s in cooling)
    assert Action.IDLE in {s.action for s in snapshots}
    assert 23.0 < snapshots[-1].room_temperature_c < 25.0
    # Cooling also condenses water out of the air.
    assert _absolute(snapshots[-1]) < _absolute(start)


def test_defrost_delivers_no_heat() -> None:
    unit = _unit(room=18.0, outdoor=0.0, outdoor_humidity=85.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=26.0, fan_speed=FanSpeed.HIGH))
    first = _run_until_defrost(unit)
    during = [first]
    while during[-1].defrosting:
        during.extend(_run(unit, STEP_S))
    during.pop()
    assert len(during) > 1
    for before, after in itertools.pairwise(during):
        assert after.room_temperature_c <= before.room_temperature_c
    for snapshot in during:
        assert snapshot.action is Action.DEFROSTING
        assert snapshot.heat_to_room_w <= 0
        assert not snapshot.indoor_fan_running
        assert snapshot.airflow_fraction == 0
        assert snapshot.compressor_running
        assert snapshot.power_w > 0
        assert snapshot.cop is None


def test_frost_defrost_resume_cycle_at_zero_degrees_humid() -> None:
    unit = _unit(room=18.0, outdoor=0.0, outdoor_humidity=85.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=26.0, fan_speed=FanSpeed.HIGH))
    clean = _run(unit, MINUTE)[-1]
    assert 0 < clean.frost < 0.05
    heating = [clean]
    while not heating[-1].defrosting:
        heating.extend(_run(unit, STEP_S))
    started, frosted = heating[-1], heating[-2]
    assert 40 * MINUTE <= started.compressor_run_hours * HOUR <= 60 * MINUTE
    assert started.defrost_count == 1
    # Frost cost capacity on the way to the defrost.
    assert frosted.frost > 0.95
    assert frosted.heat_to_room_w < 0.8 * clean.heat_to_room_w

    while unit.snapshot().defrosting:
        unit.advance(STEP_S)
    resumed = unit.snapshot()
    assert resumed.frost == 0
    assert resumed.defrost_count == 1
    assert resumed.last_defrost_duration_s is not None
    assert 3 * MINUTE <= resumed.last_defrost_duration_s <= 10 * MINUTE
    assert resumed.compressor_starts == started.compressor_starts
    after = _run(unit, MINUTE)[-1]
    assert after.action is Action.HEATING
    assert after.indoor_fan_running
    assert after.heat_to_room_w > 0.9 * clean.heat_to_room_w


@pytest.mark.parametrize(("outdoor", "humidity"), [(10.0, 85.0), (0.0, 30.0), (-5.0, 50.0)])
def test_no_frost_when_warm_or_dry(outdoor: float, humidity: float) -> None:
    unit = _unit(room=15.0, outdoor=outdoor, outdoor_humidity=humidity)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=28.0))
    unit.advance(4 * HOUR)
    snapshot = unit.snapshot()
    assert snapshot.compressor_run_hours > 2
    assert snapshot.frost == 0
    assert snapshot.defrost_count == 0
    assert snapshot.last_defrost_duration_s is None


def test_frost_builds_fastest_near_freezing() -> None:
    frost = {}
    for outdoor in (-15.0, -8.0, 0.0, 5.0):
        unit = _unit(room=10.0, outdoor=outdoor, outdoor_humidity=90.0)
        unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=28.0))
        unit.advance(20 * MINUTE)
        frost[outdoor] = unit.snapshot().frost
    assert frost[0.0] > frost[-8.0] > frost[-15.0] > 0
    assert frost[0.0] > frost[5.0] > 0


def _heating_at(outdoor: float) -> SimulatorSnapshot:
    unit = _unit(room=20.0, outdoor=outdoor, outdoor_humidity=40.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=25.0, fan_speed=FanSpeed.HIGH))
    unit.advance(MINUTE)
    snapshot = unit.snapshot()
    assert snapshot.action is Action.HEATING
    return snapshot


def test_heating_cop_and_capacity_fall_in_the_cold() -> None:
    cold, mild = _heating_at(-10.0), _heating_at(7.0)
    assert cold.cop is not None
    assert mild.cop is not None
    assert 1.0 <= cold.cop < mild.cop <= 5.5
    assert cold.heat_to_room_w < mild.heat_to_room_w
    assert heating_capacity_factor(-10.0) < heating_capacity_factor(7.0) < 1.0
    assert heating_capacity_factor(-60.0) > 0.3


def _cooling_at(outdoor: float) -> SimulatorSnapshot:
    unit = _unit(room=27.0, room_humidity=50.0, outdoor=outdoor, outdoor_humidity=40.0)
    unit.set_desired(DesiredState(mode=Mode.COOL, target_temperature=20.0, fan_speed=FanSpeed.HIGH))
    unit.advance(MINUTE)
    snapshot = unit.snapshot()
    assert snapshot.action is Action.COOLING
    return snapshot


def test_cooling_cop_and_capacity_fall_in_the_heat() -> None:
    hot, mild = _cooling_at(40.0), _cooling_at(27.0)
    assert hot.cop is not None
    assert mild.cop is not None
    assert 1.0 <= hot.cop < mild.cop <= 5.5
    assert hot.heat_to_room_w > mild.heat_to_room_w  # less negative: less cooling
    assert cooling_capacity_factor(40.0) < 1.0 < cooling_capacity_factor(27.0)


def test_min_off_time_after_off() -> None:
    unit = _unit(room=15.0)
    heat = DesiredState(mode=Mode.HEAT, target_temperature=22.0)
    unit.set_desired(heat)
    unit.advance(5 * MINUTE)
    assert unit.snapshot().compressor_running
    assert unit.compressor_restart_in_s == 0

    unit.set_desired(heat.with_changes(mode=Mode.OFF))
    off = unit.snapshot()
    assert off.action is Action.OFF
    assert not off.compressor_running
    assert not off.indoor_fan_running
    assert off.power_w == 0
    unit.set_desired(heat)
    assert unit.compressor_restart_in_s == 180
    waiting = _run(unit, 180)
    assert all(not s.compressor_running and s.action is Action.IDLE for s in waiting[:-1])
    assert all(s.indoor_fan_running for s in waiting)
    assert unit.compressor_restart_in_s == 0
    unit.advance(STEP_S)
    restarted = unit.snapshot()
    assert restarted.compressor_running
    assert restarted.compressor_starts == off.compressor_starts + 1


def test_cool_to_heat_reversal_waits_out_min_off_time() -> None:
    unit = _unit(room=26.0, outdoor=20.0)
    unit.set_desired(DesiredState(mode=Mode.COOL, target_temperature=20.0))
    unit.advance(MINUTE)
    assert unit.snapshot().action is Action.COOLING

    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=30.0))
    assert not unit.snapshot().compressor_running
    assert unit.compressor_restart_in_s == 180
    waiting = _run(unit, 175)
    assert all(s.action is Action.IDLE for s in waiting)
    unit.advance(2 * STEP_S)
    assert unit.snapshot().action is Action.HEATING


def test_cool_to_dry_keeps_the_compressor_running() -> None:
    unit = _unit(room=27.0, room_humidity=70.0, outdoor=30.0)
    unit.set_desired(DesiredState(mode=Mode.COOL, target_temperature=20.0))
    unit.advance(MINUTE)
    unit.set_desired(DesiredState(mode=Mode.DRY, target_temperature=20.0))
    unit.advance(STEP_S)
    snapshot = unit.snapshot()
    assert snapshot.action is Action.DRYING
    assert snapshot.compressor_starts == 1


def test_min_run_time() -> None:
    unit = _unit(room=18.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=22.0))
    assert unit.snapshot().compressor_running
    # The target drops far below the room at once: the thermostat is satisfied.
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=10.0))
    running = _run(unit, 120)
    assert all(s.compressor_running for s in running)
    unit.advance(STEP_S)
    stopped = unit.snapshot()
    assert not stopped.compressor_running
    assert stopped.action is Action.IDLE
    assert stopped.compressor_run_hours * HOUR == pytest.approx(120)


def test_dry_mode_dries_more_and_cools_less_than_cool() -> None:
    results = {}
    for mode in (Mode.COOL, Mode.DRY):
        unit = _unit(room=27.0, room_humidity=65.0, outdoor=28.0, outdoor_humidity=60.0)
        unit.set_desired(DesiredState(mode=mode, target_temperature=22.0))
        start = unit.snapshot()
        unit.advance(HOUR)
        end = unit.snapshot()
        results[mode] = (
            start.room_temperature_c - end.room_temperature_c,
            _absolute(start) - _absolute(end),
            end.room_humidity_pct,
        )
    cool_dt, cool_dw, cool_rh = results[Mode.COOL]
    dry_dt, dry_dw, dry_rh = results[Mode.DRY]
    assert 0 < dry_dt < cool_dt
    assert dry_dw > 0
    assert cool_dw > 0
    assert dry_dw / dry_dt > cool_dw / cool_dt
    assert dry_rh < cool_rh


def test_dry_mode_idles_when_the_air_is_dry() -> None:
    unit = _unit(room=25.0, room_humidity=35.0, outdoor=25.0, outdoor_humidity=30.0)
    unit.set_desired(DesiredState(mode=Mode.DRY, target_temperature=22.0, fan_speed=FanSpeed.HIGH))
    snapshots = _run(unit, HOUR)
    assert all(s.action is Action.IDLE for s in snapshots)
    assert all(s.indoor_fan_running for s in snapshots)
    # Dry mode runs the fan low whatever it is set to.
    assert snapshots[-1].airflow_fraction < 0.7


def test_fan_only_never_starts_the_compressor() -> None:
    for room, target in ((30.0, 18.0), (10.0, 28.0)):
        unit = _unit(room=room, outdoor=room)
        unit.set_desired(
            DesiredState(mode=Mode.FAN_ONLY, target_temperature=target, fan_speed=FanSpeed.HIGH)
        )
        snapshots = _run(unit, 6 * HOUR)
        assert all(s.action is Action.FAN and not s.compressor_running for s in snapshots)
        assert snapshots[-1].compressor_starts == 0
        assert snapshots[-1].frost == 0
        fan = snapshots[-1]
        assert fan.cop is None
        assert 0 < fan.heat_to_room_w == fan.power_w < 60
        assert fan.fan_run_hours == pytest.approx(6)


def test_off_does_nothing() -> None:
    unit = _unit(room=12.0)
    snapshots = _run(unit, HOUR)
    assert all(s.action is Action.OFF and s.power_w == 0 for s in snapshots)
    assert snapshots[-1].fan_run_hours == 0
    # The room drifts toward the outdoor air (plus what the occupant gives off).
    assert 5.0 < snapshots[-1].room_temperature_c < 12.0


def test_dirty_filter_lowers_airflow_and_capacity() -> None:
    heat = DesiredState(mode=Mode.HEAT, target_temperature=25.0, fan_speed=FanSpeed.HIGH)
    clean, dirty = _unit(room=18.0), _unit(room=18.0, filter_dirt=1.0)
    for unit in (clean, dirty):
        unit.set_desired(heat)
        unit.advance(MINUTE)
    clean_s, dirty_s = clean.snapshot(), dirty.snapshot()
    assert dirty_s.airflow_fraction == pytest.approx(0.5 * clean_s.airflow_fraction, rel=1e-3)
    assert dirty_s.heat_to_room_w < clean_s.heat_to_room_w


def test_filter_clogs_with_fan_hours() -> None:
    unit = _unit(room=20.0, outdoor=20.0)
    unit.set_desired(DesiredState(mode=Mode.FAN_ONLY, fan_speed=FanSpeed.LOW))
    unit.advance(100 * HOUR)
    snapshot = unit.snapshot()
    assert snapshot.fan_run_hours == pytest.approx(100)
    assert 0.03 < snapshot.filter_dirt < 0.1


def test_set_filter_dirt_clamps() -> None:
    unit = _unit(filter_dirt=3.0)
    assert unit.snapshot().filter_dirt == 1.0
    unit.set_filter_dirt(-0.5)
    assert unit.snapshot().filter_dirt == 0.0
    unit.set_filter_dirt(0.25)
    assert unit.snapshot().filter_dirt == 0.25


def _scenario(slices: list[float]) -> SimulatorSnapshot:
    unit = _unit(room=14.0, outdoor=1.0, outdoor_humidity=90.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=21.0))
    for seconds in slices:
        unit.advance(seconds)
    unit.set_outdoor(-3.0, 95.0)
    for seconds in slices:
        unit.advance(seconds)
    return unit.snapshot()


def test_slicing_does_not_change_the_result() -> None:
    whole = _scenario([3 * HOUR])
    pattern = [0.7, 13.0, 4.3, 60.0, 1.999, 0.001, 245.0]
    slices = pattern * int(3 * HOUR // sum(pattern))
    slices.append(3 * HOUR - sum(slices))
    assert _scenario(slices) == whole
    assert _scenario([STEP_S] * round(3 * HOUR / STEP_S)) == whole
    assert whole.elapsed_s == 6 * HOUR


def test_negative_advance_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        _unit().advance(-1.0)


def test_as_dict_is_json_safe() -> None:
    unit = _unit(room=18.0, outdoor=0.0, outdoor_humidity=85.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=26.0, fan_speed=FanSpeed.HIGH))
    for snapshot in (unit.snapshot(), _run_until_defrost(unit)):
        data = json.loads(json.dumps(snapshot.as_dict()))
        assert data["action"] == snapshot.action.value
        assert data["room_temperature_c"] == snapshot.room_temperature_c
        assert set(data) == set(vars(snapshot))
    assert data["action"] == "defrosting"
    assert data["cop"] is None


def test_off_during_defrost_keeps_the_unmelted_frost() -> None:
    unit = _unit(room=18.0, outdoor=0.0, outdoor_humidity=85.0)
    heat = DesiredState(mode=Mode.HEAT, target_temperature=26.0, fan_speed=FanSpeed.HIGH)
    unit.set_desired(heat)
    _run_until_defrost(unit)
    unit.advance(MINUTE)
    unit.set_desired(heat.with_changes(mode=Mode.OFF))
    snapshot = unit.snapshot()
    assert not snapshot.defrosting
    assert 0 < snapshot.frost < 1
    assert snapshot.last_defrost_duration_s is not None
    assert snapshot.last_defrost_duration_s < 2 * MINUTE


def test_auto_heats_a_cold_room_and_cools_a_warm_one() -> None:
    cold = _unit(room=16.0, outdoor=2.0)
    warm = _unit(room=28.0, room_humidity=50.0, outdoor=30.0)
    for unit in (cold, warm):
        unit.set_desired(DesiredState(mode=Mode.AUTO, target_temperature=22.0))
        unit.advance(MINUTE)
    assert cold.snapshot().action is Action.HEATING
    assert warm.snapshot().action is Action.COOLING
    # Once at target it holds there rather than swinging to the other mode.
    for unit in (cold, warm):
        actions = {s.action for s in _run(unit, 6 * HOUR)[-360:]}
        assert Action.HEATING in actions or Action.COOLING in actions
        assert not {Action.HEATING, Action.COOLING} <= actions
        assert 20.5 < unit.snapshot().room_temperature_c < 23.5


def test_auto_fan_follows_the_distance_to_target() -> None:
    unit = _unit(room=14.0)
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=22.0))
    assert unit.snapshot().airflow_fraction == 1.0
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=15.5))
    assert unit.snapshot().airflow_fraction == 0.8
    unit.set_desired(DesiredState(mode=Mode.HEAT, target_temperature=14.5))
    assert unit.snapshot().airflow_fraction == 0.6


def test_humidity_helpers_round_trip() -> None:
    for temperature in (-10.0, 0.0, 21.0, 35.0):
        for humidity in (10.0, 50.0, 95.0):
            absolute = absolute_humidity_g_per_kg(temperature, humidity)
            assert relative_humidity_pct(temperature, absolute) == pytest.approx(humidity)
    # Warming air at a fixed water content lowers its relative humidity.
    assert relative_humidity_pct(25.0, absolute_humidity_g_per_kg(5.0, 80.0)) < 30.0


def test_cop_stays_within_physical_limits() -> None:
    # Cooling a hot room on a cold night needs no lift at all: the COP is capped.
    assert cooling_cop(35.0, -20.0) == 5.5
    assert heating_cop(21.0, 40.0) == 5.5
    assert 1.0 <= heating_cop(21.0, -40.0) < heating_cop(21.0, -10.0)


def test_auto_within_the_dead_band_follows_the_nearer_side() -> None:
    unit = _unit(room=21.7, outdoor=10.0)
    desired = DesiredState(mode=Mode.AUTO, target_temperature=21.0)
    unit.set_desired(desired)
    assert unit.desired == desired
    # Inside the auto band the side the room is on decides; 0.7 K above target asks for cooling.
    assert unit.snapshot().action is Action.COOLING


def test_other_heat_warms_the_room() -> None:
    """A backup heater's watts join the room's heat balance; the unit itself stays off."""
    with_heater, without = _unit(outdoor=0.0), _unit(outdoor=0.0)
    with_heater.other_heat_w = 1500.0
    for unit in (with_heater, without):
        unit.advance(3600)
    heated = with_heater.snapshot()
    assert heated.room_temperature_c > without.snapshot().room_temperature_c + 2.0
    assert heated.power_w == 0.0
