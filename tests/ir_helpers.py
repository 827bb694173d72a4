"""Helpers for the IR encoder tests: IRremoteESP8266's timing strings, jitter, strategies."""

from __future__ import annotations

import re

from hypothesis import strategies as st


def parse_marks_spaces(text: str) -> list[int]:
    """Return signed timings from IRremoteESP8266's test notation ("m4480s4480m560s1680...")."""
    return [
        int(value) if kind == "m" else -int(value)
        for kind, value in re.findall(r"([ms])(\d+)", text)
    ]


def from_capture(durations: list[int]) -> list[int]:
    """Return signed timings (mark first) from a capture's unsigned durations."""
    return [-value if index % 2 else value for index, value in enumerate(durations)]


def jittered(timings: list[int], factors: list[float]) -> list[int]:
    """Return `timings` each scaled by a factor (cycled), keeping its sign."""
    return [round(timing * factors[index % len(factors)]) for index, timing in enumerate(timings)]


# A receiver's error on every duration: up to ±20 %.
JITTER = st.lists(st.floats(min_value=0.8, max_value=1.2), min_size=1, max_size=50)

# Anything a receiver might hand over: short, long, wrong signs, zeros.
GARBAGE = st.lists(st.integers(min_value=-70000, max_value=70000), max_size=450)
