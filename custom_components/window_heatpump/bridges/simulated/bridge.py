"""The simulated unit: a physical model of a window heat pump behind the bridge interface.

It lets anyone try the integration with no hardware, and gives the tests and the demo a
unit that heats, cools, frosts and defrosts. Its clock is Home Assistant's, so tests drive
it with the time helpers; a speed factor runs it faster than real time for the demo.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ...const import (
    CONF_CAPACITY_BTU,
    CONF_INTAKE_BIAS_COOL,
    CONF_INTAKE_BIAS_HEAT,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_REPORTS_DEFROST,
    CONF_SPEED,
    DEFAULT_CAPACITY_BTU,
    DEFAULT_OUTDOOR_HUMIDITY,
    DEFAULT_OUTDOOR_TEMPERATURE_C,
    DEFAULT_SPEED,
)
from ...model import (
    Action,
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    Swing,
    UnitState,
    from_celsius,
    to_celsius,
)
from ...unit_details import capabilities_from_details
from ..base import AvailabilityListener, BridgeConnectionError, NoticeListener, StateListener
from ..oneway import AssumedStateStore
from .physics import Intake, SimulatorSettings
from .unit import SimulatedUnit

# How often the model advances and reports; at demo speed one tick is minutes of unit time.
TICK = timedelta(seconds=5)
# A clock jump (suspend, a test moving time by days) is integrated, but at most one day of
# unit time at once: a day costs the event loop about 50 ms.
MAX_ADVANCE_S = 24 * 3600.0
START_ROOM_TEMPERATURE_C = 17.0
START_ROOM_HUMIDITY = 50.0
# Like units with a filter sensor (Midea), it reports the filter once half clogged.
FILTER_ALERT_DIRT = 0.5
BEDROOM = SimulatorSettings()
# Without a Follow Me this long the model takes its own sensor back, as a Midea unit does when
# its remote is out of the room (the real units' timeout is not published; a model choice).
FOLLOW_ME_TIMEOUT = timedelta(minutes=7)

SIMULATED_CAPABILITIES = Capabilities(
    modes=(Mode.OFF, Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY, Mode.AUTO),
    fan_speeds=(FanSpeed.AUTO, FanSpeed.QUIET, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH),
    swings=(Swing.OFF, Swing.VERTICAL),
    reports_humidity=True,
    reports_outdoor_temperature=True,
    reports_defrost=True,
    reports_power=True,
    follow_me=True,
    manufacturer="Simulator",
    model="Simulated window heat pump",
    firmware="simulator 1",
)


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> SimulatedBridge:
    """Build the simulated unit an entry describes."""
    speed = float(entry.options.get(CONF_SPEED, DEFAULT_SPEED))
    # Reports defrosting off: behave like the many units (IR, MQTT) that never say it.
    capabilities = replace(
        capabilities_from_details(entry.data, SIMULATED_CAPABILITIES),
        time_scale=speed,
        reports_defrost=bool(entry.options.get(CONF_REPORTS_DEFROST, True)),
    )
    unit = SimulatedUnit(
        SimulatorSettings(
            capacity_btu=int(entry.data.get(CONF_CAPACITY_BTU, DEFAULT_CAPACITY_BTU))
        ),
        room_temperature_c=START_ROOM_TEMPERATURE_C,
        room_humidity_pct=START_ROOM_HUMIDITY,
        outdoor_temperature_c=float(
            entry.options.get(CONF_OUTDOOR_TEMPERATURE, DEFAULT_OUTDOOR_TEMPERATURE_C)
        ),
        outdoor_humidity_pct=float(
            entry.options.get(CONF_OUTDOOR_HUMIDITY, DEFAULT_OUTDOOR_HUMIDITY)
        ),
    )
    unit.intake = Intake(
        heat_bias_k=float(entry.options.get(CONF_INTAKE_BIAS_HEAT, 0.0)),
        cool_bias_k=float(entry.options.get(CONF_INTAKE_BIAS_COOL, 0.0)),
    )
    return SimulatedBridge(
        hass, capabilities, unit, speed=speed, store=AssumedStateStore(hass, entry.entry_id)
    )


class SimulatedBridge:
    """Drive a `SimulatedUnit` on Home Assistant's clock and report it like a real unit."""

    pushes = True

    def __init__(
        self,
        hass: HomeAssistant,
        capabilities: Capabilities,
        unit: SimulatedUnit,
        *,
        speed: float = DEFAULT_SPEED,
        store: AssumedStateStore | None = None,
    ) -> None:
        """Initialize the bridge around a simulated unit; `store` keeps its settings."""
        self._hass = hass
        self._store = store
        self._capabilities = capabilities
        self._unit = unit
        self._speed = speed
        self._desired = DesiredState(
            mode=Mode.OFF,
            target_temperature=capabilities.clamp_temperature(
                from_celsius(21.0, capabilities.temperature_unit)
            ),
        )
        self._reachable = True
        self._last_advance: datetime | None = None
        self._on_state: StateListener | None = None
        self._on_availability: AvailabilityListener | None = None
        self._unsub_tick: CALLBACK_TYPE | None = None
        self._followed_at: datetime | None = None

    @property
    def capabilities(self) -> Capabilities:
        """Return what the simulated unit can do."""
        return self._capabilities

    @property
    def unit(self) -> SimulatedUnit:
        """Return the physical model, for the simulator's own actions."""
        return self._unit

    async def async_connect(
        self, on_state: StateListener, on_availability: AvailabilityListener
    ) -> None:
        """Take the settings the unit had before Home Assistant stopped; start the clock.

        The unit is told them only now, as a real unit keeps running while Home Assistant
        starts (a test may hand the same model to the next set-up).
        """
        if self._store is not None and (desired := await self._store.async_load()) is not None:
            self._desired = desired
        self._unit.set_desired(self._desired_in_celsius())
        self._on_state = on_state
        self._on_availability = on_availability
        self._last_advance = dt_util.utcnow()
        self._unsub_tick = async_track_time_interval(
            self._hass, self._async_tick, TICK, name="window_heatpump simulated unit"
        )

    async def async_close(self) -> None:
        """Stop the model's clock; write its settings."""
        if self._unsub_tick is not None:
            self._unsub_tick()
            self._unsub_tick = None
        if self._store is not None:
            await self._store.async_flush()
        self._on_state = self._on_availability = None

    async def async_get_state(self) -> UnitState:
        """Return the model's state as the unit would report it."""
        if not self._reachable:
            raise BridgeConnectionError("the simulated unit is unplugged")
        self._advance_to_now()
        return self._unit_state()

    async def async_send(self, desired: DesiredState) -> None:
        """Hand a whole desired state to the model."""
        if not self._reachable:
            raise BridgeConnectionError("the simulated unit is unplugged")
        self._advance_to_now()
        self._desired = desired
        self._unit.set_desired(self._desired_in_celsius())
        if self._store is not None:
            self._store.save(desired)
        self._push()

    async def async_send_room_temperature(self, temperature: float) -> None:
        """Take a Follow Me room temperature: the model regulates on it until it times out."""
        if not self._reachable:
            raise BridgeConnectionError("the simulated unit is unplugged")
        self._advance_to_now()
        celsius = to_celsius(temperature, self._capabilities.temperature_unit)
        self._unit.intake = replace(self._unit.intake, follow_me_c=celsius)
        self._followed_at = dt_util.utcnow()

    @callback
    def set_conditions(  # noqa: PLR0913 - every condition the action can change
        self,
        *,
        outdoor_temperature_c: float | None = None,
        outdoor_humidity: float | None = None,
        filter_dirt: float | None = None,
        coil_blockage: float | None = None,
        room_thermal_mass: float | None = None,
        compressor_failed: bool | None = None,
        reachable: bool | None = None,
    ) -> None:
        """Change the weather, the filter, the coil, the room, the compressor or the plug."""
        self._advance_to_now()
        snapshot = self._unit.snapshot()
        if outdoor_temperature_c is not None or outdoor_humidity is not None:
            self._unit.set_outdoor(
                snapshot.outdoor_temperature_c
                if outdoor_temperature_c is None
                else outdoor_temperature_c,
                snapshot.outdoor_humidity_pct if outdoor_humidity is None else outdoor_humidity,
            )
        if filter_dirt is not None:
            self._unit.set_filter_dirt(filter_dirt)
        if coil_blockage is not None:
            self._unit.set_coil_blockage(coil_blockage)
        if room_thermal_mass is not None:
            # A fraction of the model bedroom's: a small bare room makes the unit oversized.
            self._unit.set_room_heat_capacity(
                BEDROOM.room_heat_capacity_j_per_k * room_thermal_mass
            )
        if compressor_failed is not None:
            self._unit.set_compressor_failed(compressor_failed)
        if reachable is not None and reachable is not self._reachable:
            self._reachable = reachable
            if self._on_availability is not None:
                self._on_availability(reachable)
        self._push()

    def diagnostics(self) -> dict[str, Any]:
        """Return the model's internals."""
        return {
            "speed": self._speed,
            "reachable": self._reachable,
            "compressor_restart_in_s": self._unit.compressor_restart_in_s,
            "model": self._unit.snapshot().as_dict(),
        }

    @callback
    def _async_tick(self, now: datetime) -> None:
        """Advance the model to Home Assistant's clock and report."""
        self._advance_to_now()
        if self._followed_at is not None and now - self._followed_at >= FOLLOW_ME_TIMEOUT:
            self._followed_at = None
            self._unit.intake = replace(self._unit.intake, follow_me_c=None)
        self._push()

    def _advance_to_now(self) -> None:
        """Integrate the model over the time since it last ran."""
        now = dt_util.utcnow()
        if self._last_advance is not None:
            elapsed = (now - self._last_advance).total_seconds()
            if elapsed > 0:
                self._unit.advance(min(elapsed * self._speed, MAX_ADVANCE_S))
        self._last_advance = now

    def _push(self) -> None:
        """Report the model's state, unless the unit is unplugged."""
        if self._reachable and self._on_state is not None:
            self._on_state(self._unit_state())

    def _desired_in_celsius(self) -> DesiredState:
        """Return the desired state with the set point in °C, as the model takes it."""
        return self._desired.with_changes(
            target_temperature=to_celsius(
                self._desired.target_temperature, self._capabilities.temperature_unit
            )
        )

    def _unit_state(self) -> UnitState:
        """Return the model's snapshot in the unit's own temperature unit."""
        snapshot = self._unit.snapshot()
        unit = self._capabilities.temperature_unit
        reports_defrost = self._capabilities.reports_defrost
        action = snapshot.action
        if action is Action.DEFROSTING and not reports_defrost:
            action = Action.HEATING
        return UnitState(
            desired=self._desired,
            action=action,
            current_temperature=round(
                from_celsius(
                    self._unit.intake.reading(snapshot.room_temperature_c, self._unit.desired), unit
                ),
                1,
            ),
            current_humidity=round(snapshot.room_humidity_pct),
            outdoor_temperature=round(from_celsius(snapshot.outdoor_temperature_c, unit), 1),
            compressor_running=snapshot.compressor_running,
            defrosting=snapshot.defrosting if reports_defrost else None,
            power_w=round(snapshot.power_w),
            filter_alert=snapshot.filter_dirt >= FILTER_ALERT_DIRT,
        )
