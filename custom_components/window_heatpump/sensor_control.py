"""The descriptions of a unit's control and efficiency sensors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfEnergy, UnitOfPower
from homeassistant.helpers.typing import StateType

from .control.commissioning import CycleState
from .control.hub import ControlHub
from .control.lockout import LockoutStatus
from .control.protection import ProtectionStatus
from .control.sizing import SizingVerdict


@dataclass(frozen=True, kw_only=True)
class ControlSensorEntityDescription(SensorEntityDescription):
    """A sensor read from the unit's control features."""

    value_fn: Callable[[ControlHub], StateType | datetime]
    attributes_fn: Callable[[ControlHub], Mapping[str, Any] | None] = lambda _: None
    exists_fn: Callable[[ControlHub], bool] = lambda _: True
    # A unit read at run time (the price's currency), and when a daily total began.
    unit_fn: Callable[[ControlHub], str | None] | None = None
    last_reset_fn: Callable[[ControlHub], datetime | None] | None = None


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
        "balance_point_source": lockout.balance_source,
        "hysteresis_k": lockout.hysteresis_k,
        "backup_heater": lockout.backup,
        "outdoor_source": lockout.outdoor_sensor or "unit",
        "reason": None if lockout.reason is None else lockout.reason.value,
        **({} if lockout.cheaper is None else lockout.cheaper.attributes()),
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


def _has_price(hub: ControlHub) -> bool:
    """Return True when an electricity price is linked (the heat source's options)."""
    return hub.heat_source is not None


def _daily(value: float | None) -> float | None:
    """Return a daily total as shown, or None (unknown)."""
    return None if value is None else round(value, 4)


def _cost_attributes(hub: ControlHub) -> Mapping[str, Any]:
    """Return the electricity the cost counts, and what could not be priced."""
    today = hub.cost.today
    return {
        "heating_energy_kwh": round(today.electricity_kwh, 4),
        "unpriced_kwh": round(today.unpriced_kwh, 4),
    }


def _saving_attributes(hub: ControlHub) -> Mapping[str, Any]:
    """Return the electricity the saving compares, and what could not be compared."""
    today = hub.cost.today
    source = hub.heat_source
    return {
        "compared_kwh": round(today.compared_kwh, 4),
        "not_compared_kwh": round(today.uncompared_kwh, 4),
        "cop_source": None
        if source is None or source.cop_source is None
        else source.cop_source.value,
    }


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
        exists_fn=lambda hub: (
            hub.lockout.user_balance_c is not None
            or hub.lockout.use_learned
            or hub.lockout.cheaper is not None
        ),
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
        key="heating_cost_today",
        translation_key="heating_cost_today",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda hub: _daily(hub.cost.cost),
        attributes_fn=_cost_attributes,
        exists_fn=_has_price,
        unit_fn=lambda hub: hub.cost.currency,
        last_reset_fn=lambda hub: hub.cost.midnight(),
    ),
    ControlSensorEntityDescription(
        key="heating_saved_today",
        translation_key="heating_saved_today",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda hub: _daily(hub.cost.saved_money),
        attributes_fn=_saving_attributes,
        exists_fn=_has_price,
        unit_fn=lambda hub: hub.cost.currency,
        last_reset_fn=lambda hub: hub.cost.midnight(),
    ),
    ControlSensorEntityDescription(
        key="heating_saved_energy_today",
        translation_key="heating_saved_energy_today",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        # The money figure says it; this one is a detail.
        entity_registry_enabled_default=False,
        value_fn=lambda hub: _daily(hub.cost.saved_kwh),
        attributes_fn=_saving_attributes,
        exists_fn=_has_price,
        last_reset_fn=lambda hub: hub.cost.midnight(),
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
