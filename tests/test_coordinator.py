"""Tests of the coordinator's bookkeeping of who hears a pushed state."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN, Reads


async def _push(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the simulated unit run a minute: it pushes its state as it goes."""
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_a_push_reaches_the_readers_of_what_it_changed(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A pushed state reaches its readers alone; availability reaches the listeners.

    Neither the readers of other figures nor the coordinator's listeners hear a push, and a
    removed reader hears nothing more.
    """
    coordinator = init_integration.runtime_data
    heard: list[str] = []
    remove = coordinator.async_add_reader(lambda: heard.append("state"), Reads.STATE)
    coordinator.async_add_reader(lambda: heard.append("nothing"), Reads.NOTHING)
    coordinator.async_add_listener(lambda: heard.append("listener"))
    await _push(hass, freezer)
    assert heard
    assert set(heard) == {"state"}
    remove()
    heard.clear()
    await _push(hass, freezer)
    assert heard == []
    # What reaches every entity (availability) reaches the listeners.
    await hass.services.async_call(
        DOMAIN, "set_simulated_conditions", {"reachable": False}, blocking=True
    )
    assert heard == ["listener"]


async def test_a_faulty_reader_does_not_stop_the_others(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A reader that raises is logged; the readers after it still hear the push."""
    coordinator = init_integration.runtime_data
    heard: list[bool] = []

    def faulty() -> None:
        raise RuntimeError("broken reader")

    coordinator.async_add_reader(faulty, Reads.STATE)
    coordinator.async_add_reader(lambda: heard.append(True), Reads.STATE)
    await _push(hass, freezer)
    assert heard
    assert "Unexpected error updating listener" in caplog.text
    assert "broken reader" in caplog.text
