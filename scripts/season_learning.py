"""The learned room against the simulator's truth: a season through the coordinator, its table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
import math
import tempfile
from typing import Any

from freezegun import freeze_time
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)
from season_harness import bedroom, command
from season_world import (
    BEDROOM_BTU,
    COMFORT_HEAT_C,
    DAY_S,
    DOOR_LOSS_FACTOR,
    DOOR_OPEN_H,
    GOAL_BALANCE_K,
    GOAL_REL,
    START,
    UNPLUGGED_H,
    Season,
    price,
    within,
)

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth
from custom_components.window_heatpump.learning.figures import Figures
from custom_components.window_heatpump.learning.sizing import OperationSizing


@dataclass
class Snapshot:
    """The learned figures at one moment, and the days behind them."""

    figures: Figures
    days: int
    rejected: int


@dataclass
class Outcome:
    """What one season printed."""

    season: Season
    truth: RoomTruth
    after_week: Snapshot | None = None
    end: Snapshot | None = None
    energy_kwh: float = 0.0
    cost: float = 0.0
    sizing: OperationSizing | None = None
    # Sensible cooling measured in the simulator while running, per outdoor bin (W sum, count).
    cooling_measured: dict[int, list[float]] = field(default_factory=dict)


async def run_season(
    season: Season, days: int, tick_s: int, capacity_btu: int = BEDROOM_BTU
) -> Outcome:
    """Play one season through Home Assistant; return what was learned and the truth."""
    with tempfile.TemporaryDirectory() as folder, freeze_time(START) as frozen:
        async with async_test_home_assistant(config_dir=folder) as hass:
            entry = await bedroom(hass, season, capacity_btu)
            coordinator = entry.runtime_data
            bridge: SimulatedBridge = coordinator.bridge
            outcome = Outcome(season, RoomTruth(settings=bridge.unit.settings))
            base_loss = bridge.unit.settings.room_loss_w_per_k
            target: float | None = None
            for step in range(days * DAY_S // tick_s):
                now_s = step * tick_s
                day, hour = int(now_s // DAY_S), now_s / 3600 % 24
                if now_s % 1800 == 0:
                    door = day in season.door_days and within(hour, DOOR_OPEN_H)
                    bridge.unit.set_room_loss(base_loss * (DOOR_LOSS_FACTOR if door else 1.0))
                    bridge.set_conditions(
                        outdoor_temperature_c=season.outdoor(now_s),
                        outdoor_humidity=season.humidity,
                        reachable=not (day in season.unplugged_days and within(hour, UNPLUGGED_H)),
                        filter_dirt=0.0 if now_s % (7 * DAY_S) == 0 else None,
                    )
                if (wanted := season.target(now_s)) != target and coordinator.unit_available:
                    target = wanted
                    await command(
                        hass, "set_temperature", {"temperature": wanted, "hvac_mode": season.mode}
                    )
                frozen.tick(timedelta(seconds=tick_s))
                async_fire_time_changed(hass)
                await hass.async_block_till_done()
                _account(outcome, bridge, now_s, tick_s)
                if step * tick_s == 7 * DAY_S + 3600:
                    outcome.after_week = _snapshot(coordinator.learning)
            outcome.end = _snapshot(coordinator.learning)
            outcome.sizing = coordinator.learning.sizing
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return outcome


def _account(outcome: Outcome, bridge: SimulatedBridge, now_s: float, tick_s: int) -> None:
    """Count the energy and its cost; measure the cooling delivered while running."""
    snapshot = bridge.unit.snapshot()
    kwh = snapshot.power_w * tick_s / 3.6e6
    outcome.energy_kwh += kwh
    outcome.cost += kwh * price(now_s)
    if snapshot.compressor_running and snapshot.action.value == "cooling":
        index = math.floor(snapshot.outdoor_temperature_c / 2)
        sums = outcome.cooling_measured.setdefault(index, [0.0, 0.0])
        sums[0] += -snapshot.heat_to_room_w
        sums[1] += 1


def _snapshot(learning: Any) -> Snapshot:
    """Return the learned figures now."""
    estimator = learning.estimator
    return Snapshot(estimator.figures, estimator.days_accepted, estimator.days_rejected)


def _row(name: str, learned: float | None, truth: float | None, goal: str, *, unit: str) -> str:
    """Return one table row: learned, truth, error, goal met."""
    if learned is None or truth is None:
        shown_learned = "—" if learned is None else f"{learned:.1f} {unit}"
        shown_truth = "—" if truth is None else f"{truth:.1f} {unit}"
        return f"| {name} | {shown_learned} | {shown_truth} | — | {goal} | no figure |"
    if goal.startswith("±"):
        error = learned - truth
        met = abs(error) <= GOAL_BALANCE_K
        shown = f"{error:+.1f} K"
    else:
        error = (learned - truth) / truth
        met = abs(error) <= GOAL_REL
        shown = f"{error:+.1%}"
    return (
        f"| {name} | {learned:.1f} {unit} | {truth:.1f} {unit} | {shown} | {goal} | "
        f"{'yes' if met else 'NO'} |"
    )


def table(outcome: Outcome, snapshot: Snapshot, label: str) -> list[str]:
    """Return the Markdown table of one season at one moment."""
    figures, truth, season = snapshot.figures, outcome.truth, outcome.season
    title = (
        f"**{season.name.capitalize()}, {label}** ({snapshot.days} days learned, "
        f"{snapshot.rejected} rejected; confidence {figures.confidence:.0%})"
    )
    lines = [
        title,
        "",
        "| Figure | Learned | Truth | Error | Goal | Met |",
        "| --- | --- | --- | --- | --- | --- |",
        _row("Heat loss", figures.heat_loss_w_per_k, truth.heat_loss_w_per_k, "15 %", unit="W/K"),
        _row("Time constant", figures.time_constant_h, truth.time_constant_h, "15 %", unit="h"),
    ]
    cooling = season.mode == "cool"
    for outdoor in season.capacities_at:
        learned = figures.capacity_w(outdoor, cooling=cooling)
        if cooling:
            index = math.floor(outdoor / 2)
            sums = outcome.cooling_measured.get(index)
            real = None if not sums else sums[0] / sums[1]
            name = f"Cooling (sensible) at {outdoor:g} °C"
        else:
            real = truth.heating_capacity_with_defrost_w(outdoor)
            name = f"Heating (with defrosts) at {outdoor:g} °C"
        lines.append(_row(name, learned, real, "15 %", unit="W"))
    if not cooling:
        lines.append(
            _row(
                f"Balance point at {COMFORT_HEAT_C:g} °C",
                figures.balance_point_c,
                truth.balance_point_c(COMFORT_HEAT_C),
                f"±{GOAL_BALANCE_K} K",
                unit="°C",
            )
        )
    return [*lines, ""]
