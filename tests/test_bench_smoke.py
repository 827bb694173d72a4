"""A smoke run of the benchmark (scripts/bench.py) with tiny counts, so the script does not rot.

The figures are not judged here (the benchmark is not a timed test): only that every one of
them is measured and is a number. Marked `bench`: the default suite leaves it out, CI runs it
with `scripts/test -m bench` (pyproject.toml, .ci/run).
"""

from __future__ import annotations

import json
from pathlib import Path
import subprocess
import sys
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def _numbers(report: dict[str, Any], *path: str) -> dict[str, Any]:
    """Return the part of the report at `path`."""
    for key in path:
        report = report[key]
    return report


@pytest.mark.bench
@pytest.mark.usefixtures("socket_enabled")
def test_benchmark_smoke_run(tmp_path: Path) -> None:
    """The benchmark runs end to end and reports every figure as a number."""
    output = tmp_path / "bench.json"
    done = subprocess.run(  # noqa: S603 - our own script, with the interpreter running us
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--smoke", "--output", str(output)],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(output.read_text())
    assert "targets missed:" in done.stdout

    command = report["command_path"]
    for side in ("window_heatpump", "core_mqtt", "loopback"):
        for figure in ("median_ms", "p95_ms"):
            assert command[side][figure] > 0
    for kind in ("native", "tasmota_irhvac"):
        figures = _numbers(report, "ingest_cpu_us_per_message", kind)
        for side in ("window_heatpump", "core_mqtt"):
            assert figures[side] > 0
            assert figures["total_us"][side] > 0
            assert len(figures["rounds_us"][side]) == 2
    assert set(report["scale"]) == {"1", "2"}
    for row in report["scale"].values():
        for side in ("window_heatpump", "core_mqtt"):
            assert set(row[side]) == {
                "setup_s",
                "restart_setup_s",
                "kb_per_unit",
                "entities_per_unit",
                "idle_cpu_pct",
                "load_cpu_pct",
            }
            assert all(isinstance(value, float | int) for value in row[side].values())
    ir = report["ir"]
    # Ten set point steps within a second go out as one coalesced IR frame.
    assert ir["drag_frames"]["ir_bridge"] == 1
    assert ir["drag_frames"]["tasmota_irhvac"] == 1
    assert set(ir["encode_us_per_frame"]) >= {"midea", "coolix", "tasmota_irhvac_json"}
    assert all(value > 0 for value in ir["encode_us_per_frame"].values())
    assert isinstance(report["blocking_call_warnings"], list)
    for target in report["targets"].values():
        assert isinstance(target["met"], bool)
