"""The MQTT bridges: one shared transport and a dialect each (ESPHome, Tasmota, Zigbee2MQTT)."""

from __future__ import annotations

from ...const import BRIDGE_MQTT_NATIVE, BRIDGE_MQTT_TASMOTA, BRIDGE_MQTT_ZIGBEE2MQTT
from ...storage import EntryStore
from ..base import BridgeSpec
from . import native, tasmota, zigbee2mqtt

# Topics name devices, not people or secrets: nothing of an MQTT entry needs redacting.
SPECS = tuple(
    BridgeSpec(key=key, factory=dialect.create_bridge, redact=frozenset(), stores=stores)
    for key, dialect, stores in (
        (BRIDGE_MQTT_NATIVE, native, ()),
        (BRIDGE_MQTT_TASMOTA, tasmota, (EntryStore.ASSUMED_STATE,)),
        (BRIDGE_MQTT_ZIGBEE2MQTT, zigbee2mqtt, (EntryStore.ASSUMED_STATE,)),
    )
)
