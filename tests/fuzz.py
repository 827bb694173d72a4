"""Settings and strategies of the fuzz tests: hostile input for every inbound parser.

A fuzz test is decorated with `fuzz_settings()`: a few hundred examples in CI, 10,000 with
`pytest --fuzz-long` (tests/conftest.py picks the profile before the test modules are imported).
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, settings, strategies as st

EXAMPLES = 300
LONG_EXAMPLES = 10_000

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile("fuzz-long", settings.get_profile("fuzz"), max_examples=LONG_EXAMPLES)
_PROFILE = ["fuzz"]


def select(*, long: bool) -> None:
    """Make the fuzz tests run the long profile (10,000 examples each) or the CI one."""
    _PROFILE[0] = "fuzz-long" if long else "fuzz"


def fuzz_settings() -> settings:
    """Return the settings of a fuzz test, as chosen for this run."""
    return settings.get_profile(_PROFILE[0])


# Numbers a device should never send: not finite, huge, tiny, and the edges of the ranges.
HOSTILE_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 1e308, -1e308, 5e-324, -0.0]),
)
# Any JSON value, nested a few levels, of any scalar.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
# Texts that are not JSON a device means: the usual garbage, deep nesting, NaN, huge numbers.
PATHOLOGICAL_TEXTS = st.one_of(
    st.sampled_from(
        [
            "[" * 100_000 + "]" * 100_000,
            "{" * 50_000,
            '{"a":' * 50_000 + "1" + "}" * 50_000,
            "[" * 33 + "]" * 33,
            "[" * 32_000 + "]" * 32_000,
            "[NaN]",
            '{"x": Infinity}',
            "-Infinity",
            "1e999",
            "9" * 5000,
            '"\\ud800"',
            "\x00",
            "",
            " ",
            "null",
        ]
    ),
    st.integers(min_value=1, max_value=3000).map(lambda depth: "[" * depth + "]" * depth),
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
)


def optional_fields(
    keys: tuple[str, ...], values: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """Return documents with any of `keys`, each holding any of `values`."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(keys, values))


def payloads(document: st.SearchStrategy[Any] | None = None) -> st.SearchStrategy[str]:
    """Return texts a hostile device might send where JSON (like `document`) is expected."""
    documents = JSON_VALUES if document is None else st.one_of(document, JSON_VALUES)
    return st.one_of(documents.map(json.dumps), PATHOLOGICAL_TEXTS)


def smartir_file(off: Any, heat: tuple[Any, Any], cool: tuple[Any, Any]) -> dict[str, Any]:
    """Return a small SmartIR code file: Raw codes, heat and cool, one fan, 16-17 °C."""
    return {
        "manufacturer": "Acme",
        "commandsEncoding": "Raw",
        "minTemperature": 16,
        "maxTemperature": 17,
        "precision": 1,
        "operationModes": ["heat", "cool"],
        "fanModes": ["low"],
        "commands": {
            "off": off,
            "heat": {"low": {"16": heat[0], "17": heat[1]}},
            "cool": {"low": {"16": cool[0], "17": cool[1]}},
        },
    }


def finite_or_none(value: float | None) -> bool:
    """Return whether a temperature or reading is None or a finite number."""
    return value is None or (isinstance(value, float | int) and math.isfinite(value))
