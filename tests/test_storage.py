"""Tests of what a unit leaves behind: every store and Repairs issue is listed, and removed."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

import custom_components.window_heatpump
from custom_components.window_heatpump.care.issues import async_sync_issues
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.storage import (
    EntryIssue,
    EntryStore,
    Problem,
    issue_id,
    store_key,
)

from .control_helpers import heat
from .ir_hardware import async_setup_hardware

PACKAGE = Path(custom_components.window_heatpump.__file__).parent
POWER = "sensor.office_plug_power"


def _name(node: ast.expr) -> str:
    """Return the name a call goes to (`f` of `f()`, `g` of `x.g()`, `Store` of `Store[T]()`)."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


class _KeyedCalls(ast.NodeVisitor):
    """Find each Store made and each Repairs issue raised or closed, and how its key is built."""

    def __init__(self, store_classes: set[str]) -> None:
        """Know the package's own Store subclasses (their `super().__init__` makes a Store)."""
        self._store_classes = store_classes
        self._classes: list[str] = []
        # Per function: the names bound to a call (`key = store_key(...)`).
        self._bound: list[dict[str, ast.expr]] = [{}]
        self.calls: list[tuple[str, int, bool]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """Note the class the calls are in."""
        self._classes.append(node.name)
        self.generic_visit(node)
        self._classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Note the names the function binds."""
        self._bound.append(
            {
                target.id: assign.value
                for assign in ast.walk(node)
                if isinstance(assign, ast.Assign)
                for target in assign.targets
                if isinstance(target, ast.Name)
            }
        )
        self.generic_visit(node)
        self._bound.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast.NodeVisitor's name

    def visit_Call(self, node: ast.Call) -> None:
        """Record a Store or an issue call: (what, line, key built by the listed builder)."""
        name = _name(node.func)
        in_store_class = bool(self._classes) and self._classes[-1] in self._store_classes
        if name == "Store" or (name == "__init__" and in_store_class):
            self.calls.append(("store", node.lineno, self._built(node, "key", "store_key")))
        elif name in ("async_create_issue", "async_delete_issue"):
            self.calls.append(("issue", node.lineno, self._built(node, "issue_id", "issue_id")))
        self.generic_visit(node)

    def _built(self, call: ast.Call, keyword: str, builder: str) -> bool:
        """Return whether the call's third argument comes from `builder`."""
        key = call.args[2] if len(call.args) > 2 else None
        key = key or next((kw.value for kw in call.keywords if kw.arg == keyword), None)
        if isinstance(key, ast.Name):
            key = self._bound[-1].get(key.id, key)
        return isinstance(key, ast.Call) and _name(key.func) == builder


def test_every_store_and_issue_takes_its_key_from_the_list() -> None:
    """Each Store and Repairs issue of the package is built from `storage.py`'s lists.

    A module that made a store or an issue with a key of its own would leave it behind when
    the unit is removed; this finds every such call in the source.
    """
    trees = {path: ast.parse(path.read_text()) for path in sorted(PACKAGE.rglob("*.py"))}
    store_classes = {
        node.name
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and any(_name(base) == "Store" for base in node.bases)
    }
    found: list[tuple[str, str, bool]] = []
    for path, tree in trees.items():
        calls = _KeyedCalls(store_classes)
        calls.visit(tree)
        where = path.relative_to(PACKAGE)
        found += [(what, f"{where}:{line}", listed) for what, line, listed in calls.calls]
    assert [(what, where) for what, where, listed in found if not listed] == []
    # The walk found the calls at all: the one-way core's (the assumed state, and the IR
    # bridge's former key it moves), energy, care, test-cycle, compressor, room-shift, learned
    # room and schedule stores (two), the removal's; the issues: storage's raise and clear (every
    # unit issue outside care goes through them), care's two, the removal's.
    assert sum(what == "store" for what, _, _ in found) == 10
    assert sum(what == "issue" for what, _, _ in found) == 5


def test_keys_and_ids_are_what_older_releases_wrote() -> None:
    """The listed keys are the ones earlier releases stored under, so removal finds them."""
    assert {store: store_key(store, "E") for store in EntryStore} == {
        EntryStore.SCHEDULES: "window_heatpump.schedules.E",
        EntryStore.SCHEDULES_UNREADABLE: "window_heatpump.schedules.E.unreadable",
        EntryStore.CARE: "window_heatpump.care.E",
        EntryStore.ASSUMED_STATE: "window_heatpump.assumed_state.E",
        EntryStore.IR_STATE: "window_heatpump.E",
        EntryStore.ENERGY: "window_heatpump.E.energy",
        EntryStore.TEST_CYCLE: "window_heatpump.E.test_cycle",
        EntryStore.COMPRESSOR: "window_heatpump.E.compressor",
        EntryStore.ROOM_SHIFT: "window_heatpump.E.room_shift",
        EntryStore.LEARNING: "window_heatpump.E.learning",
    }
    assert issue_id(EntryIssue.UNIT_NOT_RESPONDING, "E") == "unit_not_responding_E"
    assert issue_id(Problem.FILTER_DIRTY, "E") == "filter_dirty_E"


def _left_behind(hass: HomeAssistant, storage: dict[str, Any], entry_id: str) -> list[str]:
    """Return the stores and open issues that still name an entry."""
    stores = [key for key in storage if entry_id in key]
    issues = [f"issue {issue}" for (_, issue) in ir.async_get(hass).issues if entry_id in issue]
    return stores + issues


async def _run(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: int) -> None:
    """Move the clock in 5 s steps, as the units tick."""
    for _ in range(seconds // 5):
        freezer.tick(timedelta(seconds=5))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def _simulated_unit_with_every_store(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> MockConfigEntry:
    """Set up a simulated unit that writes each of its stores and raises its issues."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Bedroom",
        unique_id="simulated_bedroom",
        data={
            "bridge": "simulated",
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
            # Regulated on a room sensor by the offset: the shifted set point is stored.
            "temperature_sensor": "sensor.missing_room",
            "regulation": "offset",
        },
        options={
            "outdoor_temperature": -5.0,
            "outdoor_humidity": 85.0,
            "speed": 1.0,
            # Far oversized for the room: the sizing issue.
            "room_area": 9.0,
            "occupants": 1,
            # A backup heater that never comes on: its issue.
            "balance_point": 0.0,
            "lockout_hysteresis": 2.0,
            "backup_heater": "switch.missing",
        },
    )
    # Schedules that cannot be read are set aside under a store of their own.
    key = store_key(EntryStore.SCHEDULES, entry.entry_id)
    hass_storage[key] = {"version": 2, "minor_version": 1, "key": key, "data": {"broken": 1}}
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        DOMAIN,
        "add_block",
        {
            "config_entry_id": entry.entry_id,
            "schedule": "Winter",
            "days": "daily",
            "start": "06:00",
            "mode": "heat",
        },
        blocking=True,
    )
    await heat(hass)
    await _run(hass, freezer, 200)
    # The test cycle keeps its result; turning off stops the compressor (a stored stop).
    await hass.services.async_call(
        DOMAIN, "run_test_cycle", {"config_entry_id": entry.entry_id}, blocking=True
    )
    await hass.services.async_call(
        DOMAIN, "cancel_test_cycle", {"config_entry_id": entry.entry_id}, blocking=True
    )
    await hass.services.async_call(
        "climate", "turn_off", {ATTR_ENTITY_ID: "climate.bedroom"}, blocking=True
    )
    await _run(hass, freezer, 10)
    return entry


async def _ir_unit_not_responding(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> MockConfigEntry:
    """Set up an IR unit that stores its state and does not respond to its frames."""
    await async_setup_hardware(hass)
    hass.states.async_set(POWER, "0", {"unit_of_measurement": "W"})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Office",
        unique_id="infrared_office",
        data={
            "bridge": "infrared",
            "emitter": "infrared.test_emitter",
            "protocol": "midea",
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["cool", "heat", "dry", "fan_only", "auto"],
            "power_sensor": POWER,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {ATTR_ENTITY_ID: "climate.office", "hvac_mode": "cool"},
        blocking=True,
    )
    await _run(hass, freezer, 120)
    return entry


async def test_removing_units_leaves_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    """Removed units take every store and every open Repairs issue with them."""
    simulated = await _simulated_unit_with_every_store(hass, freezer, hass_storage)
    infrared = await _ir_unit_not_responding(hass, freezer)
    # The Repairs issues care raises (the simulated unit would need weeks to earn them).
    async_sync_issues(hass, simulated.entry_id, "Bedroom", Problem)
    for entry in (simulated, infrared):
        assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    written = {
        key.replace(simulated.entry_id, "E") for key in hass_storage if simulated.entry_id in key
    }
    written |= {
        key.replace(infrared.entry_id, "E") for key in hass_storage if infrared.entry_id in key
    }
    # The IR bridge's own key is only read (and moved) now; one an older release left behind
    # on a unit never loaded since goes with the unit all the same.
    assert written == {
        store_key(store, "E") for store in EntryStore if store != EntryStore.IR_STATE
    }
    legacy = store_key(EntryStore.IR_STATE, infrared.entry_id)
    hass_storage[legacy] = {"version": 1, "minor_version": 1, "key": legacy, "data": {}}
    raised = {issue for (_, issue) in ir.async_get(hass).issues}
    assert issue_id(EntryIssue.SIZING, simulated.entry_id) in raised
    assert issue_id(EntryIssue.BACKUP_HEATER_FAILED, simulated.entry_id) in raised
    assert issue_id(EntryIssue.UNIT_NOT_RESPONDING, infrared.entry_id) in raised

    for entry in (simulated, infrared):
        assert await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()
        assert _left_behind(hass, hass_storage, entry.entry_id) == []
