"""A physical model of one window heat pump in one room, for demos and tests.

Pure Python and deterministic: no randomness and no wall clock. Time moves only through
`SimulatedUnit.advance`, which integrates in fixed sub-steps of `STEP_S` seconds and carries
any remainder (to the millisecond) into the next call, so a given start state and total time
give identical results however the caller slices the calls. State read between calls is the
state at the last whole sub-step.

The simulator works in °C only: `set_desired` takes a `DesiredState` whose target is in °C,
and the caller converts from the unit's own temperature unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
import math

from ...model import Action, DesiredState, FanSpeed, Mode

STEP_S = 5.0
_STEP_MS = 5000

_W_PER_BTU_H = 0.29307
_KELVIN = 273.15
# Water's latent heat of condensation.
_LATENT_J_PER_G = 2450.0
_PRESSURE_HPA = 1013.25

# A 15 m2 bedroom: 45 kg of air is only ~45 kJ/K; furniture and inner wall surfaces that
# follow the air within an hour or so bring the effective mass to ~500 kJ/K. With a UA of
# 40 W/K (one outside wall, a window, infiltration) the time constant is ~3.5 h.
_ROOM_HEAT_CAPACITY_J_PER_K = 500_000.0
_ROOM_LOSS_W_PER_K = 40.0
# Furnishings buffer moisture, so the room's water content moves like ~4x its air mass.
_ROOM_MOISTURE_MASS_KG = 200.0
# Half an air change an hour of the 45 kg of room air.
_INFILTRATION_KG_PER_S = 0.00625
# One sleeping adult.
_OCCUPANT_HEAT_W = 70.0
_OCCUPANT_MOISTURE_G_PER_S = 40.0 / 3600.0

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
_COOL_EVAPORATOR_BELOW_ROOM_K = 12.0
# Low airflow in dry mode runs the indoor coil colder, which is what wrings out water.
_DRY_EVAPORATOR_BELOW_ROOM_K = 18.0
_CARNOT_FRACTION = 0.45
_COP_MIN = 1.0
_COP_MAX = 5.5

# Airflow at HIGH is ~250 CFM (0.14 kg/s); ~80 % of it touches the coil (bypass factor 0.2).
_COIL_CONTACT_KG_PER_S = 0.11
_COOL_MAX_LATENT_FRACTION = 0.4
_DRY_MAX_LATENT_FRACTION = 0.85
# Dry mode throttles the compressor's useful output (short cycles, low airflow).
_DRY_CAPACITY_FRACTION = 0.5
_DRY_START_RH_PCT = 55.0
_DRY_STOP_RH_PCT = 45.0
_DRY_START_BELOW_TARGET_K = 1.0
_DRY_STOP_BELOW_TARGET_K = 2.0

_AIRFLOW: dict[FanSpeed, float] = {
    FanSpeed.QUIET: 0.45,
    FanSpeed.LOW: 0.6,
    FanSpeed.MEDIUM: 0.8,
    FanSpeed.HIGH: 1.0,
    FanSpeed.TURBO: 1.1,
}
_AUTO_FAN_HIGH_K = 2.0
_AUTO_FAN_MEDIUM_K = 1.0
_FAN_POWER_AT_HIGH_W = 40.0
_FILTER_MAX_AIRFLOW_LOSS = 0.5
_FILTER_CLOGGED_AFTER_S = 1500.0 * 3600.0

_THERMOSTAT_START_K = 0.5
_THERMOSTAT_OVERSHOOT_K = 0.5
_AUTO_BAND_K = 1.0

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
_FROST_MAX_CAPACITY_LOSS = 0.3
_FROST_MAX_COP_LOSS = 0.15
_DEFROST_MIN_S = 180.0
_DEFROST_EXTRA_S = 420.0
_DEFROST_EXTRA_SPAN_K = 20.0
# While reversed the compressor draws about its rated input, and the cold indoor coil takes
# a little heat from the room by natural convection.
_DEFROST_POWER_PER_RATED_W = 0.3
_DEFROST_ROOM_DRAW_PER_RATED_W = 0.05

# Leaves, dust or snow on the outdoor coil starve it of air: capacity falls (to 20 % fully
# blocked) and, heating, the colder coil frosts faster (4x fully blocked).
_BLOCKED_COIL_MAX_CAPACITY_LOSS = 0.8
_BLOCKED_COIL_MAX_EXTRA_FROST = 3.0
# Air through the unit at HIGH (~250 CFM), for the outlet temperature.
_AIR_KG_PER_S_AT_HIGH = 0.14
_AIR_J_PER_KG_K = 1005.0
_DEFROST_OUTLET_BELOW_ROOM_K = 5.0

_COMPRESSOR_MODES = (Mode.HEAT, Mode.COOL, Mode.DRY)


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


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _carnot_cop(hot_c: float, cold_c: float, useful_c: float) -> float:
    """Return the Carnot-fraction COP; `useful_c` is the side whose heat counts."""
    lift = hot_c - cold_c
    if lift <= 0:
        return _COP_MAX
    return _clamp(_CARNOT_FRACTION * (useful_c + _KELVIN) / lift, _COP_MIN, _COP_MAX)


def heating_cop(room_c: float, outdoor_c: float) -> float:
    """Return the clean-coil heating COP for the given room and outdoor temperatures."""
    condenser = room_c + _CONDENSER_ABOVE_AIR_K
    return _carnot_cop(condenser, outdoor_c - _HEAT_EVAPORATOR_BELOW_OUTDOOR_K, condenser)


def cooling_cop(room_c: float, outdoor_c: float, *, dry: bool = False) -> float:
    """Return the cooling COP (EER in W/W) for the given room and outdoor temperatures."""
    drop = _DRY_EVAPORATOR_BELOW_ROOM_K if dry else _COOL_EVAPORATOR_BELOW_ROOM_K
    evaporator = room_c - drop
    return _carnot_cop(outdoor_c + _CONDENSER_ABOVE_AIR_K, evaporator, evaporator)


def heating_capacity_factor(outdoor_c: float) -> float:
    """Return heating capacity relative to the rating, falling as the outdoor air cools."""
    delta = outdoor_c - _HEAT_RATING_C
    per_k = _HEAT_GAIN_PER_K if delta > 0 else _HEAT_LOSS_PER_K
    return _clamp(1.0 + per_k * delta, _HEAT_MIN_FACTOR, _HEAT_MAX_FACTOR)


def cooling_capacity_factor(outdoor_c: float) -> float:
    """Return cooling capacity relative to the rating, falling as the outdoor air warms."""
    delta = _COOL_RATING_C - outdoor_c
    per_k = _COOL_GAIN_PER_K if delta > 0 else _COOL_LOSS_PER_K
    return _clamp(1.0 + per_k * delta, _COOL_MIN_FACTOR, _COOL_MAX_FACTOR)


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
        span = _clamp((_FROST_COLD_C - outdoor_c) / (_FROST_COLD_C - _FROST_COLDEST_C), 0, 1)
        warmth = _FROST_COLD_FACTOR - (_FROST_COLD_FACTOR - _FROST_COLDEST_FACTOR) * span
    return _FROST_PER_S * humid * warmth


def defrost_duration_s(outdoor_c: float) -> float:
    """Return how long a defrost takes: longer when colder air helps less with the melt."""
    span = _clamp((_FROST_MAX_OUTDOOR_C - outdoor_c) / _DEFROST_EXTRA_SPAN_K, 0.0, 1.0)
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
class _Flows:
    """What the unit does to the room during one sub-step."""

    heat_w: float
    condensate_g_per_s: float
    power_w: float
    cop: float | None
    airflow: float


class SimulatedUnit:
    """One window heat pump in one room, advanced by the caller's clock."""

    def __init__(  # noqa: PLR0913 - the room's and the weather's starting state
        self,
        settings: SimulatorSettings,
        *,
        room_temperature_c: float = 18.0,
        room_humidity_pct: float = 45.0,
        outdoor_temperature_c: float = 5.0,
        outdoor_humidity_pct: float = 80.0,
        filter_dirt: float = 0.0,
    ) -> None:
        """Initialize the room at rest with the unit off and long since stopped."""
        self._settings = settings
        self._desired = DesiredState()
        self._room_c = float(room_temperature_c)
        self._room_g_per_kg = absolute_humidity_g_per_kg(room_temperature_c, room_humidity_pct)
        self._outdoor_c = 0.0
        self._outdoor_pct = 0.0
        self._outdoor_g_per_kg = 0.0
        self.set_outdoor(outdoor_temperature_c, outdoor_humidity_pct)
        self._filter_dirt = _clamp(filter_dirt, 0.0, 1.0)
        self._coil_blockage = 0.0
        self._compressor_failed = False
        self._auto_heats: bool | None = None
        self._compressor_mode: Mode | None = None
        self._run_s = 0.0
        self._off_s = settings.compressor_min_off_s
        self._frost = 0.0
        self._defrost_s: float | None = None
        self._defrost_length_s = 0.0
        self._pending_ms = 0
        self._steps = 0
        self._fan_s = 0.0
        self._compressor_s = 0.0
        self._starts = 0
        self._defrosts = 0
        self._last_defrost_s: float | None = None

    @property
    def desired(self) -> DesiredState:
        """Return the desired state last set (target in °C)."""
        return self._desired

    @property
    def compressor_restart_in_s(self) -> float:
        """Return the seconds until the minimum off time allows a restart (0 if allowed)."""
        if self._compressor_mode is not None:
            return 0.0
        return max(0.0, self._settings.compressor_min_off_s - self._off_s)

    @property
    def elapsed_s(self) -> float:
        """Return the time integrated so far."""
        return self._steps * STEP_S

    def set_desired(self, desired: DesiredState) -> None:
        """Ask for a mode, fan speed and target (in °C); a mode change acts at once."""
        self._desired = desired
        if desired.mode is not Mode.AUTO:
            self._auto_heats = None
        self._regulate()

    def set_outdoor(self, temperature_c: float, humidity_pct: float) -> None:
        """Change the weather."""
        self._outdoor_c = float(temperature_c)
        self._outdoor_pct = _clamp(humidity_pct, 0.0, 100.0)
        self._outdoor_g_per_kg = absolute_humidity_g_per_kg(temperature_c, self._outdoor_pct)

    def set_filter_dirt(self, dirt: float) -> None:
        """Set how clogged the filter is, from 0 (clean) to 1 (clogged)."""
        self._filter_dirt = _clamp(dirt, 0.0, 1.0)

    def set_coil_blockage(self, blockage: float) -> None:
        """Set how blocked the outdoor coil is, from 0 (clear) to 1 (blocked)."""
        self._coil_blockage = _clamp(blockage, 0.0, 1.0)

    def set_compressor_failed(self, failed: bool) -> None:  # noqa: FBT001
        """Break the compressor (it never starts; the fan still runs) or mend it."""
        self._compressor_failed = failed
        self._regulate()

    def set_room_heat_capacity(self, joules_per_kelvin: float) -> None:
        """Set the heat the room stores per kelvin: a small, bare room stores little."""
        self._settings = replace(
            self._settings, room_heat_capacity_j_per_k=max(1000.0, joules_per_kelvin)
        )

    def advance(self, seconds: float) -> None:
        """Integrate `seconds` of time; a remainder below one sub-step carries over."""
        if seconds < 0:
            msg = f"cannot advance by a negative time: {seconds}"
            raise ValueError(msg)
        self._pending_ms += round(seconds * 1000.0)
        steps, self._pending_ms = divmod(self._pending_ms, _STEP_MS)
        for _ in range(steps):
            self._step()

    def snapshot(self) -> SimulatorSnapshot:
        """Return the model's state at the last whole sub-step."""
        flows = self._flows()
        return SimulatorSnapshot(
            room_temperature_c=self._room_c,
            room_humidity_pct=relative_humidity_pct(self._room_c, self._room_g_per_kg),
            outdoor_temperature_c=self._outdoor_c,
            outdoor_humidity_pct=self._outdoor_pct,
            action=self._action(),
            compressor_running=self._compressor_mode is not None,
            defrosting=self._defrost_s is not None,
            indoor_fan_running=self._fan_running(),
            airflow_fraction=flows.airflow,
            frost=self._frost,
            heat_to_room_w=flows.heat_w,
            supply_air_temperature_c=self._supply_air_c(flows),
            power_w=flows.power_w,
            cop=flows.cop,
            filter_dirt=self._filter_dirt,
            coil_blockage=self._coil_blockage,
            compressor_failed=self._compressor_failed,
            room_heat_capacity_j_per_k=self._settings.room_heat_capacity_j_per_k,
            fan_run_hours=self._fan_s / 3600.0,
            compressor_run_hours=self._compressor_s / 3600.0,
            compressor_starts=self._starts,
            defrost_count=self._defrosts,
            last_defrost_duration_s=self._last_defrost_s,
            elapsed_s=self.elapsed_s,
        )

    def _supply_air_c(self, flows: _Flows) -> float:
        """Return what a sensor in the unit's outlet reads: the room plus the coil's work."""
        if self._defrost_s is not None:
            # The fan stops and the reversed indoor coil chills the air around the sensor.
            return self._room_c - _DEFROST_OUTLET_BELOW_ROOM_K
        if flows.airflow <= 0.0:
            return self._room_c
        # `heat_w` is the sensible part only; the latent part leaves as condensate.
        return self._room_c + flows.heat_w / (
            _AIR_KG_PER_S_AT_HIGH * flows.airflow * _AIR_J_PER_KG_K
        )

    def _effective_mode(self) -> Mode:
        """Return the mode in force, resolving AUTO to HEAT or COOL with a dead band."""
        mode = self._desired.mode
        if mode is not Mode.AUTO:
            return mode
        target = self._desired.target_temperature
        if self._room_c < target - _AUTO_BAND_K:
            self._auto_heats = True
        elif self._room_c > target + _AUTO_BAND_K:
            self._auto_heats = False
        elif self._auto_heats is None:
            self._auto_heats = self._room_c < target
        return Mode.HEAT if self._auto_heats else Mode.COOL

    def _regulate(self) -> None:
        """Start or stop the compressor as the mode, thermostat and protections allow."""
        mode = self._effective_mode()
        running = self._compressor_mode
        if running is not None:
            if (
                self._compressor_failed
                or mode not in _COMPRESSOR_MODES
                or (mode is Mode.HEAT) != (running is Mode.HEAT)
            ):
                # Leaving the mode, or reversing the cycle, stops at once: min run is only
                # for the thermostat, which must not short-cycle the compressor.
                self._stop_compressor()
                return
            self._compressor_mode = mode
            if (
                self._defrost_s is None
                and self._run_s >= self._settings.compressor_min_run_s
                and self._satisfied(mode)
            ):
                self._stop_compressor()
        elif (
            not self._compressor_failed
            and mode in _COMPRESSOR_MODES
            and self._off_s >= self._settings.compressor_min_off_s
            and self._calling(mode)
        ):
            self._compressor_mode = mode
            self._run_s = 0.0
            self._starts += 1

    def _calling(self, mode: Mode) -> bool:
        """Return True when the room asks for the compressor in `mode`."""
        target = self._desired.target_temperature
        if mode is Mode.HEAT:
            return self._room_c <= target - _THERMOSTAT_START_K
        if mode is Mode.COOL:
            return self._room_c >= target + _THERMOSTAT_START_K
        humidity = relative_humidity_pct(self._room_c, self._room_g_per_kg)
        return humidity >= _DRY_START_RH_PCT and self._room_c >= target - _DRY_START_BELOW_TARGET_K

    def _satisfied(self, mode: Mode) -> bool:
        """Return True when the room no longer needs the compressor in `mode`."""
        target = self._desired.target_temperature
        if mode is Mode.HEAT:
            return self._room_c >= target + _THERMOSTAT_OVERSHOOT_K
        if mode is Mode.COOL:
            return self._room_c <= target - _THERMOSTAT_OVERSHOOT_K
        humidity = relative_humidity_pct(self._room_c, self._room_g_per_kg)
        return humidity <= _DRY_STOP_RH_PCT or self._room_c <= target - _DRY_STOP_BELOW_TARGET_K

    def _stop_compressor(self) -> None:
        if self._defrost_s is not None:
            # An interrupted defrost leaves the frost it had not yet melted.
            self._frost *= 1.0 - self._defrost_s / self._defrost_length_s
            self._end_defrost()
        self._compressor_mode = None
        self._off_s = 0.0

    def _end_defrost(self) -> None:
        self._last_defrost_s = self._defrost_s
        self._defrost_s = None

    def _fan_running(self) -> bool:
        return self._desired.mode is not Mode.OFF and self._defrost_s is None

    def _fan_fraction(self) -> float:
        """Return the airflow the fan setting asks for (before the filter)."""
        if not self._fan_running():
            return 0.0
        if self._desired.mode is Mode.DRY:
            return _AIRFLOW[FanSpeed.LOW]
        speed = self._desired.fan_speed
        if speed is FanSpeed.AUTO:
            gap = abs(self._room_c - self._desired.target_temperature)
            if gap > _AUTO_FAN_HIGH_K:
                speed = FanSpeed.HIGH
            elif gap > _AUTO_FAN_MEDIUM_K:
                speed = FanSpeed.MEDIUM
            else:
                speed = FanSpeed.LOW
        return _AIRFLOW[speed]

    def _flows(self) -> _Flows:
        """Return the unit's heat, water and power flows in its present state."""
        fraction = self._fan_fraction()
        # The motor works as hard against a clogged filter, so power follows the setting.
        fan_w = _FAN_POWER_AT_HIGH_W * fraction**3
        airflow = fraction * (1.0 - _FILTER_MAX_AIRFLOW_LOSS * self._filter_dirt)
        mode = self._compressor_mode
        rated_w = self._settings.rated_w * (
            1.0 - _BLOCKED_COIL_MAX_CAPACITY_LOSS * self._coil_blockage
        )
        if mode is None:
            return _Flows(fan_w, 0.0, fan_w, None, airflow)
        if self._defrost_s is not None:
            return _Flows(
                -_DEFROST_ROOM_DRAW_PER_RATED_W * self._settings.rated_w,
                0.0,
                _DEFROST_POWER_PER_RATED_W * self._settings.rated_w,
                None,
                0.0,
            )
        if mode is Mode.HEAT:
            heat_w = (
                rated_w
                * heating_capacity_factor(self._outdoor_c)
                * math.sqrt(airflow)
                * (1.0 - _FROST_MAX_CAPACITY_LOSS * self._frost)
            )
            cop = max(
                _COP_MIN,
                heating_cop(self._room_c, self._outdoor_c)
                * (1.0 - _FROST_MAX_COP_LOSS * self._frost),
            )
            return _Flows(heat_w + fan_w, 0.0, heat_w / cop + fan_w, cop, airflow)
        dry = mode is Mode.DRY
        total_w = rated_w * cooling_capacity_factor(self._outdoor_c) * math.sqrt(airflow)
        if dry:
            total_w *= _DRY_CAPACITY_FRACTION
        drop = _DRY_EVAPORATOR_BELOW_ROOM_K if dry else _COOL_EVAPORATOR_BELOW_ROOM_K
        coil_saturated = absolute_humidity_g_per_kg(self._room_c - drop, 100.0)
        # Air touching the coil leaves saturated at its temperature; the rest is condensed.
        wringable_w = (
            _COIL_CONTACT_KG_PER_S
            * airflow
            * max(0.0, self._room_g_per_kg - coil_saturated)
            * _LATENT_J_PER_G
        )
        latent_cap = _DRY_MAX_LATENT_FRACTION if dry else _COOL_MAX_LATENT_FRACTION
        latent_w = min(latent_cap * total_w, wringable_w)
        cop = cooling_cop(self._room_c, self._outdoor_c, dry=dry)
        return _Flows(
            fan_w - (total_w - latent_w),
            latent_w / _LATENT_J_PER_G,
            total_w / cop + fan_w,
            cop,
            airflow,
        )

    def _action(self) -> Action:
        mode = self._desired.mode
        if mode is Mode.OFF:
            return Action.OFF
        if mode is Mode.FAN_ONLY:
            return Action.FAN
        if self._defrost_s is not None:
            return Action.DEFROSTING
        return {
            Mode.HEAT: Action.HEATING,
            Mode.COOL: Action.COOLING,
            Mode.DRY: Action.DRYING,
            None: Action.IDLE,
        }[self._compressor_mode]

    def _step(self) -> None:
        """Integrate one sub-step: decide, then let the flows act for `STEP_S`."""
        self._regulate()
        flows = self._flows()
        settings = self._settings
        loss_w = settings.room_loss_w_per_k * (self._room_c - self._outdoor_c)
        self._room_c += (
            (flows.heat_w + _OCCUPANT_HEAT_W - loss_w)
            * STEP_S
            / settings.room_heat_capacity_j_per_k
        )
        water_g_per_s = (
            _INFILTRATION_KG_PER_S * (self._outdoor_g_per_kg - self._room_g_per_kg)
            + _OCCUPANT_MOISTURE_G_PER_S
            - flows.condensate_g_per_s
        )
        self._room_g_per_kg += water_g_per_s * STEP_S / _ROOM_MOISTURE_MASS_KG
        # Beyond saturation the excess condenses on the window.
        self._room_g_per_kg = _clamp(
            self._room_g_per_kg, 0.0, absolute_humidity_g_per_kg(self._room_c, 100.0)
        )
        self._step_frost()
        self._steps += 1
        if self._compressor_mode is None:
            self._off_s += STEP_S
        else:
            self._run_s += STEP_S
            self._compressor_s += STEP_S
        if self._fan_running():
            self._fan_s += STEP_S
            self._filter_dirt = min(1.0, self._filter_dirt + STEP_S / _FILTER_CLOGGED_AFTER_S)

    def _step_frost(self) -> None:
        if self._defrost_s is not None:
            self._defrost_s += STEP_S
            if self._defrost_s >= self._defrost_length_s:
                self._frost = 0.0
                self._end_defrost()
            return
        if self._compressor_mode is not Mode.HEAT:
            return
        rate = frost_rate_per_s(self._outdoor_c, self._outdoor_pct) * (
            1.0 + _BLOCKED_COIL_MAX_EXTRA_FROST * self._coil_blockage
        )
        self._frost = min(1.0, self._frost + rate * STEP_S)
        if self._frost >= 1.0:
            self._defrost_s = 0.0
            self._defrost_length_s = defrost_duration_s(self._outdoor_c)
            self._defrosts += 1
