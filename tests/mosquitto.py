"""A real mosquitto on a free port of 127.0.0.1, standard library only (scripts/smoke too)."""

from __future__ import annotations

from pathlib import Path
import shutil
import socket
import subprocess
import time

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
# How long the broker may take to start (and to stop).
START_S = 5.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Broker:
    """A mosquitto process listening on 127.0.0.1 only, with a config written for it."""

    def __init__(self, folder: Path) -> None:
        """Write the broker's config in `folder`."""
        self.port = free_port()
        self._config = folder / "mosquitto.conf"
        self._config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        )
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the broker and wait until it accepts connections."""
        self._process = subprocess.Popen(  # noqa: S603
            [MOSQUITTO, "-c", str(self._config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            except OSError:
                time.sleep(0.02)
            else:
                return
        msg = "mosquitto did not start"
        raise RuntimeError(msg)

    def stop(self) -> None:
        """Stop the broker."""
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=START_S)
            self._process = None
