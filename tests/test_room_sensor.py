"""Tests of room-sensor regulation (offset, Follow Me, fallback) on the simulated unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import mean
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.bridges.simulated import bridge as simulated
from custom_components.window_heatpump.bridges.simulated.bridge import SimulatedBridge
from custom_components.window_heatpump.const import (
    BRIDGE_SIMULATED,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_HUMIDITY_SENSOR,
    CONF_HVAC_MODES,
    CONF_INTAKE_BIAS_HEAT,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_SPEED,
    CONF_TEMPERATURE_SENSOR,
    CONF_TEMPERATURE_UNIT,
    DOMAIN,
)
from custom_components.window_heatpump.control.room_offset import OffsetFilter, ShiftMemory
from custom_components.window_heatpump.control.room_sensor import (
    ATTR_REGULATED_ON,
    ATTR_ROOM_REGULATION,
    CONF_REGULATION,
    Regulation,
)
from custom_components.window_heatpump.flow.room_sensor import regulations_from_data
from custom_components.window_heatpump.model import DesiredState, Mode

from .control_helpers import CLIMATE, heat
from .flow_helpers import finish_room

ROOM = "sensor.bedroom_temperature"
HUMIDITY = "sensor.bedroom_humidity"
# How often the room sensor reports (a typical Zigbee sensor on change, at most every minute).
SENSOR_EVERY_S = 60


def _entry(regulation: Regulation | None, *, bias: float = 2.0) -> MockConfigEntry:
    """Return a simulated unit whose intake reads `bias` K above the room while heating."""
    data: dict[str, Any] = {
        CONF_BRIDGE: BRIDGE_SIMULATED,
        CONF_CAPACITY_BTU: 8000,
        CONF_TEMPERATURE_UNIT: "°C",
        CONF_HVAC_MODES: ["cool", "heat", "dry", "fan_only", "auto"],
    }
    if regulation is not None:
        data |= {
            CONF_TEMPERATURE_SENSOR: ROOM,
            CONF_HUMIDITY_SENSOR: HUMIDITY,
            CONF_REGULATION: regulation.value,
        }
    return MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id="simulated_bedroom",
        data=data,
        options={
            CONF_OUTDOOR_TEMPERATURE: 2.0,
            CONF_OUTDOOR_HUMIDITY: 85.0,
            CONF_SPEED: 1.0,
            CONF_INTAKE_BIAS_HEAT: bias,
        },
    )


def _bridge(entry: MockConfigEntry) -> SimulatedBridge:
    """Return the simulated unit's bridge."""
    bridge = entry.runtime_data.bridge
    assert isinstance(bridge, SimulatedBridge)
    return bridge


