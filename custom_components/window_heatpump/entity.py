"""Base entity of window_heatpump: device info and availability from the coordinator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import override

from homeassistant.core import callback
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .care import CareTracker
from .const import Reads
from .coordinator import WindowHeatPumpCoordinator
from .schedules.engine import ScheduleEngine


class WindowHeatPumpEntity(CoordinatorEntity[WindowHeatPumpCoordinator]):
    """An entity of one window heat pump."""

    _attr_has_entity_name = True
    # What the entity shows of the coordinator's data (the pushes it needs to hear).
    _reads = Reads.STATE
    # What a coordinator update last wrote. A write from elsewhere (the schedule, the entity
    # registry) shows the entity's figures as they are then, so it leaves this be: an update
    # that finds them as the last coordinator write did may still write, never wrongly skip.
    _shown: tuple[object, ...] | None = None

    def __init__(
        self, coordinator: WindowHeatPumpCoordinator, description: EntityDescription
    ) -> None:
        """Initialize the entity from its description."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.device_key}_{description.key}"
        self._attr_assumed_state = coordinator.capabilities.assumed_state
        # One device info per unit, shared by its entities (memory, with many units).
        self._attr_device_info = coordinator.device_info

    @property
    def available(self) -> bool:
        """Return True when the last refresh worked and the bridge sees the unit."""
        return super().available and self.coordinator.unit_available

    async def async_added_to_hass(self) -> None:
        """Hear the coordinator's refreshes, and the pushes that may change what it shows."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_reader(self._handle_coordinator_update, self._reads)
        )

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state only when what this entity shows changed.

        A unit has some thirty entities and most of its messages change one reading, so
        writing them all on every message cost several times what the message itself did.
        """
        shown = self._showing()
        if shown == self._shown:
            return
        self._show(shown)
        self.async_write_ha_state()
        self._shown = shown

    def _showing(self) -> tuple[object, ...]:
        """Return what the entity shows; a platform may return the (cheaper) inputs of it."""
        return (self.available, self.state, self.state_attributes, self.extra_state_attributes)

    def _show(self, shown: tuple[object, ...]) -> None:
        """Keep what `_showing` returned, where a platform's properties read it."""


class WindowHeatPumpOfflineEntity(WindowHeatPumpEntity):
    """An entity of the integration's own figures or records: available while the unit is away."""

    @property
    @override
    def available(self) -> bool:
        """Return True: what it shows or records needs no word from the unit."""
        return True


class WindowHeatPumpScheduleEntity(WindowHeatPumpEntity):
    """An entity showing or changing a unit's schedule; it updates when the schedule does."""

    _reads = Reads.NOTHING

    @property
    def engine(self) -> ScheduleEngine:
        """Return the unit's schedule engine."""
        return self.coordinator.schedules

    @property
    def available(self) -> bool:
        """Return True: the schedule is there even while the unit cannot be reached."""
        return True

    async def async_added_to_hass(self) -> None:
        """Follow the schedule's changes too."""
        await super().async_added_to_hass()
        self.async_on_remove(self.engine.async_add_listener(self.async_write_ha_state))


@dataclass(frozen=True, kw_only=True)
class CareDescription(EntityDescription):
    """A description of an entity read from the care tracker."""

    available_fn: Callable[[CareTracker], bool] = lambda _care: True


class CareEntity(WindowHeatPumpEntity):
    """An entity read from the care tracker, unavailable without the signal it needs."""

    entity_description: CareDescription
    _reads = Reads.CARE

    @property
    def available(self) -> bool:
        """Return False when the unit gives no signal this entity needs."""
        return super().available and self.entity_description.available_fn(self.coordinator.care)
