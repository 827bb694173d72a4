"""Tests of where inbound text becomes data (inbound.py) and the flows' field checks."""

from __future__ import annotations

import pytest

from custom_components.window_heatpump.flow.checks import (
    NAME_MAX_LENGTH,
    clean_name,
    host_error,
    name_error,
    text_error,
)
from custom_components.window_heatpump.inbound import (
    MAX_DEPTH,
    MAX_IR_TIMINGS,
    MAX_MESSAGE_CHARS,
    InboundError,
    finite_number,
    ir_timings,
    nesting,
    number_text,
    parse_json,
    parse_json_object,
    shown,
    within_depth,
)


def test_json_depth_is_checked_before_parsing() -> None:
    """32 levels parse; 33 are refused, whatever the kind of bracket; strings do not count."""
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(InboundError, match="nested deeper"):
        parse_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    with pytest.raises(InboundError, match="nested deeper"):
        parse_json('{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1))
    # Brackets in strings, escaped quotes included, are text.
    text = '{"a": "[[[[\\"[[[[", "b": "' + "{" * 40 + '"}'
    assert nesting(text) == 1
    assert parse_json('["' + "[" * 1000 + '"]') == ["[" * 1000]


def test_json_size_and_numbers() -> None:
    """Too long, NaN, Infinity, 1e999 and integers of 20 digits are refused; bytes decode."""
    with pytest.raises(InboundError, match="longer than"):
        parse_json(" " * (MAX_MESSAGE_CHARS + 1))
    with pytest.raises(InboundError, match="bytes"):
        parse_json(b" " * (MAX_MESSAGE_CHARS + 1))
    for text in ("NaN", "[Infinity]", "-Infinity", "1e999", "-1e999", "1" * 20, "-" + "1" * 20):
        with pytest.raises(InboundError):
            parse_json(text)
    assert parse_json("1" * 19) == int("1" * 19)
    assert parse_json('\ufeff{"a": 1.5}'.encode()) == {"a": 1.5}
    with pytest.raises(InboundError, match="UTF-8"):
        parse_json(b"\xff")
    with pytest.raises(InboundError, match="not JSON"):
        parse_json("{")
    with pytest.raises(InboundError, match="not an object"):
        parse_json_object("[1]")


def test_numbers() -> None:
    """Finite numbers in range; text numbers in ASCII only; nan is unknown."""
    assert finite_number(21, 0, 30) == 21.0
    for value in (True, "21", None, float("nan"), float("inf"), 10**400, 31, [1]):
        with pytest.raises(InboundError):
            finite_number(value, 0, 30)
    assert number_text(" 21.5 ", 0, 30) == 21.5
    assert number_text("nan", 0, 30) is None
    for text in ("inf", "1e999", "2_1", "٢١", "21" * 30, "", "x"):
        with pytest.raises(InboundError):
            number_text(text, 0, 30)


def test_ir_timings() -> None:
    """Whole, non-zero durations up to a second, at most MAX_IR_TIMINGS of them."""
    assert ir_timings([9000, -4500, 560]) == [9000, -4500, 560]
    for timings in ([0], [True], [1.5], [1_000_001], [560] * (MAX_IR_TIMINGS + 1)):
        with pytest.raises(InboundError):
            ir_timings(timings)


def test_shown_and_depth() -> None:
    """Messages quote input short and shallow; depth is measured without recursion."""
    assert shown("Mon") == "Mon"
    assert shown("x" * 100) == "x" * 60 + "…"
    deep: list[object] = []
    level = deep
    for _ in range(10_000):
        level.append([])
        level = level[0]  # type: ignore[assignment]
    assert len(shown(deep)) < 100
    assert within_depth([{"days": ["mon"]}], 3)
    assert not within_depth(deep, 3)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Bedroom", "Bedroom"),
        ("  Bed\troom \n", "Bed room"),
        ("Bed\x00room", "Bedroom"),
        ("\u202eBedroom", "Bedroom"),
        ("Bed\u2028room", "Bed room"),
        ("\ud800Den", "Den"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),
        ("\x00\u202e \t", ""),
    ],
)
def test_clean_name(typed: str, name: str) -> None:
    """Control and format characters go (line breaks become spaces); joiners stay."""
    assert clean_name(typed) == name


def test_field_errors() -> None:
    """Names, texts and hosts: the form error each gets."""
    assert name_error("") == "name_required"
    assert name_error("x" * NAME_MAX_LENGTH) is None
    assert name_error("x" * (NAME_MAX_LENGTH + 1)) == "name_too_long"
    assert text_error("esphome.den") is None
    assert text_error("a\x00b") == "text_invalid"
    assert text_error("x" * 256) == "text_too_long"
    for host in ("192.168.1.40", "::1", "heatpump.local", "heatpump", "a-b.example.com."):
        assert host_error(host) is None, host
    for host in ("[", "http://h", "h:80", "a b", "-a.com", "a" * 64, "a." * 130, ""):
        assert host_error(host) == "invalid_host", host
