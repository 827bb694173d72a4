"""Every store and every Repairs issue one unit (config entry) can create, listed once.

Removing a unit walks these lists (`async_remove_entry_data`). Every `Store` of the package
takes its key from `store_key` and every Repairs issue its id from `issue_id`, and a test
checks that, so a new store or issue is listed here or the suite fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

from .const import DOMAIN


class EntryStore(StrEnum):
    """A store of one unit; the value is its key after `window_heatpump.`."""

    SCHEDULES = "schedules.{entry_id}"
    # Schedules that could not be read, set aside rather than overwritten.
    SCHEDULES_UNREADABLE = "schedules.{entry_id}.unreadable"
    CARE = "care.{entry_id}"
    ASSUMED_STATE = "assumed_state.{entry_id}"
    IR_STATE = "{entry_id}"
    ENERGY = "{entry_id}.energy"
    TEST_CYCLE = "{entry_id}.test_cycle"
    COMPRESSOR = "{entry_id}.compressor"
    ROOM_SHIFT = "{entry_id}.room_shift"
    LEARNING = "{entry_id}.learning"


class EntryIssue(StrEnum):
    """A Repairs issue of one unit outside care; the value starts its id and names its text."""

    UNIT_NOT_RESPONDING = "unit_not_responding"
    # A polled unit out of reach, or answering with data that cannot be read, for a while.
    UNIT_UNREACHABLE = "unit_unreachable"
    UNIT_UNREADABLE = "unit_unreadable"
    BACKUP_HEATER_FAILED = "backup_heater_failed"
    SIZING = "sizing"
    ROOM_SENSOR_AWAY = "room_sensor_away"
    # Sizing from operation (the learned room); the form's advice is SIZING.
    SIZING_OPERATION = "sizing_operation"


class Problem(StrEnum):
    """A condition care raises as a Repairs issue (the value starts its id and names its text)."""

    FILTER_DIRTY = "filter_dirty"
    DEFROST_TOO_OFTEN = "defrost_too_often"
    SHORT_CYCLING = "short_cycling"
    WEAK_HEATING = "weak_heating"
    WEAK_COOLING = "weak_cooling"
    HEATING_CHECKUP = "heating_checkup"
    COOLING_CHECKUP = "cooling_checkup"
    COIL_CLEANING = "coil_cleaning"
    SEAL_INSPECTION = "seal_inspection"


def store_key(store: EntryStore, entry_id: str) -> str:
    """Return the storage key of one of a unit's stores."""
    return f"{DOMAIN}.{store.format(entry_id=entry_id)}"


def issue_id(issue: EntryIssue | Problem, entry_id: str) -> str:
    """Return the Repairs issue id of one of a unit's issues."""
    return f"{issue}_{entry_id}"


def async_raise_issue(  # noqa: PLR0913 - the issue, whose, its words, which text, how grave
    hass: HomeAssistant,
    issue: EntryIssue,
    entry_id: str,
    placeholders: Mapping[str, str],
    *,
    variant: str | None = None,
    severity: ir.IssueSeverity = ir.IssueSeverity.WARNING,
) -> None:
    """Raise (or update) one of a unit's Repairs issues that the user acts on outside a flow.

    `variant` picks the text of an issue that has several (`<issue>_<variant>`).
    """
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(issue, entry_id),
        is_fixable=False,
        severity=severity,
        translation_key=issue if variant is None else f"{issue}_{variant}",
        translation_placeholders=dict(placeholders),
    )


def async_clear_issue(hass: HomeAssistant, issue: EntryIssue, entry_id: str) -> None:
    """Close one of a unit's Repairs issues (nothing happens when it is not open)."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(issue, entry_id))


async def async_remove_entry_data(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every store of a removed unit and close every issue it raised."""
    for store in EntryStore:
        # The version does not matter to a removal.
        await Store[dict[str, object]](hass, 1, store_key(store, entry_id)).async_remove()
    for issue in (*EntryIssue, *Problem):
        ir.async_delete_issue(hass, DOMAIN, issue_id(issue, entry_id))
