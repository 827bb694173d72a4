"""A simulated winter and summer through the real coordinator: what the learned room finds.

Run it with `bash scripts/season` (docs/learning.md). Home Assistant runs in-process (the test
harness's `async_test_home_assistant`, outside pytest) with one simulated unit; freezegun moves
Home Assistant's clock and `async_fire_time_changed` fires its timers, so a season takes
minutes. The weather (a daily swing on a slower one, cold snaps, a heat wave), a weekly
schedule, a door left open on some days, hours with the unit unplugged and a weekly filter
clean are played through the climate entity and the simulator's conditions. The learned
figures are printed against the simulator's truth (bridges/simulated/truth.py) after 7 days
and at the season's end, as a Markdown table. Then three units in the same bedroom give the
sizing verdicts, and a winter through the schedule engine judges "ready by 06:30" mornings
against a fixed start one hour earlier.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import logging
import math
from pathlib import Path
import sys
import tempfile
import time
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The integration is imported as `custom_components.window_heatpump`, from the checkout.
sys.path.insert(0, str(REPO))

# First, before Home Assistant: it makes Home Assistant's clock one freezegun can move.
from pytest_homeassistant_custom_component import patch_time  # noqa: E402, I001

import freezegun  # noqa: E402
from freezegun import freeze_time  # noqa: E402
from homeassistant import loader  # noqa: E402
from homeassistant.core import HomeAssistant  # noqa: E402
from pytest_homeassistant_custom_component.common import (  # noqa: E402
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.window_heatpump.bridges.simulated.bridge import (  # noqa: E402
    SimulatedBridge,
)
from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth  # noqa: E402
from custom_components.window_heatpump.const import (  # noqa: E402
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_HVAC_MODES,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_SPEED,
    CONF_TEMPERATURE_UNIT,
    DOMAIN,
)
from custom_components.window_heatpump.learning.figures import Figures  # noqa: E402
from custom_components.window_heatpump.learning.sizing import (  # noqa: E402
    OVERSIZED_DUTY,
    UNDERSIZED_DUTY,
    OperationSizing,
    OperationVerdict,
)

CLIMATE = "climate.bedroom"
DAY_S = 86400
# Goals of issue 18.
GOAL_REL = 0.15
GOAL_BALANCE_K = 1.5
COMFORT_HEAT_C = 21.0
START = datetime(2026, 1, 5, tzinfo=UTC)
BEDROOM_BTU = 8000
# Units too small, right and too big for the bedroom, for the sizing verdicts; their winter
# runs through the first cold snap.
SIZING_UNITS_BTU = (5000, 15000, 36000)
SIZING_DAYS = 12
# The week: Saturday and Sunday at home; hours awake, away, the price's peaks.
WEEKEND = (5, 6)
WEEKDAY_AWAKE_H = (6.5, 23.0)
WEEKEND_AWAKE_H = (8.0, 23.0)
AWAY_H = (8.5, 17.0)
PEAK_H = ((7.0, 9.0), (17.0, 20.0))
PRICE_PEAK, PRICE_DAY, PRICE_NIGHT = 0.40, 0.25, 0.18
# The door stands open 10-18 on a door day; the unit is unplugged 9-13 on its days.
DOOR_OPEN_H = (10.0, 18.0)
DOOR_LOSS_FACTOR = 4.0
UNPLUGGED_H = (9.0, 13.0)
# "Ready by" mornings: a unit sized for the cold snaps (the bedroom's own cannot hold 21 °C
# below about -8 °C, whatever the schedule), 21 °C by 06:30 from a 16 °C night, against the
# same block at a fixed 05:30. Mornings are judged once the room is learned (from day 8).
MORNING_BTU = 15000
MORNING_DAYS = 18
MORNING_FROM_DAY = 7
MORNING_H, NIGHT_H, FIXED_H = 6.5, 22.5, 5.5
NIGHT_C = 16.0
GOAL_ARRIVAL_K = 0.5
GOAL_ARRIVAL_SHARE = 0.9


@dataclass(frozen=True)
class Season:
    """One season's weather, schedule and mishaps."""

    name: str
    mode: str
    humidity: float
    outdoor: Callable[[float], float]
    target: Callable[[float], float]
    door_days: tuple[int, ...]
    unplugged_days: tuple[int, ...]
    capacities_at: tuple[float, ...]


