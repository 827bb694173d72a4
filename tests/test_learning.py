"""Tests of the learned room model's estimator (learning/), on the simulated room directly."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
import json
import math

from homeassistant.util import dt as dt_util
import pytest

from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.learning.estimator import (
    SAMPLE_S,
    Estimator,
    Phase,
    Rejection,
)
from custom_components.window_heatpump.model import Action, DesiredState, FanSpeed, Mode

STEP_S = 30
DAY_S = 86400
PHASES = {
    Action.HEATING: Phase.HEAT,
    Action.DEFROSTING: Phase.DEFROST,
    Action.COOLING: Phase.COOL,
    Action.IDLE: Phase.REST,
    Action.OFF: Phase.REST,
}


def winter_outdoor(time_s: float) -> float:
    """Return a winter's outdoor temperature: a daily swing on a slower weather swing."""
    hour = time_s / 3600 % 24
    return 2 + 5 * math.sin(2 * math.pi * (hour - 9) / 24) + 6 * math.sin(time_s / DAY_S)


def drive(
    unit: SimulatedUnit,
    estimator: Estimator,
    days: float,
    *,
    start_s: float = 0.0,
    outdoor: Callable[[float], float] = winter_outdoor,
    room_reading: Callable[[float, float], float | None] = lambda _t, room: round(room, 1),
) -> float:
    """Heat the room on a day/night schedule, feeding the estimator; return the end time."""
    time_s = start_s
    for _ in range(int(days * DAY_S / STEP_S)):
        unit.set_outdoor(outdoor(time_s), 85.0)
        target = 21.0 if 6 <= time_s / 3600 % 24 < 23 else 17.0
        if unit.desired.target_temperature != target:
            unit.set_desired(
                DesiredState(mode=Mode.HEAT, fan_speed=FanSpeed.HIGH, target_temperature=target)
            )
        unit.advance(STEP_S)
        time_s += STEP_S
        snapshot = unit.snapshot()
        estimator.note_set_point(21.0)
        estimator.add(
            time_s,
            PHASES.get(snapshot.action),
            room_reading(time_s, snapshot.room_temperature_c),
            round(snapshot.outdoor_temperature_c, 1),
        )
    return time_s


def _room() -> tuple[SimulatedUnit, Estimator]:
    settings = SimulatorSettings()
    unit = SimulatedUnit(settings, room_temperature_c=18.0, outdoor_temperature_c=2.0)
    return unit, Estimator(rated_w=settings.rated_w)


@cache
def _week_stored(capacity_btu: int) -> str:
    """Return (as stored, in JSON) what 8 winter days taught of a unit in the bedroom."""
    settings = SimulatorSettings(capacity_btu=capacity_btu)
    unit = SimulatedUnit(settings, room_temperature_c=18.0, outdoor_temperature_c=2.0)
    estimator = Estimator(rated_w=settings.rated_w)
    drive(unit, estimator, 8)
    return json.dumps(estimator.as_dict())


def learned_week(capacity_btu: int = 8000) -> Estimator:
    """Return an estimator that learned a week, its day restarted now (none judged at once)."""
    estimator = Estimator.from_dict(
        json.loads(_week_stored(capacity_btu)), SimulatorSettings(capacity_btu=capacity_btu).rated_w
    )
    estimator.day_start_s = dt_util.utcnow().timestamp()
    return estimator


def test_a_week_learns_the_room_and_the_unit() -> None:
    """After a week the figures are the simulator's truth within the goals."""
    unit, estimator = _room()
    drive(unit, estimator, 8)
    figures = estimator.figures
    truth = RoomTruth(settings=unit.settings, outdoor_humidity_pct=85.0)
    assert figures.confidence == 1.0
    assert figures.heat_loss_w_per_k == pytest.approx(truth.heat_loss_w_per_k, rel=0.15)
    assert figures.time_constant_h == pytest.approx(truth.time_constant_h, rel=0.15)
    for outdoor_c, _rate in figures.heating:
        assert figures.capacity_w(outdoor_c) == pytest.approx(
            truth.heating_capacity_with_defrost_w(outdoor_c), rel=0.15
        )
    balance = truth.balance_point_c(21.0)
    assert balance is not None
    assert figures.balance_point_c == pytest.approx(balance, abs=1.5)


