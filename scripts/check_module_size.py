"""Fail when a module of the integration is over 400 lines.

Run by scripts/lint. A module that long holds more than one idea: split it by
idea (docs/developer.md, "Code layout").
"""

from __future__ import annotations

from pathlib import Path
import sys

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "custom_components" / "window_heatpump"
MAX_LINES = 400


def oversized(package: Path) -> list[str]:
    """Return a line per module of `package` longer than it may be."""
    findings = []
    for path in sorted(package.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            findings.append(f"{path.relative_to(REPO)}: {lines} lines (at most {MAX_LINES})")
    return findings


def main() -> int:
    """Print the modules over the limit; 1 if any."""
    findings = oversized(PACKAGE)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} module(s) over {MAX_LINES} lines: split each by idea")
        return 1
    print(f"every module of the integration has at most {MAX_LINES} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
