"""The window_heatpump integration: window air-conditioner heat pumps, whatever the bridge."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .bridges import create_bridge
from .const import DOMAIN
from .coordinator import WindowHeatPumpConfigEntry, WindowHeatPumpCoordinator
from .notices import entry_notices
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
    coordinator = WindowHeatPumpCoordinator(
        hass, entry, create_bridge(hass, entry, entry_notices(hass, entry))
    )
    await coordinator.async_config_entry_first_refresh()
    await coordinator.async_start_features()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: WindowHeatPumpConfigEntry) -> bool:
    """Unload a unit; the coordinator closes its bridge on unload."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: WindowHeatPumpConfigEntry) -> None:
    """Delete every store a removed unit wrote and close every Repairs issue it raised."""
    await async_remove_entry_data(hass, entry.entry_id)
