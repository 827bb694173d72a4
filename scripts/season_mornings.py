"""Ready-by mornings: "21 °C by 06:30" against the same block at a fixed 05:30."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
import tempfile
from typing import Any

from freezegun import freeze_time
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)
from season_harness import bedroom, winter_weather
from season_world import (
    COMFORT_HEAT_C,
    DAY_S,
    FIXED_H,
    GOAL_ARRIVAL_K,
    GOAL_ARRIVAL_SHARE,
    MORNING_BTU,
    MORNING_FROM_DAY,
    MORNING_H,
    NIGHT_C,
    NIGHT_H,
    START,
    WINTER,
)

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import DOMAIN


@dataclass
class Mornings:
    """How one schedule met its mornings: the room at the block's time, the night's energy."""

    policy: str
    arrivals: list[float] = field(default_factory=list)
    # kWh from the night block to the morning block's time, per judged night.
    night_kwh: list[float] = field(default_factory=list)
    # Hours before 06:30 the unit began heating to 21 °C, per judged morning.
    began_h: list[float] = field(default_factory=list)


def _morning_blocks(policy: str) -> list[dict[str, Any]]:
    """Return the schedule of one policy: ready by 06:30, or a fixed start at 05:30."""
    ready = policy == "ready_by"
    morning = {
        "days": "daily",
        "start": f"{int(MORNING_H if ready else FIXED_H):02d}:30",
        "mode": "heat",
        "temperature": COMFORT_HEAT_C,
    }
    if ready:
        morning["ready_by"] = True
    night = {"days": "daily", "start": "22:30", "mode": "heat", "temperature": NIGHT_C}
    return [morning, night]


async def run_mornings(policy: str, days: int, tick_s: int, judge_from: int) -> Mornings:
    """Play a winter of `days` through the schedule engine; judge each morning at 06:30."""
    result = Mornings(policy)
    with tempfile.TemporaryDirectory() as folder, freeze_time(START) as frozen:
        async with async_test_home_assistant(config_dir=folder) as hass:
            entry = await bedroom(hass, WINTER, MORNING_BTU)
            bridge: SimulatedBridge = entry.runtime_data.bridge
            await hass.services.async_call(
                DOMAIN,
                "set_schedule",
                {
                    "config_entry_id": entry.entry_id,
                    "name": "Mornings",
                    "blocks": _morning_blocks(policy),
                },
                blocking=True,
            )
            night_kwh = 0.0
            began: float | None = None
            for step in range(days * DAY_S // tick_s):
                now_s = step * tick_s
                day, hour = int(now_s // DAY_S), now_s / 3600 % 24
                winter_weather(bridge, now_s)
                if hour == NIGHT_H:
                    night_kwh, began = 0.0, None
                if hour == MORNING_H and day >= judge_from:
                    result.arrivals.append(bridge.unit.snapshot().room_temperature_c)
                    result.night_kwh.append(night_kwh)
                    result.began_h.append(MORNING_H - began if began is not None else 0.0)
                frozen.tick(timedelta(seconds=tick_s))
                async_fire_time_changed(hass)
                await hass.async_block_till_done()
                night_kwh += bridge.unit.snapshot().power_w * tick_s / 3.6e6
                desired = entry.runtime_data.desired.target_temperature
                if began is None and desired == COMFORT_HEAT_C and hour < MORNING_H + 1:
                    began = (now_s + tick_s) / 3600 % 24
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return result


def mornings_table(days: int, tick_s: int, judge_from: int = MORNING_FROM_DAY) -> list[str]:
    """Return the "ready by" mornings against a fixed start one hour earlier."""
    lines = [
        (
            f"**Ready by 06:30, winter, {MORNING_BTU} BTU/h unit, mornings of days "
            f"{judge_from + 1}-{days}** (21 °C from a 16 °C night)"
        ),
        "",
        (
            "| Schedule | Mornings | Within 0.5 K at 06:30 | Room at 06:30: mean (lowest) | "
            "Began (mean, earliest) | Night and warm-up energy | Goal met |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for policy in ("ready_by", "fixed"):
        result = asyncio.run(run_mornings(policy, days, tick_s, judge_from))
        count = len(result.arrivals)
        if not count:
            lines.append(f"| {policy} | 0 | — | — | — | — | no figure |")
            continue
        within = sum(abs(t - COMFORT_HEAT_C) <= GOAL_ARRIVAL_K for t in result.arrivals)
        share = within / count
        name = "Ready by 06:30" if policy == "ready_by" else "Fixed start 05:30"
        began = (
            f"{sum(result.began_h) / count * 60:.0f} min before 06:30, "
            f"{max(result.began_h) * 60:.0f} min"
        )
        met = "yes" if share >= GOAL_ARRIVAL_SHARE else "NO"
        lines.append(
            f"| {name} | {count} | {within} ({share:.0%}) | "
            f"{sum(result.arrivals) / count:.2f} °C ({min(result.arrivals):.2f} °C) | "
            f"{began} | {sum(result.night_kwh):.1f} kWh | {met} |"
        )
    return [*lines, ""]