def _report_room(hass: HomeAssistant, bridge: SimulatedBridge) -> None:
    """Let the room sensor report the room's true temperature (and humidity)."""
    snapshot = bridge.unit.snapshot()
    hass.states.async_set(
        ROOM, f"{snapshot.room_temperature_c:.1f}", {ATTR_UNIT_OF_MEASUREMENT: "°C"}
    )
    hass.states.async_set(
        HUMIDITY, f"{snapshot.room_humidity_pct:.0f}", {ATTR_UNIT_OF_MEASUREMENT: "%"}
    )


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> SimulatedBridge:
    """Report the room once, then set the unit up."""
    hass.states.async_set(ROOM, "17.0", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    hass.states.async_set(HUMIDITY, "50", {ATTR_UNIT_OF_MEASUREMENT: "%"})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return _bridge(entry)


async def _run(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    bridge: SimulatedBridge,
    seconds: int,
    *,
    sensor: bool = True,
) -> list[float]:
    """Run the clock in 5 s steps, the sensor reporting each minute; return the room's minutes."""
    rooms: list[float] = []
    for tick in range(seconds // 5):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        if (tick * 5) % SENSOR_EVERY_S == 0:
            rooms.append(bridge.unit.snapshot().room_temperature_c)
            if sensor:
                _report_room(hass, bridge)
    return rooms


async def _heated_an_hour(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> SimulatedBridge:
    """Set the unit up and heat to 21 °C for an hour; return its bridge."""
    bridge = await _set_up(hass, entry)
    await heat(hass, 21.0)
    await _run(hass, freezer, bridge, 3600)
    return bridge


async def _settled_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, regulation: Regulation | None
) -> float:
    """Heat to 21 °C for three hours; return the room's mean over the last hour."""
    bridge = await _set_up(hass, _entry(regulation))
    await heat(hass, 21.0)
    rooms = await _run(hass, freezer, bridge, 3 * 3600)
    return mean(rooms[-60:])


@pytest.mark.parametrize(
    ("regulation", "low", "high"),
    [
        # The unit regulates its intake to 21 °C: the room stays about 2 K below.
        (None, 18.5, 19.5),
        (Regulation.OFFSET, 20.5, 21.5),
        (Regulation.FOLLOW_ME, 20.5, 21.5),
    ],
)
async def test_room_settles_at_the_set_point(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    regulation: Regulation | None,
    low: float,
    high: float,
) -> None:
    """With a +2 K heating bias the room settles at the set point only with regulation."""
    settled = await _settled_room(hass, freezer, regulation)
    print(f"room-sensor regulation {regulation}: room settles at {settled:.2f} °C")  # noqa: T201
    assert low <= settled <= high


async def test_climate_shows_the_room_and_keeps_the_user_set_point(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The climate shows the room sensor, names it, and keeps the set point asked for."""
    bridge = await _heated_an_hour(hass, freezer, _entry(Regulation.OFFSET))
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes["temperature"] == 21.0
    assert state.attributes[ATTR_REGULATED_ON] == ROOM
    assert state.attributes[ATTR_ROOM_REGULATION] == "offset"
    assert state.attributes["current_temperature"] == float(hass.states.get(ROOM).state)  # type: ignore[union-attr]
    assert state.attributes["current_humidity"] == float(hass.states.get(HUMIDITY).state)  # type: ignore[union-attr]
    # The unit is sent the room's set point shifted by what its intake reads above the room.
    assert bridge.unit.desired.target_temperature == 23.0


async def test_sensor_away_falls_back_at_once_and_raises_an_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """An unavailable sensor hands regulation back at once; an issue after 15 min; cleared."""
    entry = _entry(Regulation.OFFSET)
    bridge = await _heated_an_hour(hass, freezer, entry)
    assert bridge.unit.desired.target_temperature == 23.0
    hass.states.async_set(ROOM, STATE_UNAVAILABLE)
    await _run(hass, freezer, bridge, 60, sensor=False)
    assert bridge.unit.desired.target_temperature == 21.0
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes[ATTR_ROOM_REGULATION] == "unit"
    assert ATTR_REGULATED_ON not in state.attributes
    issue = f"room_sensor_away_{entry.entry_id}"
    assert issue_registry.async_get_issue(DOMAIN, issue) is None
    await _run(hass, freezer, bridge, 15 * 60, sensor=False)
    assert issue_registry.async_get_issue(DOMAIN, issue) is not None
    _report_room(hass, bridge)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue) is None


async def test_stale_sensor_falls_back(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A sensor that has not reported for an hour is not regulated on."""
    bridge = await _heated_an_hour(hass, freezer, _entry(Regulation.OFFSET))
    await _run(hass, freezer, bridge, 3600 + 60, sensor=False)
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes[ATTR_ROOM_REGULATION] == "unit"


async def test_follow_me_not_sent_while_off(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Follow Me goes out on change and every two minutes, never while the unit is off."""
    real = SimulatedBridge.async_send_room_temperature
    with patch.object(
        SimulatedBridge, "async_send_room_temperature", autospec=True, side_effect=real
    ) as spy:
        bridge = await _set_up(hass, _entry(Regulation.FOLLOW_ME))
        await _run(hass, freezer, bridge, 600)
        assert spy.call_count == 0
        await heat(hass, 21.0)
        await _run(hass, freezer, bridge, 600, sensor=False)
    sent = [call.args[1] for call in spy.call_args_list]
    # The room's reading held still: sent on the first chance, then every two minutes.
    assert sent[0] == float(hass.states.get(ROOM).state)  # type: ignore[union-attr]
    assert len(set(sent)) == 1
    assert 5 <= len(sent) <= 6
    assert bridge.unit.intake.follow_me_c == sent[0]


async def test_config_flow_stores_the_room_sensor(hass: HomeAssistant) -> None:
    """Adding a unit asks for the room sensor; its answers are unit details (entry data)."""
    hass.states.async_set(ROOM, "20.0", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "simulated"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "name": "Den",
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["heat", "cool"],
        },
    )
    assert result["step_id"] == "room_sensor"
    options = result["data_schema"].schema[CONF_REGULATION].config["options"]  # type: ignore[union-attr]
    # The simulated unit takes Follow Me and reports its own reading: all three are offered.
    assert options == ["follow_me", "offset", "off"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_TEMPERATURE_SENSOR: ROOM, CONF_REGULATION: "offset", "offset_cap": 2.0},
    )
    assert result["step_id"] == "room"
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_TEMPERATURE_SENSOR] == ROOM
    assert result["data"][CONF_REGULATION] == "offset"
    assert result["data"]["offset_cap"] == 2.0


def test_one_way_units_are_not_offered_the_offset() -> None:
    """An IR unit has no reading of its own to shift by; Follow Me only where declared."""
    assert regulations_from_data({CONF_BRIDGE: "infrared"}) == [Regulation.OFF]
    assert regulations_from_data({CONF_BRIDGE: "http"}) == [Regulation.OFFSET, Regulation.OFF]


@pytest.mark.parametrize(
    ("data", "follows"),
    [
        ({CONF_BRIDGE: "infrared", "protocol": "midea"}, True),
        ({CONF_BRIDGE: "esphome", "protocol": "coolix"}, True),
        ({CONF_BRIDGE: "mqtt_zigbee2mqtt", "protocol": "midea"}, True),
        ({CONF_BRIDGE: "infrared", "protocol": "gree"}, False),
        ({CONF_BRIDGE: "broadlink", "protocol": "no-such-protocol"}, False),
        ({CONF_BRIDGE: "mqtt_tasmota", "vendor": "MIDEA"}, True),
        ({CONF_BRIDGE: "mqtt_tasmota", "vendor": "coolix"}, True),
        ({CONF_BRIDGE: "mqtt_tasmota", "vendor": "DAIKIN"}, False),
    ],
)
def test_follow_me_offered_where_the_bridge_will_declare_it(
    data: dict[str, str], follows: bool
) -> None:
    """The add-unit flow offers Follow Me where the protocol or vendor has a follow-me frame."""
    offered = regulations_from_data(data)
    assert (Regulation.FOLLOW_ME in offered) is follows
    assert Regulation.OFFSET not in offered


async def test_options_change_the_room_sensor_and_reload(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The options' room sensor step rewrites the unit's details and reloads the unit."""
    entry = _entry(None)
    await _set_up(hass, entry)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "room_sensor"}
    )
    assert result["step_id"] == "room_sensor"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_TEMPERATURE_SENSOR: ROOM, CONF_REGULATION: "follow_me", "offset_cap": 3.0},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.data[CONF_REGULATION] == "follow_me"
    assert "offset_cap" not in entry.data
    await heat(hass, 21.0)
    await _run(hass, freezer, _bridge(entry), 60)
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes[ATTR_ROOM_REGULATION] == "follow_me"
    assert _bridge(entry).unit.intake.follow_me_c == float(hass.states.get(ROOM).state)  # type: ignore[union-attr]


async def test_offset_survives_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """After a reload the shifted set point is not taken for the user's, nor shifted again."""
    entry = _entry(Regulation.OFFSET)
    bridge = await _heated_an_hour(hass, freezer, entry)
    assert bridge.unit.desired.target_temperature == 23.0
    # The same physical unit after the restart, as a real one stays.
    model = bridge.unit
    with patch.object(simulated, "SimulatedUnit", lambda *_args, **_kwargs: model):
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    bridge = _bridge(entry)
    assert bridge.unit is model
    await _run(hass, freezer, bridge, 600)
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes["temperature"] == 21.0
    assert bridge.unit.desired.target_temperature == 23.0


async def test_offset_is_capped(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A bias above the cap shifts the set point by the cap only."""
    bridge = await _heated_an_hour(hass, freezer, _entry(Regulation.OFFSET, bias=5.0))
    assert bridge.unit.desired.target_temperature == 24.0


async def test_a_late_report_of_the_set_point_before_is_not_taken_for_the_user_s(
    hass: HomeAssistant,
) -> None:
    """A unit that reports its former (shifted) set point once more before echoing keeps it."""
    memory = ShiftMemory(hass, "E")
    asked = DesiredState(mode=Mode.HEAT, target_temperature=21.0)
    memory.remember(asked, asked.with_changes(target_temperature=23.0))
    now_asked = asked.with_changes(target_temperature=22.0)
    memory.remember(now_asked, now_asked.with_changes(target_temperature=24.0))
    assert memory.asked(asked.with_changes(target_temperature=23.0)) == asked
    assert memory.asked(now_asked.with_changes(target_temperature=24.0)) == now_asked
    assert memory.asked(asked.with_changes(target_temperature=25.0)) is None


def test_the_offset_does_not_chase_a_tenth() -> None:
    """A difference wobbling by tenths leaves the offset alone; a lasting one moves it a step."""
    offset = OffsetFilter(step=0.5, cap=3.0)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for minute in range(60):
        wobble = 0.2 if minute % 2 else -0.1
        offset.update(2.0 + wobble, start + timedelta(minutes=minute))
    assert offset.offset == 2.0
    for minute in range(60, 70):
        offset.update(2.1 + (0.1 if minute % 2 else 0.0), start + timedelta(minutes=minute))
    assert offset.offset == 2.0
    for minute in range(70, 130):
        offset.update(3.0, start + timedelta(minutes=minute))
    assert offset.offset == 3.0
    for minute in range(130, 200):
        offset.update(9.0, start + timedelta(minutes=minute))
    assert offset.offset == 3.0


async def test_simulated_unit_takes_its_own_sensor_back_without_follow_me(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """With the room sensor away no Follow Me comes; 7 minutes after the last the unit drops it."""
    bridge = await _set_up(hass, _entry(Regulation.FOLLOW_ME))
    await heat(hass, 21.0)
    await _run(hass, freezer, bridge, 150)
    assert bridge.unit.intake.follow_me_c is not None
    hass.states.async_set(ROOM, STATE_UNAVAILABLE)
    # The last Follow Me went out at most 2 minutes before the sensor left.
    await _run(hass, freezer, bridge, 4 * 60, sensor=False)
    assert bridge.unit.intake.follow_me_c is not None
    await _run(hass, freezer, bridge, 5 * 60, sensor=False)
    assert bridge.unit.intake.follow_me_c is None
