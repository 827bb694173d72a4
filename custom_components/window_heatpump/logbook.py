"""Describe a unit's events in the logbook: a command held by compressor protection, released."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
    LazyEventPartialState,
)
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .events import ATTR_HVAC_MODE, ATTR_UNTIL, EVENT_COMMAND_HELD, EVENT_COMMAND_RELEASED

type Describe = Callable[[LazyEventPartialState], dict[str, Any]]


@callback
def async_describe_events(
    hass: HomeAssistant, async_describe_event: Callable[[str, str, Describe], None]
) -> None:
    """Describe the held and released commands."""
    devices = dr.async_get(hass)

    def _entry(event: LazyEventPartialState, message: str) -> dict[str, Any]:
        """Return a line about the unit the event names."""
        data = event.data
        device = devices.async_get(data.get(ATTR_DEVICE_ID) or "")
        return {
            LOGBOOK_ENTRY_NAME: (device and (device.name_by_user or device.name)) or DOMAIN,
            LOGBOOK_ENTRY_MESSAGE: message,
            LOGBOOK_ENTRY_ENTITY_ID: data.get(ATTR_ENTITY_ID),
        }

    @callback
    def _describe_held(event: LazyEventPartialState) -> dict[str, Any]:
        """Describe a command held until the compressor may start."""
        until = dt_util.parse_datetime(str(event.data.get(ATTR_UNTIL)))
        when = "" if until is None else f" until {dt_util.as_local(until):%H:%M:%S}"
        return _entry(
            event,
            f"holds {event.data.get(ATTR_HVAC_MODE)}{when}: compressor protection "
            "(fan, swing and what cannot start the compressor went out)",
        )

    @callback
    def _describe_released(event: LazyEventPartialState) -> dict[str, Any]:
        """Describe the end of a hold: the held command, or a newer one, went out."""
        return _entry(
            event, f"released: {event.data.get(ATTR_HVAC_MODE)} sent (compressor protection)"
        )

    async_describe_event(DOMAIN, EVENT_COMMAND_HELD, _describe_held)
    async_describe_event(DOMAIN, EVENT_COMMAND_RELEASED, _describe_released)
