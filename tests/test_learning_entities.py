"""Tests of the learned room through the coordinator: sensors, reset button, restart."""

from __future__ import annotations

from datetime import timedelta
import math

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth

from .control_helpers import CLIMATE, heat
from .test_learning import learned_week

BALANCE = "sensor.bedroom_learned_balance_point"
CONFIDENCE = "sensor.bedroom_learned_room_confidence"
HEAT_LOSS = "sensor.bedroom_learned_heat_loss"
CAPACITY = "sensor.bedroom_learned_heating_capacity"
RESET = "button.bedroom_reset_learned_room"
TICK = timedelta(seconds=60)

pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")


def _state(hass: HomeAssistant, entity_id: str) -> State:
    """Return an entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def test_nothing_learned_says_so(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A new unit shows no figure, a confidence of 0 and what it is waiting for."""
    assert _state(hass, BALANCE).state == STATE_UNKNOWN
    assert _state(hass, HEAT_LOSS).state == STATE_UNKNOWN
    confidence = _state(hass, CONFIDENCE)
    assert confidence.state == "0"
    assert confidence.attributes["days_learned"] == 0
    assert confidence.attributes["rated_capacity_w"] == 2345


async def test_the_coordinator_feeds_the_model_and_a_day_is_learned(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Two days heating the simulated bedroom through the coordinator teach a first figure."""
    await heat(hass, 21.0)
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_FAN_MODE,
        {ATTR_ENTITY_ID: CLIMATE, ATTR_FAN_MODE: "high"},
        blocking=True,
    )
    bridge = init_integration.runtime_data.bridge
    for minute in range(2 * 24 * 60 + 10):
        if minute % 30 == 0:
            hour = minute / 60
            bridge.set_conditions(
                outdoor_temperature_c=4 + 5 * math.sin(2 * math.pi * (hour - 9) / 24)
            )
        freezer.tick(TICK)
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    confidence = _state(hass, CONFIDENCE)
    assert confidence.attributes["days_learned"] >= 1
    assert confidence.attributes["missing"] is None
    truth = RoomTruth(settings=bridge.unit.settings)
    assert float(_state(hass, HEAT_LOSS).state) == pytest.approx(truth.heat_loss_w_per_k, rel=0.3)


async def test_learned_figures_survive_a_restart_and_the_button_forgets(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """What is learned is stored at a stop and back after; the reset button clears it."""
    learning = init_integration.runtime_data.learning
    learning.estimator = learned_week()
    figures = learning.figures
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    learning = init_integration.runtime_data.learning
    assert learning.figures == figures
    assert float(_state(hass, HEAT_LOSS).state) == round(figures.heat_loss_w_per_k, 1)
    assert float(_state(hass, BALANCE).state) == round(figures.balance_point_c, 1)
    assert _state(hass, CONFIDENCE).state == "100"

    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: RESET}, blocking=True
    )
    assert _state(hass, BALANCE).state == STATE_UNKNOWN
    assert _state(hass, CONFIDENCE).state == "0"
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, CONFIDENCE).state == "0"


async def test_capacity_follows_the_outdoor_temperature(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The heating capacity sensor reads the learned curve at the outdoor temperature now."""
    coordinator = init_integration.runtime_data
    coordinator.learning.estimator = learned_week()
    figures = coordinator.learning.figures
    bridge = coordinator.bridge
    for outdoor in (0.0, 6.0):
        bridge.set_conditions(outdoor_temperature_c=outdoor)
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        assert float(_state(hass, CAPACITY).state) == round(figures.capacity_w(outdoor))
    bridge.set_conditions(outdoor_temperature_c=40.0)
    await hass.async_block_till_done()
    # Far outside the curve learned: no figure rather than a guess.
    assert _state(hass, CAPACITY).state == STATE_UNKNOWN
