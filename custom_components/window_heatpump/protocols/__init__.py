"""Infrared AC protocols the IR bridges share: full-state encoders, toggles and decoders.

Pure Python, no Home Assistant code. Every command follows the interface of Home Assistant's
`infrared` platform (`command.IrCommand`), and `tuya` turns any command into the code a Tuya
blaster takes through Zigbee2MQTT. `PROTOCOLS` lists the AC protocols by name; `encode` is the
one entry point from the domain model.
"""

from __future__ import annotations

from ..model import DesiredState, TemperatureUnit
from .command import IrCommand
from .coolix import COOLIX
from .midea import MIDEA, MIDEA_PIONEER
from .protocol import AcProtocol, ReceivedState, Toggle

__all__ = [
    "PROTOCOLS",
    "AcProtocol",
    "IrCommand",
    "ReceivedState",
    "Toggle",
    "encode",
    "library_protocols",
]


def library_protocols() -> tuple[AcProtocol, ...]:
    """Return the AC protocols the installed `infrared-protocols` provides (none before 10.x)."""
    try:
        from .gree import GREE  # noqa: PLC0415 - only where the installed library has it
    except ImportError:
        return ()
    return (GREE,)


PROTOCOLS: dict[str, AcProtocol] = {
    protocol.name: protocol for protocol in (MIDEA, MIDEA_PIONEER, COOLIX, *library_protocols())
}


def encode(protocol: str, desired: DesiredState, unit: TemperatureUnit) -> IrCommand:
    """Return the full-state command of `desired` (set point in `unit`) in `protocol`.

    Raises KeyError for a protocol that is not in `PROTOCOLS`.
    """
    return PROTOCOLS[protocol].encode(desired, unit)
