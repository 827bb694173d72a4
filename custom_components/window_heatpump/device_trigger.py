"""Device triggers of a unit: what a heat pump owner automates on, under the unit's device.

Defrost started and ended, the filter needing cleaning and heating handed to the backup heater
follow the state of the unit's own entities; a command held by compressor protection follows
its event (events.py). A unit is offered only the triggers its entities can fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from homeassistant.components.binary_sensor import DOMAIN as BINARY_SENSOR_DOMAIN
from homeassistant.components.climate import DOMAIN as CLIMATE_DOMAIN
from homeassistant.components.device_automation import (
    DEVICE_TRIGGER_BASE_SCHEMA,
    InvalidDeviceAutomationConfig,
)
from homeassistant.components.homeassistant.triggers import (
    event as event_trigger,
    state as state_trigger,
)
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.const import (
    CONF_DEVICE_ID,
    CONF_DOMAIN,
    CONF_ENTITY_ID,
    CONF_PLATFORM,
    CONF_TYPE,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.trigger import TriggerActionType, TriggerInfo
from homeassistant.helpers.typing import ConfigType

from .const import CLIMATE_KEY, DOMAIN
from .control.lockout import LockoutStatus
from .events import EVENT_COMMAND_HELD
from .schema import vol
from .storage import Problem

COMMAND_HELD: Final = "command_held"


@dataclass(frozen=True, kw_only=True)
class StateTrigger:
    """A trigger that fires when one of the unit's entities enters a state.

    `keys` are the entity's description keys, the first the unit has wins (a unit without
    a defrost signal of its own has the estimate).
    """

    platform: str
    keys: tuple[str, ...]
    to: str


STATE_TRIGGERS: Final = {
    "defrost_started": StateTrigger(
        platform=BINARY_SENSOR_DOMAIN, keys=("defrosting", "control_defrost_estimate"), to=STATE_ON
    ),
    "defrost_ended": StateTrigger(
        platform=BINARY_SENSOR_DOMAIN,
        keys=("defrosting", "control_defrost_estimate"),
        to=STATE_OFF,
    ),
    "filter_needs_cleaning": StateTrigger(
        platform=BINARY_SENSOR_DOMAIN, keys=(Problem.FILTER_DIRTY.value,), to=STATE_ON
    ),
    "backup_heater_took_over": StateTrigger(
        platform=SENSOR_DOMAIN, keys=("control_lockout",), to=LockoutStatus.BACKUP.value
    ),
}

TRIGGER_TYPES: Final = (*STATE_TRIGGERS, COMMAND_HELD)

TRIGGER_SCHEMA = DEVICE_TRIGGER_BASE_SCHEMA.extend({vol.Required(CONF_TYPE): vol.In(TRIGGER_TYPES)})


def _unit_entity_ids(hass: HomeAssistant, device_id: str) -> dict[str, str]:
    """Return the unit's entity ids by their unique ids (the device's, of this integration)."""
    entities = er.async_get(hass)
    return {
        entry.unique_id: entry.entity_id
        for entry in er.async_entries_for_device(entities, device_id)
        if entry.platform == DOMAIN
    }


def _entity_of(hass: HomeAssistant, device_id: str, trigger: StateTrigger) -> str | None:
    """Return the entity of the unit `device_id` that `trigger` follows, None without one."""
    by_unique_id = _unit_entity_ids(hass, device_id)
    climate = next(
        (
            unique_id
            for unique_id, entity_id in by_unique_id.items()
            if entity_id.startswith(f"{CLIMATE_DOMAIN}.") and unique_id.endswith(f"_{CLIMATE_KEY}")
        ),
        None,
    )
    if climate is None:
        return None
    device_key = climate.removesuffix(f"_{CLIMATE_KEY}")
    for key in trigger.keys:
        entity_id = by_unique_id.get(f"{device_key}_{key}")
        if entity_id is not None and entity_id.startswith(f"{trigger.platform}."):
            return entity_id
    return None


async def async_get_triggers(hass: HomeAssistant, device_id: str) -> list[dict[str, str]]:
    """List the triggers the unit `device_id` can fire."""
    types = [
        trigger_type
        for trigger_type, trigger in STATE_TRIGGERS.items()
        if _entity_of(hass, device_id, trigger) is not None
    ]
    if any(
        entity_id.startswith(f"{CLIMATE_DOMAIN}.")
        for entity_id in _unit_entity_ids(hass, device_id).values()
    ):
        types.append(COMMAND_HELD)
    return [
        {
            CONF_PLATFORM: "device",
            CONF_DEVICE_ID: device_id,
            CONF_DOMAIN: DOMAIN,
            CONF_TYPE: trigger_type,
        }
        for trigger_type in types
    ]


async def async_attach_trigger(
    hass: HomeAssistant,
    config: ConfigType,
    action: TriggerActionType,
    trigger_info: TriggerInfo,
) -> CALLBACK_TYPE:
    """Attach the trigger `config` names: a state of one of the unit's entities, or an event."""
    device_id: str = config[CONF_DEVICE_ID]
    trigger_type: str = config[CONF_TYPE]
    if trigger_type == COMMAND_HELD:
        event_config = event_trigger.TRIGGER_SCHEMA(
            {
                event_trigger.CONF_PLATFORM: "event",
                event_trigger.CONF_EVENT_TYPE: EVENT_COMMAND_HELD,
                event_trigger.CONF_EVENT_DATA: {CONF_DEVICE_ID: device_id},
            }
        )
        return await event_trigger.async_attach_trigger(
            hass, event_config, action, trigger_info, platform_type="device"
        )
    trigger = STATE_TRIGGERS[trigger_type]
    entity_id = _entity_of(hass, device_id, trigger)
    if entity_id is None:
        raise InvalidDeviceAutomationConfig(
            f"Device {device_id} has no entity for the trigger {trigger_type}"
        )
    state_config = await state_trigger.async_validate_trigger_config(
        hass,
        {
            CONF_PLATFORM: "state",
            CONF_ENTITY_ID: entity_id,
            state_trigger.CONF_TO: trigger.to,
        },
    )
    return await state_trigger.async_attach_trigger(
        hass, state_config, action, trigger_info, platform_type="device"
    )
