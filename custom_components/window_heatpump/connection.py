"""Why a polled unit's last answer failed: out of reach, or an answer that cannot be read.

The two send the user to different places (the network and the unit's power, or the unit's
firmware and the bridge's settings), so each has its own words in the log, in the setup
retry reason, in the connection sensor and in the Repairs issue raised when it lasts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from .bridges.base import BridgeError, BridgeProtocolError
from .const import DOMAIN
from .storage import EntryIssue, async_clear_issue, async_raise_issue

# A unit unplugged for a few minutes, or a router restarting, is not worth a Repairs issue;
# half an hour is longer than either and still the same evening.
REPAIR_AFTER = timedelta(minutes=30)


class Connection(StrEnum):
    """How the bridge last reached the unit (the connection sensor's states)."""

    CONNECTED = "connected"
    UNREACHABLE = "unreachable"
    UNREADABLE = "unreadable"


# The exception text, the Repairs issue and the sensor state of each failure.
_FAILURES: dict[Connection, tuple[str, EntryIssue]] = {
    Connection.UNREACHABLE: ("communication_error", EntryIssue.UNIT_UNREACHABLE),
    Connection.UNREADABLE: ("unreadable_answer", EntryIssue.UNIT_UNREADABLE),
}


def connection_of(err: BridgeError) -> Connection:
    """Return what a bridge error says about the connection."""
    return Connection.UNREADABLE if isinstance(err, BridgeProtocolError) else Connection.UNREACHABLE


def update_failed(err: BridgeError, *, connecting: bool = False) -> UpdateFailed:
    """Return the translated error Home Assistant logs and shows as the retry reason."""
    connection = connection_of(err)
    key = _FAILURES[connection][0]
    if connecting and connection is Connection.UNREACHABLE:
        key = "cannot_connect"
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"error": str(err)},
    )


class ConnectionWatch:
    """Follow how a unit's answers fail; raise a Repairs issue when a failure lasts."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Start as connected."""
        self._hass = hass
        self._entry = entry
        self.state = Connection.CONNECTED
        self.error: str | None = None
        self.since: datetime | None = None

    @callback
    def failed(self, err: BridgeError) -> bool:
        """Note a failed answer, raise its Repairs issue once it has lasted REPAIR_AFTER.

        Return True when the failure is of another kind than the last answer's.
        """
        connection = connection_of(err)
        now = dt_util.utcnow()
        changed = connection is not self.state
        if changed:
            self._delete_issues()
            self.state, self.since = connection, now
        self.error = str(err)
        if self.since is not None and now - self.since >= REPAIR_AFTER:
            async_raise_issue(
                self._hass,
                _FAILURES[connection][1],
                self._entry.entry_id,
                {
                    "name": self._entry.title,
                    "error": self.error,
                    "since": dt_util.as_local(self.since).strftime("%Y-%m-%d %H:%M"),
                },
            )
        return changed

    @callback
    def answered(self) -> None:
        """Note an answer that could be read; close any Repairs issue."""
        if self.state is Connection.CONNECTED:
            return
        self.state, self.error, self.since = Connection.CONNECTED, None, None
        self._delete_issues()

    def _delete_issues(self) -> None:
        """Close both Repairs issues (a failure of the other kind replaced the one)."""
        for _key, issue in _FAILURES.values():
            async_clear_issue(self._hass, issue, self._entry.entry_id)
