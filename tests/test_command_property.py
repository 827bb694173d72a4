"""Property test of the command path: whatever is asked, when, and across restarts.

A hypothesis state machine drives one simulated unit through Home Assistant as its users,
its schedule, the weather, restarts and time would: climate actions (mode, set point, fan,
swing, preset, turn on / off), a schedule set, added to, paused and resumed, outdoor temperature
changes (the unit pushes what its thermostat does), unload + set-up with the stores kept, and
clock jumps. A model keeps the state last asked for. After every step the climate shows it;
at the end, once the compressor protection's time has passed, the unit itself holds it.

The simulated unit is made unprotected (its own minimum off time 0) and the same physical
unit is handed to each set-up, as a real one keeps running over a restart: it records every
state it is sent and every compressor start and stop on its own clock, and a start within the
minimum off time of a stop after a command changed its mode or set point, or a command that
reverses a running compressor, is a violation. Restarts of the compressor the unit's own
thermostat makes, with nothing changed, are the unit's business (a real one protects itself).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from itertools import count
from typing import Any, ClassVar
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components import window_heatpump
from custom_components.window_heatpump.bridges.simulated import bridge as simulated
from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.control.compressor import direction
from custom_components.window_heatpump.control.protection import DEFAULT_MIN_OFF_S
from custom_components.window_heatpump.model import DesiredState, FanSpeed, Mode, Preset, Swing

# The suite's profile: at least 200 sequences, each of up to 12 steps, never timed.
settings.register_profile(
    "command_path",
    max_examples=200,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

MIN_OFF_S = DEFAULT_MIN_OFF_S
MODES = (Mode.OFF, Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY, Mode.AUTO)
FANS = (FanSpeed.AUTO, FanSpeed.QUIET, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH)
SWINGS = (Swing.OFF, Swing.VERTICAL)
PRESETS = tuple(Preset)
# Whole set points: the simulated unit's step is 1 °C.
SETPOINTS = st.integers(min_value=16, max_value=30)
# Clock jumps, in the simulated unit's 5 s steps so its clock and Home Assistant's agree.
JUMPS = st.sampled_from([5, 30, 60, 120, 175, 185, 600])
_examples = count()


class RecordingUnit(SimulatedUnit):
    """A simulated unit that records what it is sent and checks its compressor's starts."""

    def __init__(self) -> None:
        """Start unprotected (its own off time 0): only the integration protects it."""
        super().__init__(
            SimulatorSettings(compressor_min_off_s=0.0),
            room_temperature_c=simulated.START_ROOM_TEMPERATURE_C,
            outdoor_temperature_c=2.0,
            outdoor_humidity_pct=85.0,
        )
        self.sent: list[tuple[float, DesiredState]] = []
        self.violations: list[str] = []
        self._stop: tuple[float, Mode, float] | None = None

    def set_desired(self, desired: DesiredState) -> None:
        """Take a state; reversing a running compressor is a violation."""
        running = self._compressor_mode
        if running is not None:
            was = direction(running)
            now = direction(desired.mode, self.snapshot().action)
            if now is not None and now is not was:
                self.violations.append(f"{self.elapsed_s:.0f} s: {running} reversed to {desired}")
        self.sent.append((self.elapsed_s, desired))
        super().set_desired(desired)

    def _regulate(self) -> None:
        """Start or stop as the model does; check a start against the last stop."""
        before = self._compressor_mode
        super()._regulate()
        after = self._compressor_mode
        desired = self.desired
        if before is not None and after is None:
            self._stop = (self.elapsed_s, desired.mode, desired.target_temperature)
        elif before is None and after is not None and self._stop is not None:
            stopped_s, mode, target = self._stop
            commanded = (mode, target) != (desired.mode, desired.target_temperature)
            if commanded and self.elapsed_s - stopped_s < MIN_OFF_S:
                self.violations.append(
                    f"{self.elapsed_s:.0f} s: {after} started {self.elapsed_s - stopped_s:.0f} s "
                    f"after a stop, as {desired}"
                )


