"""Tests of the weekly schedules: a week on a frozen clock, DST, restarts, overrides, pauses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, cast
from unittest.mock import patch
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import Mode
from custom_components.window_heatpump.storage import EntryStore, store_key

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

BERLIN = ZoneInfo("Europe/Berlin")
CLIMATE = "climate.bedroom"
STATUS = "sensor.bedroom_schedule_status"
NEXT_CHANGE = "sensor.bedroom_next_schedule_change"
CURRENT_BLOCK = "sensor.bedroom_current_block"
SWITCH = "switch.bedroom_follow_schedule"
SELECT = "select.bedroom_active_schedule"
CALENDAR = "calendar.bedroom_schedule"
# Monday 5 January 2026, a quarter past midnight in Berlin.
MONDAY = datetime(2026, 1, 5, 0, 15, tzinfo=BERLIN)
WINTER = [
    {"days": "weekdays", "start": "06:30", "mode": "heat", "temperature": 21},
    {"days": "weekdays", "start": "08:30", "mode": "off"},
    {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "17:00",
        "mode": "heat",
        "temperature": 20,
        "fan_mode": "quiet",
    },
    {"days": "weekdays", "start": "22:30", "mode": "heat", "temperature": 17},
    {"days": "weekend", "start": "09:00", "mode": "heat", "temperature": 22},
    {"days": "weekend", "start": "23:00", "mode": "off"},
]


def storage_key(entry_id: str) -> str:
    """Return the storage key of a unit's schedules."""
    return store_key(EntryStore.SCHEDULES, entry_id)


def _recording_sends() -> Any:
    """Return a patch that records the unit's commands in place of sending them."""
    return patch(
        "custom_components.window_heatpump.coordinator.WindowHeatPumpCoordinator.async_send",
        autospec=True,
    )


def _local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """Return a Berlin wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def start_time() -> datetime:
    """Return when the test starts (override per test)."""
    return MONDAY


@pytest.fixture
async def schedule_entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    start_time: datetime,
) -> MockConfigEntry:
    """Set up the simulated Bedroom in Berlin at `start_time`."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(start_time)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


async def _move(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Move the clock to `when` and let every timer due fire."""
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _action(hass: HomeAssistant, entry: MockConfigEntry, action: str, **data: Any) -> None:
    """Call one of the schedule actions for the Bedroom."""
    await hass.services.async_call(
        DOMAIN, action, {"config_entry_id": entry.entry_id, **data}, blocking=True
    )
    await hass.async_block_till_done()


async def _set_winter(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Give the Bedroom the winter schedule."""
    await _action(hass, entry, "set_schedule", name="Winter", blocks=WINTER)


async def _winter_from(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Give the Bedroom the winter schedule and move the clock to `when`."""
    await _set_winter(hass, entry)
    await _move(hass, freezer, when)


async def _by_hand(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Change the Bedroom by hand, as the dashboard or a voice assistant does."""
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: CLIMATE, **data}, blocking=True
    )
    await hass.async_block_till_done()


async def _set_nightly(
    hass: HomeAssistant, entry: MockConfigEntry, starts: list[tuple[str, int | None]]
) -> None:
    """Give the Bedroom daily blocks: heat to a temperature, or off where there is none."""
    blocks = [
        {"days": "daily", "start": start, "mode": "off"}
        if temperature is None
        else {"days": "daily", "start": start, "mode": "heat", "temperature": temperature}
        for start, temperature in starts
    ]
    await _action(hass, entry, "set_schedule", name="Night", blocks=blocks)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


def _unit(hass: HomeAssistant) -> tuple[str, float]:
    """Return the Bedroom's mode and set point."""
    state = hass.states.get(CLIMATE)
    assert state is not None
    return state.state, state.attributes[ATTR_TEMPERATURE]


def _next_change(hass: HomeAssistant) -> datetime:
    """Return the next change sensor in UTC (an instant in a repeated hour compares there)."""
    parsed = dt_util.parse_datetime(_state(hass, NEXT_CHANGE))
    assert parsed is not None
    return parsed.astimezone(dt_util.UTC)


