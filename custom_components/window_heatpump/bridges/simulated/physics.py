"""The physics the simulated unit integrates: its room, its refrigerant cycle, frost and defrost.

Constants and curves from the sources each cites, the unit's and the room's settings, and what
the model knows at one instant (`SimulatorSnapshot`). Pure Python, no state: `unit` holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

from ...model import AIRFLOW_FRACTION, Action, DesiredState, FanSpeed, Mode

STEP_S = 5.0
STEP_MS = 5000

_W_PER_BTU_H = 0.29307
_KELVIN = 273.15
# Water's latent heat of condensation.
LATENT_J_PER_G = 2450.0
_PRESSURE_HPA = 1013.25

# A 15 m2 bedroom: 45 kg of air is only ~45 kJ/K; furniture and inner wall surfaces that
# follow the air within an hour or so bring the effective mass to ~500 kJ/K. With a UA of
# 40 W/K (one outside wall, a window, infiltration) the time constant is ~3.5 h.
_ROOM_HEAT_CAPACITY_J_PER_K = 500_000.0
_ROOM_LOSS_W_PER_K = 40.0
# Furnishings buffer moisture, so the room's water content moves like ~4x its air mass.
ROOM_MOISTURE_MASS_KG = 200.0
# Half an air change an hour of the 45 kg of room air.
INFILTRATION_KG_PER_S = 0.00625
# One sleeping adult.
OCCUPANT_HEAT_W = 70.0
OCCUPANT_MOISTURE_G_PER_S = 40.0 / 3600.0

# Heating is rated at 8.3 °C outdoor (47 °F), cooling at 35 °C (95 °F).
_HEAT_RATING_C = 8.3
_HEAT_LOSS_PER_K = 0.025
_HEAT_GAIN_PER_K = 0.01
_HEAT_MIN_FACTOR = 0.35
_HEAT_MAX_FACTOR = 1.15
_COOL_RATING_C = 35.0
_COOL_LOSS_PER_K = 0.01
_COOL_GAIN_PER_K = 0.005
_COOL_MIN_FACTOR = 0.5
_COOL_MAX_FACTOR = 1.1

# Refrigerant temperatures relative to the air they exchange with, and the fraction of the
# Carnot COP a small fixed-speed rotary compressor reaches.
_CONDENSER_ABOVE_AIR_K = 15.0
_HEAT_EVAPORATOR_BELOW_OUTDOOR_K = 8.0
COOL_EVAPORATOR_BELOW_ROOM_K = 12.0
# Low airflow in dry mode runs the indoor coil colder, which is what wrings out water.
DRY_EVAPORATOR_BELOW_ROOM_K = 18.0
_CARNOT_FRACTION = 0.45
COP_MIN = 1.0
_COP_MAX = 5.5

# Airflow at HIGH is ~250 CFM (0.14 kg/s); ~80 % of it touches the coil (bypass factor 0.2).
COIL_CONTACT_KG_PER_S = 0.11
COOL_MAX_LATENT_FRACTION = 0.4
DRY_MAX_LATENT_FRACTION = 0.85
# Dry mode throttles the compressor's useful output (short cycles, low airflow).
DRY_CAPACITY_FRACTION = 0.5
DRY_START_RH_PCT = 55.0
DRY_STOP_RH_PCT = 45.0
DRY_START_BELOW_TARGET_K = 1.0
DRY_STOP_BELOW_TARGET_K = 2.0

# The unit resolves auto to a speed itself before it looks one up.
AIRFLOW = AIRFLOW_FRACTION
AUTO_FAN_HIGH_K = 2.0
AUTO_FAN_MEDIUM_K = 1.0
FAN_POWER_AT_HIGH_W = 40.0
FILTER_MAX_AIRFLOW_LOSS = 0.5
FILTER_CLOGGED_AFTER_S = 1500.0 * 3600.0
FILTER_DIRT_PER_STEP = STEP_S / FILTER_CLOGGED_AFTER_S

THERMOSTAT_START_K = 0.5
THERMOSTAT_OVERSHOOT_K = 0.5
AUTO_BAND_K = 1.0

# The outdoor coil runs ~8 K below the air, so below 6 °C outdoor it is below freezing.
# Frost builds fastest where the air is both near freezing and humid; colder air carries
# less water, so it slows again well below zero.
_FROST_MAX_OUTDOOR_C = 6.0
_FROST_PEAK_HIGH_C = 4.0
_FROST_PEAK_LOW_C = -2.0
_FROST_COLD_C = -10.0
_FROST_COLD_FACTOR = 0.5
_FROST_COLDEST_C = -20.0
_FROST_COLDEST_FACTOR = 0.2
_FROST_MIN_RH_PCT = 50.0
# Full frost after 35 min of running in the worst conditions (50 min at 0 °C, 85 % RH).
_FROST_PER_S = 1.0 / 2100.0
FROST_MAX_CAPACITY_LOSS = 0.3
FROST_MAX_COP_LOSS = 0.15
# Above the frost limit the coil is above freezing: what frost is left melts in ~10 min.
_FROST_MELT_S = 600.0
_DEFROST_MIN_S = 180.0
_DEFROST_EXTRA_S = 420.0
_DEFROST_EXTRA_SPAN_K = 20.0
# While reversed the compressor draws about its rated input, and the cold indoor coil takes
# a little heat from the room by natural convection.
DEFROST_POWER_PER_RATED_W = 0.3
DEFROST_ROOM_DRAW_PER_RATED_W = 0.05

# Leaves, dust or snow on the outdoor coil starve it of air: capacity falls (to 20 % fully
# blocked) and, heating, the colder coil frosts faster (4x fully blocked).
BLOCKED_COIL_MAX_CAPACITY_LOSS = 0.8
BLOCKED_COIL_MAX_EXTRA_FROST = 3.0
# Air through the unit at HIGH (~250 CFM), for the outlet temperature.
AIR_KG_PER_S_AT_HIGH = 0.14
AIR_J_PER_KG_K = 1005.0
DEFROST_OUTLET_BELOW_ROOM_K = 5.0

COMPRESSOR_MODES = (Mode.HEAT, Mode.COOL, Mode.DRY)


@dataclass(frozen=True, slots=True, kw_only=True)
class Intake:
    """What the unit's own sensor reads: the room plus a bias by mode and fan, or Follow Me.

    A unit reads the air entering its intake, beside its coil and the window: heating it reads
    warmer than where people sit, cooling colder. The bias is the figure at the auto fan's
    airflow; a slower fan mixes the room less and the bias grows as the airflow falls.
    """

    heat_bias_k: float = 0.0
    cool_bias_k: float = 0.0
    # The room temperature last sent by Follow Me, regulated on instead of the intake.
    follow_me_c: float | None = None

    def reading(self, room_c: float, desired: DesiredState) -> float:
        """Return what the intake sensor reads in a room at `room_c`."""
        mode = desired.mode
        if mode is Mode.AUTO:
            mode = Mode.HEAT if room_c < desired.target_temperature else Mode.COOL
        if mode is Mode.HEAT:
            bias = self.heat_bias_k
        elif mode in (Mode.COOL, Mode.DRY):
            bias = self.cool_bias_k
        else:
            return room_c
        fan = FanSpeed.LOW if mode is Mode.DRY else desired.fan_speed
        return room_c + bias * AIRFLOW_FRACTION[FanSpeed.AUTO] / AIRFLOW_FRACTION[fan]

    def sensed(self, room_c: float, desired: DesiredState) -> float:
        """Return what the thermostat regulates on: Follow Me's temperature, else the intake."""
        return self.follow_me_c if self.follow_me_c is not None else self.reading(room_c, desired)


