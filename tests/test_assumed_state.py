"""Tests of the store of a one-way unit's assumed state."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant

from custom_components.window_heatpump.bridges.oneway import (
    SAVE_DELAY_S,
    AssumedStateStore,
)
from custom_components.window_heatpump.model import DesiredState, Mode
from custom_components.window_heatpump.storage import EntryStore, store_key


async def test_a_burst_is_one_write_of_its_latest_state(hass: HomeAssistant) -> None:
    """Saves in a burst schedule one write, which takes the latest state; the next burst another."""
    store = AssumedStateStore(hass, "entry")
    with patch.object(store._store, "async_delay_save") as delay_save:
        for temperature in (20.0, 21.0, 22.0):
            store.save(DesiredState(mode=Mode.HEAT, target_temperature=temperature))
        delay_save.assert_called_once()
        data_func, delay = delay_save.call_args.args
        assert delay == SAVE_DELAY_S
        assert data_func()["target_temperature"] == 22.0

        store.save(DesiredState(mode=Mode.COOL, target_temperature=24.0))
        assert delay_save.call_count == 2
        assert delay_save.call_args.args[0]() == {
            "mode": "cool",
            "target_temperature": 24.0,
            "fan_speed": "auto",
            "swing": "off",
            "preset": "none",
        }


async def test_flush_writes_now_and_a_later_change_is_scheduled(hass: HomeAssistant) -> None:
    """A flush writes the latest state at once; the next save schedules a write again."""
    store = AssumedStateStore(hass, "entry")
    with (
        patch.object(store._store, "async_delay_save") as delay_save,
        patch.object(store._store, "async_save") as save_now,
    ):
        store.save(DesiredState(mode=Mode.HEAT, target_temperature=20.0))
        await store.async_flush()
        assert save_now.call_args.args[0]["target_temperature"] == 20.0
        store.save(DesiredState(mode=Mode.HEAT, target_temperature=23.0))
        assert delay_save.call_count == 2


async def test_a_legacy_store_is_moved_once(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The IR bridge's former store is read when the one-way store is empty, then deleted."""
    old = store_key(EntryStore.IR_STATE, "entry")
    hass_storage[old] = {
        "version": 1,
        "minor_version": 1,
        "key": old,
        "data": {"desired": {"mode": "heat", "target_temperature": 21.0}, "last_active_mode": "x"},
    }
    store = AssumedStateStore(hass, "entry", legacy=EntryStore.IR_STATE)
    # Unreadable (no fan speed, an unknown mode): nothing restored, and nothing left behind.
    assert await store.async_load() is None
    assert store.last_active is None
    assert old not in hass_storage
    assert store_key(EntryStore.ASSUMED_STATE, "entry") in hass_storage
    # Without a legacy store, an empty one-way store is just empty.
    assert await AssumedStateStore(hass, "other", legacy=EntryStore.IR_STATE).async_load() is None