async def test_a_week_of_blocks(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Across a whole week every block applies at its local time, with all its settings."""
    assert _state(hass, STATUS) == "no_schedule"
    assert _state(hass, SWITCH) == "off"
    await _set_winter(hass, schedule_entry)
    # Set at 00:15 on Monday: Sunday's 23:00 off block is in effect (the unit is off anyway).
    assert _state(hass, STATUS) == "running"
    assert _state(hass, SWITCH) == "on"
    assert _state(hass, SELECT) == "Winter"
    assert _state(hass, CURRENT_BLOCK) == "off"
    assert _unit(hass)[0] == "off"
    expected = [
        (_local(2026, 1, 5, 6, 30), ("heat", 21)),
        (_local(2026, 1, 5, 8, 30), ("off", 21)),
        (_local(2026, 1, 5, 17, 0), ("heat", 20)),
        (_local(2026, 1, 5, 22, 30), ("heat", 17)),
    ]
    for day in range(1, 5):
        expected += [(start + timedelta(days=day), setting) for start, setting in expected[:4]]
    expected += [
        (_local(2026, 1, 10, 9, 0), ("heat", 22)),
        (_local(2026, 1, 10, 23, 0), ("off", 22)),
        (_local(2026, 1, 11, 9, 0), ("heat", 22)),
        (_local(2026, 1, 11, 23, 0), ("off", 22)),
        (_local(2026, 1, 12, 6, 30), ("heat", 21)),
    ]
    before = _unit(hass)
    for start, (mode, temperature) in expected:
        assert _next_change(hass) == start
        # A minute before, nothing changes yet.
        await _move(hass, freezer, start - timedelta(minutes=1))
        assert _unit(hass) == before
        await _move(hass, freezer, start)
        assert _unit(hass) == (mode, temperature), start
        assert _state(hass, CURRENT_BLOCK) == mode
        assert _state(hass, STATUS) == "running"
        before = (mode, temperature)
    current = hass.states.get(CURRENT_BLOCK)
    assert current is not None
    assert current.attributes["start"] == "06:30"
    assert current.attributes["days"] == ["mon", "tue", "wed", "thu", "fri"]
    # The fan speed of the 17:00 block went with it.
    await _move(hass, freezer, datetime(2026, 1, 12, 17, 0, tzinfo=BERLIN))
    state = hass.states.get(CLIMATE)
    assert state is not None
    assert state.attributes[ATTR_FAN_MODE] == "quiet"


@pytest.mark.parametrize("start_time", [datetime(2026, 3, 28, 23, 0, tzinfo=BERLIN)])
async def test_spring_forward_neither_skips_nor_doubles(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """On the last Sunday of March a block in the skipped hour starts when the clock jumps."""
    await _set_nightly(hass, schedule_entry, [("01:00", 18), ("02:30", 22), ("04:00", None)])
    coordinator = schedule_entry.runtime_data
    with patch.object(coordinator, "async_send", wraps=coordinator.async_send) as sent:
        await _move(hass, freezer, datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN))
        assert _unit(hass) == ("heat", 18)
        # 02:30 does not exist that night: the block starts at 03:00 summer time.
        jump = datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN)
        assert _next_change(hass) == jump
        one_o_clock = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
        assert jump.astimezone(dt_util.UTC) - one_o_clock.astimezone(dt_util.UTC) == timedelta(
            hours=1
        )
        await _move(hass, freezer, jump)
        assert _unit(hass) == ("heat", 22)
        assert _next_change(hass) == datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN)
        await _move(hass, freezer, datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN))
        assert _unit(hass)[0] == "off"
        # The next night runs at the usual times again.
        assert _next_change(hass) == datetime(2026, 3, 30, 1, 0, tzinfo=BERLIN)
    assert [call.args[0].target_temperature for call in sent.call_args_list][:2] == [18, 22]
    assert len(sent.call_args_list) == 3


@pytest.mark.parametrize("start_time", [datetime(2026, 10, 24, 23, 0, tzinfo=BERLIN)])
async def test_fall_back_neither_skips_nor_doubles(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """On the last Sunday of October a block in the repeated hour runs once only."""
    await _set_nightly(hass, schedule_entry, [("02:30", 22), ("02:45", 19), ("06:00", None)])
    coordinator = schedule_entry.runtime_data
    first = datetime(2026, 10, 25, 0, 30, tzinfo=dt_util.UTC)  # 02:30 summer time
    with patch.object(coordinator, "async_send", wraps=coordinator.async_send) as sent:
        assert _next_change(hass) == first
        await _move(hass, freezer, first)
        assert _unit(hass) == ("heat", 22)
        await _move(hass, freezer, first + timedelta(minutes=15))
        assert _unit(hass) == ("heat", 19)
        # Skipping the second 02:30 (winter time, an hour later): next is 06:00 winter time.
        assert _next_change(hass) == datetime(2026, 10, 25, 6, 0, tzinfo=BERLIN)
        assert _next_change(hass) - first == timedelta(hours=4, minutes=30)
        await _move(hass, freezer, first + timedelta(hours=1))
        assert _unit(hass) == ("heat", 19)
        await _move(hass, freezer, datetime(2026, 10, 25, 6, 0, tzinfo=BERLIN))
        assert _unit(hass)[0] == "off"
    assert len(sent.call_args_list) == 3


async def test_restart_in_a_block_applies_only_the_current_one(
    hass: HomeAssistant,
    schedule_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """After a restart the unit goes to the block in effect; no past block is replayed."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 18, 0, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 20)
    assert await hass.config_entries.async_unload(schedule_entry.entry_id)
    await hass.async_block_till_done()
    # Down over the 22:30 block: after the restart at 23:00 only that block applies.
    freezer.move_to(datetime(2026, 1, 5, 23, 0, tzinfo=BERLIN))
    assert hass_storage[storage_key(schedule_entry.entry_id)]["version"] == 2
    with _recording_sends() as sent:
        assert await hass.config_entries.async_setup(schedule_entry.entry_id)
        await hass.async_block_till_done()
    assert [call.args[1].target_temperature for call in sent.call_args_list] == [17]
    assert sent.call_args_list[0].args[1].mode is Mode.HEAT
    assert sent.call_args_list[0].kwargs == {"scheduled": True}
    assert _state(hass, STATUS) == "running"
    assert _state(hass, SELECT) == "Winter"


async def test_override_holds_until_the_next_block(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A manual change holds until the next block, also across a restart, then the block wins."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 21)
    await _by_hand(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24, ATTR_HVAC_MODE: "heat"})
    assert _state(hass, STATUS) == "override"
    assert _next_change(hass) == datetime(2026, 1, 5, 8, 30, tzinfo=BERLIN)
    # A restart keeps the override: the unit is not brought back to the block.
    assert await hass.config_entries.async_reload(schedule_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, STATUS) == "override"
    # The unit kept the manual setting over the restart and the schedule leaves it alone.
    assert _unit(hass) == ("heat", 24)
    await _move(hass, freezer, datetime(2026, 1, 5, 8, 29, tzinfo=BERLIN))
    assert _state(hass, STATUS) == "override"
    await _move(hass, freezer, datetime(2026, 1, 5, 17, 0, tzinfo=BERLIN))
    assert _state(hass, STATUS) == "running"
    assert _unit(hass) == ("heat", 20)


@pytest.mark.parametrize("entry_options", [{"override_minutes": 60}])
async def test_override_for_a_set_time(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """With a set time, a manual change holds that long and the current block comes back."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 17, 30, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 20)
    await _by_hand(hass, "turn_off")
    assert _state(hass, STATUS) == "override"
    assert _next_change(hass) == datetime(2026, 1, 5, 18, 30, tzinfo=BERLIN)
    await _move(hass, freezer, datetime(2026, 1, 5, 18, 30, tzinfo=BERLIN))
    assert _state(hass, STATUS) == "running"
    assert _unit(hass) == ("heat", 20)
    assert _next_change(hass) == datetime(2026, 1, 5, 22, 30, tzinfo=BERLIN)


async def test_resume_ends_an_override(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The resume action brings the unit back to its block at once."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    await _by_hand(hass, "turn_off")
    assert _state(hass, STATUS) == "override"
    await _action(hass, schedule_entry, "resume_schedule")
    assert _state(hass, STATUS) == "running"
    assert _unit(hass) == ("heat", 21)


async def test_pause_with_frost_protection_then_resume(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Away: the unit keeps frost away, blocks do not run, and the schedule resumes."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    # Frost protection is a set point the unit has: 8 °C is below its range.
    with pytest.raises(ServiceValidationError) as error:
        await _action(
            hass, schedule_entry, "pause_schedule", until="2026-01-07", frost_protection=8
        )
    assert error.value.translation_key == "temperature_out_of_range"
    assert _state(hass, STATUS) == "running"
    await _action(hass, schedule_entry, "pause_schedule", until="2026-01-07", frost_protection=16)
    assert _state(hass, STATUS) == "paused"
    assert _unit(hass) == ("heat", 16)
    assert _next_change(hass) == datetime(2026, 1, 7, 0, 0, tzinfo=BERLIN)
    # Blocks pass by, and a manual change during the pause is no override.
    await _move(hass, freezer, datetime(2026, 1, 5, 17, 0, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 16)
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_TEMPERATURE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_TEMPERATURE: 18},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert _state(hass, STATUS) == "paused"
    await _action(hass, schedule_entry, "resume_schedule")
    assert _state(hass, STATUS) == "running"
    assert _unit(hass) == ("heat", 20)
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "pause_schedule", until="2026-01-05 12:00:00")
    assert error.value.translation_key == "pause_in_past"


async def test_pause_ends_by_itself(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A pause without frost protection turns the unit off; at its end the block applies."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    await _action(hass, schedule_entry, "pause_schedule", until="2026-01-06 18:00:00")
    assert _unit(hass)[0] == "off"
    assert _state(hass, STATUS) == "paused"
    for hour in (17, 22):
        await _move(hass, freezer, datetime(2026, 1, 5, hour, 30, tzinfo=BERLIN))
        assert _unit(hass)[0] == "off"
    await _move(hass, freezer, datetime(2026, 1, 6, 18, 0, tzinfo=BERLIN))
    assert _state(hass, STATUS) == "running"
    assert _unit(hass) == ("heat", 20)


@pytest.mark.parametrize(
    ("blocks", "key", "placeholders"),
    [
        ([{"days": "mon", "start": "25:00", "mode": "heat"}], "invalid_time", {"value": "25:00"}),
        ([{"days": "mon", "start": "half past six", "mode": "heat"}], "invalid_time", None),
        ([{"days": ["funday"], "start": "06:30", "mode": "heat"}], "invalid_day", None),
        ([{"days": [], "start": "06:30", "mode": "heat"}], "no_days", None),
        ([{"days": "mon", "start": "06:30", "mode": "turbo"}], "mode_not_supported", None),
        ([{"days": "mon", "start": "06:30", "mode": "dry"}], "mode_not_supported", None),
        (
            [{"days": "mon", "start": "06:30", "mode": "heat", "temperature": 35}],
            "temperature_out_of_range",
            {"value": "35 °C", "min": "16.0 °C", "max": "30.0 °C"},
        ),
        (
            [{"days": "mon", "start": "06:30", "mode": "heat", "temperature": "warm"}],
            "invalid_temperature",
            None,
        ),
        (
            [{"days": "mon", "start": "06:30", "mode": "heat", "fan_mode": "turbo"}],
            "fan_mode_not_supported",
            None,
        ),
        (
            [{"days": "mon", "start": "06:30", "mode": "heat", "swing_mode": "both"}],
            "swing_mode_not_supported",
            None,
        ),
        (
            [
                {"days": "weekdays", "start": "06:30", "mode": "heat"},
                {"days": ["friday", "sat"], "start": "06:30:00", "mode": "off"},
            ],
            "blocks_overlap",
            {"day": "fri", "time": "06:30"},
        ),
        ([{"days": "mon", "start": "06:30"}], "missing_block_field", {"value": "mode"}),
        (
            [{"days": "mon", "start": "06:30", "mode": "heat", "preset": "eco"}],
            "unknown_block_field",
            None,
        ),
        ([], "schedule_empty", None),
    ],
)
async def test_invalid_schedules_are_refused_in_words(
    hass: HomeAssistant,
    schedule_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    blocks: list[dict[str, Any]],
    key: str,
    placeholders: dict[str, str] | None,
) -> None:
    """Every kind of bad schedule is refused, naming the problem, and the stored one stays."""
    hass.config_entries.async_update_entry(
        schedule_entry, data={**schedule_entry.data, "hvac_modes": ["cool", "heat"]}
    )
    assert await hass.config_entries.async_reload(schedule_entry.entry_id)
    await hass.async_block_till_done()
    await _set_winter(hass, schedule_entry)
    stored = hass_storage[storage_key(schedule_entry.entry_id)]["data"]
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "set_schedule", name="Winter", blocks=blocks)
    assert error.value.translation_key == key
    if placeholders is not None:
        assert error.value.translation_placeholders == placeholders
    assert hass_storage[storage_key(schedule_entry.entry_id)]["data"] == stored
    assert _state(hass, STATUS) == "running"


async def test_blank_name_refused(hass: HomeAssistant, schedule_entry: MockConfigEntry) -> None:
    """A schedule needs a name."""
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "set_schedule", name="  ", blocks=WINTER)
    assert error.value.translation_key == "schedule_name_required"


async def test_fahrenheit_home_gives_temperatures_in_fahrenheit(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Temperatures typed in a °F home are converted to the °C unit, and checked there."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    await _action(
        hass,
        schedule_entry,
        "set_schedule",
        name="Winter",
        blocks=[{"days": "daily", "start": "00:00", "mode": "heat", "temperature": 70}],
    )
    assert schedule_entry.runtime_data.data.desired.target_temperature == 21.0
    with pytest.raises(ServiceValidationError) as error:
        await _action(
            hass,
            schedule_entry,
            "add_block",
            schedule="Winter",
            days="mon",
            start="07:00",
            mode="heat",
            temperature=90,
        )
    assert error.value.translation_placeholders == {
        "value": "90 °F",
        "min": "60.8 °F",
        "max": "86.0 °F",
    }


async def test_blocks_added_and_removed(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Blocks are added to and taken out of a schedule, day by day."""
    await _action(
        hass,
        schedule_entry,
        "add_block",
        schedule="Weekend",
        days=["sat", "sun"],
        start="08:00",
        mode="heat",
        temperature=22,
        fan_mode="low",
        swing_mode="vertical",
    )
    await _action(
        hass,
        schedule_entry,
        "add_block",
        schedule="Weekend",
        days="weekend",
        start="22:00",
        mode="off",
    )
    engine = schedule_entry.runtime_data.schedules
    assert engine.book.active == "Weekend"
    with pytest.raises(ServiceValidationError) as error:
        await _action(
            hass,
            schedule_entry,
            "add_block",
            schedule="Weekend",
            days="sun",
            start="08:00",
            mode="cool",
        )
    assert error.value.translation_key == "blocks_overlap"
    await _action(
        hass, schedule_entry, "remove_block", schedule="Weekend", start="08:00", days="sun"
    )
    schedule = engine.book.get("Weekend")
    assert schedule is not None
    assert [(block.sorted_days, block.start.isoformat()) for block in schedule.blocks] == [
        (["sat"], "08:00:00"),
        (["sat", "sun"], "22:00:00"),
    ]
    assert _next_change(hass) == datetime(2026, 1, 10, 8, 0, tzinfo=BERLIN)
    await _action(hass, schedule_entry, "remove_block", schedule="Weekend", start="08:00")
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "remove_block", schedule="Weekend", start="08:00")
    assert error.value.translation_key == "block_not_found"
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "remove_block", schedule="Weekend", start="22:00")
    assert error.value.translation_key == "schedule_empty"
    with pytest.raises(ServiceValidationError) as error:
        await _action(hass, schedule_entry, "remove_block", schedule="Summer", start="22:00")
    assert error.value.translation_key == "schedule_not_found"
    await _action(hass, schedule_entry, "remove_schedule", name="Weekend")
    assert _state(hass, STATUS) == "no_schedule"
    assert _state(hass, NEXT_CHANGE) == "unknown"


