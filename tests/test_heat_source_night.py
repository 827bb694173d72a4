"""The suite's short version of scripts/season's money part: one night and a morning's peak.

Three simulated bedrooms, learned, heat the same night (-2 °C outside, 16 °C until 21 °C ready by
06:30) at the season's price curve: the cheaper source, the heat pump always, a fixed lockout
at 0 °C. Each backup is a gas heater (0.08 per kWh, 90 %) whose heat the test adds to its room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import (
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_HVAC_MODES,
    CONF_TEMPERATURE_UNIT,
    DOMAIN,
)

from .test_learning import learned_week

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 1, 5, 0, 15, tzinfo=BERLIN)
MORNING = datetime(2026, 1, 5, 6, 30, tzinfo=BERLIN)
END = datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN)
PRICE = "sensor.electricity_price"
GAS, EFFICIENCY, BACKUP_W = 0.08, 0.9, 2500.0
BLOCKS = [
    {"days": "daily", "start": "06:30", "mode": "heat", "temperature": 21, "ready_by": True},
    {"days": "daily", "start": "22:00", "mode": "heat", "temperature": 16},
]
POLICIES: dict[str, dict[str, Any]] = {
    "cheaper": {
        "balance_point": -5.0,
        "lockout_learned": True,
        "lockout_cheaper": True,
        "electricity_price": PRICE,
        "backup_kind": "fuel",
        "fuel_price": GAS,
        "fuel_efficiency": EFFICIENCY * 100,
    },
    "heat_pump": {},
    "lockout": {"balance_point": 0.0},
}


@dataclass
class Room:
    """One policy's bedroom, its backup and its bill."""

    entry: MockConfigEntry
    backup: str
    money: float = 0.0
    burning: bool = False
    at_morning: float | None = None


def _price(hour: float) -> float:
    """Return the season's price curve: peaks 07-09 and 17-20, cheaper at night."""
    if 7 <= hour < 9 or 17 <= hour < 20:
        return 0.40
    return 0.25 if 6.5 <= hour < 23 else 0.18


async def _room(hass: HomeAssistant, policy: str) -> Room:
    """Set up one policy's bedroom (named after it) with its backup heater and schedule."""
    backup = f"input_boolean.backup_{policy}"
    options: dict[str, Any] = {"outdoor_temperature": -2.0, "outdoor_humidity": 85.0, "speed": 1.0}
    options.update(POLICIES[policy])
    if policy != "heat_pump":
        options["backup_heater"] = backup
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=policy,
        unique_id=f"night_{policy}",
        data={
            CONF_BRIDGE: BRIDGE_SIMULATED,
            CONF_CAPACITY_BTU: 8000,
            CONF_TEMPERATURE_UNIT: "°C",
            CONF_HVAC_MODES: ["heat", "fan_only"],
        },
        options=options,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entry.runtime_data.learning.estimator = learned_week()
    await hass.services.async_call(
        DOMAIN,
        "set_schedule",
        {"config_entry_id": entry.entry_id, "name": "Night", "blocks": BLOCKS},
        blocking=True,
    )
    return Room(entry, backup)


def _gas_heater(hass: HomeAssistant, room: Room) -> None:
    """Be the backup's thermostat: burn below the set point, stop 0.3 K above it."""
    bridge: SimulatedBridge = room.entry.runtime_data.bridge
    requested = room.entry.runtime_data.control.lockout.requested
    target = 21.0 if requested is None else requested.target_temperature
    temperature = bridge.unit.snapshot().room_temperature_c
    if not hass.states.is_state(room.backup, "on"):
        room.burning = False
    elif temperature < target - 0.3:
        room.burning = True
    elif temperature > target + 0.3:
        room.burning = False
    bridge.unit.other_heat_w = BACKUP_W if room.burning else 0.0


async def test_the_cheaper_source_costs_least_and_is_warm_by_its_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Cheaper than both other policies over the night and the peak; warm at 06:30."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(MONDAY)
    hass.states.async_set(PRICE, "0.18", {"unit_of_measurement": "EUR/kWh"})
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {f"backup_{policy}": {} for policy in POLICIES}},
    )
    rooms = {policy: await _room(hass, policy) for policy in POLICIES}
    when = MONDAY
    while when < END:
        hour = when.hour + when.minute / 60
        price = _price(hour)
        hass.states.async_set(PRICE, f"{price:.2f}", {"unit_of_measurement": "EUR/kWh"})
        for room in rooms.values():
            _gas_heater(hass, room)
        when += timedelta(minutes=1)
        freezer.move_to(when)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        for room in rooms.values():
            snapshot = room.entry.runtime_data.bridge.unit.snapshot()
            room.money += snapshot.power_w * 60 / 3.6e6 * price
            if room.burning:
                room.money += BACKUP_W * 60 / 3.6e6 / EFFICIENCY * GAS
            if when == MORNING:
                room.at_morning = snapshot.room_temperature_c
    cheaper = rooms["cheaper"]
    assert cheaper.money < rooms["heat_pump"].money
    assert cheaper.money < rooms["lockout"].money
    # The short version's bound: within 1 K of 21 °C at 06:30 (the season's: 0.5 K).
    assert cheaper.at_morning == pytest.approx(21.0, abs=1.0)
    # The gas heater took the morning's peak: heating went over for the price.
    lockout = hass.states.get("sensor.cheaper_outdoor_lockout")
    assert lockout is not None
    assert lockout.state == "backup"
    assert lockout.attributes["reason"] == "price"
    assert lockout.attributes["cop_source"] == "learned"
