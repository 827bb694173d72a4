"""Tests of "ready by" blocks: a block that reaches its temperature by its time begins early."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
import math
from typing import Any, cast
from unittest.mock import PropertyMock, patch
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import (
    CONF_LOCKOUT_LEARNED,
    CONF_OUTDOOR_HUMIDITY,
    CONF_OUTDOOR_TEMPERATURE,
    CONF_READY_BY_MAX_MINUTES,
    CONF_SPEED,
    CONF_WEATHER_ENTITY,
    DOMAIN,
)
from custom_components.window_heatpump.learning.figures import Figures
from custom_components.window_heatpump.learning.room import LearnedRoom
from custom_components.window_heatpump.learning.warmup import AIM_K, START_UP_S, warm_up_s
from custom_components.window_heatpump.storage import EntryStore, store_key

from .test_learning import learned_week

pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

BERLIN = ZoneInfo("Europe/Berlin")
CLIMATE = "climate.bedroom"
NEXT_CHANGE = "sensor.bedroom_next_schedule_change"
CALENDAR = "calendar.bedroom_schedule"
WEATHER = "weather.home"
# Monday 5 January 2026, a quarter past midnight in Berlin; the morning block is at 06:30.
MONDAY = datetime(2026, 1, 5, 0, 15, tzinfo=BERLIN)
MORNING = datetime(2026, 1, 5, 6, 30, tzinfo=BERLIN)
K = 1.0 / (4 * 3600.0)
# A room with a 4 h time constant; its unit holds it 24 to 32 K above the outdoor
# temperature in heating, 12 to 13 K below it in cooling.
LEARNED = Figures(
    confidence=1.0,
    days=10,
    loss_rate_per_s=K,
    gains_rate_k_per_s=0.0,
    heating=((-9.0, 24 * K), (-1.0, 28 * K), (3.0, 30 * K), (9.0, 32 * K)),
    cooling=((25.0, -13 * K), (35.0, -12 * K)),
)
BLOCKS: list[dict[str, Any]] = [
    {"days": "daily", "start": "06:30", "mode": "heat", "temperature": 21, "ready_by": True},
    {"days": "daily", "start": "08:30", "mode": "off"},
    {"days": "daily", "start": "22:00", "mode": "heat", "temperature": 16},
]


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return a simulated unit on a 2 °C night."""
    return {CONF_OUTDOOR_TEMPERATURE: 2.0, CONF_OUTDOOR_HUMIDITY: 85.0, CONF_SPEED: 1.0}


@pytest.fixture
def learned() -> Figures | None:
    """Return what the learned room trusts (override per test: None is not confident)."""
    return LEARNED


@pytest.fixture
def _trusted(learned: Figures | None) -> Iterator[None]:
    """Give the learned room the figures of `learned` (its learning is tested elsewhere)."""
    with patch.object(
        LearnedRoom, "trusted_figures", new_callable=PropertyMock, return_value=learned
    ):
        yield


@pytest.fixture
async def entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    _trusted: None,
) -> MockConfigEntry:
    """Set up the simulated Bedroom in Berlin on Monday night with the ready-by schedule."""
    await _monday_night(hass, mock_config_entry, freezer)
    await _set_schedule(hass, mock_config_entry, BLOCKS)
    return mock_config_entry


async def _monday_night(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Set up the simulated Bedroom in Berlin on Monday at a quarter past midnight."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(MONDAY)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _set_schedule(
    hass: HomeAssistant, entry: MockConfigEntry, blocks: list[dict[str, Any]]
) -> None:
    """Give the Bedroom a schedule called Night."""
    await hass.services.async_call(
        DOMAIN,
        "set_schedule",
        {"config_entry_id": entry.entry_id, "name": "Night", "blocks": blocks},
        blocking=True,
    )
    await hass.async_block_till_done()


def _next_change(hass: HomeAssistant) -> datetime:
    """Return the next change sensor's instant."""
    state = hass.states.get(NEXT_CHANGE)
    assert state is not None
    parsed = dt_util.parse_datetime(state.state)
    assert parsed is not None
    return parsed


def _warm_up(hass: HomeAssistant) -> tuple[str | None, str | None]:
    """Return the next change sensor's ready-by time and what its warm-up rests on."""
    state = hass.states.get(NEXT_CHANGE)
    assert state is not None
    return state.attributes.get("ready_by"), state.attributes.get("warm_up")


def _expected_start(hass: HomeAssistant, entry: MockConfigEntry, outdoor_c: float) -> datetime:
    """Return 06:30 less the warm-up from the room's temperature now, as the model says."""
    state = hass.states.get(CLIMATE)
    assert state is not None
    seconds = warm_up_s(
        LEARNED,
        room_c=float(state.attributes["current_temperature"]),
        outdoor_c=outdoor_c,
        target_c=21.0,
        cooling=False,
    )
    assert seconds is not None
    return MORNING - timedelta(seconds=seconds)


