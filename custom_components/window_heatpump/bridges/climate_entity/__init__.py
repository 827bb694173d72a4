"""The climate-entity bridge: wraps another integration's climate entity."""

from __future__ import annotations

from ...const import BRIDGE_CLIMATE_ENTITY
from ..base import BridgeSpec
from .bridge import create_bridge

SPECS = (
    BridgeSpec(
        key=BRIDGE_CLIMATE_ENTITY,
        factory=create_bridge,
        redact=frozenset(),
    ),
)
