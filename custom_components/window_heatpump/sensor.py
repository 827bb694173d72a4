"""Sensors of a window heat pump: care figures, the schedule, and control and efficiency."""

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
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .connection import Connection
from .const import Reads
from .coordinator import WindowHeatPumpConfigEntry
from .entity import (
    CareEntity,
    WindowHeatPumpEntity,
    WindowHeatPumpOfflineEntity,
    WindowHeatPumpScheduleEntity,
)
from .model import Mode
from .schedules.engine import ScheduleEngine, ScheduleStatus
from .schedules.validation import block_to_input
from .sensor_care import CARE_SENSORS, CareSensorDescription, SensorValue
from .sensor_control import CONTROL_SENSORS, ControlSensorEntityDescription
from .sensor_learning import LEARNING_SENSORS, LearningSensor

# Read-only: every value comes from the coordinator, the schedule engine or the control
# features; nothing is sent.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ScheduleSensorEntityDescription(SensorEntityDescription):
    """A sensor read from the schedule engine."""

    value_fn: Callable[[ScheduleEngine], StateType | datetime]
    attributes_fn: Callable[[ScheduleEngine], Mapping[str, Any] | None] = lambda _: None


def _next_change_attributes(engine: ScheduleEngine) -> Mapping[str, Any] | None:
    """Return, before a ready-by block, the time it is ready by and what its estimate lacks."""
    upcoming = engine.following_block()
    if engine.status is not ScheduleStatus.RUNNING or upcoming is None:
        return None
    if not upcoming.block.ready_by:
        return None
    return {
        "ready_by": dt_util.as_local(upcoming.start).isoformat(),
        "warm_up": engine.warm_up_missing or "estimated",
    }


def _current_block_attributes(engine: ScheduleEngine) -> Mapping[str, Any] | None:
    """Return the current block as written, and when it started."""
    if (occurrence := engine.current_block()) is None:
        return None
    return {
        **block_to_input(occurrence.block),
        "started": dt_util.as_local(engine.start_of(occurrence)).isoformat(),
    }


SCHEDULE_SENSORS: tuple[ScheduleSensorEntityDescription, ...] = (
    ScheduleSensorEntityDescription(
        key="current_block",
        translation_key="current_block",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in Mode],
        entity_registry_enabled_default=False,
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
        attributes_fn=_next_change_attributes,
    ),
    ScheduleSensorEntityDescription(
        key="schedule_status",
        translation_key="schedule_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in ScheduleStatus],
        value_fn=lambda engine: engine.status.value,
    ),
)

CONNECTION_SENSOR = SensorEntityDescription(
    key="connection",
    translation_key="connection",
    device_class=SensorDeviceClass.ENUM,
    options=[connection.value for connection in Connection],
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the care, schedule and control sensors of a unit."""
    coordinator = entry.runtime_data
    entities: list[Entity] = [CareSensor(coordinator, description) for description in CARE_SENSORS]
    entities += [
        WindowHeatPumpScheduleSensor(coordinator, description) for description in SCHEDULE_SENSORS
    ]
    entities += [
        WindowHeatPumpControlSensor(coordinator, description)
        for description in CONTROL_SENSORS
        if description.exists_fn(coordinator.control)
    ]
    entities += [LearningSensor(coordinator, description) for description in LEARNING_SENSORS]
    if not coordinator.bridge.pushes:
        entities.append(ConnectionSensor(coordinator, CONNECTION_SENSOR))
    async_add_entities(entities)


class _ValueSensor(WindowHeatPumpEntity, SensorEntity):
    """A sensor whose state follows from its value and attributes alone."""

    @override
    def _showing(self) -> tuple[object, ...]:
        """Return the value, not the state: converting and rounding it costs more."""
        return (self.available, self.native_value, self.extra_state_attributes)


class CareSensor(CareEntity, _ValueSensor):
    """A care figure of the unit."""

    entity_description: CareSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """Return the figure."""
        return self.entity_description.value_fn(self.coordinator.care)


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


class WindowHeatPumpControlSensor(WindowHeatPumpOfflineEntity, _ValueSensor):
    """A sensor of the control features: they report (or say why they pause) with the unit away."""

    entity_description: ControlSensorEntityDescription
    _reads = Reads.CONTROL

    @property
    @override
    def native_value(self) -> StateType | datetime:
        """Return the sensor's value."""
        return self.entity_description.value_fn(self.coordinator.control)

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return details of the value, where the sensor has any."""
        return self.entity_description.attributes_fn(self.coordinator.control)

    @property
    @override
    def native_unit_of_measurement(self) -> str | None:
        """Return the unit, read at run time where it is the price's currency."""
        if (unit_fn := self.entity_description.unit_fn) is not None:
            return unit_fn(self.coordinator.control)
        return super().native_unit_of_measurement

    @property
    @override
    def last_reset(self) -> datetime | None:
        """Return when a daily total began."""
        if (last_reset_fn := self.entity_description.last_reset_fn) is not None:
            return last_reset_fn(self.coordinator.control)
        return super().last_reset


class ConnectionSensor(WindowHeatPumpEntity, SensorEntity):
    """How the last poll of the unit went: connected, out of reach, or an unreadable answer."""

    _reads = Reads.NOTHING

    @property
    @override
    def available(self) -> bool:
        """Return True: it says why the unit's other entities are unavailable."""
        return True

    @property
    @override
    def native_value(self) -> str:
        """Return the connection's state."""
        return self.coordinator.connection.state.value

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any]:
        """Return the last error and since when the failure lasts."""
        watch = self.coordinator.connection
        return {
            "error": watch.error,
            "since": None if watch.since is None else watch.since.isoformat(),
        }
