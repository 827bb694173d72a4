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
from homeassistant.helpers import issue_registry as ir

from .bridges.base import BridgeNotice, NoticeListener
from .const import DOMAIN
from .storage import EntryIssue, issue_id


def entry_notices(hass: HomeAssistant, entry: ConfigEntry[Any]) -> NoticeListener:
    """Return the handler of one entry's bridge notices."""

    @callback
    def handle(notice: BridgeNotice, data: Mapping[str, Any]) -> None:
        """Raise or close the entry's issue, or store new entry data and reload."""
        not_responding = issue_id(EntryIssue.UNIT_NOT_RESPONDING, entry.entry_id)
        if notice is BridgeNotice.UNIT_NOT_RESPONDING:
            ir.async_create_issue(
                hass,
                DOMAIN,
                not_responding,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key=EntryIssue.UNIT_NOT_RESPONDING,
                translation_placeholders=dict(data),
            )
        elif notice is BridgeNotice.UNIT_RESPONDING:
            ir.async_delete_issue(hass, DOMAIN, not_responding)
        else:
            # New firmware, new capabilities: the entities are built anew.
            hass.config_entries.async_update_entry(entry, data={**entry.data, **data})
            hass.config_entries.async_schedule_reload(entry.entry_id)

    return handle
