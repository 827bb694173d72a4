"""Select of a window heat pump: which of its schedules is the one that runs."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpScheduleEntity
from .schedules.engine import ScheduleEngine

# Choosing a schedule sends the unit its block; commands to one unit go one at a time.
PARALLEL_UPDATES = 1

# The option shown while no schedule runs: translated ("No schedule"), never a raw `unknown`.
NO_SCHEDULE = "no_schedule"


def _schedule_options(engine: ScheduleEngine) -> list[str]:
    """Return the schedules to choose from, after "No schedule" while none runs."""
    names = [schedule.name for schedule in engine.book.schedules]
    return names if engine.book.active is not None else [NO_SCHEDULE, *names]


async def _async_activate(engine: ScheduleEngine, option: str) -> None:
    """Run the schedule `option`; "No schedule" is only ever the current choice, so it stays."""
    if option != NO_SCHEDULE:
        await engine.async_activate(option)


@dataclass(frozen=True, kw_only=True)
class ScheduleSelectEntityDescription(SelectEntityDescription):
    """A select read from and written to the schedule engine."""

    options_fn: Callable[[ScheduleEngine], list[str]]
    current_fn: Callable[[ScheduleEngine], str | None]
    select_fn: Callable[[ScheduleEngine, str], Coroutine[Any, Any, None]]


SELECTS: tuple[ScheduleSelectEntityDescription, ...] = (
    ScheduleSelectEntityDescription(
        key="active_schedule",
        translation_key="active_schedule",
        # Which program a unit follows is set now and then, not operated day to day.
        entity_category=EntityCategory.CONFIG,
        options_fn=_schedule_options,
        current_fn=lambda engine: engine.book.active or NO_SCHEDULE,
        select_fn=_async_activate,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the schedule selects of a unit."""
    async_add_entities(
        WindowHeatPumpScheduleSelect(entry.runtime_data, description) for description in SELECTS
    )


class WindowHeatPumpScheduleSelect(WindowHeatPumpScheduleEntity, SelectEntity):
    """A select of the unit's schedule."""

    entity_description: ScheduleSelectEntityDescription

    @property
    @override
    def options(self) -> list[str]:
        """Return the choices."""
        return self.entity_description.options_fn(self.engine)

    @property
    @override
    def current_option(self) -> str | None:
        """Return the choice made."""
        return self.entity_description.current_fn(self.engine)

    @override
    async def async_select_option(self, option: str) -> None:
        """Make a choice."""
        await self.entity_description.select_fn(self.engine, option)
