"""The command interface every IR encoder here shares with Home Assistant's `infrared` platform.

Home Assistant's `infrared` emitters take an `infrared_protocols.commands.Command`: an object with
a carrier frequency (`modulation`, Hz), a `repeat_count`, and `get_raw_timings()` returning signed
microsecond durations (marks positive, spaces negative). Protocol classes also offer
`from_raw_timings(timings)`, which returns a command or None. `IrCommand` is that interface as a
Protocol, so the library's own commands (Gree, LG, ...) and the ones built here (Midea, Coolix)
are sent the same way; `AcCommand` is the base of the ones built here. The library is not
imported: the floor release pins a version whose `Command` returns (high, low) pairs instead, and
the Zigbee2MQTT path needs none of it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import IntEnum
from typing import Protocol, Self, override, runtime_checkable

CARRIER_38KHZ = 38000


@runtime_checkable
class IrCommand(Protocol):
    """What an IR emitter needs to send a command (infrared-protocols' `Command` interface)."""

    modulation: int
    repeat_count: int

    def get_raw_timings(self) -> list[int]:
        """Return signed microsecond timings: marks positive, spaces negative."""
        ...


class AcCommand(ABC):
    """Base of the AC commands built here: a carrier, a repeat count, timings and a decoder."""

    modulation: int
    repeat_count: int

    def __init__(self, *, modulation: int = CARRIER_38KHZ, repeat_count: int = 0) -> None:
        """Set the carrier frequency (Hz) and how many extra times an emitter repeats it."""
        self.modulation = modulation
        self.repeat_count = repeat_count

    @abstractmethod
    def get_raw_timings(self) -> list[int]:
        """Return signed microsecond timings: marks positive, spaces negative."""

    @classmethod
    @abstractmethod
    def from_raw_timings(cls, timings: list[int]) -> Self | None:
        """Decode received timings into a command of this class, or None if they are not one."""

    @abstractmethod
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""

    def __eq__(self, other: object) -> bool:
        """Return whether `other` is the same command."""
        if not isinstance(other, AcCommand) or type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        """Hash the fields that make two commands the same."""
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        """Return the class name and the fields."""
        return f"{type(self).__name__}{self._key()!r}"


class CodeCommand[CodeT: IntEnum](AcCommand):
    """A command that is one fixed code of its protocol: a toggle, or power off."""

    def __init__(self, code: CodeT, *, repeat_count: int = 0) -> None:
        """Build the command for `code`."""
        super().__init__(repeat_count=repeat_count)
        self.code = code

    @override
    def _key(self) -> tuple[object, ...]:
        """Return the fields that make two commands the same."""
        return (self.code,)
