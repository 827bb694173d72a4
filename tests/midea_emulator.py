"""A Midea air conditioner on 127.0.0.1 speaking the LAN protocol, for msmart-ng's real code.

Written from the protocol as msmart-ng implements it:
- UDP discovery: a 5A5A packet (V2) or a 8370-wrapped one (V3) whose AES-ECB payload carries
  the unit's address, port, serial number and SSID;
- the V3 layer (8370): a handshake where the client sends its token and the unit answers
  AES-CBC(key, random) + SHA-256(random), the session key being random XOR key; then
  AES-CBC requests/responses signed with SHA-256;
- the V2 packet (5A5A): a 40-byte header, the AES-ECB encrypted frame, an MD5 signature;
- the AA frames of an AC: state query (0x41), set state (0x40), capabilities (0xB5) and the
  group data queries (0x41 0x21, group 4 energy and group 5 humidity/defrost).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from hashlib import md5, sha256
import ipaddress
import os
import struct

from Crypto.Cipher import AES
from Crypto.Util import Padding

SIGN_KEY = b"xhdiwjnchekd4d512chdjx5d8e4c394D2D7S"
ENC_KEY = md5(SIGN_KEY, usedforsecurity=False).digest()
DISCOVERY_PORT = 6445

CRC8_POLY_REFLECTED = 0x8C


def crc8(data: bytes) -> int:
    """Return the Dallas/Maxim CRC-8 (reflected polynomial 0x8C) the frames carry."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ CRC8_POLY_REFLECTED if crc & 1 else crc >> 1
    return crc


def checksum(data: bytes) -> int:
    """Return the frame checksum: the two's complement of the byte sum."""
    return -sum(data) & 0xFF


def ecb_encrypt(data: bytes) -> bytes:
    """Encrypt a V2 payload."""
    return AES.new(ENC_KEY, AES.MODE_ECB).encrypt(Padding.pad(data, 16))


def ecb_decrypt(data: bytes) -> bytes:
    """Decrypt a V2 payload."""
    return Padding.unpad(AES.new(ENC_KEY, AES.MODE_ECB).decrypt(data), 16)


def cbc(key: bytes, data: bytes, *, encrypt: bool) -> bytes:
    """AES-CBC with a zero IV, as the V3 layer uses."""
    cipher = AES.new(key, AES.MODE_CBC, iv=bytes(16))
    return cipher.encrypt(data) if encrypt else cipher.decrypt(data)


def v2_packet(device_id: int, payload: bytes, *, magic: bytes = b"\x20\x00") -> bytes:
    """Wrap an (unencrypted) payload in a signed 5A5A packet."""
    encrypted = ecb_encrypt(payload)
    header = b"\x5a\x5a\x01\x11" + (40 + len(encrypted) + 16).to_bytes(2, "little") + magic
    header += bytes(12) + device_id.to_bytes(8, "little") + bytes(12)
    packet = header + encrypted
    return packet + md5(packet + SIGN_KEY, usedforsecurity=False).digest()


def v2_payload(packet: bytes) -> bytes:
    """Return the decrypted payload of a 5A5A packet; raise ValueError when it is forged."""
    length = int.from_bytes(packet[4:6], "little")
    packet = packet[:length]
    if md5(packet[:-16] + SIGN_KEY, usedforsecurity=False).digest() != packet[-16:]:
        raise ValueError("bad signature")
    return ecb_decrypt(packet[40:-16])


