"""The descriptions of a unit's care sensors: run time, filter, compressor starts, defrosts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime

from .care import CareTracker
from .care.const import Task
from .entity import CareDescription

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
