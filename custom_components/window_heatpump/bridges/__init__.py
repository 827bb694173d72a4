"""The bridges: one package per way of reaching a unit, all behind `base.Bridge`.

`BRIDGES` is the registry: one `BridgeSpec` per bridge, in the order the config flow's menu
offers them. A new bridge is a package here that declares its `SPECS`, and one line below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from ..const import CONF_BRIDGE
from . import climate_entity, http, ir, midea, mqtt, simulated
from .base import Bridge, BridgeSpec, NoticeListener

BRIDGES: Mapping[str, BridgeSpec] = {
    spec.key: spec
    for package in (simulated, mqtt, ir, climate_entity, http, midea)
    for spec in package.SPECS
}


def create_bridge(hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener) -> Bridge:
    """Build the bridge an entry asks for, reporting its notices to `notify`."""
    return BRIDGES[entry.data[CONF_BRIDGE]].factory(hass, entry, notify)


def redact_keys() -> frozenset[str]:
    """Return every key any bridge's entry data or diagnostics must not show."""
    return frozenset().union(*(spec.redact for spec in BRIDGES.values()))
