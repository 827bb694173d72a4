"""What the IR bridges send besides a protocol's frames (`oneway.ProtocolEncoder`): SmartIR."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from homeassistant.core import HomeAssistant

from ...model import Capabilities, DesiredState, TemperatureUnit
from ...protocols import IrCommand, ReceivedState, Toggle
from ...protocols.smartir import CodeFileError, SmartIrCodes, read_code_file
from ..base import BridgeConnectionError
from ..oneway import narrowed_modes


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
            modes=narrowed_modes(base, codes.modes),
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

    def follow_me(self, desired: DesiredState, sensor: float) -> list[IrCommand]:  # noqa: ARG002
        """Return no frame: code files have no follow-me code."""
        return []

    def decode(self, timings: list[int]) -> ReceivedState | Toggle | None:  # noqa: ARG002
        """Return None: code files are send-only."""
        return None
