"""Test-only IR hardware: an `infrared` emitter and receiver that record and replay timings."""

from __future__ import annotations

from typing import Any

from homeassistant.components import infrared
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

# 2026.10 names the emitter base InfraredEmitterEntity; 2026.4 named it InfraredEntity.
_EmitterBase: Any = getattr(infrared, "InfraredEmitterEntity", None) or infrared.InfraredEntity
_ReceiverBase: Any = getattr(infrared, "InfraredReceiverEntity", None)
HAS_RECEIVERS = _ReceiverBase is not None


def signed_timings(raw: list[Any]) -> list[int]:
    """Return timings as signed ints, from either release's form (ints, or high/low pairs)."""
    if raw and not isinstance(raw[0], int):
        return [value for pair in raw for value in (pair.high_us, -pair.low_us) if value]
    return list(raw)


class RecordingEmitter(_EmitterBase):  # type: ignore[misc]
    """An emitter that keeps what it was asked to send: (carrier, signed timings)."""

    _attr_name = "Test emitter"

    def __init__(self) -> None:
        """Start with nothing sent."""
        self.sent: list[tuple[int, list[int]]] = []
        self.entity_id = "infrared.test_emitter"
        self._attr_unique_id = "test_emitter"

    async def async_send_command(self, command: Any) -> None:
        """Record the command as the release's platform hands it over."""
        self.sent.append((command.modulation, signed_timings(command.get_raw_timings())))


if HAS_RECEIVERS:

    class RecordingReceiver(_ReceiverBase):  # type: ignore[misc]
        """A receiver the test feeds frames into."""

        _attr_name = "Test receiver"

        def __init__(self) -> None:
            """Name the receiver."""
            self.entity_id = "infrared.test_receiver"
            self._attr_unique_id = "test_receiver"

        def receive(self, timings: list[int]) -> None:
            """Hand a frame to the subscribers, as a real receiver does."""
            self._handle_received_signal(infrared.InfraredReceivedSignal(timings=timings))


async def async_setup_hardware(hass: HomeAssistant) -> tuple[RecordingEmitter, Any]:
    """Set up `infrared` with an emitter and (where the release has them) a receiver."""
    assert await async_setup_component(hass, infrared.DOMAIN, {})
    emitter = RecordingEmitter()
    entities: list[Any] = [emitter]
    receiver = None
    if HAS_RECEIVERS:
        receiver = RecordingReceiver()
        entities.append(receiver)
    await hass.data[infrared.DATA_COMPONENT].async_add_entities(entities)
    await hass.async_block_till_done()
    return emitter, receiver
