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
from .const import Reads
from .control.hub import ControlHub
from .coordinator import WindowHeatPumpConfigEntry
from .entity import CareDescription, CareEntity, WindowHeatPumpEntity
from .model import Capabilities, Mode
from .storage import Problem

# Read-only: every value comes from the coordinator or the control features, nothing is sent.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CareBinarySensorDescription(CareDescription, BinarySensorEntityDescription):
    """A binary sensor read from the care tracker."""

    is_on_fn: Callable[[CareTracker], bool | None]
    exists_fn: Callable[[Capabilities], bool] = lambda _capabilities: True


def _problem(
    problem: Problem,
    *,
    available_fn: Callable[[CareTracker], bool] = lambda _care: True,
    exists_fn: Callable[[Capabilities], bool] = lambda _capabilities: True,
    entity_category: EntityCategory | None = EntityCategory.DIAGNOSTIC,
    enabled_default: bool = True,
) -> CareBinarySensorDescription:
    """Return the description of the problem sensor of one care problem."""
    return CareBinarySensorDescription(
        key=problem.value,
        translation_key=problem.value,
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=entity_category,
        entity_registry_enabled_default=enabled_default,
        is_on_fn=lambda care: problem in care.problems,
        available_fn=available_fn,
        exists_fn=exists_fn,
    )


def _has(mode: Mode) -> Callable[[Capabilities], bool]:
    """Return a test of whether a unit has `mode`."""
    return lambda capabilities: mode in capabilities.modes


CARE_BINARY_SENSORS: tuple[CareBinarySensorDescription, ...] = (
    CareBinarySensorDescription(
        key="defrosting",
        translation_key="defrosting",
        device_class=BinarySensorDeviceClass.RUNNING,
        is_on_fn=lambda care: None if care.last is None else care.last.defrosting,
        available_fn=lambda care: care.has_defrost_signal,
    ),
    # The filter is the one the user meets most; it sits with the main entities.
    _problem(Problem.FILTER_DIRTY, entity_category=None),
    _problem(Problem.DEFROST_TOO_OFTEN, available_fn=lambda care: care.has_defrost_signal),
    _problem(Problem.SHORT_CYCLING, available_fn=lambda care: care.has_cycle_signal),
    _problem(
        Problem.WEAK_HEATING,
        available_fn=lambda care: care.has_room_signal,
        exists_fn=_has(Mode.HEAT),
    ),
    _problem(
        Problem.WEAK_COOLING,
        available_fn=lambda care: care.has_room_signal,
        exists_fn=_has(Mode.COOL),
    ),
    # Reminders: their Repairs issues remind and record the task; the sensors are for automations.
    _problem(Problem.HEATING_CHECKUP, exists_fn=_has(Mode.HEAT), enabled_default=False),
    _problem(Problem.COOLING_CHECKUP, exists_fn=_has(Mode.COOL), enabled_default=False),
    _problem(Problem.COIL_CLEANING, enabled_default=False),
    _problem(Problem.SEAL_INSPECTION, enabled_default=False),
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
