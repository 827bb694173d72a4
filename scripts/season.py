"""A simulated winter and summer through the real coordinator: what the learned room finds.

Run it with `bash scripts/season` (docs/learning.md). Home Assistant runs in-process (the test
harness's `async_test_home_assistant`, outside pytest) with one simulated unit; freezegun moves
Home Assistant's clock and `async_fire_time_changed` fires its timers, so a season takes
minutes. The parts, each in its module:
- season_world: the weather (a daily swing on a slower one, cold snaps, a heat wave), the
  weekly schedule, the electricity price curve with its peaks, the goals;
- season_learning: a winter and a summer with a door left open on some days, hours with the
  unit unplugged and a weekly filter clean; the learned figures against the simulator's truth
  (bridges/simulated/truth.py) after 7 days and at the season's end;
- season_sizing: three units in the same bedroom, their sizing verdicts;
- season_mornings: "ready by 06:30" mornings against a fixed start one hour earlier;
- season_money: the cheaper heat source against "heat pump always" and a fixed lockout at 0 °C.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
import sys
import time

REPO = Path(__file__).resolve().parent.parent
# The integration is imported as `custom_components.window_heatpump`, from the checkout.
sys.path.insert(0, str(REPO))

# First, before Home Assistant: it makes Home Assistant's clock one freezegun can move.
from pytest_homeassistant_custom_component import patch_time  # noqa: E402, F401, I001

from season_harness import patch_freezegun  # noqa: E402
from season_learning import run_season, table  # noqa: E402
from season_money import MONEY_DAYS, POLICIES, money_table, run_policy  # noqa: E402
from season_mornings import mornings_table  # noqa: E402
from season_sizing import sizing_table  # noqa: E402
from season_world import (  # noqa: E402
    MORNING_DAYS,
    MORNING_FROM_DAY,
    SIZING_DAYS,
    SUMMER,
    WINTER,
)

PARTS = ("all", "seasons", "sizing", "mornings", "money")


def main() -> int:
    """Run the parts asked for and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=35, help="days per season")
    parser.add_argument("--tick", type=int, default=60, help="seconds per clock step")
    parser.add_argument("--smoke", action="store_true", help="a few days each")
    parser.add_argument("--part", choices=PARTS, default="all", help="run one part only")
    args = parser.parse_args()
    days = 3 if args.smoke else args.days
    part = args.part
    logging.basicConfig(level=logging.ERROR)
    patch_freezegun()
    started = time.monotonic()
    output: list[str] = []
    for season in (WINTER, SUMMER) if part in {"all", "seasons"} else ():
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
    if part in {"all", "sizing"}:
        output += asyncio.run(sizing_table(3 if args.smoke else SIZING_DAYS, args.tick))
    if part in {"all", "mornings"}:
        output += mornings_table(
            3 if args.smoke else MORNING_DAYS, args.tick, judge_from=1 if args.smoke else 7
        )
    if part in {"all", "money"}:
        money_days, judge_from = (2, 1) if args.smoke else (MONEY_DAYS, MORNING_FROM_DAY)
        bills = [
            asyncio.run(run_policy(policy, money_days, args.tick, judge_from))
            for policy in POLICIES
        ]
        output += money_table(bills, money_days, judge_from)
    output.append(f"Parts {part} of {days}-day seasons in {time.monotonic() - started:.0f} s.")
    print("\n".join(output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
