"""The descriptions of a unit's learned room sensors, and the sensor they make."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.helpers.typing import StateType

from .const import Reads
from .coordinator import WindowHeatPumpCoordinator
from .entity import WindowHeatPumpOfflineEntity
from .learning.room import LearnedRoom
from .learning.sizing import OperationVerdict


@dataclass(frozen=True, kw_only=True)
class LearningSensorDescription(SensorEntityDescription):
    """A figure of the learned room model."""

    value_fn: Callable[[LearnedRoom], StateType]
    attributes_fn: Callable[[LearnedRoom], Mapping[str, Any] | None] = lambda _: None
    # The capacities are read at the outdoor temperature of the moment: every push.
    reads: Reads = Reads.LEARNING


def _rounded(value: float | None, digits: int = 0) -> float | None:
    """Return the figure rounded as shown, or None."""
    return None if value is None else round(value, digits)


def _heating_curve(room: LearnedRoom) -> Mapping[str, Any] | None:
    """Return the learned heating capacity per outdoor temperature (W, defrosts included)."""
    curve = room.figures.curve_w()
    return None if curve is None else {"by_outdoor_temperature": curve}


def _cooling_curve(room: LearnedRoom) -> Mapping[str, Any] | None:
    """Return the learned cooling capacity per outdoor temperature (W, sensible)."""
    curve = room.figures.curve_w(cooling=True)
    return None if curve is None else {"by_outdoor_temperature": curve}


def _sizing_evidence(room: LearnedRoom) -> Mapping[str, Any] | None:
    """Return what the sizing verdict stands on."""
    sizing = room.sizing
    return None if sizing is None else sizing.evidence()


LEARNING_SENSORS: tuple[LearningSensorDescription, ...] = (
    LearningSensorDescription(
        key="learned_balance_point",
        translation_key="learned_balance_point",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value_fn=lambda room: _rounded(room.figures.balance_point_c, 1),
        attributes_fn=lambda room: {"set_point_c": room.estimator.heat_set_point_c},
    ),
    LearningSensorDescription(
        key="learning_confidence",
        translation_key="learning_confidence",
        native_unit_of_measurement=PERCENTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda room: round(room.figures.confidence * 100),
        attributes_fn=lambda room: room.attributes(),
    ),
    LearningSensorDescription(
        key="learned_heat_loss",
        translation_key="learned_heat_loss",
        native_unit_of_measurement="W/K",
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda room: _rounded(room.figures.heat_loss_w_per_k, 1),
    ),
    LearningSensorDescription(
        key="sizing_from_operation",
        translation_key="sizing_from_operation",
        device_class=SensorDeviceClass.ENUM,
        options=[verdict.value for verdict in OperationVerdict],
        entity_category=EntityCategory.DIAGNOSTIC,
        # Repairs says it when it matters (undersized, oversized).
        entity_registry_enabled_default=False,
        value_fn=lambda room: None if (sizing := room.sizing) is None else sizing.verdict.value,
        attributes_fn=_sizing_evidence,
    ),
    # The details: disabled until wanted (each enabled entity costs every unit its memory).
    LearningSensorDescription(
        key="learned_time_constant",
        translation_key="learned_time_constant",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda room: _rounded(room.figures.time_constant_h, 2),
    ),
    LearningSensorDescription(
        key="learned_heating_capacity",
        translation_key="learned_heating_capacity",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        reads=Reads.STATE,
        value_fn=lambda room: _rounded(room.figures.capacity_w(room.outdoor_now())),
        attributes_fn=_heating_curve,
    ),
    LearningSensorDescription(
        key="learned_cooling_capacity",
        translation_key="learned_cooling_capacity",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        reads=Reads.STATE,
        value_fn=lambda room: _rounded(room.figures.capacity_w(room.outdoor_now(), cooling=True)),
        attributes_fn=_cooling_curve,
    ),
)


class LearningSensor(WindowHeatPumpOfflineEntity, SensorEntity):
    """A figure of the learned room model; None until the model can say it."""

    entity_description: LearningSensorDescription

    def __init__(
        self, coordinator: WindowHeatPumpCoordinator, description: LearningSensorDescription
    ) -> None:
        """Initialize the sensor; it hears the pushes that can change its figure."""
        super().__init__(coordinator, description)
        self._reads = description.reads

    @property
    @override
    def native_value(self) -> StateType:
        """Return the figure."""
        return self.entity_description.value_fn(self.coordinator.learning)

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return what the figure rests on."""
        return self.entity_description.attributes_fn(self.coordinator.learning)
