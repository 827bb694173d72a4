"""The last, optional step of adding a unit: describe the room for the sizing advice.

Every bridge's step ends in `async_create_entry`; this mixin holds that entry back, asks about
the room with the options' own sizing form, and creates it with the answers in its options.
Leaving the floor area empty skips it (the options step can add it later).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, override

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult, ConfigSubentryData, FlowType

from ..const import CONF_ROOM_AREA
from ..schema import vol
from .control import SCHEMAS, STEP_DEFAULTS, STEP_KEYS, checked_control, control_options

STEP_ROOM = "room"
_SIZING = "sizing"
# The options' sizing form with every field optional: the step is optional, so any subset of
# its fields is an answer (what is left out takes the options step's default).
ROOM_SCHEMA = vol.Schema(
    {vol.Optional(str(key)): selector for key, selector in SCHEMAS[_SIZING].schema.items()}
)
_ROOM_DEFAULTS = {key: STEP_DEFAULTS[key] for key in STEP_KEYS[_SIZING] if key in STEP_DEFAULTS}


class SizingConfigFlowMixin(ConfigFlow):
    """Ask about the room before a new unit's entry is created."""

    _held_entry: dict[str, Any]

    @override
    def async_create_entry(  # type: ignore[override]
        self,
        *,
        title: str,
        data: Mapping[str, Any],
        description: str | None = None,
        description_placeholders: Mapping[str, str] | None = None,
        next_flow: tuple[FlowType, str] | None = None,
        options: Mapping[str, Any] | None = None,
        subentries: Iterable[ConfigSubentryData] | None = None,
    ) -> ConfigFlowResult:
        """Hold the new entry and ask about the room; the room step creates it."""
        self._held_entry = {
            "title": title,
            "data": data,
            "description": description,
            "description_placeholders": description_placeholders,
            "next_flow": next_flow,
            "options": options or {},
            "subentries": subentries,
        }
        return self.ask_before_entry()

    def ask_before_entry(self) -> ConfigFlowResult:
        """Return the first form asked before the held entry is created: the room's here."""
        return self._room_form(None, {})

    async def async_step_room(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Take the room, or nothing to skip it, and create the held entry."""
        user_input, errors = checked_control(self.hass, _SIZING, user_input or {})
        if errors:
            return self._room_form(user_input, errors)
        options = self._held_entry["options"]
        if user_input.get(CONF_ROOM_AREA) is not None:
            options = control_options(_SIZING, options, {**_ROOM_DEFAULTS, **user_input})
        return super().async_create_entry(**{**self._held_entry, "options": options})

    def _room_form(
        self, user_input: Mapping[str, Any] | None, errors: dict[str, str]
    ) -> ConfigFlowResult:
        """Show the options' sizing form, the floor area left empty to skip."""
        return self.async_show_form(
            step_id=STEP_ROOM,
            data_schema=self.add_suggested_values_to_schema(
                ROOM_SCHEMA, user_input or STEP_DEFAULTS
            ),
            errors=errors,
            description_placeholders={"name": self._held_entry["title"]},
        )
