"""The cheaper heat source: the next kWh of heat from the heat pump or the backup, by price.

The heat pump's kWh of heat costs the electricity price over its COP; the backup's, its price
over its efficiency (electric resistance: the electricity price at 100 %). The COP is the live
estimate (the heat the supply air carries over the power), else the learned capacity over the
power measured while heating, else a typical window unit's at the outdoor temperature. A price
that cannot be read leaves the choice to the balance point: never a choice on a wrong number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
import math
from typing import Any

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant

from ..const import (
    BACKUP_FUEL,
    BACKUP_RESISTANCE,
    CONF_BACKUP_KIND,
    CONF_ELECTRICITY_PRICE,
    CONF_FUEL_EFFICIENCY,
    CONF_FUEL_PRICE,
    CONF_FUEL_PRICE_ENTITY,
    DEFAULT_FUEL_EFFICIENCY,
)

# The backup must be this much cheaper to take over (and the heat pump to take back), and a
# choice holds this long: a price or a COP hovering at the crossing does not flap the heaters.
MARGIN = 0.10
MIN_SWITCH_INTERVAL = timedelta(minutes=30)
# A typical window unit's heating COP: ~3.0 at the 8.3 °C rating, falling ~0.06 per K colder
# (defrosts included), within these bounds.
TYPICAL_COP_AT_RATING = 3.0
TYPICAL_RATING_C = 8.3
TYPICAL_COP_PER_K = 0.06
TYPICAL_COP_RANGE = (1.2, 4.0)
# A COP outside these is a measuring error, not a heat pump.
PLAUSIBLE_COP = (0.8, 8.0)
# Below this the unit is idle or only its fan runs: no running power to divide by.
MIN_RUNNING_W = 150.0
# A price per kWh beyond this (either sign) is a unit mistake, not a tariff.
MAX_PRICE_PER_KWH = 100.0
_PER_ENERGY = {"kWh": 1.0, "MWh": 0.001, "Wh": 1000.0}
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "zł": "PLN", "¥": "JPY", "₹": "INR"}
_CURRENCY_CODE_LENGTH = 3


class CopSource(StrEnum):
    """Where the heat pump's COP comes from."""

    LIVE = "live"
    LEARNED = "learned"
    TYPICAL = "typical"


@dataclass(frozen=True, slots=True)
class Price:
    """A price per kWh and its currency (None: the user's fixed number), or why there is none."""

    value: float | None
    currency: str | None = None
    problem: str | None = None


def money_per_kwh(unit: object) -> tuple[str, float] | None:
    """Return the currency of a money-per-energy unit and the factor to per kWh, or None."""
    if not isinstance(unit, str) or unit.count("/") != 1:
        return None
    money, energy = (part.strip() for part in unit.split("/"))
    if (factor := _PER_ENERGY.get(energy)) is None:
        return None
    if money in _SYMBOLS:
        return _SYMBOLS[money], factor
    if len(money) == _CURRENCY_CODE_LENGTH and money.isalpha() and money.isupper():
        return money, factor
    return None


def read_price(hass: HomeAssistant, entity_id: str) -> Price:
    """Return a price sensor's reading per kWh, or why it cannot be used."""
    if (state := hass.states.get(entity_id)) is None:
        return Price(None, problem="entity_missing")
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return Price(None, problem="entity_unavailable")
    try:
        value = float(state.state)
    except ValueError:
        return Price(None, problem="not_a_number")
    if (unit := money_per_kwh(state.attributes.get(ATTR_UNIT_OF_MEASUREMENT))) is None:
        return Price(None, problem="not_money_per_kwh")
    per_kwh = value * unit[1]
    if not math.isfinite(per_kwh) or abs(per_kwh) > MAX_PRICE_PER_KWH:
        return Price(None, problem="out_of_range")
    return Price(per_kwh, unit[0])


def typical_cop(outdoor_c: float) -> float:
    """Return a typical window unit's heating COP at an outdoor temperature."""
    cop = TYPICAL_COP_AT_RATING + TYPICAL_COP_PER_K * (outdoor_c - TYPICAL_RATING_C)
    return min(TYPICAL_COP_RANGE[1], max(TYPICAL_COP_RANGE[0], cop))


def plausible_cop(cop: float) -> bool:
    """Return True for a COP a heat pump can have."""
    return PLAUSIBLE_COP[0] <= cop <= PLAUSIBLE_COP[1]


