"""Money: the same winter heated by three policies, with a gas backup heater that really heats.

"Cheaper source" (the lockout's cheaper mode, below the learned balance point the backup
whatever the price), "heat pump always" (no lockout) and "fixed lockout at 0 °C" heat the
bedroom through the schedule engine (21 °C ready by 06:30, 16 °C from 22:30). The backup is an
`input_boolean` the lockout turns on; the script is its thermostat and adds its heat to the
simulated room (`SimulatedUnit.other_heat_w`). The electricity price curve is a sensor the
integration reads. Money is the unit's electricity at the price of the moment plus the gas the
backup burned; a morning is missed when the room is below 20.5 °C (21 °C less 0.5 K) at 06:30.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
import tempfile
from typing import Any

from freezegun import freeze_time
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_test_home_assistant,
)
from season_harness import bedroom, winter_weather
from season_world import (
    BEDROOM_BTU,
    COMFORT_HEAT_C,
    DAY_S,
    GOAL_ARRIVAL_K,
    MORNING_FROM_DAY,
    MORNING_H,
    NIGHT_C,
    START,
    WINTER,
    price,
)

from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import DOMAIN

BACKUP = "input_boolean.backup_heater"
PRICE_SENSOR = "sensor.electricity_price"
GAS_PER_KWH = 0.10
GAS_EFFICIENCY_PCT = 90.0
# The gas heater's output and its own thermostat's band around the set point.
BACKUP_W = 2500.0
BACKUP_BAND_K = 0.3
# Until the room is learned the cheaper mode's balance point is the user's.
USER_BALANCE_C = -5.0
MONEY_DAYS = 14
POLICIES: dict[str, dict[str, Any]] = {
    "Cheaper source": {
        "backup_heater": BACKUP,
        "balance_point": USER_BALANCE_C,
        "lockout_learned": True,
        "lockout_cheaper": True,
        "electricity_price": PRICE_SENSOR,
        "backup_kind": "fuel",
        "fuel_price": GAS_PER_KWH,
        "fuel_efficiency": GAS_EFFICIENCY_PCT,
    },
    "Heat pump always": {},
    "Fixed lockout at 0 °C": {"backup_heater": BACKUP, "balance_point": 0.0},
}


@dataclass
class Bill:
    """What one policy cost over the winter, and how its mornings were."""

    policy: str
    electricity_kwh: float = 0.0
    electricity_cost: float = 0.0
    gas_kwh: float = 0.0
    backup_hours: float = 0.0
    arrivals: list[float] = field(default_factory=list)
    # The integration's own "heating cost today" at the end of each day (cheaper policy).
    sensor_days: list[float] = field(default_factory=list)

    @property
    def gas_cost(self) -> float:
        """Return the gas burned, priced."""
        return self.gas_kwh * GAS_PER_KWH

    @property
    def missed(self) -> int:
        """Return the mornings the room was below the set point less 0.5 K at 06:30."""
        return sum(arrival < COMFORT_HEAT_C - GOAL_ARRIVAL_K for arrival in self.arrivals)


def _set_price(hass: HomeAssistant, now_s: float) -> None:
    """Publish the price curve's price of the moment as the price sensor."""
    hass.states.async_set(PRICE_SENSOR, f"{price(now_s):.2f}", {"unit_of_measurement": "EUR/kWh"})


async def _setup(hass: HomeAssistant, policy: str) -> Any:
    """Set the backup heater, the price and the bedroom up with the policy's options."""
    if not await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"backup_heater": {}}}
    ):
        raise RuntimeError("the backup heater did not set up")
    _set_price(hass, 0)
    entry = await bedroom(hass, WINTER, BEDROOM_BTU, **POLICIES[policy])
    blocks = [
        {
            "days": "daily",
            "start": "06:30",
            "mode": "heat",
            "temperature": COMFORT_HEAT_C,
            "ready_by": True,
        },
        {"days": "daily", "start": "22:30", "mode": "heat", "temperature": NIGHT_C},
    ]
    await hass.services.async_call(
        DOMAIN,
        "set_schedule",
        {"config_entry_id": entry.entry_id, "name": "Winter", "blocks": blocks},
        blocking=True,
    )
    return entry