async def test_switch_and_select(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The switch turns the chosen schedule off and on; the select chooses among them."""
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call("switch", "turn_on", {ATTR_ENTITY_ID: SWITCH}, blocking=True)
    assert error.value.translation_key == "no_schedule"
    # With no schedule the select says so (a translated option), not a raw `unknown`.
    state = hass.states.get(SELECT)
    assert state is not None
    assert (state.state, state.attributes["options"]) == ("no_schedule", ["no_schedule"])
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: SELECT, "option": "no_schedule"}, blocking=True
    )
    assert _state(hass, SELECT) == "no_schedule"
    await _set_winter(hass, schedule_entry)
    await _action(
        hass,
        schedule_entry,
        "set_schedule",
        name="Summer",
        blocks=[{"days": "daily", "start": "00:00", "mode": "cool", "temperature": 25}],
    )
    state = hass.states.get(SELECT)
    assert state is not None
    assert state.attributes["options"] == ["Winter", "Summer"]
    await _move(hass, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 21)
    await hass.services.async_call("switch", "turn_off", {ATTR_ENTITY_ID: SWITCH}, blocking=True)
    assert _state(hass, STATUS) == "disabled"
    assert _state(hass, NEXT_CHANGE) == "unknown"
    await _move(hass, freezer, datetime(2026, 1, 5, 9, 0, tzinfo=BERLIN))
    assert _unit(hass) == ("heat", 21)  # switched off: 08:30 did not run
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: SELECT, "option": "Summer"}, blocking=True
    )
    assert _unit(hass) == ("cool", 25)
    assert _state(hass, SWITCH) == "on"
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: SELECT, "option": "Winter"}, blocking=True
    )
    assert _state(hass, SWITCH) == "off"
    await hass.services.async_call("switch", "turn_on", {ATTR_ENTITY_ID: SWITCH}, blocking=True)
    assert _unit(hass)[0] == "off"  # the 08:30 block of Winter
    assert _state(hass, STATUS) == "running"


async def test_calendar_shows_the_coming_days(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The calendar lists each block until the next, and shows the current one."""
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["message"] == "Heat 21 °C"
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            ATTR_ENTITY_ID: CALENDAR,
            "start_date_time": datetime(2026, 1, 9, 12, 0, tzinfo=BERLIN),
            "end_date_time": datetime(2026, 1, 10, 12, 0, tzinfo=BERLIN),
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    events = cast("dict[str, Any]", response[CALENDAR])["events"]
    assert [(event["start"], event["end"], event["summary"]) for event in events] == [
        ("2026-01-09T08:30:00+01:00", "2026-01-09T17:00:00+01:00", "Off"),
        ("2026-01-09T17:00:00+01:00", "2026-01-09T22:30:00+01:00", "Heat 20 °C, fan quiet"),
        ("2026-01-09T22:30:00+01:00", "2026-01-10T09:00:00+01:00", "Heat 17 °C"),
        ("2026-01-10T09:00:00+01:00", "2026-01-10T23:00:00+01:00", "Heat 22 °C"),
    ]


def _v1(active: str, *, enabled: bool) -> dict[str, Any]:
    """Return schedules as version 1 stored them (one enabled flag for the unit)."""
    block = {
        "days": ["mon"],
        "start": "06:30",
        "mode": "heat",
        "target_temperature": 21.0,
        "fan_speed": None,
        "swing": None,
    }
    return {
        "version": 1,
        "minor_version": 1,
        "key": "",
        "data": {
            "active": active,
            "enabled": enabled,
            "schedules": [
                {"name": "Winter", "blocks": [block]},
                {"name": "Summer", "blocks": [{**block, "mode": "cool"}]},
            ],
        },
    }


@pytest.mark.parametrize("enabled", [True, False])
async def test_storage_migrates_from_version_1(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    enabled: bool,
) -> None:
    """Version 1's unit-wide switch becomes the active schedule's own; nothing is lost."""
    key = storage_key(mock_config_entry.entry_id)
    hass_storage[key] = {**_v1("Winter", enabled=enabled), "key": key}
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, SELECT) == "Winter"
    assert _state(hass, SWITCH) == ("on" if enabled else "off")
    stored = hass_storage[key]
    assert stored["version"] == 2
    assert [(s["name"], s["enabled"]) for s in stored["data"]["schedules"]] == [
        ("Winter", enabled),
        ("Summer", True),
    ]
    assert stored["data"]["pause"] is None
    assert stored["data"]["override"] is None
    assert stored["data"]["schedules"][1]["blocks"][0]["mode"] == "cool"


