"""The fields every bridge's step shares: the unit's details, number boxes, pickers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from ..const import (
    CONF_CAPACITY_BTU,
    CONF_HVAC_MODES,
    CONF_PROTOCOL,
    CONF_TEMPERATURE_UNIT,
    DEFAULT_CAPACITY_BTU,
    DOMAIN,
    MAX_CAPACITY_BTU,
    MIN_CAPACITY_BTU,
)
from ..flow.checks import checked_input
from ..model import ACTIVE_MODES, Mode, TemperatureUnit
from ..protocols import PROTOCOLS
from ..schema import vol

DEFAULT_MODES = [Mode.COOL, Mode.HEAT, Mode.DRY, Mode.FAN_ONLY]


# The unit's rated capacity, asked by every bridge's form (Midea's too, which has its own).
CAPACITY_BOX = NumberSelector(
    NumberSelectorConfig(
        min=MIN_CAPACITY_BTU,
        max=MAX_CAPACITY_BTU,
        step=500,
        unit_of_measurement="BTU/h",
        mode=NumberSelectorMode.BOX,
    )
)


def details_schema(*, with_name: bool, reach: Mapping[vol.Marker, Any] | None = None) -> vol.Schema:
    """Return the form for the unit's details, asked of every bridge, after how it is reached."""
    fields: dict[vol.Marker, Any] = dict(reach or {})
    if with_name:
        fields[vol.Required(CONF_NAME)] = TextSelector()
    fields[vol.Required(CONF_CAPACITY_BTU, default=DEFAULT_CAPACITY_BTU)] = CAPACITY_BOX
    fields[vol.Required(CONF_TEMPERATURE_UNIT, default=TemperatureUnit.CELSIUS.value)] = (
        SelectSelector(
            SelectSelectorConfig(
                options=[unit.value for unit in TemperatureUnit],
                translation_key=CONF_TEMPERATURE_UNIT,
                mode=SelectSelectorMode.LIST,
            )
        )
    )
    fields[vol.Required(CONF_HVAC_MODES, default=[mode.value for mode in DEFAULT_MODES])] = (
        SelectSelector(
            SelectSelectorConfig(
                options=[mode.value for mode in ACTIVE_MODES],
                translation_key=CONF_HVAC_MODES,
                multiple=True,
                mode=SelectSelectorMode.LIST,
            )
        )
    )
    return vol.Schema(fields)


def checked_details(
    hass: HomeAssistant, schema: vol.Schema, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a step's input checked (`checked_input`) with the unit's details, and its errors."""
    checked, errors = checked_input(hass, schema, user_input)
    if not {Mode.HEAT, Mode.COOL} <= set(checked[CONF_HVAC_MODES]):
        errors[CONF_HVAC_MODES] = "heat_and_cool_required"
    return checked, errors


def name_in_use(hass: HomeAssistant, unique_id: str) -> dict[str, str]:
    """Return the name field's error when a unit keyed by its name already has `unique_id`.

    A name already taken is one field to change, not a reason to end the whole flow.
    """
    if hass.config_entries.async_entry_for_domain_unique_id(DOMAIN, unique_id) is None:
        return {}
    return {CONF_NAME: "name_in_use"}


def details(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the unit's details as stored in the entry, in a fixed order."""
    return {
        CONF_CAPACITY_BTU: int(user_input[CONF_CAPACITY_BTU]),
        CONF_TEMPERATURE_UNIT: user_input[CONF_TEMPERATURE_UNIT],
        CONF_HVAC_MODES: [
            mode.value for mode in ACTIVE_MODES if mode in set(user_input[CONF_HVAC_MODES])
        ],
    }


def box(low: float, high: float, step: float, unit: str) -> NumberSelector:
    """Return a number box with a range, a step and a unit."""
    return NumberSelector(
        NumberSelectorConfig(
            min=low, max=high, step=step, unit_of_measurement=unit, mode=NumberSelectorMode.BOX
        )
    )


def sensor_selector(device_class: str) -> EntitySelector:
    """Return a picker of sensors of one device class."""
    return EntitySelector(EntitySelectorConfig(domain="sensor", device_class=device_class))


def multi_select(options: list[str], translation_key: str) -> SelectSelector:
    """Return a list of tick boxes."""
    return SelectSelector(
        SelectSelectorConfig(
            options=options,
            translation_key=translation_key,
            multiple=True,
            mode=SelectSelectorMode.LIST,
        )
    )


def protocol_selector() -> SelectSelector:
    """Return the list of AC protocols this installation has."""
    return SelectSelector(
        SelectSelectorConfig(
            options=sorted(PROTOCOLS), translation_key=CONF_PROTOCOL, mode=SelectSelectorMode.LIST
        )
    )
