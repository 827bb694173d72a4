"""Calendar of a window heat pump: the blocks of its running schedule, day by day."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import override

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpScheduleEntity
from .model import TemperatureUnit
from .schedules.model import Block
from .schedules.timeline import LOOK_AROUND, Occurrence, occurrences

# Read-only: it shows what the schedule engine already holds.
PARALLEL_UPDATES = 0

CALENDAR_DESCRIPTION = CalendarEntityDescription(key="schedule", translation_key="schedule")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the schedule calendar of a unit."""
    async_add_entities([WindowHeatPumpScheduleCalendar(entry.runtime_data, CALENDAR_DESCRIPTION)])


def block_summary(block: Block, unit: TemperatureUnit) -> str:
    """Return a block in a few words, e.g. "Heat 21 °C, fan quiet" ("Heat 21 °C by 07:00")."""
    parts = [block.mode.value.replace("_", " ").capitalize()]
    if block.target_temperature is not None:
        parts[0] += f" {block.target_temperature:g} {unit.value}"
        if block.ready_by:
            parts[0] += f" by {block.start.strftime('%H:%M')}"
    if block.fan_speed is not None:
        parts.append(f"fan {block.fan_speed.value}")
    if block.swing is not None:
        parts.append(f"swing {block.swing.value}")
    return ", ".join(parts)


class WindowHeatPumpScheduleCalendar(WindowHeatPumpScheduleEntity, CalendarEntity):
    """Each block of the running schedule as an event lasting until the next block."""

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return the block in effect now."""
        now = dt_util.utcnow()
        if (now_block := self.engine.current_block(now)) is None:
            return None
        upcoming = self.engine.following_block(now)
        return self._event(
            now_block,
            self.engine.start_of(upcoming, now) if upcoming else now_block.start + LOOK_AROUND,
            now,
        )

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the blocks that run between the two instants."""
        if not self.engine.running:
            return []
        found = occurrences(
            self.engine.blocks,
            self.engine.zone,
            start_date - LOOK_AROUND,
            end_date + LOOK_AROUND,
        )
        now = dt_util.utcnow()
        return [
            self._event(this, self.engine.start_of(following, now), now)
            for this, following in pairwise(found)
            # Blocks starting together (in a skipped hour) give way to the last of them.
            if this.start < end_date
            and following.start > start_date
            and following.start > this.start
        ]

    def _event(self, occurrence: Occurrence, end: datetime, now: datetime) -> CalendarEvent:
        """Return one block as an event in local time, from when it begins ("ready by": early)."""
        return CalendarEvent(
            start=dt_util.as_local(self.engine.start_of(occurrence, now)),
            end=dt_util.as_local(end),
            summary=block_summary(occurrence.block, self.coordinator.capabilities.temperature_unit),
            uid=f"{self.unique_id}_{occurrence.start.isoformat()}",
        )
