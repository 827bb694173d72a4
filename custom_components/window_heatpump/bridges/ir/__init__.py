"""The IR bridges: one-way units reached through an infrared emitter, remote or ESPHome action."""

from __future__ import annotations

from ...const import IR_BRIDGES
from ...storage import EntryStore
from ..base import BridgeSpec
from .factory import create_bridge

# One bridge, four ways to the emitter; each is its own menu option and step.
SPECS = tuple(
    BridgeSpec(
        key=key,
        factory=create_bridge,
        # IR_STATE only to move what the bridge stored there before the one-way core.
        stores=(EntryStore.ASSUMED_STATE, EntryStore.IR_STATE),
        redact=frozenset(),
    )
    for key in IR_BRIDGES
)
