"""Care options, their defaults and limits, the thresholds behind the detectors, the tasks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

# Options (entry.options), set in the options flow's care step.
CONF_FILTER_INTERVAL_H: Final = "filter_interval_h"
CONF_DEFROST_MAX_PER_HOUR: Final = "defrost_max_per_hour"
CONF_DEFROST_WINDOW_H: Final = "defrost_window_h"
CONF_SHORT_CYCLE_MAX_STARTS: Final = "short_cycle_max_starts_per_hour"
CONF_SHORT_CYCLE_MINUTES: Final = "short_cycle_minutes"
CONF_WEAK_MIN_RATE: Final = "weak_min_rate_k_per_h"
CONF_WEAK_MINUTES: Final = "weak_minutes"
CONF_HEATING_SEASON: Final = "heating_season_start"
CONF_COOLING_SEASON: Final = "cooling_season_start"


class Task(StrEnum):
    """Maintenance the user does and tells Home Assistant about."""

    FILTER = "filter"
    CHECKUP = "checkup"
    COILS = "coils"
    SEALS = "seals"


@dataclass(frozen=True, slots=True)
class Limit:
    """The default and the accepted range of one numeric option."""

    default: float
    low: float
    high: float


# Heavy use is about ten hours of fan a day; 300 h is then the "monthly" of the guides.
# Below 50 h nobody cleans that often; above 2000 h (half a year of use) the coil clogs.
# A healthy unit in the worst frosting weather defrosts at most about every 45 minutes; more
# than 2 an hour for 3 hours means frost builds abnormally fast. 3-12 starts an hour brackets
# what compressor makers allow (6 is the usual ceiling: cycles shorter than 10 minutes).
# A room far from its set point should warm or cool by at least 0.5 K an hour even at -15 °C.
NUMERIC_OPTIONS: Final[dict[str, Limit]] = {
    CONF_FILTER_INTERVAL_H: Limit(300, 50, 2000),
    CONF_DEFROST_MAX_PER_HOUR: Limit(2, 1, 6),
    CONF_DEFROST_WINDOW_H: Limit(3, 1, 12),
    CONF_SHORT_CYCLE_MAX_STARTS: Limit(6, 3, 12),
    CONF_SHORT_CYCLE_MINUTES: Limit(30, 10, 240),
    CONF_WEAK_MIN_RATE: Limit(0.5, 0.1, 5),
    CONF_WEAK_MINUTES: Limit(30, 15, 180),
}
# Northern-hemisphere defaults; month-day, the year does not matter.
SEASON_DEFAULTS: Final[dict[str, str]] = {
    CONF_HEATING_SEASON: "10-01",
    CONF_COOLING_SEASON: "05-01",
}

# The seasonal checkup is due from 14 days before a season starts until 30 days into it.
CHECKUP_LEAD_DAYS: Final = 14
CHECKUP_GRACE_DAYS: Final = 30
# Guides ask for the coils once a year and the window seals before each season.
COIL_INTERVAL_DAYS: Final = 365
SEAL_INTERVAL_DAYS: Final = 182

# A fan draws at most ~60 W; a running compressor draws several hundred.
COMPRESSOR_POWER_THRESHOLD_W: Final = 150.0
# After a start or a defrost the coil needs minutes before the room feels it.
WARMUP_S: Final = 600.0
# Delivery is judged only while the room is clearly away from its set point.
WEAK_MIN_GAP_K: Final = 1.0
# The starts-per-hour rate looks back one hour.
STARTS_WINDOW_S: Final = 3600.0

STORAGE_VERSION: Final = 1
# Entities see accumulated values at least this often while the unit is silent.
TICK_S: Final = 60.0
# Store: written every this many ticks (5 minutes), and at stop/unload.
TICKS_PER_SAVE: Final = 5


@dataclass(frozen=True, kw_only=True)
class CareOptions:
    """The care options of one unit, with defaults filled in."""

    filter_interval_h: float
    defrost_max_per_hour: float
    defrost_window_h: float
    short_cycle_max_starts: float
    short_cycle_minutes: float
    weak_min_rate: float
    weak_minutes: float
    heating_season: str
    cooling_season: str

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> CareOptions:
        """Return the options an entry holds, defaults for the ones it lacks."""

        def number(key: str) -> float:
            value = options.get(key, NUMERIC_OPTIONS[key].default)
            return float(value) if isinstance(value, int | float) else NUMERIC_OPTIONS[key].default

        def season(key: str) -> str:
            return str(options.get(key, SEASON_DEFAULTS[key]))

        return cls(
            filter_interval_h=number(CONF_FILTER_INTERVAL_H),
            defrost_max_per_hour=number(CONF_DEFROST_MAX_PER_HOUR),
            defrost_window_h=number(CONF_DEFROST_WINDOW_H),
            short_cycle_max_starts=number(CONF_SHORT_CYCLE_MAX_STARTS),
            short_cycle_minutes=number(CONF_SHORT_CYCLE_MINUTES),
            weak_min_rate=number(CONF_WEAK_MIN_RATE),
            weak_minutes=number(CONF_WEAK_MINUTES),
            heating_season=str(
                options.get(CONF_HEATING_SEASON, SEASON_DEFAULTS[CONF_HEATING_SEASON])
            ),
            cooling_season=str(
                options.get(CONF_COOLING_SEASON, SEASON_DEFAULTS[CONF_COOLING_SEASON])
            ),
        )
