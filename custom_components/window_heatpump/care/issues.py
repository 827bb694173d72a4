"""The problems care can find, the tasks that end them, and their Repairs issues."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN


class Task(StrEnum):
    """Maintenance the user does and tells Home Assistant about."""

    FILTER = "filter"
    CHECKUP = "checkup"
    COILS = "coils"
    SEALS = "seals"


class Problem(StrEnum):
    """A condition raised as a Repairs issue (the value is its translation key)."""

    FILTER_DIRTY = "filter_dirty"
    DEFROST_TOO_OFTEN = "defrost_too_often"
    SHORT_CYCLING = "short_cycling"
    WEAK_HEATING = "weak_heating"
    WEAK_COOLING = "weak_cooling"
    HEATING_CHECKUP = "heating_checkup"
    COOLING_CHECKUP = "cooling_checkup"
    COIL_CLEANING = "coil_cleaning"
    SEAL_INSPECTION = "seal_inspection"


# Problems that end when the user does a task; their Repairs issue offers it as the fix.
TASK_OF: dict[Problem, Task] = {
    Problem.FILTER_DIRTY: Task.FILTER,
    Problem.HEATING_CHECKUP: Task.CHECKUP,
    Problem.COOLING_CHECKUP: Task.CHECKUP,
    Problem.COIL_CLEANING: Task.COILS,
    Problem.SEAL_INSPECTION: Task.SEALS,
}


def issue_id(problem: Problem, entry_id: str) -> str:
    """Return the Repairs issue id of a problem of one unit."""
    return f"{problem}_{entry_id}"


@callback
def async_sync_issues(
    hass: HomeAssistant, entry_id: str, title: str, active: Iterable[Problem]
) -> None:
    """Raise the issues of the active problems and clear the others."""
    active = set(active)
    for problem in Problem:
        if problem in active:
            ir.async_create_issue(
                hass,
                DOMAIN,
                issue_id(problem, entry_id),
                is_fixable=problem in TASK_OF,
                is_persistent=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=problem.value,
                translation_placeholders={"name": title},
                data={"entry_id": entry_id, "problem": problem.value},
            )
        else:
            ir.async_delete_issue(hass, DOMAIN, issue_id(problem, entry_id))


@callback
def async_clear_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Clear every issue of a unit that is removed."""
    async_sync_issues(hass, entry_id, "", ())