async def test_unreadable_storage_is_kept_aside(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Data that cannot be read is copied aside, not overwritten, and the unit still loads."""
    key = storage_key(mock_config_entry.entry_id)
    broken = {"active": "Winter", "schedules": [{"name": "Winter", "blocks": "oops"}]}
    hass_storage[key] = {"version": 2, "minor_version": 1, "key": key, "data": broken}
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, STATUS) == "no_schedule"
    assert hass_storage[f"{key}.unreadable"]["data"] == broken
    assert "cannot be read" in caplog.text


async def test_schedules_removed_with_the_unit(
    hass: HomeAssistant, schedule_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Deleting the unit deletes its schedules."""
    await _set_winter(hass, schedule_entry)
    assert storage_key(schedule_entry.entry_id) in hass_storage
    assert await hass.config_entries.async_remove(schedule_entry.entry_id)
    await hass.async_block_till_done()
    assert storage_key(schedule_entry.entry_id) not in hass_storage


async def test_unit_unreachable_at_a_block(
    hass: HomeAssistant,
    schedule_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A block the unit cannot take is logged, and sent again once the unit is back."""
    await _set_winter(hass, schedule_entry)
    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": False}, blocking=True
    )
    await _move(hass, freezer, datetime(2026, 1, 5, 6, 30, tzinfo=BERLIN))
    assert "could not set the unit" in caplog.text
    assert _state(hass, STATUS) == "running"
    assert _next_change(hass) == datetime(2026, 1, 5, 8, 30, tzinfo=BERLIN)
    desired = schedule_entry.runtime_data.data.desired
    assert desired.mode is not Mode.HEAT
    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": True}, blocking=True
    )
    await hass.async_block_till_done()
    desired = schedule_entry.runtime_data.data.desired
    assert (desired.mode, desired.target_temperature) == (Mode.HEAT, 21)


# The compressor protection is tested on its own; here commands reach the unit at once.
NO_PROTECTION = {
    "outdoor_temperature": 2.0,
    "outdoor_humidity": 85.0,
    "speed": 1.0,
    "min_off_seconds": 0,
}


async def _restart_with_the_unit(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    **unit: Any,
) -> None:
    """Restart Home Assistant; meanwhile the unit's settings change (its remote, a power cut)."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[store_key(EntryStore.ASSUMED_STATE, entry.entry_id)]["data"]
    stored.update(unit)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _simulated_unit(entry: MockConfigEntry) -> tuple[str, float]:
    """Return the mode and set point the simulated unit itself runs with."""
    desired = entry.runtime_data.bridge.unit.desired
    return desired.mode.value, desired.target_temperature


async def _pause(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Pause the schedule with frost protection at 16 °C."""
    await _action(hass, entry, "pause_schedule", until="2026-01-07", frost_protection=16)


async def _change_during_pause(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Pause the schedule, then set 18 °C by hand (no override during a pause)."""
    await _pause(hass, entry)
    await _by_hand(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 18})


async def _override(hass: HomeAssistant, _entry: MockConfigEntry) -> None:
    """Cool to 24 °C by hand: an override."""
    await _by_hand(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24, ATTR_HVAC_MODE: "cool"})


@pytest.mark.parametrize("entry_options", [NO_PROTECTION])
@pytest.mark.parametrize(
    ("hold", "status", "held"),
    [
        # A paused schedule with frost protection heats to it again.
        (_pause, "paused", ("heat", 16)),
        # A manual change during a pause is no override, but the pause keeps it.
        (_change_during_pause, "paused", ("heat", 18)),
        # The manual change an override holds is sent again.
        (_override, "override", ("cool", 24)),
    ],
    ids=["pause", "change_during_pause", "override"],
)
async def test_what_the_schedule_holds_is_asserted_after_a_restart(
    hass: HomeAssistant,
    schedule_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    hold: Callable[[HomeAssistant, MockConfigEntry], Awaitable[None]],
    status: str,
    held: tuple[str, float],
) -> None:
    """A unit switched off while Home Assistant was down gets what the schedule holds again."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    await hold(hass, schedule_entry)
    assert (_state(hass, STATUS), _unit(hass)) == (status, held)
    await _restart_with_the_unit(hass, schedule_entry, hass_storage, mode="off")
    assert (_state(hass, STATUS), _unit(hass)) == (status, held)
    assert _simulated_unit(schedule_entry) == held


@pytest.mark.parametrize("entry_options", [NO_PROTECTION])
async def test_a_unit_that_matches_is_sent_nothing_at_a_restart(
    hass: HomeAssistant,
    schedule_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a restart the pause, override or block is asserted only where the unit differs."""
    await _winter_from(hass, schedule_entry, freezer, datetime(2026, 1, 5, 7, 0, tzinfo=BERLIN))
    await _by_hand(hass, SERVICE_SET_TEMPERATURE, **{ATTR_TEMPERATURE: 24})
    for _ in range(2):
        with _recording_sends() as sent:
            assert await hass.config_entries.async_reload(schedule_entry.entry_id)
            await hass.async_block_till_done()
        assert sent.call_args_list == []
        await _action(hass, schedule_entry, "pause_schedule", until="2026-01-07")
    assert _unit(hass)[0] == "off"


async def test_storage_of_version_2_1_loads_and_asserts_its_pause(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A file from before the held states were stored loads; its pause still turns the unit off."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(MONDAY)
    key = storage_key(mock_config_entry.entry_id)
    hass_storage[key] = {
        "version": 2,
        "minor_version": 1,
        "key": key,
        "data": {
            "active": "Winter",
            "schedules": [
                {
                    "name": "Winter",
                    "enabled": True,
                    "blocks": [
                        {
                            "days": ["mon"],
                            "start": "06:30",
                            "mode": "heat",
                            "target_temperature": 21.0,
                            "fan_speed": None,
                            "swing": None,
                        }
                    ],
                }
            ],
            "pause": {"until": "2026-01-07T00:00:00+01:00", "frost_protection": None},
            "override": None,
        },
    }
    hass_storage[store_key(EntryStore.ASSUMED_STATE, mock_config_entry.entry_id)] = {
        "version": 1,
        "key": store_key(EntryStore.ASSUMED_STATE, mock_config_entry.entry_id),
        "data": {
            "mode": "heat",
            "target_temperature": 21.0,
            "fan_speed": "auto",
            "swing": "off",
            "preset": "none",
        },
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, STATUS) == "paused"
    assert _unit(hass)[0] == "off"
    stored = hass_storage[key]
    assert (stored["version"], stored["minor_version"]) == (2, 3)