def saturation_vapour_pressure_hpa(temperature_c: float) -> float:
    """Return the saturation vapour pressure over water (Magnus formula)."""
    return 6.112 * math.exp(17.62 * temperature_c / (243.12 + temperature_c))


def absolute_humidity_g_per_kg(temperature_c: float, humidity_pct: float) -> float:
    """Return the mixing ratio of air at the given temperature and relative humidity."""
    vapour = saturation_vapour_pressure_hpa(temperature_c) * humidity_pct / 100.0
    return 622.0 * vapour / (_PRESSURE_HPA - vapour)


def relative_humidity_pct(temperature_c: float, absolute_g_per_kg: float) -> float:
    """Return the relative humidity of air with the given mixing ratio, capped at 100 %."""
    vapour = absolute_g_per_kg * _PRESSURE_HPA / (622.0 + absolute_g_per_kg)
    return min(100.0, 100.0 * vapour / saturation_vapour_pressure_hpa(temperature_c))


def clamp(value: float, low: float, high: float) -> float:
    """Return the value within [low, high]."""
    return min(high, max(low, value))


def _carnot_cop(hot_c: float, cold_c: float, useful_c: float) -> float:
    """Return the Carnot-fraction COP; `useful_c` is the side whose heat counts."""
    lift = hot_c - cold_c
    if lift <= 0:
        return _COP_MAX
    return clamp(_CARNOT_FRACTION * (useful_c + _KELVIN) / lift, COP_MIN, _COP_MAX)


def heating_cop(room_c: float, outdoor_c: float) -> float:
    """Return the clean-coil heating COP for the given room and outdoor temperatures."""
    condenser = room_c + _CONDENSER_ABOVE_AIR_K
    return _carnot_cop(condenser, outdoor_c - _HEAT_EVAPORATOR_BELOW_OUTDOOR_K, condenser)


def cooling_cop(room_c: float, outdoor_c: float, *, dry: bool = False) -> float:
    """Return the cooling COP (EER in W/W) for the given room and outdoor temperatures."""
    drop = DRY_EVAPORATOR_BELOW_ROOM_K if dry else COOL_EVAPORATOR_BELOW_ROOM_K
    evaporator = room_c - drop
    return _carnot_cop(outdoor_c + _CONDENSER_ABOVE_AIR_K, evaporator, evaporator)


