"""Heating cost today, and the saving against heating the same room with resistance heat.

The electricity the unit uses while heating is priced at the electricity price of the moment
(a left Riemann sum between samples, as energy.py's; a gap longer than its `MAX_GAP` is not
guessed at). The heat it delivered (live from the supply air, else the power times the learned
COP) would have cost as many kWh of electricity in a resistance heater: the saving is that heat
less the electricity used, in kWh and priced. Electricity that cannot be priced, or heat that
cannot be told, is counted apart: the figure is unknown, never a guess, until some is. The
totals begin again at local midnight.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from homeassistant.util import dt as dt_util

from ..model import Action, Mode, UnitState
from .energy import J_PER_KWH, counted_seconds, valid_power
from .heat_source import CheaperSource, CopSource

STORE_PREFIX = "cost_"


@dataclass(kw_only=True)
class CostToday:
    """One local day's heating cost and saving; stored across restarts."""

    day: int = 0
    electricity_kwh: float = 0.0
    cost: float = 0.0
    unpriced_kwh: float = 0.0
    priced_kwh: float = 0.0
    saved_kwh: float = 0.0
    saved_money: float = 0.0
    compared_kwh: float = 0.0
    uncompared_kwh: float = 0.0


@dataclass(frozen=True, slots=True)
class CostSample:
    """What heating is doing at one moment: its power, the heat, the price."""

    heating: bool
    power_w: float | None
    heat_w: float | None
    price: float | None


class HeatingCost:
    """Integrate the heating electricity, its price and the saving over the local day."""

    def __init__(self, today: CostToday | None = None, currency: str | None = None) -> None:
        """Initialize, continuing from stored totals."""
        self.today = today or CostToday()
        self.currency = currency
        self._last: datetime | None = None
        self._sample: CostSample | None = None

    @property
    def cost(self) -> float | None:
        """Return the cost today, None while no heating electricity could be priced."""
        today = self.today
        if today.priced_kwh <= 0.0 and (today.unpriced_kwh > 0.0 or self._no_price()):
            return None
        return today.cost

    @property
    def saved_money(self) -> float | None:
        """Return the money saved today against resistance heat, None while it cannot be told."""
        return self.today.saved_money if self._saving_known() else None

    @property
    def saved_kwh(self) -> float | None:
        """Return the electricity saved today against resistance heat, None when unknown."""
        return self.today.saved_kwh if self._saving_known() else None

    def midnight(self) -> datetime | None:
        """Return the local midnight the totals began at (None before the first sample)."""
        day = self.today.day
        return None if day <= 0 else dt_util.start_of_local_day(date.fromordinal(day))

    def _no_price(self) -> bool:
        """Return True when the last sample had no price."""
        return self._sample is None or self._sample.price is None

    def _saving_known(self) -> bool:
        """Return True once some heat was compared, or while nothing stands uncompared."""
        today, sample = self.today, self._sample
        no_heat = sample is None or sample.price is None or sample.heat_w is None
        return today.compared_kwh > 0.0 or (today.uncompared_kwh <= 0.0 and not no_heat)

    def sample(self, now: datetime, sample: CostSample, currency: str | None) -> None:
        """Count the time since the last sample at its figures, then take the new ones."""
        today = dt_util.as_local(now).date().toordinal()
        if self.today.day != today:
            self.today = CostToday(day=today)
        if currency is not None:
            self.currency = currency
        seconds, previous = counted_seconds(self._last, now), self._sample
        if seconds is not None and previous is not None:
            self._count(previous, seconds)
        self._last = now
        self._sample = sample

    def _count(self, sample: CostSample, seconds: float) -> None:
        """Add one stretch of heating at one sample's figures."""
        if not sample.heating or not valid_power(sample.power_w):
            return
        assert sample.power_w is not None  # noqa: S101 - valid_power says so
        today = self.today
        kwh = sample.power_w * seconds / J_PER_KWH
        today.electricity_kwh += kwh
        if sample.price is None:
            today.unpriced_kwh += kwh
            return
        today.priced_kwh += kwh
        today.cost += kwh * sample.price
        if sample.heat_w is None:
            today.uncompared_kwh += kwh
            return
        heat_kwh = sample.heat_w * seconds / J_PER_KWH
        today.compared_kwh += kwh
        today.saved_kwh += heat_kwh - kwh
        today.saved_money += (heat_kwh - kwh) * sample.price

    def as_dict(self) -> dict[str, Any]:
        """Return the totals for storage, beside the energy totals."""
        stored: dict[str, Any] = {
            f"{STORE_PREFIX}{key}": value for key, value in asdict(self.today).items()
        }
        stored[f"{STORE_PREFIX}currency"] = self.currency
        return stored

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> HeatingCost:
        """Return the totals stored (none stored: a fresh day)."""
        names = {field.name for field in fields(CostToday)}
        values = {
            key.removeprefix(STORE_PREFIX): value
            for key, value in stored.items()
            if key.removeprefix(STORE_PREFIX) in names and key.startswith(STORE_PREFIX)
        }
        values["day"] = int(values.get("day", 0))
        currency = stored.get(f"{STORE_PREFIX}currency")
        return cls(CostToday(**values), currency if isinstance(currency, str) else None)


def cost_sample(
    source: CheaperSource,
    state: UnitState,
    power_w: float | None,
    heat_w: float | None,
    outdoor_c: float | None,
) -> tuple[CostSample, str | None]:
    """Return what heating does now, for today's cost, and the price's currency."""
    running = state.action in (Action.HEATING, Action.DEFROSTING)
    source.observe(heating=state.action is Action.HEATING, power_w=power_w, heat_w=heat_w)
    if heat_w is None and not running:
        heat_w = 0.0
    elif heat_w is None and power_w is not None:
        cop = source.current_cop(outdoor_c)
        # A typical COP is good enough to choose a heater by, not to claim a saving.
        if cop is not None and cop[1] is CopSource.LEARNED:
            heat_w = power_w * cop[0]
    price = source.read_electricity()
    sample = CostSample(
        heating=running or state.desired.mode is Mode.HEAT,
        power_w=power_w,
        heat_w=heat_w,
        price=price.value,
    )
    return sample, price.currency
