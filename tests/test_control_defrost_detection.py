"""Defrost detection on simulated power traces, scored against the simulator's true defrosts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.control.defrost_detection import (
    DefrostDetector,
    DefrostSignals,
)
from custom_components.window_heatpump.model import DesiredState, FanSpeed, Mode

START = datetime(2026, 1, 10, tzinfo=UTC)
HOURS = 8
# (outdoor °C, outdoor RH %, set point °C, fan speed): frosting and frost-free weather,
# a thermostat that cycles, fan changes made by the unit's auto fan.
WEATHER = [
    (2.0, 85.0, 21.0, FanSpeed.AUTO),
    (0.0, 90.0, 22.0, FanSpeed.HIGH),
    (-5.0, 80.0, 20.0, FanSpeed.LOW),
    (4.0, 95.0, 24.0, FanSpeed.AUTO),
    (-12.0, 75.0, 21.0, FanSpeed.MEDIUM),
    (5.5, 60.0, 21.0, FanSpeed.QUIET),
    (10.0, 90.0, 21.0, FanSpeed.AUTO),
]


def _intervals(flags: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Return the (start, end) times of runs of True."""
    runs: list[tuple[float, float]] = []
    start: float | None = None
    for time_s, flag in flags:
        if flag and start is None:
            start = time_s
        elif not flag and start is not None:
            runs.append((start, time_s))
            start = None
    if start is not None:
        runs.append((start, flags[-1][0]))
    return runs


def _overlaps(run: tuple[float, float], others: list[tuple[float, float]]) -> bool:
    """Return True when `run` overlaps one of `others`."""
    return any(run[0] < other[1] and other[0] < run[1] for other in others)


def score(*, period_s: float, supply_air: bool) -> tuple[int, int, int, int]:
    """Run every weather for HOURS; return (true, detected, true found, detected right)."""
    truth: list[tuple[float, float]] = []
    found: list[tuple[float, float]] = []
    for index, (outdoor, humidity, target, fan) in enumerate(WEATHER):
        unit = SimulatedUnit(
            SimulatorSettings(),
            room_temperature_c=17.0,
            outdoor_temperature_c=outdoor,
            outdoor_humidity_pct=humidity,
        )
        desired = DesiredState(mode=Mode.HEAT, target_temperature=target, fan_speed=fan)
        unit.set_desired(desired)
        detector = DefrostDetector()
        true_flags: list[tuple[float, bool]] = []
        found_flags: list[tuple[float, bool]] = []
        offset = index * 86400.0
        for step in range(int(HOURS * 3600 / period_s)):
            unit.advance(period_s)
            snap = unit.snapshot()
            time_s = offset + (step + 1) * period_s
            estimate = detector.update(
                START + timedelta(seconds=time_s),
                DefrostSignals(
                    desired=desired,
                    power_w=round(snap.power_w),
                    outdoor_c=round(snap.outdoor_temperature_c, 1),
                    room_c=round(snap.room_temperature_c, 1),
                    supply_air_c=round(snap.supply_air_temperature_c, 1) if supply_air else None,
                ),
            )
            true_flags.append((time_s, snap.defrosting))
            found_flags.append((time_s, estimate))
        truth += _intervals(true_flags)
        found += _intervals(found_flags)
    hits = sum(_overlaps(run, found) for run in truth)
    right = sum(_overlaps(run, truth) for run in found)
    return len(truth), len(found), hits, right


@pytest.mark.parametrize(
    ("period_s", "supply_air"), [(5.0, False), (5.0, True), (30.0, False), (30.0, True)]
)
def test_precision_and_recall(period_s: float, supply_air: bool) -> None:
    """Nearly every true defrost is found and nearly nothing else is called one."""
    true_count, found_count, hits, right = score(period_s=period_s, supply_air=supply_air)
    precision = right / found_count
    recall = hits / true_count
    print(  # noqa: T201 - the figures the closing note reports
        f"period {period_s:.0f} s, supply air {supply_air}: {true_count} true defrosts, "
        f"{found_count} detected, precision {precision:.2f}, recall {recall:.2f}"
    )
    assert true_count >= 20
    assert precision >= 0.9
    assert recall >= 0.9