def bcd(value: int) -> int:
    """Return a two-digit number in binary-coded decimal."""
    return (value // 10) << 4 | value % 10


@dataclass
class AcState:
    """What the emulated unit is doing (the fields msmart-ng reads)."""

    power: bool = False
    mode: int = 4  # 1 auto, 2 cool, 3 dry, 4 heat, 5 fan
    target: float = 21.0
    fan: int = 102  # 20 silent, 40 low, 60 medium, 80 high, 100 max, 102 auto
    swing: int = 0  # 0 off, 0xC vertical, 0x3 horizontal, 0xF both
    eco: bool = False
    turbo: bool = False
    sleep: bool = False
    freeze_protection: bool = False
    indoor: float = 19.5
    outdoor: float | None = 3.0
    filter_alert: bool = False
    error_code: int = 0
    humidity: int = 45
    defrost: bool = False
    # Group 4: lifetime energy (kWh, 0.01 resolution) and power (W, 0.1 resolution).
    total_energy_kwh: float = 123.45
    power_w: float = 845.6


@dataclass
class MideaEmulator:
    """One emulated unit: a TCP server (V2 or V3) and, when asked, a discovery responder."""

    version: int = 3
    device_id: int = 0x1A2B3C4D5E6F
    token: bytes = field(default_factory=lambda: os.urandom(64))
    key: bytes = field(default_factory=lambda: os.urandom(32))
    energy: bool = True
    state: AcState = field(default_factory=AcState)
    port: int = 0
    # What arrived, for tests that check what msmart-ng sent.
    commands: list[bytes] = field(default_factory=list)
    # Answer queries with a frame cut short (a malformed reply).
    truncate_replies: bool = False
    # Take connections but never answer (a hung unit).
    silent: bool = False
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _udp: asyncio.DatagramTransport | None = None

    @property
    def serial(self) -> str:
        """Return the unit's serial number (32 characters, as units report it)."""
        return f"0000AC{self.device_id:012X}".ljust(32, "0")

    async def start(self) -> None:
        """Listen on 127.0.0.1 (the same port again after a stop)."""
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Go away: close the server and every open connection."""
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()
        if self._server is not None:
            # Closing stops the listening socket at once; wait_closed would also wait for
            # handlers the client side has not finished with.
            self._server.close()
            self._server = None
        await asyncio.sleep(0)
        if self._udp is not None:
            self._udp.close()
            self._udp = None

    async def start_discovery(self) -> None:
        """Answer discovery datagrams on 127.0.0.1:6445."""
        loop = asyncio.get_running_loop()
        self._udp, _ = await loop.create_datagram_endpoint(
            lambda: _DiscoveryResponder(self), local_addr=("127.0.0.1", DISCOVERY_PORT)
        )

    def discovery_reply(self) -> bytes:
        """Return the unit's answer to a discovery datagram."""
        name = f"net_ac_{self.device_id & 0xFFFF:04X}".encode()
        payload = (
            ipaddress.IPv4Address("127.0.0.1").packed[::-1]
            + self.port.to_bytes(2, "little")
            + bytes(2)
            + self.serial.encode()
            + bytes([len(name)])
            + name
        )
        packet = v2_packet(self.device_id, payload.ljust(64, b"\0"), magic=b"\x07\x00")
        if self.version == 3:
            return (
                b"\x83\x70"
                + len(packet).to_bytes(2, "big")
                + b"\x20\x00"
                + bytes(2)
                + (packet + bytes(16))
            )
        return packet

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one client connection until it closes."""
        self._writers.add(writer)
        session = _Session(self, writer)
        try:
            while data := await reader.read(4096):
                if not self.silent:
                    session.feed(data)
        except ConnectionError:
            pass
        finally:
            self._writers.discard(writer)
            writer.close()

    def answer(self, frame: bytes) -> bytes | None:
        """Return the AA frame answering a request frame (None: nothing to say)."""
        self.commands.append(frame)
        body = frame[10:-3]
        if body[0] == 0x41 and body[1] == 0x81:
            reply = self._state_body()
        elif body[0] == 0x41 and body[1] == 0x21:
            reply = self._group_body(body[3] & 0xF)
        elif body[0] == 0x40:
            self._take_set_state(body)
            reply = self._state_body()
        elif body[0] == 0xB5:
            reply = self._capabilities_body()
        else:
            return None
        answer = self._frame(frame[9], reply)
        return answer[: len(answer) // 2] if self.truncate_replies else answer

    @staticmethod
    def _frame(frame_type: int, body: bytes) -> bytes:
        """Return an AA frame carrying a response body (CRC-8 and checksum added)."""
        data = body + bytes([crc8(body)])
        frame = bytes([0xAA, len(data) + 10, 0xAC, 0, 0, 0, 0, 0, 0, frame_type]) + data
        return frame + bytes([checksum(frame[1:])])

    def _state_body(self) -> bytes:
        """Return a 0xC0 state response body."""
        s = self.state
        body = bytearray(25)
        body[0] = 0xC0
        body[1] = int(s.power)
        whole = int(s.target)
        body[2] = (s.mode & 0x7) << 5 | ((whole - 16) & 0xF) | (0x10 if s.target % 1 else 0)
        body[3] = s.fan & 0x7F
        body[4] = body[5] = 0x7F
        body[7] = s.swing & 0xF
        body[8] = 0x20 if s.turbo else 0
        body[9] = 0x10 if s.eco else 0
        body[10] = (0x01 if s.sleep else 0) | (0x02 if s.turbo else 0)
        body[11] = round(s.indoor * 2 + 50)
        body[12] = 0xFF if s.outdoor is None else round(s.outdoor * 2 + 50)
        body[13] = 0x20 if s.filter_alert else 0
        body[16] = s.error_code
        body[19] = 40
        body[21] = 0x80 if s.freeze_protection else 0
        return bytes(body)

    def _group_body(self, group: int) -> bytes:
        """Return a 0xC1 group data body (4: energy, 5: humidity and defrost; others empty)."""
        s = self.state
        body = bytearray(24)
        body[0], body[1], body[2], body[3] = 0xC1, 0x21, 0x01, 0x40 | group
        if group == 4 and self.energy:
            hundredths = round(s.total_energy_kwh * 100)
            digits = f"{hundredths:08d}"
            body[4:8] = bytes(bcd(int(digits[i : i + 2])) for i in range(0, 8, 2))
            body[12:16] = body[4:8]
            tenths = f"{round(s.power_w * 10):06d}"
            body[16:19] = bytes(bcd(int(tenths[i : i + 2])) for i in range(0, 6, 2))
        elif group == 5:
            body[4] = s.humidity
            body[8] = 10
            body[10] = int(s.defrost)
        return bytes(body)

    def _take_set_state(self, body: bytes) -> None:
        """Apply a 0x40 set state command."""
        s = self.state
        s.power = bool(body[1] & 0x01)
        s.mode = body[2] >> 5 & 0x7
        half = 0.5 if body[2] & 0x10 else 0.0
        s.target = (body[18] & 0x1F) + 12 + half if body[18] & 0x1F else (body[2] & 0xF) + 16 + half
        s.fan = body[3]
        s.swing = body[7] & 0xF
        s.turbo = bool(body[8] & 0x20 or body[10] & 0x02)
        s.eco = bool(body[9] & 0x80)
        s.sleep = bool(body[10] & 0x01)
        s.freeze_protection = bool(body[21] & 0x80)

    def _capabilities_body(self) -> bytes:
        """Return a 0xB5 capabilities body: a heat pump with presets, filter and energy."""
        caps: list[tuple[int, bytes]] = [
            (0x0214, b"\x01"),  # modes: cool, heat, dry, auto
            (0x0215, b"\x01"),  # swing: vertical and horizontal
            (0x0210, b"\x06"),  # fan: silent, low, medium, high, auto
            (0x0212, b"\x01"),  # eco
            (0x0213, b"\x01"),  # freeze protection
            (0x021A, b"\x01"),  # turbo
            (0x0217, b"\x01"),  # filter reminder
            (0x0225, bytes([32, 60, 32, 60, 32, 60, 1])),  # 16-30 °C in halves
        ]
        if self.energy:
            caps.append((0x0216, b"\x02"))
        body = bytes([0xB5, len(caps)])
        for cap_id, value in caps:
            body += struct.pack("<HB", cap_id, len(value)) + value
        return body + b"\x00\x00"


class _DiscoveryResponder(asyncio.DatagramProtocol):
    """Answer a discovery datagram with the unit's discovery packet."""

    def __init__(self, emulator: MideaEmulator) -> None:
        """Initialize for one unit."""
        self._emulator = emulator
        self._transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport to answer on."""
        assert isinstance(transport, asyncio.DatagramTransport)
        self._transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | int, int]) -> None:
        """Answer discovery datagrams only."""
        if data[:2] == b"\x5a\x5a" and self._transport is not None:
            self._transport.sendto(self._emulator.discovery_reply(), addr)


class _Session:
    """One client connection: the V3 layer (when the unit is V3) around 5A5A packets."""

    def __init__(self, emulator: MideaEmulator, writer: asyncio.StreamWriter) -> None:
        """Initialize for one connection."""
        self._emulator = emulator
        self._writer = writer
        self._buffer = b""
        self._local_key: bytes | None = None

    def feed(self, data: bytes) -> None:
        """Take bytes from the client; answer every whole packet."""
        self._buffer += data
        while packet := self._next_packet():
            if self._emulator.version == 3:
                self._v3(packet)
            else:
                self._v2(packet)

    def _next_packet(self) -> bytes | None:
        """Cut the next whole packet off the buffer, or return None."""
        if len(self._buffer) < 6:
            return None
        if self._emulator.version == 3:
            total = int.from_bytes(self._buffer[2:4], "big") + 8
        else:
            total = int.from_bytes(self._buffer[4:6], "little")
        if len(self._buffer) < total:
            return None
        packet, self._buffer = self._buffer[:total], self._buffer[total:]
        return packet

    def _v2(self, packet: bytes) -> bytes | None:
        """Answer a 5A5A packet; return the answer (V3 wraps it), writing it for V2."""
        try:
            frame = v2_payload(packet)
        except ValueError:
            return None
        answer = self._emulator.answer(frame)
        if answer is None:
            return None
        reply = v2_packet(self._emulator.device_id, answer)
        if self._emulator.version == 2:
            self._writer.write(reply)
        return reply

    def _v3(self, packet: bytes) -> None:
        """Answer a 8370 packet: the handshake, or an encrypted request."""
        kind = packet[5] & 0xF
        packet_id = packet[6:8]
        if kind == 0x0:
            if packet[8:] != self._emulator.token:
                self._writer.write(b"\x83\x70\x00\x00\x20\x0f" + packet_id)
                return
            secret = os.urandom(32)
            self._local_key = bytes(a ^ b for a, b in zip(secret, self._emulator.key, strict=True))
            body = cbc(self._emulator.key, secret, encrypt=True) + sha256(secret).digest()
            self._writer.write(b"\x83\x70" + len(body).to_bytes(2, "big") + b"\x20\x01" + packet_id)
            self._writer.write(body)
            return
        if kind != 0x6 or self._local_key is None:
            self._writer.write(b"\x83\x70\x00\x00\x20\x0f" + packet_id)
            return
        header, encrypted, digest = packet[:6], packet[6:-32], packet[-32:]
        plain = cbc(self._local_key, encrypted, encrypt=False)
        if sha256(header + plain).digest() != digest:
            return
        pad = header[5] >> 4
        reply = self._v2(plain[2 : len(plain) - pad])
        if reply is not None:
            self._writer.write(self._encrypted(plain[:2], reply))

    def _encrypted(self, packet_id: bytes, data: bytes) -> bytes:
        """Return an encrypted V3 response carrying `data`."""
        assert self._local_key is not None
        pad = -(len(data) + 2) % 16
        header = (
            b"\x83\x70" + (len(data) + pad + 32).to_bytes(2, "big") + bytes([0x20, pad << 4 | 3])
        )
        plain = packet_id + data + os.urandom(pad)
        return header + cbc(self._local_key, plain, encrypt=True) + sha256(header + plain).digest()


class FastAsyncio:
    """asyncio as msmart.lan sees it in the tests, with its fixed waits cut short.

    msmart-ng sleeps a real second after each V3 handshake and waits 2 s (three times) for a
    silent unit; the tests patch `msmart.lan.asyncio` with this, which passes every name
    through and only shortens those delays.
    """

    def __init__(self, limit: float = 0.05) -> None:
        """Cap every timeout at `limit` seconds."""
        self._limit = limit

    def __getattr__(self, name: str) -> object:
        """Return asyncio's own name."""
        return getattr(asyncio, name)

    async def sleep(self, delay: float) -> None:  # noqa: ARG002
        """Only yield: the pause after a handshake is for real units (and time may be frozen)."""
        await asyncio.sleep(0)

    async def wait_for[T](
        self,
        awaitable: Awaitable[T],
        timeout: float | None,  # noqa: ASYNC109 - asyncio.wait_for's own signature
    ) -> T:
        """Wait at most the limit."""
        limit = self._limit if timeout is None else min(timeout, self._limit)
        return await asyncio.wait_for(awaitable, limit)
