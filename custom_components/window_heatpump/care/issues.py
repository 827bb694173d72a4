"""The problems care can find, the tasks that end them, and their Repairs issues."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from ..storage import Problem, issue_id


class Task(StrEnum):
    """Maintenance the user does and tells Home Assistant about."""

    FILTER = "filter"
    CHECKUP = "checkup"
    COILS = "coils"
    SEALS = "seals"


# Problems that end when the user does a task; their Repairs issue offers it as the fix.
TASK_OF: dict[Problem, Task] = {
    Problem.FILTER_DIRTY: Task.FILTER,
    Problem.HEATING_CHECKUP: Task.CHECKUP,
    Problem.COOLING_CHECKUP: Task.CHECKUP,
    Problem.COIL_CLEANING: Task.COILS,
    Problem.SEAL_INSPECTION: Task.SEALS,
}


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
