"""The window_heatpump integration: window air-conditioner heat pumps, whatever the bridge."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .bridges import create_bridge
from .const import DOMAIN
from .coordinator import WindowHeatPumpConfigEntry, WindowHeatPumpCoordinator
from .schedules.engine import ScheduleEngine
from .services import async_setup_services
from .storage import async_remove_entry_data

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.CLIMATE,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions once, for every entry."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: WindowHeatPumpConfigEntry) -> bool:
    """Set up one unit: its bridge, its coordinator, its entities."""
    coordinator = WindowHeatPumpCoordinator(hass, entry, create_bridge(hass, entry))
    await coordinator.async_config_entry_first_refresh()
    await coordinator.control.async_start()
    entry.async_on_unload(coordinator.control.async_stop)
    coordinator.schedules = ScheduleEngine(hass, coordinator)
    await coordinator.schedules.async_start()
    entry.async_on_unload(coordinator.schedules.async_stop)
    # After the schedules: a cycle a restart interrupted hands the unit back to them.
    await coordinator.control.test_cycle.async_load()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: WindowHeatPumpConfigEntry) -> bool:
    """Unload a unit; the coordinator closes its bridge on unload."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: WindowHeatPumpConfigEntry) -> None:
    """Delete every store a removed unit wrote and close every Repairs issue it raised."""
    await async_remove_entry_data(hass, entry.entry_id)
