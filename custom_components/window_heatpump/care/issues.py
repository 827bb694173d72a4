"""The problems care can find: one table makes their detectors, sensors and Repairs issues.

A new problem is one detector module (`detector.Detector`), one row here, its member of
`storage.Problem` (where removal finds its issue) and its strings (the issue and the sensor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from ..model import Capabilities, Mode
from ..storage import Problem, issue_id
from .checks import Checkup, DefrostTooOften, DueAfter, FilterDirty
from .const import COIL_INTERVAL_DAYS, SEAL_INTERVAL_DAYS, Task
from .cycling import ShortCycling
from .delivery import WeakDelivery
from .detector import CareView, Detector


def _always(_: object) -> bool:
    """Return True: nothing more is needed."""
    return True


def _has(mode: Mode) -> Callable[[Capabilities], bool]:
    """Return a test of whether a unit has `mode`."""
    return lambda capabilities: mode in capabilities.modes


@dataclass(frozen=True, kw_only=True)
class CareProblem:
    """A problem care watches for: its detector, its sensor and its Repairs issue."""

    problem: Problem
    detector: Callable[[], Detector]
    # What the detector needs of the unit: without it the problem is not judged and its
    # sensor is unavailable.
    signal: Callable[[CareView], bool] = _always
    # Whether the unit gets the problem's sensor at all.
    exists: Callable[[Capabilities], bool] = _always
    # The task that ends the problem: its Repairs issue offers it as the fix.
    task: Task | None = None
    # The sensor sits with the main entities, not with the diagnostic ones.
    main: bool = False
    enabled_default: bool = True


CARE_PROBLEMS: tuple[CareProblem, ...] = (
    # The filter is the one the user meets most; it sits with the main entities.
    CareProblem(problem=Problem.FILTER_DIRTY, detector=FilterDirty, task=Task.FILTER, main=True),
    CareProblem(
        problem=Problem.DEFROST_TOO_OFTEN,
        detector=DefrostTooOften,
        signal=lambda care: care.has_defrost_signal,
    ),
    CareProblem(
        problem=Problem.SHORT_CYCLING,
        detector=ShortCycling,
        signal=lambda care: care.has_cycle_signal,
    ),
    CareProblem(
        problem=Problem.WEAK_HEATING,
        detector=partial(WeakDelivery, mode=Mode.HEAT),
        signal=lambda care: care.has_room_signal,
        exists=_has(Mode.HEAT),
    ),
    CareProblem(
        problem=Problem.WEAK_COOLING,
        detector=partial(WeakDelivery, mode=Mode.COOL),
        signal=lambda care: care.has_room_signal,
        exists=_has(Mode.COOL),
    ),
    # Reminders: their Repairs issues remind and record the task; the sensors are for automations.
    CareProblem(
        problem=Problem.HEATING_CHECKUP,
        detector=partial(Checkup, mode=Mode.HEAT, season=lambda options: options.heating_season),
        exists=_has(Mode.HEAT),
        task=Task.CHECKUP,
        enabled_default=False,
    ),
    CareProblem(
        problem=Problem.COOLING_CHECKUP,
        detector=partial(Checkup, mode=Mode.COOL, season=lambda options: options.cooling_season),
        exists=_has(Mode.COOL),
        task=Task.CHECKUP,
        enabled_default=False,
    ),
    CareProblem(
        problem=Problem.COIL_CLEANING,
        detector=partial(DueAfter, task=Task.COILS, days=COIL_INTERVAL_DAYS),
        task=Task.COILS,
        enabled_default=False,
    ),
    CareProblem(
        problem=Problem.SEAL_INSPECTION,
        detector=partial(DueAfter, task=Task.SEALS, days=SEAL_INTERVAL_DAYS),
        task=Task.SEALS,
        enabled_default=False,
    ),
)

# Problems that end when the user does a task.
TASK_OF: dict[Problem, Task] = {
    row.problem: row.task for row in CARE_PROBLEMS if row.task is not None
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