def _backup_heat(
    hass: HomeAssistant, entry: Any, bridge: SimulatedBridge, *, heating: bool
) -> bool:
    """Return whether the gas heater burns now: on, and its thermostat calls for heat."""
    state = hass.states.get(BACKUP)
    if state is None or state.state != "on":
        return False
    requested = entry.runtime_data.control.lockout.requested
    target = COMFORT_HEAT_C if requested is None else requested.target_temperature
    room = bridge.unit.snapshot().room_temperature_c
    if room < target - BACKUP_BAND_K:
        return True
    return heating and room < target + BACKUP_BAND_K


async def run_policy(
    policy: str, days: int, tick_s: int, judge_from: int = MORNING_FROM_DAY
) -> Bill:
    """Heat the winter's first `days` days by one policy; return its bill and mornings."""
    bill = Bill(policy)
    with tempfile.TemporaryDirectory() as folder, freeze_time(START) as frozen:
        async with async_test_home_assistant(config_dir=folder) as hass:
            entry = await _setup(hass, policy)
            bridge: SimulatedBridge = entry.runtime_data.bridge
            burning = False
            for step in range(days * DAY_S // tick_s):
                now_s = step * tick_s
                day, hour = int(now_s // DAY_S), now_s / 3600 % 24
                winter_weather(bridge, now_s)
                if now_s % 1800 == 0:
                    _set_price(hass, now_s)
                if hour == MORNING_H and day >= judge_from:
                    bill.arrivals.append(bridge.unit.snapshot().room_temperature_c)
                burning = _backup_heat(hass, entry, bridge, heating=burning)
                bridge.unit.other_heat_w = BACKUP_W if burning else 0.0
                frozen.tick(timedelta(seconds=tick_s))
                async_fire_time_changed(hass)
                await hass.async_block_till_done()
                kwh = bridge.unit.snapshot().power_w * tick_s / 3.6e6
                bill.electricity_kwh += kwh
                bill.electricity_cost += kwh * price(now_s)
                if burning:
                    bill.gas_kwh += BACKUP_W * tick_s / 3.6e6 / (GAS_EFFICIENCY_PCT / 100)
                if hass.states.is_state(BACKUP, "on"):
                    bill.backup_hours += tick_s / 3600
                if (now_s + 2 * tick_s) % DAY_S == 0:
                    cost = hass.states.get("sensor.bedroom_heating_cost_today")
                    if cost is not None and cost.state not in ("unknown", "unavailable"):
                        bill.sensor_days.append(float(cost.state))
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
    return bill


def money_table(bills: list[Bill], days: int, judge_from: int = MORNING_FROM_DAY) -> list[str]:
    """Return the money and the mornings of each policy, and whether the goal is met."""
    lines = [
        (
            f"**Money, winter days 1-{days}, {BEDROOM_BTU} BTU/h unit, gas backup "
            f"({GAS_PER_KWH:.2f} per kWh, {GAS_EFFICIENCY_PCT:.0f} % efficient, "
            f"{BACKUP_W / 1000:g} kW)** (21 °C ready by 06:30, 16 °C from 22:30; mornings "
            f"of days {judge_from + 1}-{days}, once the room is learned)"
        ),
        "",
        (
            "| Policy | Electricity | Gas | Backup on | Money | Mornings missed "
            "(below 20.5 °C at 06:30) |"
        ),
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for bill in bills:
        money = bill.electricity_cost + bill.gas_cost
        lines.append(
            f"| {bill.policy} | {bill.electricity_kwh:.1f} kWh ({bill.electricity_cost:.2f}) | "
            f"{bill.gas_kwh:.1f} kWh ({bill.gas_cost:.2f}) | {bill.backup_hours:.0f} h | "
            f"{money:.2f} | {bill.missed} of {len(bill.arrivals)} |"
        )
    cheaper, *others = bills
    total = cheaper.electricity_cost + cheaper.gas_cost
    beats = all(total < other.electricity_cost + other.gas_cost for other in others)
    met = "yes" if beats and cheaper.missed == 0 else "NO"
    lines += [
        "",
        (
            f"Goal (cheaper than both, no morning missed): {met}. The integration's own "
            f"heating cost sensor summed over the days: {sum(cheaper.sensor_days):.2f} "
            "(the heat pump's electricity only; gas has no meter)."
        ),
        "",
    ]
    return lines
