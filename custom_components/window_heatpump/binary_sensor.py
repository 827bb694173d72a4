"""Binary sensors of a window heat pump: defrosting, and the problems care finds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .care import CareTracker
from .care.issues import Problem
from .coordinator import WindowHeatPumpConfigEntry
from .entity import CareDescription, CareEntity
from .model import Capabilities, Mode

# Read-only: every value comes from the coordinator, nothing is sent.
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
) -> CareBinarySensorDescription:
    """Return the description of the problem sensor of one care problem."""
    return CareBinarySensorDescription(
        key=problem.value,
        translation_key=problem.value,
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=entity_category,
        is_on_fn=lambda care: problem in care.problems,
        available_fn=available_fn,
        exists_fn=exists_fn,
    )


def _has(mode: Mode) -> Callable[[Capabilities], bool]:
    """Return a test of whether a unit has `mode`."""
    return lambda capabilities: mode in capabilities.modes


BINARY_SENSORS: tuple[CareBinarySensorDescription, ...] = (
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
    _problem(Problem.HEATING_CHECKUP, exists_fn=_has(Mode.HEAT)),
    _problem(Problem.COOLING_CHECKUP, exists_fn=_has(Mode.COOL)),
    _problem(Problem.COIL_CLEANING),
    _problem(Problem.SEAL_INSPECTION),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: WindowHeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the binary sensors of a unit."""
    coordinator = entry.runtime_data
    async_add_entities(
        CareBinarySensor(coordinator, description)
        for description in BINARY_SENSORS
        if description.exists_fn(coordinator.capabilities)
    )


class CareBinarySensor(CareEntity, BinarySensorEntity):
    """A care condition of the unit."""

    entity_description: CareBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """Return whether the condition holds."""
        return self.entity_description.is_on_fn(self.coordinator.care)
