"""Tests of the lockout at the learned balance point, and the options step that turns it on."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump.const import CONF_LOCKOUT_LEARNED

from .control_helpers import heat, run_clock, set_outdoor, state_of
from .test_learning import learned_week

BACKUP = "input_boolean.backup_heater"
LOCKOUT = "sensor.bedroom_outdoor_lockout"


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Return a unit whose own balance point (-20 °C) is far below the learned one (~-8 °C)."""
    return {
        "outdoor_temperature": 2.0,
        "outdoor_humidity": 85.0,
        "speed": 1.0,
        "balance_point": -20.0,
        "lockout_hysteresis": 2.0,
        "backup_heater": BACKUP,
        "min_off_seconds": 180,
        CONF_LOCKOUT_LEARNED: True,
    }


async def test_lockout_follows_the_learned_balance_point_once_confident(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Until the room is learned the user's -20 °C holds; then the learned one takes over."""
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"backup_heater": {}}}
    )
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await heat(hass)
    await set_outdoor(hass, mock_config_entry, -12.0)
    await run_clock(hass, freezer, 30)
    # Nothing learned: the user's number, and -12 °C is above it.
    assert state_of(hass, LOCKOUT) == "heat_pump"
    assert state_of(hass, BACKUP) == STATE_OFF
    lockout = hass.states.get(LOCKOUT)
    assert lockout is not None
    assert lockout.attributes["balance_point_source"] == "user"

    learning = mock_config_entry.runtime_data.learning
    learning.estimator = learned = learned_week()
    balance = learned.figures.balance_point_c
    assert balance is not None
    assert -12.0 < balance < -4.0
    await set_outdoor(hass, mock_config_entry, -12.5)
    await run_clock(hass, freezer, 30)
    assert state_of(hass, LOCKOUT) == "backup"
    assert state_of(hass, BACKUP) == STATE_ON
    lockout = hass.states.get(LOCKOUT)
    assert lockout is not None
    assert lockout.attributes["balance_point_source"] == "learned"
    assert lockout.attributes["balance_point_c"] == pytest.approx(balance)


async def test_the_learning_step_turns_it_on_and_off(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The options flow's learned room step stores its one option and keeps the others."""
    before = dict(init_integration.options)
    for wanted in (True, False):
        result = await hass.config_entries.options.async_init(init_integration.entry_id)
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {"next_step_id": "learning"}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "learning"
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_LOCKOUT_LEARNED: wanted}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        assert init_integration.options == {**before, CONF_LOCKOUT_LEARNED: wanted}
