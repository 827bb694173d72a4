"""The Midea bridge: a Midea (and rebranded) unit on the LAN through msmart-ng."""

from __future__ import annotations

from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME

from ...const import BRIDGE_MIDEA, CONF_KEY, CONF_TOKEN
from ..base import BridgeSpec
from .bridge import create_bridge

SPECS = (
    BridgeSpec(
        key=BRIDGE_MIDEA,
        factory=create_bridge,
        # The V3 token and key, the cloud account, and what the unit declared (MAC, serial).
        redact=frozenset(
            {CONF_HOST, CONF_TOKEN, CONF_KEY, CONF_USERNAME, CONF_PASSWORD, "mac", "serial"}
        ),
        reauth=True,
    ),
)
