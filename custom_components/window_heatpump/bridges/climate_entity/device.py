"""The device a wrapped climate entity belongs to: what the unit's device page names."""

from __future__ import annotations

from dataclasses import replace

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from ...model import Capabilities


def source_device(hass: HomeAssistant, entity_id: str, base: Capabilities) -> Capabilities:
    """Return `base` with the maker and model of the wrapped entity's device, else this bridge's.

    The unit's device page then names the hardware the user bought, not this integration.
    """
    entry = er.async_get(hass).async_get(entity_id)
    device = (
        None
        if entry is None or entry.device_id is None
        else dr.async_get(hass).async_get(entry.device_id)
    )
    if not isinstance(device, dr.DeviceEntry) or (device.manufacturer, device.model) == (
        None,
        None,
    ):
        return replace(base, manufacturer=None, model="Climate entity")
    return replace(base, manufacturer=device.manufacturer, model=device.model)
