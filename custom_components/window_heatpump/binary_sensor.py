"""Binary sensors of a window heat pump's control features: the defrost estimate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .control.hub import ControlHub
from .coordinator import WindowHeatPumpConfigEntry
from .entity import WindowHeatPumpEntity

# Read-only: they show what the control features already hold.
PARALLEL_UPDATES = 0


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
    """Set up the control binary sensors of a unit."""
    coordinator = entry.runtime_data
    async_add_entities(
        WindowHeatPumpControlBinarySensor(coordinator, description)
        for description in CONTROL_BINARY_SENSORS
        if description.exists_fn(coordinator.control)
    )


class WindowHeatPumpControlBinarySensor(WindowHeatPumpEntity, BinarySensorEntity):
    """A binary sensor of the unit's control features."""

    entity_description: ControlBinarySensorEntityDescription

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
