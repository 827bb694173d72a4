"""Buttons of a window heat pump: maintenance done, the test cycle, the learned room's reset."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .care.const import Task
from .const import Reads
from .control.commissioning import DEFAULT_MINUTES, TestCycle
from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpEntity, WindowHeatPumpOfflineEntity

# The test cycle's buttons send commands to the unit: one press at a time.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class CareButtonDescription(ButtonEntityDescription):
    """A button that records one maintenance task as done."""

    task: Task


BUTTONS: tuple[CareButtonDescription, ...] = tuple(
    CareButtonDescription(
        key=f"{task.value}_done",
        translation_key=f"{task.value}_done",
        entity_category=EntityCategory.CONFIG,
        # The filter is cleaned often; the other tasks are also recorded from their Repairs issue.
        entity_registry_enabled_default=task is Task.FILTER,
        task=task,
    )
    for task in Task
)


@dataclass(frozen=True, kw_only=True)
class TestCycleButtonDescription(ButtonEntityDescription):
    """A button that starts or cancels the commissioning test cycle."""

    press_fn: Callable[[TestCycle], Awaitable[None]]


TEST_CYCLE_BUTTONS: tuple[TestCycleButtonDescription, ...] = (
    TestCycleButtonDescription(
        key="test_cycle_start",
        translation_key="test_cycle_start",
        entity_category=EntityCategory.CONFIG,
        # A commissioning check, run now and then (also by the run_test_cycle action).
        entity_registry_enabled_default=False,
        press_fn=lambda cycle: cycle.async_start(DEFAULT_MINUTES),
    ),
    TestCycleButtonDescription(
        key="test_cycle_cancel",
        translation_key="test_cycle_cancel",
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=False,
        press_fn=lambda cycle: cycle.async_cancel(),
    ),
)


LEARNING_RESET_BUTTON = ButtonEntityDescription(
    key="learning_reset",
    translation_key="learning_reset",
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the maintenance and test cycle buttons of a unit."""
    coordinator = entry.runtime_data
    entities: list[ButtonEntity] = [CareButton(coordinator, description) for description in BUTTONS]
    if coordinator.control.test_cycle.modes():
        entities += [
            TestCycleButton(coordinator, description) for description in TEST_CYCLE_BUTTONS
        ]
    entities.append(LearningResetButton(coordinator, LEARNING_RESET_BUTTON))
    async_add_entities(entities)


class _OfflineButton(WindowHeatPumpOfflineEntity, ButtonEntity):
    """A button that records something of the integration's own: it works while the unit is away."""

    _reads = Reads.NOTHING


class CareButton(_OfflineButton):
    """Record that the user did a maintenance task."""

    entity_description: CareButtonDescription

    @override
    async def async_press(self) -> None:
        """Record the task as done now."""
        self.coordinator.care.async_done(self.entity_description.task)


class TestCycleButton(WindowHeatPumpEntity, ButtonEntity):
    """Start or cancel the commissioning test cycle."""

    _reads = Reads.NOTHING

    entity_description: TestCycleButtonDescription

    @override
    async def async_press(self) -> None:
        """Start or cancel the cycle, or raise why it cannot be done now."""
        await self.entity_description.press_fn(self.coordinator.control.test_cycle)


class LearningResetButton(_OfflineButton):
    """Forget the learned room model (the room or the unit changed)."""

    @override
    async def async_press(self) -> None:
        """Forget what was learned; learning starts again."""
        self.coordinator.learning.async_reset()