def _climate(hass: HomeAssistant) -> tuple[str, float]:
    """Return the Bedroom's mode and set point."""
    state = hass.states.get(CLIMATE)
    assert state is not None
    return state.state, state.attributes["temperature"]


def test_warm_up_follows_the_room_equation() -> None:
    """The time to the target is the exponential approach to where the unit holds the room.

    It aims a little past the target and allows for the start of a run.
    """
    # At 3 °C the unit holds 33 °C; from 15 °C to 21 °C: ln(18 / 12) time constants.
    seconds = warm_up_s(LEARNED, room_c=15.0, outdoor_c=3.0, target_c=21.0, cooling=False)
    assert seconds == pytest.approx(START_UP_S + math.log(18 / (12 - AIM_K)) / K)
    # Cooling: at 35 °C the unit holds 23 °C; from 30 °C to 25 °C: ln(7 / 2).
    seconds = warm_up_s(LEARNED, room_c=30.0, outdoor_c=35.0, target_c=25.0, cooling=True)
    assert seconds == pytest.approx(START_UP_S + math.log(7 / (2 - AIM_K)) / K)
    # Already there: no lead. Out of reach: infinite (the cap applies).
    assert warm_up_s(LEARNED, room_c=22.0, outdoor_c=3.0, target_c=21.0, cooling=False) == 0.0
    assert warm_up_s(LEARNED, room_c=22.0, outdoor_c=35.0, target_c=22.0, cooling=True) == 0.0
    # At -9 °C the unit holds the room at 15 °C: 16 °C is never reached.
    assert warm_up_s(LEARNED, room_c=10.0, outdoor_c=-9.0, target_c=16.0, cooling=False) == (
        math.inf
    )
    # Colder than anything learned: the coldest band along the typical derating, then unknown.
    colder = warm_up_s(LEARNED, room_c=0.0, outdoor_c=-15.0, target_c=2.0, cooling=False)
    at_coldest = warm_up_s(LEARNED, room_c=0.0, outdoor_c=-9.0, target_c=2.0, cooling=False)
    assert colder is not None
    assert at_coldest is not None
    assert at_coldest < colder
    assert warm_up_s(LEARNED, room_c=15.0, outdoor_c=-30.0, target_c=21.0, cooling=False) is None
    assert (
        warm_up_s(Figures(confidence=1, days=9), room_c=15, outdoor_c=3, target_c=21, cooling=False)
        is None
    )