def _smooth_step(day: float, start: float, end: float) -> float:
    """Return 1 inside [start, end], easing in and out over half a day."""
    rise = min(1.0, max(0.0, (day - start + 0.5) * 2))
    fall = min(1.0, max(0.0, (end - day + 0.5) * 2))
    return min(rise, fall)


def winter_outdoor(time_s: float) -> float:
    """Return a winter day's outdoor temperature: swings, weather, two cold snaps."""
    day = time_s / DAY_S
    hour = time_s / 3600 % 24
    daily = 4.0 * math.sin(2 * math.pi * (hour - 9) / 24)
    weather = 3.0 + 4.0 * math.sin(2 * math.pi * day / 11) + 1.5 * math.sin(day * 1.7)
    snaps = 9.0 * _smooth_step(day, 9, 12) + 11.0 * _smooth_step(day, 24, 26)
    return weather + daily - snaps


def summer_outdoor(time_s: float) -> float:
    """Return a summer day's outdoor temperature: swings, weather, a heat wave."""
    day = time_s / DAY_S
    hour = time_s / 3600 % 24
    daily = 6.0 * math.sin(2 * math.pi * (hour - 9) / 24)
    weather = 23.0 + 3.0 * math.sin(2 * math.pi * day / 9) + 1.0 * math.sin(day * 1.3)
    return weather + daily + 7.0 * _smooth_step(day, 12, 16)


def _within(hour: float, span: tuple[float, float]) -> bool:
    """Return True when `hour` is within [start, end)."""
    return span[0] <= hour < span[1]


