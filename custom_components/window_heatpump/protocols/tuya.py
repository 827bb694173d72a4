"""The IR code format of Tuya IR blasters (ZS06, UFO-R11 ...): Zigbee2MQTT's `ir_code_to_send`.

A code is base64 of an LZ77-compressed byte string; decompressed, it is the signal's durations
(µs, marks and spaces alternating, mark first) as little-endian uint16. The compression is a
FastLZ level-1 style block stream; each block starts with a control byte C:

  C >> 5 == 0: a literal run of (C & 0x1F) + 1 bytes follows;
  otherwise:   a back reference. Its length is (C >> 5) + 2, or 7 + 2 + the next byte when
               C >> 5 == 7; then one byte, and the distance back is ((C & 0x1F) << 8 | byte) + 1.
               The copy may overlap what it produces (a run).

The carrier is fixed (38 kHz) and not part of the code.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
import struct

from .command import IrCommand

_MAX_LITERAL = 32
# A back reference's 3-bit length field; its top value says a length byte follows.
_LENGTH_ESCAPE = 7
_MIN_MATCH = 3
_MAX_MATCH = _LENGTH_ESCAPE + 255 + 2
_MAX_DISTANCE = 1 << 13
# Candidate positions kept per 3-byte prefix: enough for IR signals, bounded for speed.
_CHAIN = 16
_MAX_DURATION = 0xFFFF


def encode(timings: Sequence[int]) -> str:
    """Return the Tuya code of signed (or unsigned) µs timings; longer ones are capped at 65535."""
    payload = b"".join(struct.pack("<H", min(abs(timing), _MAX_DURATION)) for timing in timings)
    return base64.b64encode(compress(payload)).decode("ascii")


def encode_command(command: IrCommand) -> str:
    """Return the Tuya code of a command, its repeats included."""
    return encode(command.get_raw_timings() * (command.repeat_count + 1))


def decode(code: str) -> list[int] | None:
    """Return the signed µs timings (mark first) of a Tuya code, or None if it is not one."""
    try:
        compressed = base64.b64decode(code, validate=True)
    except ValueError:  # binascii.Error, and non-ASCII text
        return None
    payload = decompress(compressed)
    if not payload or len(payload) % 2:
        return None
    durations = [duration for (duration,) in struct.iter_unpack("<H", payload)]
    return [-duration if index % 2 else duration for index, duration in enumerate(durations)]


def compress(data: bytes) -> bytes:
    """Compress `data` into Tuya's block stream (greedy longest match)."""
    out = bytearray()
    literals = bytearray()
    chains: dict[bytes, list[int]] = {}
    position = 0

    def flush_literals() -> None:
        """Write the pending literal bytes as runs of at most 32."""
        for start in range(0, len(literals), _MAX_LITERAL):
            run = literals[start : start + _MAX_LITERAL]
            out.append(len(run) - 1)
            out.extend(run)
        literals.clear()

    while position < len(data):
        length, distance = _longest_match(data, position, chains)
        step = length if length >= _MIN_MATCH else 1
        for index in range(position, min(position + step, len(data) - _MIN_MATCH + 1)):
            chain = chains.setdefault(data[index : index + _MIN_MATCH], [])
            chain.append(index)
            del chain[:-_CHAIN]
        if length < _MIN_MATCH:
            literals.append(data[position])
            position += 1
            continue
        flush_literals()
        offset = distance - 1
        if length - 2 < _LENGTH_ESCAPE:
            out.append((length - 2) << 5 | offset >> 8)
        else:
            out.append(_LENGTH_ESCAPE << 5 | offset >> 8)
            out.append(length - 2 - _LENGTH_ESCAPE)
        out.append(offset & 0xFF)
        position += length
    flush_literals()
    return bytes(out)


def _longest_match(data: bytes, position: int, chains: dict[bytes, list[int]]) -> tuple[int, int]:
    """Return the longest earlier match at `position` as (length, distance); length 0 if none."""
    best_length, best_distance = 0, 0
    limit = min(_MAX_MATCH, len(data) - position)
    for start in reversed(chains.get(data[position : position + _MIN_MATCH], ())):
        distance = position - start
        if distance > _MAX_DISTANCE:
            break
        length = 0
        while length < limit and data[start + length] == data[position + length]:
            length += 1
        if length > best_length:
            best_length, best_distance = length, distance
            if length == limit:
                break
    return best_length, best_distance


def decompress(data: bytes) -> bytes | None:
    """Expand Tuya's block stream, or return None if it is malformed."""
    out = bytearray()
    index = 0
    while index < len(data):
        control = data[index]
        index += 1
        length = control >> 5
        if not length:
            run = data[index : index + control + 1]
            if len(run) != control + 1:
                return None
            out.extend(run)
            index += len(run)
            continue
        extra = 2 if length == _LENGTH_ESCAPE else 1
        if index + extra > len(data):
            return None
        if length == _LENGTH_ESCAPE:
            length += data[index]
        distance = ((control & 0x1F) << 8 | data[index + extra - 1]) + 1
        index += extra
        if distance > len(out):
            return None
        start = len(out) - distance
        for offset in range(length + 2):
            out.append(out[start + offset])
    return bytes(out)
