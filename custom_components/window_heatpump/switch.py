"""Switch of a window heat pump: whether its chosen schedule runs."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpScheduleEntity
from .schedules.engine import ScheduleEngine

# Switching the schedule on sends the unit its block; commands to one unit go one at a time.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ScheduleSwitchEntityDescription(SwitchEntityDescription):
    """A switch read from and written to the schedule engine."""

    is_on_fn: Callable[[ScheduleEngine], bool]
    set_fn: Callable[[ScheduleEngine, bool], Coroutine[Any, Any, None]]


SWITCHES: tuple[ScheduleSwitchEntityDescription, ...] = (
    ScheduleSwitchEntityDescription(
        key="schedule_enabled",
        translation_key="schedule_enabled",
        is_on_fn=lambda engine: (
            (schedule := engine.book.active_schedule) is not None and schedule.enabled
        ),
        set_fn=lambda engine, on: engine.async_enable(on),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the schedule switches of a unit."""
    async_add_entities(
        WindowHeatPumpScheduleSwitch(entry.runtime_data, description) for description in SWITCHES
    )


class WindowHeatPumpScheduleSwitch(WindowHeatPumpScheduleEntity, SwitchEntity):
    """A switch of the unit's schedule."""

    entity_description: ScheduleSwitchEntityDescription

    @property
    @override
    def is_on(self) -> bool:
        """Return the switch's state."""
        return self.entity_description.is_on_fn(self.engine)

    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on."""
        await self.entity_description.set_fn(self.engine, True)  # noqa: FBT003

    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self.entity_description.set_fn(self.engine, False)  # noqa: FBT003