class CheaperSource:
    """Say which source delivers the next kWh of heat more cheaply, with a margin and a hold."""

    def __init__(  # noqa: PLR0913 - the user's heat source settings
        self,
        hass: HomeAssistant,
        *,
        price_entity: str,
        backup_kind: str,
        fuel_price_entity: str | None,
        fuel_price: float | None,
        efficiency_pct: float,
    ) -> None:
        """Initialize from the entry's options."""
        self._hass = hass
        self.price_entity = price_entity
        self.backup_kind = backup_kind
        self.fuel_price_entity = fuel_price_entity
        self.fuel_price = fuel_price
        self.efficiency = efficiency_pct / 100.0 if backup_kind == BACKUP_FUEL else 1.0
        # Set by whoever builds the features: the trusted learned capacity (W) at a temperature.
        self.learned_capacity: Callable[[float | None], float | None] = lambda _: None
        self.price = Price(None, problem="not_read_yet")
        self.backup_price = Price(None, problem="not_read_yet")
        self.live_cop: float | None = None
        self.running_power_w: float | None = None
        self.cop: float | None = None
        self.cop_source: CopSource | None = None
        self.heat_pump_cost: float | None = None
        self.backup_cost: float | None = None
        self.backup_cheaper = False
        self._switched_at: datetime | None = None

    @property
    def problem(self) -> str | None:
        """Return why the price cannot choose now, or None."""
        if self.price.problem is not None:
            return f"electricity_{self.price.problem}"
        if self.backup_price.problem is not None:
            return f"backup_{self.backup_price.problem}"
        return None if self.cop is not None else "no_cop"

    def observe(self, *, heating: bool, power_w: float | None, heat_w: float | None) -> None:
        """Take the unit's power (and heat, where estimated) while its compressor heats."""
        if not heating or power_w is None or power_w < MIN_RUNNING_W:
            self.live_cop = None
            return
        self.running_power_w = power_w
        cop = None if heat_w is None else heat_w / power_w
        self.live_cop = cop if cop is not None and plausible_cop(cop) else None

    def current_cop(self, outdoor_c: float | None) -> tuple[float, CopSource] | None:
        """Return the COP now and where it comes from: live, learned, typical."""
        if self.live_cop is not None:
            return self.live_cop, CopSource.LIVE
        capacity = self.learned_capacity(outdoor_c)
        if capacity is not None and self.running_power_w:
            cop = capacity / self.running_power_w
            if plausible_cop(cop):
                return cop, CopSource.LEARNED
        if outdoor_c is None:
            return None
        return typical_cop(outdoor_c), CopSource.TYPICAL

    def read_electricity(self) -> Price:
        """Return the electricity price now."""
        return read_price(self._hass, self.price_entity)

    def read(self, outdoor_c: float | None) -> None:
        """Read the prices and the COP; work out each source's price of a kWh of heat."""
        self.price = self.read_electricity()
        if self.backup_kind != BACKUP_FUEL:
            self.backup_price = self.price
        elif self.fuel_price_entity is not None:
            self.backup_price = read_price(self._hass, self.fuel_price_entity)
        elif self.fuel_price is not None:
            self.backup_price = Price(self.fuel_price)
        else:
            self.backup_price = Price(None, problem="not_set")
        if (fuel := self.backup_price.value) is not None and fuel < 0:
            # Nobody is paid to burn fuel: a negative fuel price is a wrong reading.
            self.backup_price = Price(None, problem="negative")
        cop = self.current_cop(outdoor_c)
        self.cop, self.cop_source = (None, None) if cop is None else cop
        if self.problem is not None:
            self.heat_pump_cost = self.backup_cost = None
            return
        assert self.price.value is not None  # noqa: S101 - no problem: all read
        assert self.backup_price.value is not None  # noqa: S101
        assert self.cop is not None  # noqa: S101
        self.heat_pump_cost = self.price.value / self.cop
        self.backup_cost = self.backup_price.value / self.efficiency

    def prefers_backup(self, now: datetime, outdoor_c: float | None) -> bool | None:
        """Return True while the backup is the cheaper source, None when the price cannot say."""
        self.read(outdoor_c)
        heat_pump, backup = self.heat_pump_cost, self.backup_cost
        if heat_pump is None or backup is None:
            # The balance point decides; the choice starts afresh once the price is back.
            self.backup_cheaper = False
            return None
        if self.backup_cheaper:
            switch = heat_pump < backup - MARGIN * abs(backup)
        else:
            switch = backup < heat_pump - MARGIN * abs(heat_pump)
        held = self._switched_at is not None and now - self._switched_at < MIN_SWITCH_INTERVAL
        if switch and not held:
            self.backup_cheaper = not self.backup_cheaper
            self._switched_at = now
        return self.backup_cheaper

    def attributes(self) -> dict[str, object]:
        """Return what the choice rests on, for the lockout sensor."""
        return {
            "electricity_price": self.price.value,
            "backup_price": self.backup_price.value,
            "backup_efficiency_pct": round(self.efficiency * 100),
            "cop": None if self.cop is None else round(self.cop, 2),
            "cop_source": None if self.cop_source is None else self.cop_source.value,
            "heat_pump_cost_per_kwh_heat": _rounded(self.heat_pump_cost),
            "backup_cost_per_kwh_heat": _rounded(self.backup_cost),
            "price_problem": self.problem,
        }


def cheaper_source_from_options(
    hass: HomeAssistant, options: Mapping[str, Any]
) -> CheaperSource | None:
    """Return the heat source's prices from the options, or None without an electricity price."""
    if not (price := options.get(CONF_ELECTRICITY_PRICE)):
        return None
    fuel_price = options.get(CONF_FUEL_PRICE)
    return CheaperSource(
        hass,
        price_entity=price,
        backup_kind=options.get(CONF_BACKUP_KIND) or BACKUP_RESISTANCE,
        fuel_price_entity=options.get(CONF_FUEL_PRICE_ENTITY) or None,
        fuel_price=None if fuel_price is None else float(fuel_price),
        efficiency_pct=float(options.get(CONF_FUEL_EFFICIENCY, DEFAULT_FUEL_EFFICIENCY)),
    )


def _rounded(value: float | None) -> float | None:
    """Return a price per kWh rounded as shown."""
    return None if value is None else round(value, 4)