@dataclass
class Harness:
    """What the machine, in its thread, reaches Home Assistant's loop with."""

    hass: HomeAssistant
    freezer: FrozenDateTimeFactory
    loop: asyncio.AbstractEventLoop


class CommandPath(RuleBasedStateMachine):
    """One unit, driven as its users, schedule, weather, restarts and clock would."""

    harness: ClassVar[Harness]

    def __init__(self) -> None:
        """Set a new unit up, off, at eight in the morning of a new day."""
        super().__init__()
        number = next(_examples)
        self.unit = RecordingUnit()
        self.entity_id = f"climate.unit_{number}"
        self.entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"Unit {number}",
            unique_id=f"simulated_unit_{number}",
            data={
                "bridge": "simulated",
                "capacity_btu": 8000,
                "temperature_unit": "°C",
                "hvac_modes": [mode.value for mode in MODES if mode is not Mode.OFF],
            },
            options={"outdoor_temperature": 2.0, "outdoor_humidity": 85.0, "speed": 1.0},
        )
        self.asked = DesiredState(mode=Mode.OFF, target_temperature=21.0)
        self.last_active = Mode.HEAT
        # The schedule's daily blocks by start (mode, set point, fan), a pause, an override.
        self.blocks: dict[str, tuple[Mode, float, FanSpeed]] = {}
        self.paused = False
        self.overridden = False
        self._patches: list[Any] = [
            # The climate is what shows the commands; the other thirty entities cost time.
            patch.object(window_heatpump, "PLATFORMS", [Platform.CLIMATE]),
            # The same physical unit for every set-up, as a real one stays over a restart.
            patch.object(simulated, "SimulatedUnit", lambda *_args, **_kwargs: self.unit),
            # Presets, which the simulated unit otherwise lacks, carried as a real unit would.
            patch.object(
                simulated,
                "SIMULATED_CAPABILITIES",
                replace(simulated.SIMULATED_CAPABILITIES, presets=PRESETS),
            ),
        ]
        for started in self._patches:
            started.start()
        self._run(self._async_start())

    # How the machine, in a worker thread, runs things in Home Assistant's loop.

    def _run[T](self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine in Home Assistant's loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.harness.loop).result(timeout=120)

    async def _async_start(self) -> None:
        """Move to the next day's 08:00 (no override or pause ends today), set the unit up."""
        hass, freezer = self.harness.hass, self.harness.freezer
        local = dt_util.as_local(dt_util.utcnow())
        morning = (local + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
        freezer.move_to(morning)
        async_fire_time_changed(hass)
        self.entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(self.entry.entry_id)
        await hass.async_block_till_done()

    async def _async_call(self, domain: str, service: str, **data: Any) -> None:
        """Call an action and let what follows it run."""
        await self.harness.hass.services.async_call(domain, service, data, blocking=True)
        await self.harness.hass.async_block_till_done()

    async def _async_jump(self, seconds: int) -> None:
        """Move the clock on and run what came due."""
        self.harness.freezer.tick(timedelta(seconds=seconds))
        async_fire_time_changed(self.harness.hass)
        await self.harness.hass.async_block_till_done()

    def _climate(self, service: str, **data: Any) -> None:
        """Call a climate action on the unit."""
        self._run(self._async_call("climate", service, entity_id=self.entity_id, **data))

    def _schedule(self, service: str, **data: Any) -> None:
        """Call a schedule action on the unit."""
        self._run(self._async_call(DOMAIN, service, config_entry_id=self.entry.entry_id, **data))

    # The model.

    def _asked(self, desired: DesiredState) -> None:
        """Take a state as the one last asked for."""
        self.asked = desired
        if desired.mode is not Mode.OFF:
            self.last_active = desired.mode

    def _by_hand(self, **changes: Any) -> None:
        """Take a manual change: it overrides a running schedule (a pause keeps it)."""
        self._asked(self.asked.with_changes(**changes))
        if self.blocks and not self.paused:
            self.overridden = True

    def _block_applies(self) -> None:
        """Take the block in effect (all start before 08:00), where nothing holds the unit."""
        if self.blocks and not (self.paused or self.overridden):
            mode, target, fan = self.blocks[max(self.blocks)]
            self._asked(
                self.asked.with_changes(mode=mode, target_temperature=target, fan_speed=fan)
            )

    # What users do.

    @rule(mode=st.sampled_from(MODES))
    def set_hvac_mode(self, mode: Mode) -> None:
        """Switch the mode."""
        self._climate("set_hvac_mode", hvac_mode=mode.value)
        self._by_hand(mode=mode)

    # (`target` names a bundle in hypothesis's rules: the set point is `setpoint`.)
    @rule(setpoint=SETPOINTS, mode=st.none() | st.sampled_from(MODES))
    def set_temperature(self, setpoint: int, mode: Mode | None) -> None:
        """Drag the set point (with a mode, as a scene does)."""
        data: dict[str, Any] = {"temperature": setpoint}
        if mode is not None:
            data["hvac_mode"] = mode.value
        self._climate("set_temperature", **data)
        self._by_hand(target_temperature=float(setpoint), mode=mode)

    @rule(fan=st.sampled_from(FANS))
    def set_fan_mode(self, fan: FanSpeed) -> None:
        """Change the fan speed."""
        self._climate("set_fan_mode", fan_mode=fan.value)
        self._by_hand(fan_speed=fan)

    @rule(swing=st.sampled_from(SWINGS))
    def set_swing_mode(self, swing: Swing) -> None:
        """Change the swing."""
        self._climate("set_swing_mode", swing_mode=swing.value)
        self._by_hand(swing=swing)

    @rule(preset=st.sampled_from(PRESETS))
    def set_preset_mode(self, preset: Preset) -> None:
        """Run a preset."""
        self._climate("set_preset_mode", preset_mode=preset.value)
        self._by_hand(preset=preset)

    @rule()
    def turn_on(self) -> None:
        """Turn on: the mode it last ran in."""
        self._climate("turn_on")
        self._by_hand(mode=self.last_active)

    @rule()
    def turn_off(self) -> None:
        """Turn off."""
        self._climate("turn_off")
        self._by_hand(mode=Mode.OFF)

    # What the schedule does.

    @rule(mode=st.sampled_from(MODES), setpoint=SETPOINTS, fan=st.sampled_from(FANS))
    def set_schedule(self, mode: Mode, setpoint: int, fan: FanSpeed) -> None:
        """Give the unit one daily block from midnight (in effect now)."""
        self._schedule(
            "set_schedule",
            name="Day",
            blocks=[
                {
                    "days": "daily",
                    "start": "00:00",
                    "mode": mode.value,
                    "temperature": setpoint,
                    "fan_mode": fan.value,
                }
            ],
        )
        self.blocks = {"00:00": (mode, float(setpoint), fan)}
        self._block_applies()

    @rule(
        start=st.sampled_from(["03:00", "05:00", "07:00"]),
        mode=st.sampled_from(MODES),
        setpoint=SETPOINTS,
        fan=st.sampled_from(FANS),
    )
    def add_block(self, start: str, mode: Mode, setpoint: int, fan: FanSpeed) -> None:
        """Add a daily block that started earlier today: it is the one in effect now."""
        block = {"days": "daily", "start": start, "mode": mode.value, "temperature": setpoint}
        try:
            self._schedule("add_block", schedule="Day", fan_mode=fan.value, **block)
        except ServiceValidationError:
            # Two blocks on the same day at the same time are refused; nothing changes.
            assert start in self.blocks
            return
        self.blocks[start] = (mode, float(setpoint), fan)
        self._block_applies()

    @rule(frost=st.none() | st.integers(min_value=16, max_value=20))
    def pause(self, frost: int | None) -> None:
        """Go away until tomorrow: off, or heating to a frost protection set point."""
        until = (dt_util.now() + timedelta(days=1)).date().isoformat()
        data: dict[str, Any] = {"until": until}
        if frost is not None:
            data["frost_protection"] = frost
        self._schedule("pause_schedule", **data)
        self.paused, self.overridden = True, False
        if frost is None:
            self._asked(self.asked.with_changes(mode=Mode.OFF))
        else:
            self._asked(self.asked.with_changes(mode=Mode.HEAT, target_temperature=float(frost)))

    @rule()
    def resume(self) -> None:
        """End a pause or an override: the block in effect comes back."""
        self._schedule("resume_schedule")
        self.paused = self.overridden = False
        self._block_applies()

    # What else happens.

    @rule(outdoor=st.integers(min_value=-15, max_value=35))
    def weather(self, outdoor: int) -> None:
        """Change the weather; the unit pushes what its thermostat does about it."""

        async def _async_weather() -> None:
            bridge = self.entry.runtime_data.bridge
            assert isinstance(bridge, simulated.SimulatedBridge)
            bridge.set_conditions(outdoor_temperature_c=float(outdoor))
            await self.harness.hass.async_block_till_done()

        self._run(_async_weather())

    @rule()
    def restart(self) -> None:
        """Restart Home Assistant (unload, set up again); the stores stay, the unit runs on."""

        async def _async_restart() -> None:
            hass = self.harness.hass
            assert await hass.config_entries.async_unload(self.entry.entry_id)
            await hass.async_block_till_done()
            assert await hass.config_entries.async_setup(self.entry.entry_id)
            await hass.async_block_till_done()

        self._run(_async_restart())

    @rule(seconds=JUMPS)
    def wait(self, seconds: int) -> None:
        """Let time pass."""
        self._run(self._async_jump(seconds))

    # What must always hold.

    @invariant()
    def shows_what_was_asked(self) -> None:
        """Check the climate shows the state last asked for, held or not."""
        state = self.harness.hass.states.get(self.entity_id)
        assert state is not None
        asked = self.asked
        shown = (
            state.state,
            state.attributes["temperature"],
            state.attributes["fan_mode"],
            state.attributes["swing_mode"],
            state.attributes["preset_mode"],
        )
        assert shown == (
            asked.mode.value,
            asked.target_temperature,
            asked.fan_speed.value,
            asked.swing.value,
            asked.preset.value,
        )

    @invariant()
    def compressor_protected(self) -> None:
        """Check no command started the compressor early or reversed it running."""
        assert self.unit.violations == []

    def teardown(self) -> None:
        """Once the protection's time has passed, the unit holds what was asked; remove it."""
        try:
            self._run(self._async_settle())
            assert self.unit.desired == self.asked, self.unit.sent[-5:]
            assert self.unit.violations == []
        finally:
            self._run(self._async_remove())
            for started in self._patches:
                started.stop()

    async def _async_settle(self) -> None:
        """Wait out the off time (again, if the compressor stopped meanwhile)."""
        protection = self.entry.runtime_data.control.protection
        for _ in range(5):
            await self._async_jump(MIN_OFF_S + 5)
            if protection.held is None:
                return

    async def _async_remove(self) -> None:
        """Remove the unit with what it stored."""
        hass = self.harness.hass
        await hass.config_entries.async_remove(self.entry.entry_id)
        await hass.async_block_till_done()


async def test_any_sequence_ends_with_the_unit_as_asked(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Whatever is asked, when, and across restarts: the unit ends holding the last of it."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(datetime(2026, 1, 5, 8, 0, tzinfo=dt_util.get_default_time_zone()))
    CommandPath.harness = Harness(hass, freezer, asyncio.get_running_loop())
    await hass.async_add_executor_job(
        partial(
            run_state_machine_as_test,
            CommandPath,
            settings=settings.get_profile("command_path"),
        )
    )
