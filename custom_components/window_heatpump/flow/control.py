"""Options steps of the control features: protection, lockout, sensors, sizing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)

from ..const import (
    CONF_BACKUP_HEATER,
    CONF_BALANCE_POINT,
    CONF_CEILING_HEIGHT,
    CONF_INSULATION,
    CONF_KITCHEN,
    CONF_LOCKOUT_HYSTERESIS,
    CONF_MIN_OFF_SECONDS,
    CONF_OCCUPANTS,
    CONF_OUTDOOR_SENSOR,
    CONF_POWER_SENSOR,
    CONF_ROOM_AREA,
    CONF_SUN,
    CONF_SUPPLY_AIR_SENSOR,
    DEFAULT_LOCKOUT_HYSTERESIS,
)
from ..control.protection import DEFAULT_MIN_OFF_S, MAX_MIN_OFF_S
from ..control.sizing import MAX_AREA_M2, STANDARD_CEILING_M, Insulation, Sun
from ..schema import vol
from .checks import checked_input

# (low, high, error key) of each number a control step takes; out of range is a form error.
RANGES: dict[str, tuple[float, float, str]] = {
    CONF_MIN_OFF_SECONDS: (0, MAX_MIN_OFF_S, "min_off_out_of_range"),
    CONF_BALANCE_POINT: (-30, 15, "balance_point_out_of_range"),
    CONF_LOCKOUT_HYSTERESIS: (0.5, 10, "hysteresis_out_of_range"),
    CONF_ROOM_AREA: (1, round(MAX_AREA_M2), "area_out_of_range"),
    CONF_CEILING_HEIGHT: (2, 6, "ceiling_out_of_range"),
    CONF_OCCUPANTS: (1, 20, "occupants_out_of_range"),
}
# Which options each step owns: a field left empty is removed from the options.
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "protection": (CONF_MIN_OFF_SECONDS,),
    "outdoor_lockout": (
        CONF_BALANCE_POINT,
        CONF_LOCKOUT_HYSTERESIS,
        CONF_BACKUP_HEATER,
        CONF_OUTDOOR_SENSOR,
    ),
    "energy_sensors": (CONF_POWER_SENSOR, CONF_SUPPLY_AIR_SENSOR),
    "sizing": (
        CONF_ROOM_AREA,
        CONF_CEILING_HEIGHT,
        CONF_INSULATION,
        CONF_SUN,
        CONF_OCCUPANTS,
        CONF_KITCHEN,
    ),
}
STEP_DEFAULTS: dict[str, Any] = {
    CONF_MIN_OFF_SECONDS: DEFAULT_MIN_OFF_S,
    CONF_LOCKOUT_HYSTERESIS: DEFAULT_LOCKOUT_HYSTERESIS,
    CONF_CEILING_HEIGHT: STANDARD_CEILING_M,
    CONF_INSULATION: Insulation.AVERAGE.value,
    CONF_SUN: Sun.NORMAL.value,
    CONF_OCCUPANTS: 2,
    CONF_KITCHEN: False,
}


def _box(step: float, unit: str | None = None) -> NumberSelector:
    """Return a number box; ranges are checked by the step, to say what is wrong."""
    if unit is None:
        return NumberSelector(NumberSelectorConfig(step=step, mode=NumberSelectorMode.BOX))
    return NumberSelector(
        NumberSelectorConfig(step=step, unit_of_measurement=unit, mode=NumberSelectorMode.BOX)
    )


def _choice(key: str, options: list[str]) -> SelectSelector:
    """Return a translated choice."""
    return SelectSelector(
        SelectSelectorConfig(options=options, translation_key=key, mode=SelectSelectorMode.LIST)
    )


SCHEMAS: dict[str, vol.Schema] = {
    "protection": vol.Schema({vol.Required(CONF_MIN_OFF_SECONDS): _box(10, "s")}),
    "outdoor_lockout": vol.Schema(
        {
            vol.Optional(CONF_BALANCE_POINT): _box(0.5, "°C"),
            vol.Required(CONF_LOCKOUT_HYSTERESIS): _box(0.5, "K"),
            vol.Optional(CONF_BACKUP_HEATER): EntitySelector(
                EntitySelectorConfig(domain=["switch", "input_boolean", "climate"])
            ),
            vol.Optional(CONF_OUTDOOR_SENSOR): EntitySelector(
                EntitySelectorConfig(domain=["sensor", "weather"])
            ),
        }
    ),
    "energy_sensors": vol.Schema(
        {
            vol.Optional(CONF_POWER_SENSOR): EntitySelector(
                EntitySelectorConfig(domain="sensor", device_class="power")
            ),
            vol.Optional(CONF_SUPPLY_AIR_SENSOR): EntitySelector(
                EntitySelectorConfig(domain="sensor", device_class="temperature")
            ),
        }
    ),
    "sizing": vol.Schema(
        {
            vol.Optional(CONF_ROOM_AREA): _box(0.5, "m²"),
            vol.Required(CONF_CEILING_HEIGHT): _box(0.05, "m"),
            vol.Required(CONF_INSULATION): _choice(
                CONF_INSULATION, [value.value for value in Insulation]
            ),
            vol.Required(CONF_SUN): _choice(CONF_SUN, [value.value for value in Sun]),
            vol.Required(CONF_OCCUPANTS): _box(1),
            vol.Required(CONF_KITCHEN): BooleanSelector(),
        }
    ),
}


def checked_control(
    hass: HomeAssistant, step: str, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a control step's input checked (`checked_input`), and its form errors."""
    checked, errors = checked_input(hass, SCHEMAS[step], user_input)
    return checked, validate_control(step, checked) | errors


