"""Sensors of a window heat pump: its schedule, and its control and efficiency features."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfEnergy, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .control.hub import ControlHub
from .control.lockout import LockoutStatus
from .control.protection import ProtectionStatus
from .control.sizing import SizingVerdict
from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpEntity, WindowHeatPumpScheduleEntity
from .model import Mode
from .schedules.engine import ScheduleEngine, ScheduleStatus
from .schedules.validation import block_to_input

# Read-only: they show what the schedule engine and the control features already hold.
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


@dataclass(frozen=True, kw_only=True)
class ControlSensorEntityDescription(SensorEntityDescription):
    """A sensor read from the unit's control features."""

    value_fn: Callable[[ControlHub], StateType | datetime]
    attributes_fn: Callable[[ControlHub], Mapping[str, Any] | None] = lambda _: None
    exists_fn: Callable[[ControlHub], bool] = lambda _: True


def _protection_attributes(hub: ControlHub) -> Mapping[str, Any]:
    """Return the held command and the off time."""
    protection = hub.protection
    return {
        "min_off_seconds": protection.min_off.total_seconds(),
        "held_mode": None if protection.held is None else protection.held.mode.value,
        "held_until": None if protection.release_at is None else protection.release_at.isoformat(),
    }


def _lockout_attributes(hub: ControlHub) -> Mapping[str, Any]:
    """Return the outdoor temperature the lockout acts on and its settings."""
    lockout = hub.lockout
    return {
        "outdoor_temperature_c": lockout.outdoor.value,
        "problem": lockout.outdoor.problem,
        "balance_point_c": lockout.balance_c,
        "hysteresis_k": lockout.hysteresis_k,
        "backup_heater": lockout.backup,
        "outdoor_source": lockout.outdoor_sensor or "unit",
    }


def _sizing_attributes(hub: ControlHub) -> Mapping[str, Any] | None:
    """Return the figures behind the sizing verdict."""
    if (advice := hub.sizing) is None:
        return None
    return {
        "recommended_btu_h": advice.recommended_btu,
        "energy_star_table_btu_h": advice.table_btu,
        "unit_btu_h": advice.unit_btu,
        "ratio": advice.ratio,
    }


def _problem(hub: ControlHub) -> Mapping[str, Any] | None:
    """Return why the power is not counted, if it is not."""
    return None if hub.power.problem is None else {"paused": hub.power.problem}


def _has_heat(hub: ControlHub) -> bool:
    """Return True when heat delivered can be estimated (a supply-air sensor is linked)."""
    return hub.supply_air_sensor is not None


CONTROL_SENSORS: tuple[ControlSensorEntityDescription, ...] = (
    ControlSensorEntityDescription(
        key="control_protection",
        translation_key="control_protection",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in ProtectionStatus],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hub: hub.protection.status.value,
        attributes_fn=_protection_attributes,
    ),
    ControlSensorEntityDescription(
        key="control_restart_allowed",
        translation_key="control_restart_allowed",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hub: hub.protection.restart_allowed_at(),
    ),
    ControlSensorEntityDescription(
        key="control_lockout",
        translation_key="control_lockout",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in LockoutStatus],
        value_fn=lambda hub: hub.lockout.status.value,
        attributes_fn=_lockout_attributes,
        exists_fn=lambda hub: hub.lockout.balance_c is not None,
    ),
    ControlSensorEntityDescription(
        key="control_sizing",
        translation_key="control_sizing",
        device_class=SensorDeviceClass.ENUM,
        options=[verdict.value for verdict in SizingVerdict],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hub: None if hub.sizing is None else hub.sizing.verdict.value,
        attributes_fn=_sizing_attributes,
        exists_fn=lambda hub: hub.sizing is not None,
    ),
    ControlSensorEntityDescription(
        key="control_recommended_capacity",
        translation_key="control_recommended_capacity",
        native_unit_of_measurement="BTU/h",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hub: None if hub.sizing is None else hub.sizing.recommended_btu,
        exists_fn=lambda hub: hub.sizing is not None,
    ),
    ControlSensorEntityDescription(
        key="control_power",
        translation_key="control_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        value_fn=lambda hub: hub.power.value,
        attributes_fn=_problem,
    ),
    ControlSensorEntityDescription(
        key="control_energy",
        translation_key="control_energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda hub: round(hub.energy.totals.energy_kwh, 4),
        attributes_fn=_problem,
    ),
    ControlSensorEntityDescription(
        key="control_heat_delivered",
        translation_key="control_heat_delivered",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda hub: round(hub.energy.totals.heat_kwh, 4),
        exists_fn=_has_heat,
    ),
    ControlSensorEntityDescription(
        key="control_cop",
        translation_key="control_cop",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda hub: None if (cop := hub.energy.totals.cop) is None else round(cop, 2),
        exists_fn=_has_heat,
    ),
    ControlSensorEntityDescription(
        key="control_saving",
        translation_key="control_saving",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda hub: round(hub.energy.totals.saving_kwh, 4),
        exists_fn=_has_heat,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the schedule and control sensors of a unit."""
    coordinator = entry.runtime_data
    async_add_entities(
        WindowHeatPumpScheduleSensor(coordinator, description) for description in SENSORS
    )
    async_add_entities(
        WindowHeatPumpControlSensor(coordinator, description)
        for description in CONTROL_SENSORS
        if description.exists_fn(coordinator.control)
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


class WindowHeatPumpControlSensor(WindowHeatPumpEntity, SensorEntity):
    """A sensor of the unit's control and efficiency features."""

    entity_description: ControlSensorEntityDescription

    @property
    @override
    def available(self) -> bool:
        """Return True: the features report (or say why they pause) while the unit is away."""
        return True

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
