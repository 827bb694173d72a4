"""Raw IR codes: timings as a command, and the code formats IR hardware and code files use.

Broadlink packets (base64, what `remote.send_command` takes as `b64:...`) are converted with
`broadlink_async`, the library Home Assistant's Broadlink integration uses; Pronto hex and raw
duration lists are parsed here. Every parser raises `ValueError` on a malformed code, and on
timings no emitter can send (see `inbound.ir_timings`).
"""

from __future__ import annotations

import base64
import binascii

from broadlink_async.remote import data_to_pulses, pulses_to_data

from ..inbound import ir_timings
from .command import CARRIER_38KHZ, IrCommand

# Pronto's carrier word counts periods of its reference clock (4.145146 MHz), in µs.
PRONTO_CLOCK_US = 0.241246
PRONTO_LEARNED = 0x0000
# A Pronto code is at least the header: format, carrier, once-pairs and repeat-pairs counts.
PRONTO_HEADER_WORDS = 4


class RawCommand:
    """A command that is its timings: a code from a file, or a frame to re-encode."""

    def __init__(
        self, timings: list[int], *, modulation: int = CARRIER_38KHZ, repeat_count: int = 0
    ) -> None:
        """Keep signed µs timings (marks positive), the carrier and the repeat count."""
        self.timings = timings
        self.modulation = modulation
        self.repeat_count = repeat_count

    def get_raw_timings(self) -> list[int]:
        """Return signed microsecond timings: marks positive, spaces negative."""
        return list(self.timings)

    def __eq__(self, other: object) -> bool:
        """Return whether `other` has the same timings and carrier."""
        if not isinstance(other, RawCommand):
            return NotImplemented
        return (self.timings, self.modulation) == (other.timings, other.modulation)

    def __hash__(self) -> int:
        """Hash the timings and carrier."""
        return hash((tuple(self.timings), self.modulation))

    def __repr__(self) -> str:
        """Return the carrier and the number of timings."""
        return f"RawCommand({len(self.timings)} timings at {self.modulation} Hz)"


def signed(durations: list[int]) -> list[int]:
    """Return unsigned durations as signed timings: mark, space, mark, ..."""
    return [-abs(value) if index % 2 else abs(value) for index, value in enumerate(durations)]


def to_broadlink(command: IrCommand) -> str:
    """Return a command as a base64 Broadlink IR packet (the carrier is the device's own)."""
    pulses = [abs(timing) for timing in command.get_raw_timings()]
    return base64.b64encode(pulses_to_data(pulses, repeat=command.repeat_count)).decode()


def from_broadlink(code: str) -> RawCommand:
    """Return the command of a base64 Broadlink IR packet."""
    try:
        packet = base64.b64decode(code, validate=True)
    except binascii.Error as err:
        raise ValueError("not base64") from err
    durations = data_to_pulses(packet)
    if not durations:
        raise ValueError("no timings in the packet")
    return RawCommand(ir_timings(signed(durations)), repeat_count=packet[1])


def from_pronto(code: str) -> RawCommand:
    """Return the command of a learned Pronto hex code ("0000 006D 0022 0000 ...")."""
    try:
        words = [int(word, 16) for word in code.split()]
    except ValueError as err:
        raise ValueError("not hexadecimal words") from err
    if len(words) < PRONTO_HEADER_WORDS or words[0] != PRONTO_LEARNED or words[1] == 0:
        raise ValueError("not a learned Pronto code")
    once, repeat = words[2], words[3]
    body = words[PRONTO_HEADER_WORDS:]
    if not body or len(body) != 2 * (once + repeat):
        raise ValueError("the pair counts do not match the code's length")
    period_us = words[1] * PRONTO_CLOCK_US
    return RawCommand(
        ir_timings(signed([round(count * period_us) for count in body])),
        modulation=round(1_000_000 / period_us),
    )


def from_raw(code: str | list[int]) -> RawCommand:
    """Return the command of raw µs durations: a list, or a string of comma/space separated ints.

    Signs are taken as given where they alternate (mark positive), or set when all are positive.
    """
    try:
        values = (
            [int(part) for part in code.replace(",", " ").split()]
            if isinstance(code, str)
            else [int(value) for value in code]
        )
    except (TypeError, ValueError) as err:
        raise ValueError("not a list of whole microseconds") from err
    if not values or 0 in values:
        raise ValueError("empty, or a zero duration")
    if all(value > 0 for value in values):
        return RawCommand(ir_timings(signed(values)))
    if values != signed(values):
        raise ValueError("marks and spaces do not alternate")
    return RawCommand(ir_timings(values))
