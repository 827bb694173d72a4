"""The simulated bridge: a unit and its room modelled in Python, run on Home Assistant's clock."""

from __future__ import annotations

from ...const import BRIDGE_SIMULATED
from ...storage import EntryStore
from ..base import BridgeSpec
from .bridge import create_bridge

SPECS = (
    BridgeSpec(
        key=BRIDGE_SIMULATED,
        factory=create_bridge,
        stores=(EntryStore.ASSUMED_STATE,),
        redact=frozenset(),
    ),
)
