"""The care step of the options flow: its form and the checks behind its errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)

from ..schema import vol
from .const import (
    CONF_COOLING_SEASON,
    CONF_HEATING_SEASON,
    NUMERIC_OPTIONS,
    SEASON_DEFAULTS,
)
from .reminders import parse_month_day

_UNITS = {
    "filter_interval_h": "h",
    "defrost_max_per_hour": "/h",
    "defrost_window_h": "h",
    "short_cycle_max_starts_per_hour": "starts/h",
    "short_cycle_minutes": "min",
    "weak_min_rate_k_per_h": "K/h",
    "weak_minutes": "min",
}

# No min/max on the selectors: a value out of range comes back as a translated form error
# naming the range, not as a bare validation failure.
CARE_SCHEMA = vol.Schema(
    {
        **{
            vol.Required(key): NumberSelector(
                NumberSelectorConfig(
                    step="any", unit_of_measurement=_UNITS[key], mode=NumberSelectorMode.BOX
                )
            )
            for key in NUMERIC_OPTIONS
        },
        vol.Required(CONF_HEATING_SEASON): TextSelector(),
        vol.Required(CONF_COOLING_SEASON): TextSelector(),
    }
)

CARE_DEFAULTS: dict[str, Any] = {
    **{key: limit.default for key, limit in NUMERIC_OPTIONS.items()},
    **SEASON_DEFAULTS,
}


def validate_care(user_input: Mapping[str, Any]) -> dict[str, str]:
    """Return form errors for the care options, keyed by field."""
    errors: dict[str, str] = {}
    for key, limit in NUMERIC_OPTIONS.items():
        if not limit.low <= float(user_input[key]) <= limit.high:
            errors[key] = f"{key}_out_of_range"
    seasons = {key: parse_month_day(str(user_input[key])) for key in SEASON_DEFAULTS}
    for key, month_day in seasons.items():
        if month_day is None:
            errors[key] = "invalid_season_date"
    if (
        CONF_COOLING_SEASON not in errors
        and seasons[CONF_HEATING_SEASON] == seasons[CONF_COOLING_SEASON]
    ):
        errors[CONF_COOLING_SEASON] = "same_season_dates"
    return errors


def care_options(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Return the care options as stored: numbers as floats, dates as MM-DD."""
    options: dict[str, Any] = {key: float(user_input[key]) for key in NUMERIC_OPTIONS}
    for key in SEASON_DEFAULTS:
        # Validated before: a date that does not parse never gets here.
        if (month_day := parse_month_day(str(user_input[key]))) is not None:
            options[key] = f"{month_day[0]:02d}-{month_day[1]:02d}"
    return options
