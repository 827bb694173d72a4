"""Build an IR bridge from a config entry: its encoder, its sender and its settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, split_entity_id

from ...const import (
    BRIDGE_BROADLINK,
    BRIDGE_ESPHOME,
    BRIDGE_INFRARED,
    CONF_BRIDGE,
    CONF_CODE_FILE,
    CONF_EMITTER,
    CONF_ESPHOME_ACTION,
    CONF_PROTOCOL,
)
from ...model import Capabilities, TemperatureUnit
from ...unit_details import capabilities_from_details
from ..base import NoticeListener
from ..oneway import ProtocolEncoder
from .bridge import IrBridge
from .encoders import SmartIrEncoder
from .senders import (
    INFRARED_DOMAIN,
    BroadlinkRemoteSender,
    EsphomeActionSender,
    InfraredSender,
    Sender,
)
from .settings import FrameEncoder, IrSettings

IR_CAPABILITIES = Capabilities(assumed_state=True, reports_current_temperature=False)


def create_bridge(hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener) -> IrBridge:
    """Build the IR bridge an entry describes."""
    data = entry.data
    base = capabilities_from_details(data, IR_CAPABILITIES)
    unit = base.temperature_unit
    return IrBridge(
        hass,
        entry,
        base=base,
        encoder=_encoder(hass, data, unit),
        sender=_sender(hass, data),
        settings=IrSettings.from_data(data),
        notify=notify,
    )


def _encoder(hass: HomeAssistant, data: Any, unit: TemperatureUnit) -> FrameEncoder:
    """Return the encoder: a protocol, or the SmartIR code file."""
    if CONF_CODE_FILE in data:
        return SmartIrEncoder(Path(hass.config.path(data[CONF_CODE_FILE])), unit)
    return ProtocolEncoder(data[CONF_PROTOCOL], unit)


def _sender(hass: HomeAssistant, data: Any) -> Sender:
    """Return the sender the entry's path uses."""
    bridge = data[CONF_BRIDGE]
    if bridge == BRIDGE_ESPHOME:
        return EsphomeActionSender(hass, data[CONF_ESPHOME_ACTION])
    emitter = data[CONF_EMITTER]
    if bridge == BRIDGE_INFRARED or (
        bridge != BRIDGE_BROADLINK and split_entity_id(emitter)[0] == INFRARED_DOMAIN
    ):
        return InfraredSender(hass, emitter)
    return BroadlinkRemoteSender(hass, emitter)
