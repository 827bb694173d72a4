"""What the IR bridges send: a protocol's full-state frames, or a SmartIR code file's codes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from homeassistant.core import HomeAssistant

from ...model import Capabilities, DesiredState, Mode, TemperatureUnit
from ...protocols import PROTOCOLS, AcProtocol, IrCommand, ReceivedState, Toggle
from ...protocols.smartir import CodeFileError, SmartIrCodes, read_code_file
from ..base import BridgeConnectionError


def _narrowed(base: Capabilities, modes: tuple[Mode, ...]) -> tuple[Mode, ...]:
    """Return off and the modes the user picked that the encoder has."""
    return (Mode.OFF, *(mode for mode in base.active_modes if mode in modes))


class ProtocolEncoder:
    """Full-state frames of one AC protocol, and its decoder for the receiver."""

    def __init__(self, name: str, unit: TemperatureUnit) -> None:
        """Encode in the protocol called `name` with set points in `unit`."""
        self._protocol: AcProtocol | None = PROTOCOLS.get(name)
        self._unit = unit
        self.name = name

    def capabilities(self, base: Capabilities) -> Capabilities:
        """Return `base` with the protocol's modes, fan speeds, swings and set point range."""
        if (protocol := self._protocol) is None:
            return base
        low, high = protocol.temperature_range(self._unit)
        return replace(
            base,
            modes=_narrowed(base, protocol.modes),
            fan_speeds=protocol.fan_speeds,
            swings=protocol.swings,
            min_temperature=float(low),
            max_temperature=float(high),
            temperature_step=1.0,
            manufacturer=protocol.brands[0],
            model=f"{protocol.title} IR",
        )

    async def async_prepare(self, hass: HomeAssistant) -> None:  # noqa: ARG002 - FrameEncoder
        """Refuse a protocol this installation does not have (Gree before 2026.10)."""
        if self._protocol is None:
            raise BridgeConnectionError(
                f"the IR protocol {self.name!r} is not available here; "
                f"known: {', '.join(sorted(PROTOCOLS))}"
            )

    def commands(self, desired: DesiredState, previous: DesiredState | None) -> list[IrCommand]:
        """Return the full-state frame and the toggles the change needs."""
        assert self._protocol is not None  # noqa: S101 - async_prepare refused a missing one
        return self._protocol.commands(desired, self._unit, previous)

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:
        """Return what a remote's frame says, or None if it is not this protocol's."""
        assert self._protocol is not None  # noqa: S101 - async_prepare refused a missing one
        return self._protocol.decode(timings, self._unit)


class SmartIrEncoder:
    """The codes of a SmartIR climate file, read when the unit is set up."""

    name = "SmartIR"

    def __init__(self, path: Path, unit: TemperatureUnit) -> None:
        """Read `path` (in the config folder) with set points in `unit`, at prepare time."""
        self._path = path
        self._unit = unit
        self._codes: SmartIrCodes | None = None

    def capabilities(self, base: Capabilities) -> Capabilities:
        """Return `base` with the file's modes, fans, swings and set points, once it is read."""
        if (codes := self._codes) is None:
            return base
        return replace(
            base,
            modes=_narrowed(base, codes.modes),
            fan_speeds=codes.fan_speeds,
            swings=codes.swings,
            min_temperature=codes.min_temperature,
            max_temperature=codes.max_temperature,
            temperature_step=codes.precision,
            manufacturer=codes.manufacturer,
            model=", ".join(codes.models) or None,
        )

    async def async_prepare(self, hass: HomeAssistant) -> None:
        """Read and check the code file; a bad file keeps the unit from loading, with the reason."""
        try:
            self._codes = await hass.async_add_executor_job(read_code_file, self._path, self._unit)
        except CodeFileError as err:
            raise BridgeConnectionError(
                f"the code file {self._path} cannot be used: {err}"
            ) from err

    def commands(
        self,
        desired: DesiredState,
        previous: DesiredState | None,  # noqa: ARG002 - full-state codes need no history
    ) -> list[IrCommand]:
        """Return the file's code for the desired state."""
        assert self._codes is not None  # noqa: S101 - async_prepare read the file
        return [self._codes.encode(desired)]

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:  # noqa: ARG002
        """Return None: code files are send-only."""
        return None
