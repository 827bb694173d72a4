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
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfEnergy, UnitOfPower, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .care import CareTracker
from .care.const import Task
from .const import Reads
from .control.commissioning import CycleState
from .control.hub import ControlHub
from .control.lockout import LockoutStatus
from .control.protection import ProtectionStatus
from .control.sizing import SizingVerdict
from .coordinator import WindowHeatPumpConfigEntry
from .entity import CareDescription, CareEntity, WindowHeatPumpEntity, WindowHeatPumpScheduleEntity
from .model import Mode
from .schedules.engine import ScheduleEngine, ScheduleStatus
from .schedules.validation import block_to_input

# Read-only: every value comes from the coordinator, the schedule engine or the control
# features; nothing is sent.
PARALLEL_UPDATES = 0


type SensorValue = float | int | datetime | None


def _hours(seconds: float | None) -> float | None:
    """Return seconds as hours, rounded for display."""
    return None if seconds is None else round(seconds / 3600.0, 2)


def _minutes(seconds: float | None) -> float | None:
    """Return seconds as minutes, rounded for display."""
    return None if seconds is None else round(seconds / 60.0, 1)


@dataclass(frozen=True, kw_only=True)
class CareSensorDescription(CareDescription, SensorEntityDescription):
    """A sensor read from the care tracker."""

    value_fn: Callable[[CareTracker], SensorValue]


CARE_SENSORS: tuple[CareSensorDescription, ...] = (
    CareSensorDescription(
        key="filter_run_time",
        translation_key="filter_run_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: round(care.filter_hours, 2),
    ),
    CareSensorDescription(
        key="filter_remaining",
        translation_key="filter_remaining",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda care: round(care.filter_remaining_pct, 1),
    ),
    CareSensorDescription(
        key="filter_time_left",
        translation_key="filter_time_left",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=0,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: round(care.filter_hours_left, 2),
    ),
    CareSensorDescription(
        key="filter_last_cleaned",
        translation_key="filter_last_cleaned",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: care.done[Task.FILTER],
    ),
    CareSensorDescription(
        key="fan_run_time",
        translation_key="fan_run_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: _hours(care.runtime.fan_s),
    ),
    CareSensorDescription(
        key="compressor_run_time",
        translation_key="compressor_run_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: _hours(care.runtime.compressor_s),
    ),
    CareSensorDescription(
        key="compressor_starts",
        translation_key="compressor_starts",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: care.runtime.starts,
        available_fn=lambda care: care.has_cycle_signal,
    ),
    CareSensorDescription(
        key="compressor_starts_per_hour",
        translation_key="compressor_starts_per_hour",
        native_unit_of_measurement="starts/h",
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: care.starts_per_hour,
        available_fn=lambda care: care.has_cycle_signal,
    ),
    CareSensorDescription(
        key="defrosts_today",
        translation_key="defrosts_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: care.defrost_count_today,
        available_fn=lambda care: care.has_defrost_signal,
    ),
    CareSensorDescription(
        key="defrosts",
        translation_key="defrosts",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: care.defrost.total,
        available_fn=lambda care: care.has_defrost_signal,
    ),
    CareSensorDescription(
        key="last_defrost_duration",
        translation_key="last_defrost_duration",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: _minutes(care.defrost.last_duration_s),
        available_fn=lambda care: care.has_defrost_signal,
    ),
    CareSensorDescription(
        key="defrost_interval",
        translation_key="defrost_interval",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda care: _minutes(care.defrost.interval_s),
        available_fn=lambda care: care.has_defrost_signal,
    ),
)


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
        entity_registry_enabled_default=False,
        value_fn=lambda hub: hub.protection.status.value,
        attributes_fn=_protection_attributes,
    ),
    ControlSensorEntityDescription(
        key="control_restart_allowed",
        translation_key="control_restart_allowed",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
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
    ControlSensorEntityDescription(
        key="test_cycle",
        translation_key="test_cycle",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in CycleState],
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda hub: hub.test_cycle.state.value,
        attributes_fn=lambda hub: hub.test_cycle.attributes() or None,
        exists_fn=lambda hub: bool(hub.test_cycle.modes()),
    ),
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


class WindowHeatPumpControlSensor(_ValueSensor):
    """A sensor of the unit's control and efficiency features."""

    entity_description: ControlSensorEntityDescription
    _reads = Reads.CONTROL

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