def validate_control(step: str, user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for a control step, keyed by field."""
    errors: dict[str, str] = {}
    for key, (low, high, error) in RANGES.items():
        if (value := user_input.get(key)) is not None and not low <= float(value) <= high:
            errors[key] = error
    if (
        step == "outdoor_lockout"
        and user_input.get(CONF_BACKUP_HEATER)
        and user_input.get(CONF_BALANCE_POINT) is None
    ):
        errors[CONF_BALANCE_POINT] = "backup_needs_balance_point"
    return errors


class ControlOptionsMixin(OptionsFlow):
    """The options flow's control steps; each replaces the options it owns."""

    async def async_step_protection(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the compressor's minimum off time."""
        return self._control_step("protection", user_input)

    async def async_step_outdoor_lockout(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the balance point, the backup heater and the outdoor temperature."""
        return self._control_step("outdoor_lockout", user_input)

    async def async_step_energy_sensors(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a power sensor and a supply-air temperature sensor."""
        return self._control_step("energy_sensors", user_input)

    async def async_step_sizing(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask about the room, for the sizing advice."""
        return self._control_step("sizing", user_input)

    def _control_step(self, step: str, user_input: dict[str, Any] | None) -> ConfigFlowResult:
        """Show a control step's form, check it, and store what it owns."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_control(self.hass, step, user_input)
            if not errors:
                return self.async_create_entry(
                    data=control_options(step, self.config_entry.options, user_input)
                )
        current = {**STEP_DEFAULTS, **self.config_entry.options}
        return self.async_show_form(
            step_id=step,
            data_schema=self.add_suggested_values_to_schema(SCHEMAS[step], user_input or current),
            errors=errors,
        )


def control_options(
    step: str, options: Mapping[str, Any], user_input: Mapping[str, Any]
) -> dict[str, Any]:
    """Return `options` with the fields `step` owns replaced by what the user filled in."""
    merged = {key: value for key, value in options.items() if key not in STEP_KEYS[step]}
    merged.update({key: _stored(key, value) for key, value in user_input.items() if value != ""})
    return merged


_INTEGERS: dict[str, Callable[[Any], Any]] = {
    CONF_MIN_OFF_SECONDS: int,
    CONF_OCCUPANTS: int,
}


def _stored(key: str, value: Any) -> Any:
    """Return a value as stored in the options (whole numbers where they must be)."""
    return _INTEGERS.get(key, lambda raw: raw)(value)
