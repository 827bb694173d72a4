"""Tests of the compressor protection: minimum off time and no direct reversal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.const import CONF_MIN_OFF_SECONDS, DOMAIN
from custom_components.window_heatpump.events import EVENT_COMMAND_RELEASED
from custom_components.window_heatpump.storage import EntryStore, store_key

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

MIN_OFF_S = 300
TICK_S = 5
# Extreme set points keep the unit's own thermostat calling, so every start is a command's.
TARGETS = {"heat": 30.0, "cool": 16.0, "dry": 16.0, "fan_only": 21.0, "off": 21.0}


@dataclass
class CompressorLog:
    """The simulator's true compressor starts and stops, on its own clock."""

    min_off_s: float = MIN_OFF_S
    running: bool = False
    mode: str | None = None
    stopped_at: float | None = None
    violations: list[str] = field(default_factory=list)
    starts: int = 0

    def sample(self, bridge: SimulatedBridge) -> None:
        """Record a start or stop seen since the last sample."""
        snapshot = bridge.unit.snapshot()
        mode = bridge.unit.desired.mode.value
        if snapshot.compressor_running and not self.running:
            self.starts += 1
            if (
                self.stopped_at is not None
                and snapshot.elapsed_s - self.stopped_at < self.min_off_s
            ):
                self.violations.append(
                    f"{mode} start {snapshot.elapsed_s - self.stopped_at:.0f} s after a stop"
                )
            self.mode = mode
        elif self.running and not snapshot.compressor_running:
            self.stopped_at = snapshot.elapsed_s
        elif (
            snapshot.compressor_running
            and self.mode != mode
            and {self.mode, mode}
            >= {
                "heat",
                "cool",
            }
        ):
            self.violations.append(f"direct reversal {self.mode} -> {mode}")
        self.running = snapshot.compressor_running


def _unit_mode(bridge: SimulatedBridge) -> str:
    """Return the mode the simulated unit runs in."""
    return str(bridge.unit.desired.mode.value)


async def _set_mode(hass: HomeAssistant, entity_id: str, mode: str) -> None:
    """Ask the climate entity for a mode with a set point that keeps the thermostat calling."""
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: entity_id, ATTR_TEMPERATURE: TARGETS[mode], ATTR_HVAC_MODE: mode},
        blocking=True,
    )


async def _tick(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: int,
    log: CompressorLog,
    bridge: SimulatedBridge,
) -> None:
    """Move the clock in ticks of the simulated unit, sampling the compressor each tick."""
    for _ in range(seconds // TICK_S):
        freezer.tick(timedelta(seconds=TICK_S))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        log.sample(bridge)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["off", "heat", "cool", "dry", "fan_only"]),
            st.sampled_from([0, 5, 60, 175, 295, 305, 420]),
        ),
        min_size=1,
        max_size=8,
    )
)
async def test_no_command_sequence_breaks_the_off_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, steps: list[tuple[str, int]]
) -> None:
    """Whatever is asked and when, the compressor never restarts or reverses too soon.

    The simulated unit is made unprotected (its own off time 0), so only the integration's
    protection stands between the commands and the compressor; the last command always lands.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Unprotected",
        data={
            "bridge": "simulated",
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["cool", "heat", "dry", "fan_only"],
        },
        options={
            "outdoor_temperature": 2.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            CONF_MIN_OFF_SECONDS: MIN_OFF_S,
        },
    )
    entry.add_to_hass(hass)
    unprotected = partial(SimulatorSettings, compressor_min_off_s=0.0)
    with patch(
        "custom_components.window_heatpump.bridges.simulated.bridge.SimulatorSettings", unprotected
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    bridge = entry.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    entity_id = "climate.unprotected"
    log = CompressorLog()
    try:
        for mode, wait in steps:
            await _set_mode(hass, entity_id, mode)
            log.sample(bridge)
            await _tick(hass, freezer, wait, log, bridge)
        await _tick(hass, freezer, MIN_OFF_S + 2 * TICK_S, log, bridge)
        assert not log.violations
        # Held, never dropped: the last command is what the unit runs in the end.
        assert bridge.unit.desired.mode.value == steps[-1][0]
        assert entry.runtime_data.control.protection.held is None
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.config_entries.async_remove(entry.entry_id)


async def test_reversal_is_held_and_shown(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Heat to cool stops the compressor at once and shows the held cool until it may start."""
    bridge = init_integration.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    log = CompressorLog(min_off_s=180)
    await _set_mode(hass, "climate.bedroom", "heat")
    await _tick(hass, freezer, 60, log, bridge)
    assert bridge.unit.snapshot().compressor_running
    await _set_mode(hass, "climate.bedroom", "cool")
    log.sample(bridge)
    assert _unit_mode(bridge) == "fan_only"
    sensor = hass.states.get("sensor.bedroom_compressor_protection")
    assert sensor is not None
    assert sensor.state == "reversal"
    assert sensor.attributes["held_mode"] == "cool"
    climate = hass.states.get("climate.bedroom")
    assert climate is not None
    assert climate.state == "cool"
    assert "compressor_held_until" in climate.attributes
    await _tick(hass, freezer, 175, log, bridge)
    assert _unit_mode(bridge) == "fan_only"
    await _tick(hass, freezer, 10, log, bridge)
    assert _unit_mode(bridge) == "cool"
    sensor = hass.states.get("sensor.bedroom_compressor_protection")
    assert sensor is not None
    assert sensor.state == "ready"
    assert not log.violations


