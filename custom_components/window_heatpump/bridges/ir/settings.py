"""What an IR bridge is built from: its frame encoder, and its settings from the entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from homeassistant.core import HomeAssistant

from ...const import (
    CONF_COMPRESSOR_W,
    CONF_HUMIDITY_SENSOR,
    CONF_POWER_DEBOUNCE,
    CONF_POWER_HYSTERESIS_W,
    CONF_POWER_ON_W,
    CONF_POWER_SENSOR,
    CONF_RECEIVER,
    CONF_RESPONSE_TIME,
    CONF_RETRIES,
    CONF_SETTLE_TIME,
    CONF_TEMPERATURE_SENSOR,
    DEFAULT_COMPRESSOR_W,
    DEFAULT_POWER_DEBOUNCE,
    DEFAULT_POWER_HYSTERESIS_W,
    DEFAULT_POWER_ON_W,
    DEFAULT_RESPONSE_TIME,
    DEFAULT_RETRIES,
    DEFAULT_SETTLE_TIME,
)
from ...model import Capabilities, DesiredState
from ...protocols import IrCommand, ReceivedState, Toggle
from .power import PowerSettings


class FrameEncoder(Protocol):
    """What turns a desired state into frames, and a received frame into a state."""

    def capabilities(self, base: Capabilities) -> Capabilities:
        """Return `base` narrowed to what the encoder can send."""

    async def async_prepare(self, hass: HomeAssistant) -> None:
        """Load what the encoder needs; raise BridgeConnectionError if it cannot."""

    def commands(self, desired: DesiredState, previous: DesiredState | None) -> list[IrCommand]:
        """Return the frames that take the unit from `previous` to `desired`."""

    def follow_me(self, desired: DesiredState, sensor: float) -> list[IrCommand]:
        """Return the frame giving `desired` and a room temperature; none where there is none."""

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:
        """Return what a received frame says, or None if it is not one of the encoder's."""


@dataclass(frozen=True, kw_only=True)
class IrSettings:
    """How the bridge keeps its assumed state true (from the entry's data)."""

    settle_s: float = DEFAULT_SETTLE_TIME
    response_s: float = DEFAULT_RESPONSE_TIME
    retries: int = DEFAULT_RETRIES
    power: PowerSettings | None = None
    temperature_sensor: str | None = None
    humidity_sensor: str | None = None
    receiver: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> IrSettings:
        """Return the settings an entry's data holds, with defaults for the rest."""
        power: PowerSettings | None = None
        if sensor := data.get(CONF_POWER_SENSOR):
            power = PowerSettings(
                entity_id=sensor,
                on_w=float(data.get(CONF_POWER_ON_W, DEFAULT_POWER_ON_W)),
                hysteresis_w=float(data.get(CONF_POWER_HYSTERESIS_W, DEFAULT_POWER_HYSTERESIS_W)),
                compressor_w=float(data.get(CONF_COMPRESSOR_W, DEFAULT_COMPRESSOR_W)),
                debounce_s=float(data.get(CONF_POWER_DEBOUNCE, DEFAULT_POWER_DEBOUNCE)),
            )
        return cls(
            settle_s=float(data.get(CONF_SETTLE_TIME, DEFAULT_SETTLE_TIME)),
            response_s=float(data.get(CONF_RESPONSE_TIME, DEFAULT_RESPONSE_TIME)),
            retries=int(data.get(CONF_RETRIES, DEFAULT_RETRIES)),
            power=power,
            temperature_sensor=data.get(CONF_TEMPERATURE_SENSOR) or None,
            humidity_sensor=data.get(CONF_HUMIDITY_SENSOR) or None,
            receiver=data.get(CONF_RECEIVER) or None,
        )
