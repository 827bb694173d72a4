"""The events a unit fires: a command held by compressor protection, and its release.

Each carries the unit's `device_id` and its climate's `entity_id`, the mode held or sent
(`hvac_mode`) and, when held, until when (`until`, ISO 8601). The logbook describes them
(logbook.py); automations can listen for them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import CLIMATE_KEY, DOMAIN
from .model import DesiredState


class HoldChange(StrEnum):
    """What happened to a command the compressor protection holds (each is a logbook line)."""

    HELD = "held"
    RELEASED = "released"


EVENT_COMMAND_HELD: Final = f"{DOMAIN}_command_held"
EVENT_COMMAND_RELEASED: Final = f"{DOMAIN}_command_released"
ATTR_HVAC_MODE: Final = "hvac_mode"
ATTR_UNTIL: Final = "until"

EVENTS: Final = {
    HoldChange.HELD: EVENT_COMMAND_HELD,
    HoldChange.RELEASED: EVENT_COMMAND_RELEASED,
}


@callback
def async_fire_hold_change(
    hass: HomeAssistant,
    device_key: str,
    change: HoldChange,
    desired: DesiredState,
    until: datetime | None,
) -> None:
    """Fire the event of a held or released command of the unit `device_key`.

    The device is the climate's (device identifiers are no key of their own any more).
    """
    entities = er.async_get(hass)
    entity_id = entities.async_get_entity_id(CLIMATE_DOMAIN, DOMAIN, f"{device_key}_{CLIMATE_KEY}")
    entity = None if entity_id is None else entities.async_get(entity_id)
    hass.bus.async_fire(
        EVENTS[change],
        {
            ATTR_DEVICE_ID: None if entity is None else entity.device_id,
            ATTR_ENTITY_ID: entity_id,
            ATTR_HVAC_MODE: desired.mode.value,
            ATTR_UNTIL: None if until is None else until.isoformat(),
        },
    )
