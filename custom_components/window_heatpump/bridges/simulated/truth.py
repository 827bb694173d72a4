"""The simulated room's and unit's true figures, for checking what the integration learns.

What a learner should find, from the same settings and curves the model integrates: the
room's heat loss and time constant, the unit's delivered capacity at an outdoor temperature
(clean coil, and averaged over frost and defrost as a running unit delivers it) and the
balance point. Pure Python; `RoomTruth(settings=unit.settings)` for a unit's present settings.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from . import physics
from .physics import SimulatorSettings

# The balance point is searched within this range of outdoor temperatures.
_BALANCE_LOW_C = -40.0
_BALANCE_HIGH_C = 30.0
_BISECTIONS = 60


@dataclass(frozen=True, kw_only=True)
class RoomTruth:
    """The room's and unit's true figures at one airflow and outdoor humidity."""

    settings: SimulatorSettings
    airflow: float = 1.0
    outdoor_humidity_pct: float = 80.0
    internal_gain_w: float = physics.OCCUPANT_HEAT_W

    @property
    def heat_loss_w_per_k(self) -> float:
        """Return the room's heat loss coefficient (UA) in W/K."""
        return self.settings.room_loss_w_per_k

    @property
    def time_constant_h(self) -> float:
        """Return the room's time constant (heat capacity over heat loss) in hours."""
        return self.settings.room_heat_capacity_j_per_k / self.settings.room_loss_w_per_k / 3600

    def heating_capacity_w(self, outdoor_c: float) -> float:
        """Return the heat a clean, frost-free unit delivers at `outdoor_c`."""
        return (
            self.settings.rated_w
            * physics.heating_capacity_factor(outdoor_c)
            * math.sqrt(self.airflow)
        )

    def heating_capacity_with_defrost_w(self, outdoor_c: float) -> float:
        """Return the heat delivered per hour of running, frost and defrosts included."""
        clean = self.heating_capacity_w(outdoor_c)
        rate = physics.frost_rate_per_s(outdoor_c, self.outdoor_humidity_pct)
        if rate <= 0:
            return clean
        # Frost grows linearly to full, so capacity falls linearly: its mean is half the loss.
        frosting_s = 1.0 / rate
        frosting_j = clean * (1.0 - physics.FROST_MAX_CAPACITY_LOSS / 2.0) * frosting_s
        defrost_s = physics.defrost_duration_s(outdoor_c)
        defrost_j = physics.DEFROST_ROOM_DRAW_PER_RATED_W * self.settings.rated_w * defrost_s
        return (frosting_j - defrost_j) / (frosting_s + defrost_s)

    def cooling_capacity_w(self, outdoor_c: float) -> float:
        """Return the total (sensible and latent) cooling a unit delivers at `outdoor_c`."""
        return (
            self.settings.rated_w
            * physics.cooling_capacity_factor(outdoor_c)
            * math.sqrt(self.airflow)
        )

    def balance_point_c(self, set_point_c: float) -> float | None:
        """Return the outdoor temperature below which the unit cannot hold `set_point_c`."""

        def surplus(outdoor_c: float) -> float:
            """Return the heat left over at `outdoor_c` (negative: the room cools)."""
            loss = self.heat_loss_w_per_k * (set_point_c - outdoor_c)
            return self.heating_capacity_with_defrost_w(outdoor_c) + self.internal_gain_w - loss

        low, high = _BALANCE_LOW_C, min(_BALANCE_HIGH_C, set_point_c)
        if surplus(low) >= 0:
            return None
        for _ in range(_BISECTIONS):
            middle = (low + high) / 2
            if surplus(middle) >= 0:
                high = middle
            else:
                low = middle
        return (low + high) / 2
