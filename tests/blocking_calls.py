"""Home Assistant's blocking-call detector, for every test, reporting window_heatpump's calls.

Home Assistant turns its detector on at start (`homeassistant.block_async_io.enable`); the test
harness does not, and under tests `enable` leaves out the file and directory calls
(`skip_for_tests`), which are the ones a lazy import makes. This watches the same calls, those
included, with the same exemptions, and records each one made in the event loop while
window_heatpump's code is on the stack (Home Assistant names the innermost integration; a call
Home Assistant's own code makes for ours counts here too).
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Callable
from dataclasses import dataclass
import functools
import glob
from http.client import HTTPConnection
import importlib
import os
from pathlib import Path
from ssl import SSLContext
import sys
import time
import traceback
from types import FrameType
from typing import Any

import pytest

import custom_components.window_heatpump

PACKAGE_DIR = str(Path(custom_components.window_heatpump.__file__).parent) + os.sep

# The calls homeassistant/block_async_io.py protects (2026.4 and 2026.10 alike).
WATCHED: tuple[tuple[Any, str], ...] = (
    (HTTPConnection, "putrequest"),
    (time, "sleep"),
    (glob, "glob"),
    (glob, "iglob"),
    (os, "walk"),
    (os, "listdir"),
    (os, "scandir"),
    (builtins, "open"),
    (importlib, "import_module"),
    (SSLContext, "load_default_certs"),
    (SSLContext, "load_verify_locations"),
    (SSLContext, "load_cert_chain"),
    (SSLContext, "set_default_verify_paths"),
    (Path, "open"),
    (Path, "read_text"),
    (Path, "read_bytes"),
    (Path, "write_text"),
    (Path, "write_bytes"),
)
FILE_CALLS = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes"})


@dataclass(frozen=True)
class BlockingCall:
    """A blocking call made in the event loop with window_heatpump's code on the stack."""

    function: str
    args: tuple[Any, ...]
    stack: str

    def __str__(self) -> str:
        """Return the call and the stack that made it."""
        return f"{self.function}{self.args!r:.200} in the event loop:\n{self.stack}"


def _allowed(function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Return whether Home Assistant's detector lets this call pass (its check_allowed)."""
    if function == "import_module":
        return bool(args) and args[0] in sys.modules
    if function in FILE_CALLS and args:
        return str(args[0]).startswith("/proc")
    if function == "load_verify_locations":
        return set(kwargs) == {"cadata"}
    return False


def _ours(frame: FrameType | None) -> FrameType | None:
    """Return the innermost frame of window_heatpump's code on the stack, if any."""
    while frame is not None:
        if frame.f_code.co_filename.startswith(PACKAGE_DIR):
            return frame
        frame = frame.f_back
    return None


def _in_event_loop() -> bool:
    """Return whether this thread runs an event loop now."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class BlockingDetector:
    """Watches the blocking calls while started; `calls` are those window_heatpump made."""

    def __init__(self) -> None:
        """Watch nothing yet."""
        self.calls: list[BlockingCall] = []
        self._originals: list[tuple[Any, str, Callable[..., Any]]] = []
        # Formatting a stack reads source files: those reads are the detector's own.
        self._recording = False

    def start(self) -> None:
        """Replace each watched function with one that records, then calls the original."""
        for owner, name in WATCHED:
            original = getattr(owner, name)
            self._originals.append((owner, name, original))
            setattr(owner, name, self._watching(name, original))

    def stop(self) -> None:
        """Put the original functions back."""
        while self._originals:
            owner, name, original = self._originals.pop()
            setattr(owner, name, original)

    def check(self) -> None:
        """Fail the test if window_heatpump made a blocking call in the event loop."""
        if self.calls:
            pytest.fail(
                "window_heatpump made blocking calls in the event loop:\n\n"
                + "\n\n".join(map(str, self.calls)),
                pytrace=False,
            )

    def _watching(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        """Return `original`, recording the calls window_heatpump makes in the event loop."""

        @functools.wraps(original)
        def watched(*args: Any, **kwargs: Any) -> Any:
            if not self._recording and _in_event_loop() and not _allowed(name, args, kwargs):
                caller = sys._getframe(1)
                if _ours(caller) is not None:
                    self._recording = True
                    try:
                        stack = "".join(traceback.format_stack(caller))
                    finally:
                        self._recording = False
                    self.calls.append(BlockingCall(name, args, stack))
            return original(*args, **kwargs)

        return watched
