"""Fail when a module of the integration is over 400 lines.

Run by scripts/lint. A module that long holds more than one idea: split it by idea (README,
"For developers"). Until issue 16's move has landed (WHP_LINT_LAYERS unset), the modules that
were over the limit before it are let through at their size then, and may not grow.
"""

from __future__ import annotations

import os
from pathlib import Path
import sys

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "custom_components" / "window_heatpump"
MAX_LINES = 400
# Over the limit before issue 16 (path below the package: lines then); gone with WHP_LINT_LAYERS=1.
OVER_BEFORE_THE_MOVE = {
    "config_flow.py": 980,
    "simulator.py": 630,
    "bridges/ir.py": 566,
    "sensor.py": 470,
    "control/protection.py": 401,
}


def oversized(package: Path, allowed: dict[str, int]) -> list[str]:
    """Return a line per module of `package` longer than it may be."""
    findings = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = max(MAX_LINES, allowed.get(name, 0))
        if lines > limit:
            findings.append(f"{path.relative_to(REPO)}: {lines} lines (at most {limit})")
    return findings


def main() -> int:
    """Print the modules over the limit; 1 if any."""
    layout = os.environ.get("WHP_LINT_LAYERS") == "1"
    findings = oversized(PACKAGE, {} if layout else OVER_BEFORE_THE_MOVE)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} module(s) over {MAX_LINES} lines: split each by idea")
        return 1
    print(f"every module of the integration has at most {MAX_LINES} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