def test_nothing_before_a_day_is_judged() -> None:
    """No figure from hours of data: the first day is judged at its end."""
    unit, estimator = _room()
    drive(unit, estimator, 0.5)
    figures = estimator.figures
    assert figures.confidence == 0.0
    assert figures.heat_loss_w_per_k is None
    assert figures.balance_point_c is None
    assert figures.capacity_w(2.0) is None


def test_a_day_with_the_door_open_teaches_nothing() -> None:
    """A day that loses three times the heat is rejected; the loss learned stays."""
    unit, estimator = _room()
    # A minute past the fourth day's end, so that it is judged.
    end = drive(unit, estimator, 4 + 60 / DAY_S)
    before = estimator.figures.heat_loss_w_per_k
    unit.set_room_loss(3 * unit.settings.room_loss_w_per_k)
    # Days end 24 h after the first sample: this one is judged with the door open.
    end = drive(unit, estimator, 1.5, start_s=end)
    assert estimator.last_rejection is Rejection.DOES_NOT_FIT
    assert estimator.days_rejected >= 1
    assert estimator.figures.heat_loss_w_per_k == before
    unit.set_room_loss(unit.settings.room_loss_w_per_k / 3)
    accepted = estimator.days_accepted
    drive(unit, estimator, 2.5, start_s=end)
    assert estimator.days_accepted > accepted


def test_sensor_gaps_and_broken_readings_are_dropped() -> None:
    """A room sensor gone for hours (or reading 85 °C) costs data, never a wrong figure."""
    unit, estimator = _room()

    def gappy(time_s: float, room: float) -> float | None:
        hour = time_s / 3600 % 24
        if 12 <= hour < 15:
            return None
        if 15 <= hour < 16:
            return 85.0
        return round(room, 1)

    drive(unit, estimator, 8, room_reading=gappy)
    truth = RoomTruth(settings=unit.settings)
    assert estimator.figures.heat_loss_w_per_k == pytest.approx(truth.heat_loss_w_per_k, rel=0.15)
    assert all(segment.seconds <= 1800 + STEP_S for segment in estimator.day)


def test_stored_and_restored_alike() -> None:
    """What is learned survives a store and a load, the day so far included."""
    unit, estimator = _room()
    drive(unit, estimator, 3.5)
    stored = json.loads(json.dumps(estimator.as_dict()))
    restored = Estimator.from_dict(stored, estimator.rated_w)
    assert restored.figures == estimator.figures
    assert restored.day == estimator.day
    assert restored.as_dict() == estimator.as_dict()


def test_without_a_nameplate_only_the_ratios() -> None:
    """No rated capacity: the time constant and balance point, but no watts."""
    unit, _estimator = _room()
    estimator = Estimator(rated_w=None)
    drive(unit, estimator, 8)
    figures = estimator.figures
    assert figures.time_constant_h is not None
    assert figures.balance_point_c is not None
    assert figures.heat_loss_w_per_k is None
    assert figures.capacity_w(2.0) is None


def test_a_unit_that_does_not_say_what_it_does_is_sampled_like_any_other() -> None:
    """Readings without an action are looked at once per sample interval, not per message.

    Every pushed reading passes through the estimator; before, one with nothing to learn left
    no trace, so each of them (a native MQTT unit pushing its room temperature) was judged anew.
    """
    estimator = Estimator(rated_w=1000.0)
    assert not estimator.skips(0.0, None)
    estimator.add(0.0, None, 21.0, 5.0)
    assert estimator.skips(SAMPLE_S / 2, None)
    assert not estimator.skips(SAMPLE_S, None)
    # A unit that starts heating is sampled at once.
    assert not estimator.skips(SAMPLE_S / 2, Phase.HEAT)
