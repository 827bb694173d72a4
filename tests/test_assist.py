"""Voice: the climate sentences Home Assistant's built-in intents understand, said to Assist.

Each goes through the conversation API (the default agent matching the sentence, the built-in
intent acting) against the simulated unit in the area "Bedroom", as a voice satellite would.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components import climate, conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    intent,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .control_helpers import CLIMATE, heat


@pytest.fixture
async def assist(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Put the unit in the area Bedroom and start Assist."""
    area = ar.async_get(hass).async_get_or_create("Bedroom")
    climate = er.async_get(hass).async_get(CLIMATE)
    assert climate is not None
    assert climate.device_id is not None
    dr.async_get(hass).async_update_device(climate.device_id, area_id=area.id)
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    await hass.async_block_till_done()


async def _say(hass: HomeAssistant, sentence: str) -> dict[str, Any]:
    """Say a sentence to Assist; return its response, which must be an answer, not an error."""
    result = await conversation.async_converse(hass, sentence, None, Context(), language="en")
    response = result.response
    assert response.response_type is not intent.IntentResponseType.ERROR, (
        sentence,
        response.error_code,
        response.speech,
    )
    await hass.async_block_till_done()
    return response.as_dict()


def _climate(hass: HomeAssistant) -> dict[str, Any]:
    """Return the unit's climate state and attributes."""
    state = hass.states.get(CLIMATE)
    assert state is not None
    return {"state": state.state, **state.attributes}


@pytest.mark.usefixtures("assist")
async def test_climate_sentences(hass: HomeAssistant) -> None:
    """Set the temperature, ask it and whether it heats, turn the unit off and on."""
    await heat(hass, 21)
    await _say(hass, "set the temperature in the bedroom to 23 degrees")
    assert _climate(hass)["temperature"] == 23
    answer = await _say(hass, "what is the temperature in the bedroom")
    assert answer["speech"]["plain"]["speech"]
    answer = await _say(hass, "is the bedroom heating")
    # 2026.10 answers with the unit's state ("Bedroom is heat"); 2026.4 takes it as a
    # temperature question and answers with the room's temperature.
    assert answer["response_type"] == "query_answer"
    assert answer["speech"]["plain"]["speech"]
    await _say(hass, "turn off the bedroom")
    assert _climate(hass)["state"] == "off"
    await _say(hass, "turn on the bedroom")
    assert _climate(hass)["state"] == "heat"


@pytest.mark.usefixtures("assist")
async def test_fan_mode_sentence(hass: HomeAssistant) -> None:
    """Set the fan speed by voice, where the release has the intent (2026.10 has, 2026.4 not)."""
    if not hasattr(climate, "INTENT_SET_FAN_MODE"):
        pytest.skip("this Home Assistant has no fan mode intent")
    await _say(hass, "set the bedroom fan to high")
    assert _climate(hass)["fan_mode"] == "high"
    await _say(hass, "set the fan mode in the bedroom to low")
    assert _climate(hass)["fan_mode"] == "low"
