"""Fix flows of the Repairs issues care raises: record the maintenance as done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.core import HomeAssistant

from .care.issues import TASK_OF
from .coordinator import WindowHeatPumpConfigEntry
from .schema import vol
from .storage import Problem

if TYPE_CHECKING:
    # Only in the releases that type it (2026.10); at run time the annotation is not read.
    from homeassistant.components.repairs import RepairsFlowResult


class MaintenanceDoneFlow(RepairsFlow):
    """Confirm that the maintenance was done, then record it (the filter: reset its hours)."""

    def __init__(self, entry_id: str, problem: Problem) -> None:
        """Initialize the flow for one unit's problem."""
        self._entry_id = entry_id
        self._problem = problem

    async def async_step_init(self, _user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Ask whether it was done; record it when confirmed."""
        entry: WindowHeatPumpConfigEntry | None = self.hass.config_entries.async_get_entry(
            self._entry_id
        )
        if entry is None or not hasattr(entry, "runtime_data"):
            return self.async_abort(reason="unit_not_loaded")
        if user_input is not None:
            entry.runtime_data.care.async_done(TASK_OF[self._problem])
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"name": entry.title},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the fix flow of a care issue."""
    if data is None:  # every issue care raises carries its entry and problem
        return ConfirmRepairFlow()
    return MaintenanceDoneFlow(str(data["entry_id"]), Problem(str(data["problem"])))
