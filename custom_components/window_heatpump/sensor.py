"""Sensors of a window heat pump's schedule: current block, next change, status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpScheduleEntity
from .model import Mode
from .schedules.engine import ScheduleEngine, ScheduleStatus
from .schedules.validation import block_to_input

# Read-only: they show what the schedule engine already holds.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ScheduleSensorEntityDescription(SensorEntityDescription):
    """A sensor read from the schedule engine."""

    value_fn: Callable[[ScheduleEngine], StateType | datetime]
    attributes_fn: Callable[[ScheduleEngine], Mapping[str, Any] | None] = lambda _: None


def _current_block_attributes(engine: ScheduleEngine) -> Mapping[str, Any] | None:
    """Return the current block as written, and when it started."""
    if (occurrence := engine.current_block()) is None:
        return None
    return {
        **block_to_input(occurrence.block),
        "started": dt_util.as_local(occurrence.start).isoformat(),
    }


SENSORS: tuple[ScheduleSensorEntityDescription, ...] = (
    ScheduleSensorEntityDescription(
        key="current_block",
        translation_key="current_block",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in Mode],
        value_fn=lambda engine: (
            None if (block := engine.current_block()) is None else block.block.mode.value
        ),
        attributes_fn=_current_block_attributes,
    ),
    ScheduleSensorEntityDescription(
        key="next_change",
        translation_key="next_change",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda engine: engine.next_change(),
    ),
    ScheduleSensorEntityDescription(
        key="schedule_status",
        translation_key="schedule_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in ScheduleStatus],
        value_fn=lambda engine: engine.status.value,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the schedule sensors of a unit."""
    async_add_entities(
        WindowHeatPumpScheduleSensor(entry.runtime_data, description) for description in SENSORS
    )


class WindowHeatPumpScheduleSensor(WindowHeatPumpScheduleEntity, SensorEntity):
    """A sensor of the unit's schedule."""

    entity_description: ScheduleSensorEntityDescription

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """Return the sensor's value."""
        return self.entity_description.value_fn(self.engine)

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return details of the value, where the sensor has any."""
        return self.entity_description.attributes_fn(self.engine)