async def test_ready_by_block_begins_early_and_holds(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The block begins the learned warm-up before 06:30, shown ahead, and holds once begun."""
    expected = _expected_start(hass, entry, 2.0)
    assert MORNING - timedelta(hours=3) < expected < MORNING
    assert abs(_next_change(hass) - expected) <= timedelta(seconds=1)
    assert _warm_up(hass) == ("2026-01-05T06:30:00+01:00", "estimated")
    began: datetime | None = None
    when = MONDAY
    while when < MORNING + timedelta(minutes=10):
        when += timedelta(minutes=5)
        freezer.move_to(when)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        if began is None and _climate(hass) == ("heat", 21):
            began = when
            # Once begun, the next change is the block after it.
            assert _next_change(hass) == datetime(2026, 1, 5, 8, 30, tzinfo=BERLIN)
            block = hass.states.get("sensor.bedroom_current_block")
            assert block is not None
            assert block.attributes["ready_by"] is True
            assert block.attributes["started"] == when.isoformat()
        elif began is not None:
            assert _climate(hass) == ("heat", 21), when
    assert began is not None
    assert MORNING - timedelta(hours=3) <= began < MORNING - timedelta(minutes=15)


@pytest.mark.parametrize("learned", [None])
async def test_not_confident_begins_at_its_time(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Until the learned room is confident, a ready-by block begins at its time."""
    assert _next_change(hass) == MORNING
    assert _warm_up(hass)[1] == "not_confident"
    freezer.move_to(MORNING - timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _climate(hass) == ("heat", 16)


@pytest.mark.parametrize(
    "entry_options",
    [
        {
            CONF_OUTDOOR_TEMPERATURE: -9.0,
            CONF_OUTDOOR_HUMIDITY: 85.0,
            CONF_SPEED: 1.0,
            CONF_READY_BY_MAX_MINUTES: 45,
        }
    ],
)
async def test_never_earlier_than_the_cap(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A block the unit cannot reach in time begins at the user's cap, not earlier."""
    await _set_schedule(hass, entry, BLOCKS)
    assert _next_change(hass) == MORNING - timedelta(minutes=45)
    assert _warm_up(hass)[1] == "out_of_reach"


async def test_calendar_shows_the_computed_start(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The morning event starts when the unit begins, and says what it is ready by."""
    expected = _expected_start(hass, entry, 2.0)
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            ATTR_ENTITY_ID: CALENDAR,
            "start_date_time": MORNING - timedelta(hours=4),
            "end_date_time": MORNING + timedelta(hours=1),
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events = cast("dict[str, Any]", response[CALENDAR])["events"]
    morning = next(event for event in events if event["summary"] == "Heat 21 °C by 06:30")
    start = dt_util.parse_datetime(morning["start"])
    assert start is not None
    assert abs(start - expected) <= timedelta(seconds=1)


async def test_forecast_gives_the_outdoor_temperature(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """With a weather entity, the warm-up is computed at the forecast's temperature."""
    asked: list[dict[str, Any]] = []

    async def forecasts(call: ServiceCall) -> ServiceResponse:
        """Answer as a weather entity with a cold morning ahead does."""
        asked.append(dict(call.data))
        hours: list[Any] = [
            {"datetime": (MORNING - timedelta(hours=h)).isoformat(), "temperature": -1.0}
            for h in range(8)
        ]
        return {WEATHER: {"forecast": hours}}

    hass.services.async_register(
        "weather", "get_forecasts", forecasts, supports_response=SupportsResponse.ONLY
    )
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_WEATHER_ENTITY: WEATHER}
    )
    await hass.async_block_till_done()
    await _set_schedule(hass, entry, BLOCKS)
    assert asked
    assert asked[-1]["entity_id"] == WEATHER
    assert abs(_next_change(hass) - _expected_start(hass, entry, -1.0)) <= timedelta(seconds=1)


@pytest.mark.parametrize(
    ("block", "key"),
    [
        ({"mode": "off"}, "ready_by_needs_target"),
        ({"mode": "heat"}, "ready_by_needs_target"),
        ({"mode": "heat", "temperature": 21, "ready_by": "soon"}, "invalid_ready_by"),
    ],
)
async def test_ready_by_needs_a_temperature(
    hass: HomeAssistant, entry: MockConfigEntry, block: dict[str, Any], key: str
) -> None:
    """A ready-by block that does not heat or cool to a temperature is refused in words."""
    blocks: list[dict[str, Any]] = [{"days": "daily", "start": "06:30", "ready_by": True, **block}]
    with pytest.raises(ServiceValidationError) as err:
        await _set_schedule(hass, entry, blocks)
    assert err.value.translation_key == key


async def test_stored_and_restored(
    hass: HomeAssistant, entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """The flag is stored with its block and comes back after a reload."""
    key = store_key(EntryStore.SCHEDULES, entry.entry_id)
    stored = hass_storage[key]
    assert (stored["version"], stored["minor_version"]) == (2, 3)
    assert [block["ready_by"] for block in stored["data"]["schedules"][0]["blocks"]] == [
        True,
        False,
        False,
    ]
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert _next_change(hass) < MORNING


async def test_learning_step_sets_the_cap_and_the_forecast(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """The learned room step stores the cap and the weather entity; emptied, they go."""
    hass.states.async_set(WEATHER, "cloudy")
    for given, wanted in (
        (
            {CONF_READY_BY_MAX_MINUTES: 90, CONF_WEATHER_ENTITY: WEATHER},
            {CONF_READY_BY_MAX_MINUTES: 90, CONF_WEATHER_ENTITY: WEATHER},
        ),
        ({}, {}),
    ):
        result = await hass.config_entries.options.async_init(entry.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "learning"}
        )
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_LOCKOUT_LEARNED: False, **given}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        assert {
            key: entry.options[key]
            for key in (CONF_READY_BY_MAX_MINUTES, CONF_WEATHER_ENTITY)
            if key in entry.options
        } == wanted


async def test_learning_step_refuses_a_missing_weather_entity(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A weather entity that does not exist is a form error, not a silent fallback."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "learning"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_LOCKOUT_LEARNED: False, CONF_WEATHER_ENTITY: "weather.nowhere"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_WEATHER_ENTITY: "entity_not_found"}


@pytest.mark.parametrize("ready_by", [True, False])
async def test_a_learned_room_is_warm_by_its_time(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    ready_by: bool,
) -> None:
    """The short season: a learned week, one night; ready by 06:30 means 21 °C at 06:30."""
    await _monday_night(hass, mock_config_entry, freezer)
    mock_config_entry.runtime_data.learning.estimator = learned_week()
    morning = {**BLOCKS[0], "ready_by": ready_by}
    await _set_schedule(hass, mock_config_entry, [morning, *BLOCKS[1:]])
    began: datetime | None = None
    when = MONDAY
    while when < MORNING:
        when += timedelta(minutes=1)
        freezer.move_to(when)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        if began is None and _climate(hass) == ("heat", 21):
            began = when
    state = hass.states.get(CLIMATE)
    assert state is not None
    room = float(state.attributes["current_temperature"])
    assert began is not None
    if ready_by:
        assert MORNING - timedelta(hours=3) <= began < MORNING - timedelta(minutes=20)
        assert room == pytest.approx(21.0, abs=1.0)
    else:
        assert began == MORNING
        assert room < 20.0
