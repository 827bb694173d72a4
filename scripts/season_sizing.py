"""Sizing from operation: three units in the same bedroom, each verdict against the truth."""

from __future__ import annotations

from season_learning import run_season
from season_world import SIZING_UNITS_BTU, WINTER

from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth
from custom_components.window_heatpump.learning.sizing import (
    OVERSIZED_DUTY,
    UNDERSIZED_DUTY,
    OperationSizing,
    OperationVerdict,
)


def true_verdict(truth: RoomTruth, sizing: OperationSizing) -> OperationVerdict:
    """Return the verdict the simulator's truth gives where the learned one was judged."""
    need = truth.heat_loss_w_per_k * (sizing.set_point_c - sizing.outdoor_c)
    duty = (need - truth.internal_gain_w) / truth.heating_capacity_with_defrost_w(sizing.outdoor_c)
    if duty > UNDERSIZED_DUTY:
        return OperationVerdict.UNDERSIZED
    return OperationVerdict.OVERSIZED if duty < OVERSIZED_DUTY else OperationVerdict.RIGHT_SIZED


async def sizing_table(days: int, tick_s: int) -> list[str]:
    """Return the sizing verdicts of three units in the bedroom against the truth."""
    lines = [
        f"**Sizing from operation, winter, after {days} days**",
        "",
        "| Unit | Learned verdict | Evidence (coldest band) | True verdict | Met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for capacity in SIZING_UNITS_BTU:
        outcome = await run_season(WINTER, days, tick_s, capacity)
        sizing = outcome.sizing
        if sizing is None:
            lines.append(f"| {capacity} BTU/h | — | — | — | no verdict |")
            continue
        truth = true_verdict(outcome.truth, sizing)
        evidence = (
            f"{sizing.duty:.0%} of the time needed at {sizing.outdoor_c:g} °C "
            f"for {sizing.set_point_c:g} °C"
        )
        met = "yes" if truth is sizing.verdict else "NO"
        lines.append(f"| {capacity} BTU/h | {sizing.verdict} | {evidence} | {truth} | {met} |")
    return [*lines, ""]