def _climate(hass: HomeAssistant) -> dict[str, Any]:
    """Return the bedroom climate's state and attributes in one dict."""
    state = hass.states.get("climate.bedroom")
    assert state is not None
    return {"state": state.state, **state.attributes}


def _bridge(entry: MockConfigEntry) -> SimulatedBridge:
    """Return the simulated unit's bridge of the entry as it is set up now."""
    bridge = entry.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    return bridge


async def _heat_then(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, mode: str
) -> CompressorLog:
    """Heat for a minute (the compressor runs), then ask for `mode`; return the log."""
    log = CompressorLog(min_off_s=180)
    await _set_mode(hass, "climate.bedroom", "heat")
    await _tick(hass, freezer, 60, log, _bridge(entry))
    await _set_mode(hass, "climate.bedroom", mode)
    return log


async def _restart(hass: HomeAssistant, entry: MockConfigEntry) -> SimulatedBridge:
    """Reload the unit, as a restart of Home Assistant does; return its new bridge."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    return _bridge(entry)


async def test_held_command_survives_a_restart(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A reversal held when Home Assistant restarts is shown and sent once the off time is over.

    The off time counts from the stop before the restart, as it was stored.
    """
    log = await _heat_then(hass, init_integration, freezer, "cool")
    assert _unit_mode(_bridge(init_integration)) == "fan_only"
    held_until = _climate(hass)["compressor_held_until"]
    bridge = await _restart(hass, init_integration)
    climate = _climate(hass)
    assert (climate["state"], climate["temperature"]) == ("cool", 16)
    assert climate["compressor_held_until"] == held_until
    assert climate["compressor_held_mode"] == "cool"
    assert _unit_mode(bridge) == "fan_only"
    await _tick(hass, freezer, 175, log, bridge)
    assert _unit_mode(bridge) == "fan_only"
    await _tick(hass, freezer, 10, log, bridge)
    assert _unit_mode(bridge) == "cool"
    assert "compressor_held_until" not in _climate(hass)


async def test_a_stop_before_a_restart_still_holds_the_next_start(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The stop time is stored: a start right after a restart waits out the off time."""
    log = await _heat_then(hass, init_integration, freezer, "off")
    bridge = await _restart(hass, init_integration)
    await _set_mode(hass, "climate.bedroom", "heat")
    assert _unit_mode(bridge) == "off"
    assert _climate(hass)["compressor_held_mode"] == "heat"
    await _tick(hass, freezer, 185, log, bridge)
    assert _unit_mode(bridge) == "heat"


async def test_a_compressor_that_stopped_while_down_counts_from_the_start(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A compressor running when Home Assistant stopped and found stopped waits from the start.

    When it stopped is not known, so the off time counts from the start.
    """
    key = store_key(EntryStore.COMPRESSOR, mock_config_entry.entry_id)
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {"stopped_at": None, "running": True, "held": None, "reversal": False},
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await _set_mode(hass, "climate.bedroom", "heat")
    assert _unit_mode(_bridge(mock_config_entry)) == "off"
    await _tick(hass, freezer, 185, CompressorLog(min_off_s=180), _bridge(mock_config_entry))
    assert _unit_mode(_bridge(mock_config_entry)) == "heat"


@pytest.mark.parametrize("restart", [False, True])
async def test_turn_on_after_a_held_reversal_goes_back_to_what_was_asked(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    restart: bool,
) -> None:
    """The fan only a reversal keeps the unit in is no mode the user chose: turn_on skips it."""
    log = await _heat_then(hass, init_integration, freezer, "cool")
    # The unit reports where it is kept while the cooling waits.
    await _tick(hass, freezer, 30, log, _bridge(init_integration))
    assert _unit_mode(_bridge(init_integration)) == "fan_only"
    if restart:
        await _restart(hass, init_integration)
    for service in ("turn_off", "turn_on"):
        await hass.services.async_call(
            CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: "climate.bedroom"}, blocking=True
        )
    assert _climate(hass)["state"] == "cool"


@pytest.mark.parametrize(
    ("held", "logged", "released"),
    [
        # What the unit already has: nothing is sent, the hold ends (its logbook line).
        (
            {"mode": "off", "target_temperature": 21.0, "fan_speed": "auto", "swing": "off"},
            False,
            1,
        ),
        # Not a state at all: ignored with one log line.
        ({"mode": "warm"}, True, 0),
    ],
    ids=["already_taken", "unreadable"],
)
async def test_a_stored_hold_the_unit_does_not_need(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    held: dict[str, Any],
    logged: bool,
    released: int,
) -> None:
    """A stored hold is dropped when the unit has it already, or when it cannot be read."""
    key = store_key(EntryStore.COMPRESSOR, mock_config_entry.entry_id)
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {"stopped_at": None, "running": False, "held": held, "reversal": False},
    }
    events = async_capture_events(hass, EVENT_COMMAND_RELEASED)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.runtime_data.control.protection.held is None
    assert _unit_mode(_bridge(mock_config_entry)) == "off"
    assert len(events) == released
    assert caplog.text.count("stored compressor protection cannot be read") == int(logged)
