"""Buttons of a window heat pump: tell Home Assistant that maintenance was done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import override

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .care.issues import Task
from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpEntity

# Pressing only writes Home Assistant's own records; nothing goes to the unit.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CareButtonDescription(ButtonEntityDescription):
    """A button that records one maintenance task as done."""

    task: Task


BUTTONS: tuple[CareButtonDescription, ...] = tuple(
    CareButtonDescription(
        key=f"{task.value}_done",
        translation_key=f"{task.value}_done",
        entity_category=EntityCategory.CONFIG,
        task=task,
    )
    for task in Task
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the maintenance buttons of a unit."""
    async_add_entities(CareButton(entry.runtime_data, description) for description in BUTTONS)


class CareButton(WindowHeatPumpEntity, ButtonEntity):
    """Record that the user did a maintenance task."""

    entity_description: CareButtonDescription

    @property
    @override
    def available(self) -> bool:
        """Return True: maintenance can be recorded while the unit is unreachable."""
        return True

    @override
    async def async_press(self) -> None:
        """Record the task as done now."""
        self.coordinator.care.async_done(self.entity_description.task)
