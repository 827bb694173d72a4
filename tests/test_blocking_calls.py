"""Tests of the blocking-call check every test runs under (tests/blocking_calls.py)."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest

from custom_components.window_heatpump.model import TemperatureUnit
from custom_components.window_heatpump.protocols.smartir import CodeFileError, read_code_file

from .blocking_calls import BlockingDetector


async def test_a_blocking_call_of_ours_fails_the_test(
    hass: HomeAssistant, blocking_calls: BlockingDetector, tmp_path: Path
) -> None:
    """Reading a code file in the event loop (it belongs in the executor) is caught."""
    path = tmp_path / "codes.json"
    await hass.async_add_executor_job(path.write_text, "{}")
    with pytest.raises(CodeFileError):
        read_code_file(path, TemperatureUnit.CELSIUS)
    # Path.read_bytes, and the Path.open it makes.
    assert [call.function for call in blocking_calls.calls] == ["read_bytes", "open"]
    assert "protocols/smartir.py" in blocking_calls.calls[0].stack
    with pytest.raises(pytest.fail.Exception, match="blocking calls in the event loop"):
        blocking_calls.check()
    # This test made the call on purpose: the check at its end must pass.
    blocking_calls.calls.clear()


async def test_calls_in_the_executor_or_not_ours_pass(
    hass: HomeAssistant, blocking_calls: BlockingDetector, tmp_path: Path
) -> None:
    """The same read in the executor, and a read by the test's own code, are not ours."""
    path = tmp_path / "codes.json"
    path.write_text("{}")
    assert path.read_text() == "{}"
    with pytest.raises(CodeFileError):
        await hass.async_add_executor_job(read_code_file, path, TemperatureUnit.CELSIUS)
    assert blocking_calls.calls == []


def test_outside_the_event_loop_nothing_is_recorded(
    blocking_calls: BlockingDetector, tmp_path: Path
) -> None:
    """A synchronous test reads files without an event loop: no call to report."""
    path = tmp_path / "codes.json"
    path.write_text("{}")
    with pytest.raises(CodeFileError):
        read_code_file(path, TemperatureUnit.CELSIUS)
    assert blocking_calls.calls == []
