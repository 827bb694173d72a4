"""What the entry's side does with a bridge's notices: Repairs issues, entry updates.

Bridges only move unit state across a wire; what else they see they report as a
`bridges.base.BridgeNotice` to the listener they are built with, and this handler, which the
entry's set-up hands to every bridge, acts on it for their entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from .bridges.base import BridgeNotice, NoticeListener
from .storage import EntryIssue, async_clear_issue, async_raise_issue


def entry_notices(hass: HomeAssistant, entry: ConfigEntry[Any]) -> NoticeListener:
    """Return the handler of one entry's bridge notices."""

    @callback
    def handle(notice: BridgeNotice, data: Mapping[str, Any]) -> None:
        """Raise or close the entry's issue, or store new entry data and reload."""
        if notice is BridgeNotice.UNIT_NOT_RESPONDING:
            async_raise_issue(
                hass,
                EntryIssue.UNIT_NOT_RESPONDING,
                entry.entry_id,
                {key: str(value) for key, value in data.items()},
            )
        elif notice is BridgeNotice.UNIT_RESPONDING:
            async_clear_issue(hass, EntryIssue.UNIT_NOT_RESPONDING, entry.entry_id)
        else:
            # New firmware, new capabilities: the entities are built anew.
            hass.config_entries.async_update_entry(entry, data={**entry.data, **data})
            hass.config_entries.async_schedule_reload(entry.entry_id)

    return handle
