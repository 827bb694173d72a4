"""Pulse-distance framing shared by the Midea and Coolix encoders.

A frame is a header (a long mark and space), the data bits most significant first (a short mark,
then a short space for 0 or a long space for 1), a footer mark and a gap. Decoding matches each
duration within a relative tolerance, so captures from real receivers (marks stretched or shrunk
by the receiver's automatic gain control) still decode.
"""

from __future__ import annotations

from dataclasses import dataclass

# Real receivers are off by up to ~20 %; 35 % still keeps a 0 space apart from a 1 space
# (3:1 in both protocols here) and a header apart from a bit.
TOLERANCE = 0.35
# IRremoteESP8266 ends every transmission with this much more silence after the last frame's
# gap (`kDefaultMessageGap`, IRsend.h): a unit may miss a frame that follows sooner.
MESSAGE_GAP = 100_000


@dataclass(frozen=True, kw_only=True)
class PulseDistance:
    """The durations (µs) of one pulse-distance protocol."""

    header_mark: int
    header_space: int
    bit_mark: int
    one_space: int
    zero_space: int
    gap: int

    def encode_frame(self, data: int, bits: int) -> list[int]:
        """Return the timings of one frame carrying `bits` bits of `data`, MSB first."""
        timings = [self.header_mark, -self.header_space]
        for shift in range(bits - 1, -1, -1):
            timings.append(self.bit_mark)
            timings.append(-(self.one_space if (data >> shift) & 1 else self.zero_space))
        timings.append(self.bit_mark)
        timings.append(-self.gap)
        return timings

    def end_message(self, timings: list[int]) -> list[int]:
        """Return `timings` with the silence after a transmission added to its last gap."""
        return [*timings[:-1], timings[-1] - MESSAGE_GAP]

    def frame_length(self, bits: int) -> int:
        """Return how many timings a frame has without its trailing gap."""
        return 2 + 2 * bits + 1

    def decode_frame(self, timings: list[int], offset: int, bits: int) -> int | None:
        """Return the data of the frame at `offset`, or None if the timings are not one."""
        if len(timings) < offset + self.frame_length(bits):
            return None
        if not _mark(timings[offset], self.header_mark) or not _space(
            timings[offset + 1], self.header_space
        ):
            return None
        data = 0
        for index in range(offset + 2, offset + 2 + 2 * bits, 2):
            if not _mark(timings[index], self.bit_mark):
                return None
            space = timings[index + 1]
            if _space(space, self.zero_space):
                data <<= 1
            elif _space(space, self.one_space):
                data = data << 1 | 1
            else:
                return None
        if not _mark(timings[offset + 2 + 2 * bits], self.bit_mark):
            return None
        return data

    def has_gap(self, timings: list[int], index: int) -> bool:
        """Return whether the timing at `index` is an inter-frame gap (at least the gap)."""
        return index < len(timings) and timings[index] <= -self.gap * (1 - TOLERANCE)


def _close(actual: int, expected: int) -> bool:
    """Return whether `actual` is within the tolerance of `expected`."""
    return abs(actual - expected) <= expected * TOLERANCE


def _mark(actual: int, expected: int) -> bool:
    """Return whether `actual` is a mark (positive) close to `expected`."""
    return actual > 0 and _close(actual, expected)


def _space(actual: int, expected: int) -> bool:
    """Return whether `actual` is a space (negative) close to `expected`."""
    return actual < 0 and _close(-actual, expected)