def _weekly(time_s: float, home: float, away: float, night: float) -> float:
    """Return the set point of a working week: away 08:30-17:00 on weekdays, night 23-06:30."""
    day = int(time_s // DAY_S)
    hour = time_s / 3600 % 24
    weekend = day % 7 in WEEKEND
    if not _within(hour, WEEKEND_AWAKE_H if weekend else WEEKDAY_AWAKE_H):
        return night
    if not weekend and _within(hour, AWAY_H):
        return away
    return home


def price(time_s: float) -> float:
    """Return the electricity price (per kWh): peaks 07-09 and 17-20, cheaper at night."""
    hour = time_s / 3600 % 24
    if any(_within(hour, peak) for peak in PEAK_H):
        return PRICE_PEAK
    return PRICE_DAY if _within(hour, WEEKDAY_AWAKE_H) else PRICE_NIGHT


WINTER = Season(
    "winter",
    "heat",
    85.0,
    winter_outdoor,
    lambda t: _weekly(t, COMFORT_HEAT_C, 18.0, 17.0),
    door_days=(15, 29),
    unplugged_days=(20,),
    capacities_at=(-5.0, 0.0, 5.0),
)
SUMMER = Season(
    "summer",
    "cool",
    55.0,
    summer_outdoor,
    lambda t: _weekly(t, 24.0, 28.0, 25.0),
    door_days=(10,),
    unplugged_days=(22,),
    capacities_at=(25.0, 30.0),
)


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


def _entry(options: dict[str, Any], capacity_btu: int) -> MockConfigEntry:
    """Return the simulated bedroom's entry, with a unit of `capacity_btu`."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id="season_bedroom",
        data={
            CONF_BRIDGE: BRIDGE_SIMULATED,
            CONF_CAPACITY_BTU: capacity_btu,
            CONF_TEMPERATURE_UNIT: "°C",
            CONF_HVAC_MODES: ["cool", "heat", "dry", "fan_only", "auto"],
        },
        options=options,
    )


async def _command(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    """Call a climate action on the bedroom."""
    await hass.services.async_call(
        "climate", service, {"entity_id": CLIMATE, **data}, blocking=True
    )


async def _bedroom(hass: HomeAssistant, season: Season, capacity_btu: int) -> MockConfigEntry:
    """Set the simulated bedroom up in a test Home Assistant, its fan high."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
    await hass.config.async_set_time_zone("UTC")
    options = {
        CONF_OUTDOOR_TEMPERATURE: season.outdoor(0),
        CONF_OUTDOOR_HUMIDITY: season.humidity,
        CONF_SPEED: 1.0,
    }
    entry = _entry(options, capacity_btu)
    entry.add_to_hass(hass)
    if not await hass.config_entries.async_setup(entry.entry_id):
        raise RuntimeError("the simulated unit did not set up")
    await hass.async_block_till_done()
    await _command(hass, "set_fan_mode", {"fan_mode": "high"})
    return entry


async def run_season(
    season: Season, days: int, tick_s: int, capacity_btu: int = BEDROOM_BTU
) -> Outcome:
    """Play one season through Home Assistant; return what was learned and the truth."""
    with tempfile.TemporaryDirectory() as folder, freeze_time(START) as frozen:
        async with async_test_home_assistant(config_dir=folder) as hass:
            entry = await _bedroom(hass, season, capacity_btu)
            coordinator = entry.runtime_data
            bridge: SimulatedBridge = coordinator.bridge
            outcome = Outcome(season, RoomTruth(settings=bridge.unit.settings))
            base_loss = bridge.unit.settings.room_loss_w_per_k
            target: float | None = None
            for step in range(days * DAY_S // tick_s):
                now_s = step * tick_s
                day, hour = int(now_s // DAY_S), now_s / 3600 % 24
                if now_s % 1800 == 0:
                    door = day in season.door_days and _within(hour, DOOR_OPEN_H)
                    bridge.unit.set_room_loss(base_loss * (DOOR_LOSS_FACTOR if door else 1.0))
                    bridge.set_conditions(
                        outdoor_temperature_c=season.outdoor(now_s),
                        outdoor_humidity=season.humidity,
                        reachable=not (day in season.unplugged_days and _within(hour, UNPLUGGED_H)),
                        filter_dirt=0.0 if now_s % (7 * DAY_S) == 0 else None,
                    )
                if (wanted := season.target(now_s)) != target and coordinator.unit_available:
                    target = wanted
                    await _command(
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
            entry = await _bedroom(hass, WINTER, MORNING_BTU)
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
                if now_s % 1800 == 0:
                    bridge.set_conditions(
                        outdoor_temperature_c=winter_outdoor(now_s),
                        outdoor_humidity=WINTER.humidity,
                        filter_dirt=0.0 if now_s % (7 * DAY_S) == 0 else None,
                    )
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


def _patch_freezegun() -> None:
    """Set freezegun up as the test harness does for each test (its pytest_runtest_setup)."""
    api: Any = freezegun.api
    api.FakeDate = patch_time.HAFakeDate
    api.datetime_to_fakedatetime = patch_time.ha_datetime_to_fakedatetime
    api.FakeDatetime = patch_time.HAFakeDatetime
    api._get_module_attributes = patch_time.ha_get_module_attributes  # noqa: SLF001
    api._get_module_attributes_hash = patch_time.ha_get_module_attributes_hash  # noqa: SLF001
    api._should_use_real_time = patch_time.ha_should_use_real_time  # noqa: SLF001
    api.get_current_time = patch_time.ha_get_current_time


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


def main() -> int:
    """Run both seasons and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=35, help="days per season")
    parser.add_argument("--tick", type=int, default=60, help="seconds per clock step")
    parser.add_argument("--smoke", action="store_true", help="a few days each")
    parser.add_argument(
        "--part",
        choices=("all", "seasons", "sizing", "mornings"),
        default="all",
        help="run one part only",
    )
    args = parser.parse_args()
    days = 3 if args.smoke else args.days
    logging.basicConfig(level=logging.ERROR)
    _patch_freezegun()
    started = time.monotonic()
    output: list[str] = []
    for season in (WINTER, SUMMER) if args.part in {"all", "seasons"} else ():
        outcome = asyncio.run(run_season(season, days, args.tick))
        if outcome.after_week is not None:
            output += table(outcome, outcome.after_week, "after 7 days")
        if outcome.end is not None:
            output += table(outcome, outcome.end, f"after {days} days")
        output.append(
            f"{season.name.capitalize()}: {outcome.energy_kwh:.1f} kWh, "
            f"{outcome.cost:.2f} at the price curve (peaks 07-09 and 17-20)."
        )
        output.append("")
    if args.part in {"all", "sizing"}:
        output += asyncio.run(sizing_table(3 if args.smoke else SIZING_DAYS, args.tick))
    if args.part in {"all", "mornings"}:
        output += mornings_table(
            3 if args.smoke else MORNING_DAYS, args.tick, judge_from=1 if args.smoke else 7
        )
    output.append(
        f"Both seasons of {days} days, the sizing and the mornings runs in "
        f"{time.monotonic() - started:.0f} s."
    )
    print("\n".join(output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
