"""Energy: electricity integrated from power, heat delivered, estimated COP and saving.

Power is integrated as a left Riemann sum between samples; a gap longer than `MAX_GAP` (the
unit or the power sensor away, Home Assistant stopped) is not guessed at. Heat delivered is
estimated from a supply-air temperature sensor: the airflow a unit of this capacity moves,
times the air's heat capacity, times the rise over the room. The saving compares with a
resistance heater (COP 1) that would have used as much electricity as the heat delivered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
import math

from ..model import AIRFLOW_FRACTION, FanSpeed

MAX_GAP = timedelta(minutes=10)
J_PER_KWH = 3_600_000.0
# A rule of thumb for room units: ~400 CFM per 12 000 BTU/h at high fan.
_CFM_PER_BTU_H = 400.0 / 12_000.0
_M3_S_PER_CFM = 0.000471947
_AIR_KG_PER_M3 = 1.2
_AIR_J_PER_KG_K = 1005.0


def valid_power(value: float | None) -> bool:
    """Return True for a power reading that can be integrated (finite, not negative)."""
    return value is not None and math.isfinite(value) and value >= 0.0


def counted_seconds(last: datetime | None, now: datetime) -> float | None:
    """Return the seconds since the last sample to count at its figures, None across a gap."""
    if last is None or not timedelta(0) < now - last <= MAX_GAP:
        return None
    return (now - last).total_seconds()


def airflow_kg_per_s(capacity_btu: int, fan_speed: FanSpeed) -> float:
    """Return the estimated mass of air a unit moves at a fan setting."""
    cfm = capacity_btu * _CFM_PER_BTU_H * AIRFLOW_FRACTION[fan_speed]
    return cfm * _M3_S_PER_CFM * _AIR_KG_PER_M3


def heat_from_supply_air(
    capacity_btu: int, fan_speed: FanSpeed, supply_c: float, room_c: float
) -> float:
    """Return the heat (W) the outlet air carries into the room, never negative."""
    return max(
        0.0, airflow_kg_per_s(capacity_btu, fan_speed) * _AIR_J_PER_KG_K * (supply_c - room_c)
    )


@dataclass(kw_only=True)
class EnergyTotals:
    """What the meter has counted; stored across restarts."""

    energy_kwh: float = 0.0
    heat_kwh: float = 0.0
    heating_energy_kwh: float = 0.0

    @property
    def cop(self) -> float | None:
        """Return heat delivered over the electricity used while delivering it."""
        if self.heating_energy_kwh <= 0.0:
            return None
        return self.heat_kwh / self.heating_energy_kwh

    @property
    def saving_kwh(self) -> float:
        """Return the electricity saved against a resistance heater giving the same heat."""
        return max(0.0, self.heat_kwh - self.heating_energy_kwh)

    def as_dict(self) -> dict[str, float]:
        """Return the totals for storage."""
        return asdict(self)


class EnergyMeter:
    """Integrate power (and heat, where it can be estimated) over time."""

    def __init__(self, totals: EnergyTotals | None = None) -> None:
        """Initialize, continuing from stored totals."""
        self.totals = totals or EnergyTotals()
        self._last: datetime | None = None
        self._power_w: float | None = None
        self._heat_w: float | None = None

    def sample(self, now: datetime, power_w: float | None, heat_w: float | None) -> None:
        """Count the time since the last sample at the last power, then take the new one."""
        seconds = counted_seconds(self._last, now)
        if seconds is not None and self._power_w is not None:
            self.totals.energy_kwh += self._power_w * seconds / J_PER_KWH
            if self._heat_w is not None:
                self.totals.heat_kwh += self._heat_w * seconds / J_PER_KWH
                self.totals.heating_energy_kwh += self._power_w * seconds / J_PER_KWH
        self._last = now
        self._power_w = power_w if valid_power(power_w) else None
        self._heat_w = heat_w if self._power_w is not None else None
