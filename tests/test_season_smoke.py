"""A smoke run of the season script (scripts/season.py): three days each, so it does not rot.

Marked `bench` as the benchmark's smoke run is: the default suite leaves it out, CI runs it
with `scripts/test -m bench`. The figures are judged by tests/test_learning.py; here only that
the script runs through the coordinator and prints its tables.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_season_smoke_run() -> None:
    """Both seasons run end to end and print a table each, with figures learned."""
    done = subprocess.run(  # noqa: S603 - our own script, with the interpreter running us
        [sys.executable, str(REPO / "scripts" / "season.py"), "--smoke"],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "**Winter, after 3 days** (3 days learned" in done.stdout
    assert "**Summer, after 3 days** (3 days learned" in done.stdout
    assert "| Heat loss | " in done.stdout
    assert "**Money, winter days 1-2" in done.stdout
