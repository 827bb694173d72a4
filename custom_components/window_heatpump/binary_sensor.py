"""Binary sensors of a window heat pump: defrosting, care's problems, the defrost estimate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .care import CareTracker
from .care.issues import CARE_PROBLEMS, CareProblem
from .const import Reads
from .control.hub import ControlHub
from .coordinator import WindowHeatPumpConfigEntry
from .entity import CareDescription, CareEntity, WindowHeatPumpEntity
from .model import Capabilities

# Read-only: every value comes from the coordinator or the control features, nothing is sent.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CareBinarySensorDescription(CareDescription, BinarySensorEntityDescription):
    """A binary sensor read from the care tracker."""

    is_on_fn: Callable[[CareTracker], bool | None]
    exists_fn: Callable[[Capabilities], bool] = lambda _capabilities: True


def _problem_sensor(row: CareProblem) -> CareBinarySensorDescription:
    """Return the description of the problem sensor of one care problem."""
    problem = row.problem
    return CareBinarySensorDescription(
        key=problem.value,
        translation_key=problem.value,
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=None if row.main else EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=row.enabled_default,
        is_on_fn=lambda care: problem in care.problems,
        available_fn=row.signal,
        exists_fn=row.exists,
    )


CARE_BINARY_SENSORS: tuple[CareBinarySensorDescription, ...] = (
    CareBinarySensorDescription(
        key="defrosting",
        translation_key="defrosting",
        device_class=BinarySensorDeviceClass.RUNNING,
        is_on_fn=lambda care: None if care.last is None else care.last.defrosting,
        available_fn=lambda care: care.has_defrost_signal,
    ),
    *(_problem_sensor(row) for row in CARE_PROBLEMS),
)


@dataclass(frozen=True, kw_only=True)
class ControlBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A binary sensor read from the unit's control features."""

    is_on_fn: Callable[[ControlHub], bool | None]
    attributes_fn: Callable[[ControlHub], Mapping[str, Any] | None] = lambda _: None
    exists_fn: Callable[[ControlHub], bool] = lambda _: True


def _defrost_signals(hub: ControlHub) -> Mapping[str, Any]:
    """Return the signals behind the estimate, so a user can see which one disagrees."""
    detector = hub.detector
    return {
        "estimated": True,
        "power_says": None if detector is None else detector.power_says,
        "supply_air_says": None if detector is None else detector.air_says,
    }


CONTROL_BINARY_SENSORS: tuple[ControlBinarySensorEntityDescription, ...] = (
    ControlBinarySensorEntityDescription(
        key="control_defrost_estimate",
        translation_key="control_defrost_estimate",
        is_on_fn=lambda hub: None if hub.detector is None else hub.detector.defrosting,
        attributes_fn=_defrost_signals,
        exists_fn=lambda hub: hub.detector is not None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the care and control binary sensors of a unit."""
    coordinator = entry.runtime_data
    entities: list[Entity] = [
        CareBinarySensor(coordinator, description)
        for description in CARE_BINARY_SENSORS
        if description.exists_fn(coordinator.capabilities)
    ]
    entities += [
        WindowHeatPumpControlBinarySensor(coordinator, description)
        for description in CONTROL_BINARY_SENSORS
        if description.exists_fn(coordinator.control)
    ]
    async_add_entities(entities)


class CareBinarySensor(CareEntity, BinarySensorEntity):
    """A care condition of the unit."""

    entity_description: CareBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """Return whether the condition holds."""
        return self.entity_description.is_on_fn(self.coordinator.care)


class WindowHeatPumpControlBinarySensor(WindowHeatPumpEntity, BinarySensorEntity):
    """A binary sensor of the unit's control features."""

    entity_description: ControlBinarySensorEntityDescription
    _reads = Reads.CONTROL

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the sensor's state."""
        return self.entity_description.is_on_fn(self.coordinator.control)

    @property
    @override
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the signals behind the state."""
        return self.entity_description.attributes_fn(self.coordinator.control)
