"""The season's world: its weather, its week, its electricity price, and the goals it judges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
import math

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


def smooth_step(day: float, start: float, end: float) -> float:
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
    snaps = 9.0 * smooth_step(day, 9, 12) + 11.0 * smooth_step(day, 24, 26)
    return weather + daily - snaps


def summer_outdoor(time_s: float) -> float:
    """Return a summer day's outdoor temperature: swings, weather, a heat wave."""
    day = time_s / DAY_S
    hour = time_s / 3600 % 24
    daily = 6.0 * math.sin(2 * math.pi * (hour - 9) / 24)
    weather = 23.0 + 3.0 * math.sin(2 * math.pi * day / 9) + 1.0 * math.sin(day * 1.3)
    return weather + daily + 7.0 * smooth_step(day, 12, 16)


def within(hour: float, span: tuple[float, float]) -> bool:
    """Return True when `hour` is within [start, end)."""
    return span[0] <= hour < span[1]


def weekly(time_s: float, home: float, away: float, night: float) -> float:
    """Return the set point of a working week: away 08:30-17:00 on weekdays, night 23-06:30."""
    day = int(time_s // DAY_S)
    hour = time_s / 3600 % 24
    weekend = day % 7 in WEEKEND
    if not within(hour, WEEKEND_AWAKE_H if weekend else WEEKDAY_AWAKE_H):
        return night
    if not weekend and within(hour, AWAY_H):
        return away
    return home


def price(time_s: float) -> float:
    """Return the electricity price (per kWh): peaks 07-09 and 17-20, cheaper at night."""
    hour = time_s / 3600 % 24
    if any(within(hour, peak) for peak in PEAK_H):
        return PRICE_PEAK
    return PRICE_DAY if within(hour, WEEKDAY_AWAKE_H) else PRICE_NIGHT


WINTER = Season(
    "winter",
    "heat",
    85.0,
    winter_outdoor,
    lambda t: weekly(t, COMFORT_HEAT_C, 18.0, 17.0),
    door_days=(15, 29),
    unplugged_days=(20,),
    capacities_at=(-5.0, 0.0, 5.0),
)
SUMMER = Season(
    "summer",
    "cool",
    55.0,
    summer_outdoor,
    lambda t: weekly(t, 24.0, 28.0, 25.0),
    door_days=(10,),
    unplugged_days=(22,),
    capacities_at=(25.0, 30.0),
)
