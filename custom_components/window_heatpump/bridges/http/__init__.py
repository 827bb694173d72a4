"""The HTTP bridge: the DIY firmware's JSON API, polled, with pushes through a webhook."""

from __future__ import annotations

from homeassistant.const import CONF_HOST

from ...const import BRIDGE_HTTP, CONF_WEBHOOK_ID
from ..base import BridgeSpec
from .bridge import create_bridge

SPECS = (
    BridgeSpec(
        key=BRIDGE_HTTP,
        factory=create_bridge,
        # The firmware's info (kept in the entry) may name its MAC address and serial number.
        redact=frozenset({CONF_HOST, CONF_WEBHOOK_ID, "mac", "serial"}),
    ),
)