def heating_capacity_factor(outdoor_c: float) -> float:
    """Return heating capacity relative to the rating, falling as the outdoor air cools."""
    delta = outdoor_c - _HEAT_RATING_C
    per_k = _HEAT_GAIN_PER_K if delta > 0 else _HEAT_LOSS_PER_K
    return clamp(1.0 + per_k * delta, _HEAT_MIN_FACTOR, _HEAT_MAX_FACTOR)


def cooling_capacity_factor(outdoor_c: float) -> float:
    """Return cooling capacity relative to the rating, falling as the outdoor air warms."""
    delta = _COOL_RATING_C - outdoor_c
    per_k = _COOL_GAIN_PER_K if delta > 0 else _COOL_LOSS_PER_K
    return clamp(1.0 + per_k * delta, _COOL_MIN_FACTOR, _COOL_MAX_FACTOR)


def frost_rate_per_s(outdoor_c: float, outdoor_humidity_pct: float) -> float:
    """Return how fast frost (0..1) builds on the outdoor coil while heating."""
    if outdoor_c >= _FROST_MAX_OUTDOOR_C or outdoor_humidity_pct <= _FROST_MIN_RH_PCT:
        return 0.0
    humid = (outdoor_humidity_pct - _FROST_MIN_RH_PCT) / (100.0 - _FROST_MIN_RH_PCT)
    if outdoor_c > _FROST_PEAK_HIGH_C:
        warmth = (_FROST_MAX_OUTDOOR_C - outdoor_c) / (_FROST_MAX_OUTDOOR_C - _FROST_PEAK_HIGH_C)
    elif outdoor_c >= _FROST_PEAK_LOW_C:
        warmth = 1.0
    elif outdoor_c >= _FROST_COLD_C:
        span = (_FROST_PEAK_LOW_C - outdoor_c) / (_FROST_PEAK_LOW_C - _FROST_COLD_C)
        warmth = 1.0 - (1.0 - _FROST_COLD_FACTOR) * span
    else:
        span = clamp((_FROST_COLD_C - outdoor_c) / (_FROST_COLD_C - _FROST_COLDEST_C), 0, 1)
        warmth = _FROST_COLD_FACTOR - (_FROST_COLD_FACTOR - _FROST_COLDEST_FACTOR) * span
    return _FROST_PER_S * humid * warmth


def frost_melt_per_s(outdoor_c: float) -> float:
    """Return how fast frost melts off by itself: where the coil stays above freezing."""
    return 0.0 if outdoor_c < _FROST_MAX_OUTDOOR_C else 1.0 / _FROST_MELT_S


def defrost_duration_s(outdoor_c: float) -> float:
    """Return how long a defrost takes: longer when colder air helps less with the melt."""
    span = clamp((_FROST_MAX_OUTDOOR_C - outdoor_c) / _DEFROST_EXTRA_SPAN_K, 0.0, 1.0)
    return _DEFROST_MIN_S + _DEFROST_EXTRA_S * span


@dataclass(frozen=True, kw_only=True)
class SimulatorSettings:
    """The unit and the room it sits in."""

    capacity_btu: int = 8000
    room_heat_capacity_j_per_k: float = _ROOM_HEAT_CAPACITY_J_PER_K
    room_loss_w_per_k: float = _ROOM_LOSS_W_PER_K
    compressor_min_off_s: float = 180.0
    compressor_min_run_s: float = 120.0

    @property
    def rated_w(self) -> float:
        """Return the rated capacity in W."""
        return self.capacity_btu * _W_PER_BTU_H


@dataclass(frozen=True, kw_only=True)
class SimulatorSnapshot:
    """Everything the model knows at one instant."""

    room_temperature_c: float
    room_humidity_pct: float
    outdoor_temperature_c: float
    outdoor_humidity_pct: float
    action: Action
    compressor_running: bool
    defrosting: bool
    indoor_fan_running: bool
    airflow_fraction: float
    frost: float
    heat_to_room_w: float
    supply_air_temperature_c: float
    power_w: float
    cop: float | None
    filter_dirt: float
    coil_blockage: float
    compressor_failed: bool
    room_heat_capacity_j_per_k: float
    fan_run_hours: float
    compressor_run_hours: float
    compressor_starts: int
    defrost_count: int
    last_defrost_duration_s: float | None
    elapsed_s: float

    def as_dict(self) -> dict[str, object]:
        """Return the snapshot as JSON-safe values, for diagnostics."""
        return {
            name: value.value if isinstance(value, Action) else value
            for name, value in vars(self).items()
        }


@dataclass(frozen=True, slots=True)
class Flows:
    """What the unit does to the room during one sub-step."""

    heat_w: float
    condensate_g_per_s: float
    power_w: float
    cop: float | None
    airflow: float
