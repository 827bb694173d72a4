"""A physical model of one window heat pump in one room, for demos and tests.

Pure Python and deterministic: no randomness and no wall clock. Time moves only through
`SimulatedUnit.advance`, which integrates in fixed sub-steps of `physics.STEP_S` seconds and
carries any remainder (to the millisecond) into the next call, so a given start state and total
time give identical results however the caller slices the calls. State read between calls is the
state at the last whole sub-step. It works in °C only (`set_desired` takes a target in °C; the
caller converts). The curves it integrates are in `physics`, its true figures in `truth`.
"""

from __future__ import annotations

from dataclasses import replace
import math

from ...model import Action, DesiredState, FanSpeed, Mode
from . import physics
from .physics import Flows, SimulatorSettings, SimulatorSnapshot


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
        self._room_g_per_kg = physics.absolute_humidity_g_per_kg(
            room_temperature_c, room_humidity_pct
        )
        self._outdoor_c = self._outdoor_pct = self._outdoor_g_per_kg = 0.0
        self.set_outdoor(outdoor_temperature_c, outdoor_humidity_pct)
        self._filter_dirt = physics.clamp(filter_dirt, 0.0, 1.0)
        self._coil_blockage = 0.0
        # Where its own sensor reads (bias, Follow Me); the thermostat regulates on that.
        self.intake = physics.Intake()
        # Heat (W) from anything else in the room, a backup heater: set by whoever runs it.
        self.other_heat_w = 0.0
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
        return self._steps * physics.STEP_S

    def set_desired(self, desired: DesiredState) -> None:
        """Ask for a mode, fan speed and target (in °C); a mode change acts at once."""
        self._desired = desired
        if desired.mode is not Mode.AUTO:
            self._auto_heats = None
        self._regulate()

    def set_outdoor(self, temperature_c: float, humidity_pct: float) -> None:
        """Change the weather."""
        self._outdoor_c = float(temperature_c)
        self._outdoor_pct = physics.clamp(humidity_pct, 0.0, 100.0)
        self._outdoor_g_per_kg = physics.absolute_humidity_g_per_kg(
            temperature_c, self._outdoor_pct
        )

    def set_filter_dirt(self, dirt: float) -> None:
        """Set how clogged the filter is, from 0 (clean) to 1 (clogged)."""
        self._filter_dirt = physics.clamp(dirt, 0.0, 1.0)

    def set_coil_blockage(self, blockage: float) -> None:
        """Set how blocked the outdoor coil is, from 0 (clear) to 1 (blocked)."""
        self._coil_blockage = physics.clamp(blockage, 0.0, 1.0)

    def set_compressor_failed(self, failed: bool) -> None:  # noqa: FBT001
        """Break the compressor (it never starts; the fan still runs) or mend it."""
        self._compressor_failed = failed
        self._regulate()

    def set_room_heat_capacity(self, joules_per_kelvin: float) -> None:
        """Set the heat the room stores per kelvin: a small, bare room stores little."""
        capacity = max(1000.0, joules_per_kelvin)
        self._settings = replace(self._settings, room_heat_capacity_j_per_k=capacity)

    @property
    def settings(self) -> SimulatorSettings:
        """Return the unit's and the room's settings (`truth.RoomTruth` takes them)."""
        return self._settings

    def set_room_loss(self, watts_per_kelvin: float) -> None:
        """Set the room's heat loss coefficient: an open door or window raises it."""
        self._settings = replace(self._settings, room_loss_w_per_k=max(1.0, watts_per_kelvin))

    def advance(self, seconds: float) -> None:
        """Integrate `seconds` of time; a remainder below one sub-step carries over."""
        if seconds < 0:
            msg = f"cannot advance by a negative time: {seconds}"
            raise ValueError(msg)
        self._pending_ms += round(seconds * 1000.0)
        steps, self._pending_ms = divmod(self._pending_ms, physics.STEP_MS)
        for _ in range(steps):
            self._step()

    def snapshot(self) -> SimulatorSnapshot:
        """Return the model's state at the last whole sub-step."""
        flows = self._flows()
        return SimulatorSnapshot(
            room_temperature_c=self._room_c,
            room_humidity_pct=physics.relative_humidity_pct(self._room_c, self._room_g_per_kg),
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

    def _supply_air_c(self, flows: Flows) -> float:
        """Return what a sensor in the unit's outlet reads: the room plus the coil's work."""
        if self._defrost_s is not None:
            # The fan stops and the reversed indoor coil chills the air around the sensor.
            return self._room_c - physics.DEFROST_OUTLET_BELOW_ROOM_K
        if flows.airflow <= 0.0:
            return self._room_c
        # `heat_w` is the sensible part only; the latent part leaves as condensate.
        return self._room_c + flows.heat_w / (
            physics.AIR_KG_PER_S_AT_HIGH * flows.airflow * physics.AIR_J_PER_KG_K
        )

    def _effective_mode(self) -> Mode:
        """Return the mode in force, resolving AUTO to HEAT or COOL with a dead band."""
        mode = self._desired.mode
        if mode is not Mode.AUTO:
            return mode
        target = self._desired.target_temperature
        if self._sensed() < target - physics.AUTO_BAND_K:
            self._auto_heats = True
        elif self._sensed() > target + physics.AUTO_BAND_K:
            self._auto_heats = False
        elif self._auto_heats is None:
            self._auto_heats = self._sensed() < target
        return Mode.HEAT if self._auto_heats else Mode.COOL

    def _regulate(self) -> None:
        """Start or stop the compressor as the mode, thermostat and protections allow."""
        mode = self._effective_mode()
        running = self._compressor_mode
        if running is not None:
            if (
                self._compressor_failed
                or mode not in physics.COMPRESSOR_MODES
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
            and mode in physics.COMPRESSOR_MODES
            and self._off_s >= self._settings.compressor_min_off_s
            and self._calling(mode)
        ):
            self._compressor_mode = mode
            self._run_s = 0.0
            self._starts += 1

    def _sensed(self) -> float:
        """Return the temperature the thermostat regulates on."""
        return self.intake.sensed(self._room_c, self._desired)

    def _calling(self, mode: Mode) -> bool:
        """Return True when the room asks for the compressor in `mode`."""
        target = self._desired.target_temperature
        if mode is Mode.HEAT:
            return self._sensed() <= target - physics.THERMOSTAT_START_K
        if mode is Mode.COOL:
            return self._sensed() >= target + physics.THERMOSTAT_START_K
        humidity = physics.relative_humidity_pct(self._room_c, self._room_g_per_kg)
        return (
            humidity >= physics.DRY_START_RH_PCT
            and self._sensed() >= target - physics.DRY_START_BELOW_TARGET_K
        )

    def _satisfied(self, mode: Mode) -> bool:
        """Return True when the room no longer needs the compressor in `mode`."""
        target = self._desired.target_temperature
        if mode is Mode.HEAT:
            return self._sensed() >= target + physics.THERMOSTAT_OVERSHOOT_K
        if mode is Mode.COOL:
            return self._sensed() <= target - physics.THERMOSTAT_OVERSHOOT_K
        humidity = physics.relative_humidity_pct(self._room_c, self._room_g_per_kg)
        return (
            humidity <= physics.DRY_STOP_RH_PCT
            or self._sensed() <= target - physics.DRY_STOP_BELOW_TARGET_K
        )

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
            return physics.AIRFLOW[FanSpeed.LOW]
        speed = self._desired.fan_speed
        if speed is FanSpeed.AUTO:
            gap = abs(self._sensed() - self._desired.target_temperature)
            high, medium = gap > physics.AUTO_FAN_HIGH_K, gap > physics.AUTO_FAN_MEDIUM_K
            speed = FanSpeed.HIGH if high else FanSpeed.MEDIUM if medium else FanSpeed.LOW
        return physics.AIRFLOW[speed]

    def _flows(self) -> Flows:
        """Return the unit's heat, water and power flows in its present state."""
        fraction = self._fan_fraction()
        # The motor works as hard against a clogged filter, so power follows the setting.
        fan_w = physics.FAN_POWER_AT_HIGH_W * fraction**3
        airflow = fraction * (1.0 - physics.FILTER_MAX_AIRFLOW_LOSS * self._filter_dirt)
        mode = self._compressor_mode
        rated_w = self._settings.rated_w * (
            1.0 - physics.BLOCKED_COIL_MAX_CAPACITY_LOSS * self._coil_blockage
        )
        if mode is None:
            return Flows(fan_w, 0.0, fan_w, None, airflow)
        if self._defrost_s is not None:
            return Flows(
                -physics.DEFROST_ROOM_DRAW_PER_RATED_W * self._settings.rated_w,
                0.0,
                physics.DEFROST_POWER_PER_RATED_W * self._settings.rated_w,
                None,
                0.0,
            )
        if mode is Mode.HEAT:
            heat_w = (
                rated_w
                * physics.heating_capacity_factor(self._outdoor_c)
                * math.sqrt(airflow)
                * (1.0 - physics.FROST_MAX_CAPACITY_LOSS * self._frost)
            )
            cop = max(
                physics.COP_MIN,
                physics.heating_cop(self._room_c, self._outdoor_c)
                * (1.0 - physics.FROST_MAX_COP_LOSS * self._frost),
            )
            return Flows(heat_w + fan_w, 0.0, heat_w / cop + fan_w, cop, airflow)
        dry = mode is Mode.DRY
        total_w = rated_w * physics.cooling_capacity_factor(self._outdoor_c) * math.sqrt(airflow)
        if dry:
            total_w *= physics.DRY_CAPACITY_FRACTION
        drop = physics.DRY_EVAPORATOR_BELOW_ROOM_K if dry else physics.COOL_EVAPORATOR_BELOW_ROOM_K
        coil_saturated = physics.absolute_humidity_g_per_kg(self._room_c - drop, 100.0)
        # Air touching the coil leaves saturated at its temperature; the rest is condensed.
        wringable_w = (
            physics.COIL_CONTACT_KG_PER_S
            * airflow
            * max(0.0, self._room_g_per_kg - coil_saturated)
            * physics.LATENT_J_PER_G
        )
        latent_cap = physics.DRY_MAX_LATENT_FRACTION if dry else physics.COOL_MAX_LATENT_FRACTION
        latent_w = min(latent_cap * total_w, wringable_w)
        cop = physics.cooling_cop(self._room_c, self._outdoor_c, dry=dry)
        return Flows(
            fan_w - (total_w - latent_w),
            latent_w / physics.LATENT_J_PER_G,
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
        """Integrate one sub-step: decide, then let the flows act for `physics.STEP_S`."""
        self._regulate()
        flows = self._flows()
        settings = self._settings
        loss_w = settings.room_loss_w_per_k * (self._room_c - self._outdoor_c)
        self._room_c += (
            (flows.heat_w + physics.OCCUPANT_HEAT_W + self.other_heat_w - loss_w)
            * physics.STEP_S
            / settings.room_heat_capacity_j_per_k
        )
        water_g_per_s = (
            physics.INFILTRATION_KG_PER_S * (self._outdoor_g_per_kg - self._room_g_per_kg)
            + physics.OCCUPANT_MOISTURE_G_PER_S
            - flows.condensate_g_per_s
        )
        self._room_g_per_kg += water_g_per_s * physics.STEP_S / physics.ROOM_MOISTURE_MASS_KG
        # Beyond saturation the excess condenses on the window.
        self._room_g_per_kg = physics.clamp(
            self._room_g_per_kg, 0.0, physics.absolute_humidity_g_per_kg(self._room_c, 100.0)
        )
        self._step_frost()
        self._steps += 1
        if self._compressor_mode is None:
            self._off_s += physics.STEP_S
        else:
            self._run_s += physics.STEP_S
            self._compressor_s += physics.STEP_S
        if self._fan_running():
            self._fan_s += physics.STEP_S
            self._filter_dirt = min(1.0, self._filter_dirt + physics.FILTER_DIRT_PER_STEP)

    def _step_frost(self) -> None:
        if self._defrost_s is not None:
            self._defrost_s += physics.STEP_S
            if self._defrost_s >= self._defrost_length_s:
                self._frost = 0.0
                self._end_defrost()
            return
        heating = self._compressor_mode is Mode.HEAT
        rate = heating * physics.frost_rate_per_s(self._outdoor_c, self._outdoor_pct) * (
            1.0 + physics.BLOCKED_COIL_MAX_EXTRA_FROST * self._coil_blockage
        ) - physics.frost_melt_per_s(self._outdoor_c)
        self._frost = physics.clamp(self._frost + rate * physics.STEP_S, 0.0, 1.0)
        if heating and self._frost >= 1.0:
            self._defrost_s = 0.0
            self._defrost_length_s = physics.defrost_duration_s(self._outdoor_c)
            self._defrosts += 1
