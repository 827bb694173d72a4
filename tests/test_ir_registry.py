"""Tests of the AC protocol registry: domain states in, IR commands out, and back."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
import sys

from hypothesis import given, strategies as st
import pytest

from custom_components.window_heatpump.model import (
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
)
from custom_components.window_heatpump.protocols import (
    PROTOCOLS,
    AcProtocol,
    IrCommand,
    ReceivedState,
    Toggle,
    encode,
    library_protocols,
)
from custom_components.window_heatpump.protocols.coolix import (
    TIMING as COOLIX_TIMING,
    CoolixCommand,
    wire_value,
)
from custom_components.window_heatpump.protocols.midea import (
    TIMING as MIDEA_TIMING,
    MideaCommand,
    checksum as midea_checksum,
)

from .ir_helpers import GARBAGE


def _library_has_gree() -> bool:
    """Return whether the installed infrared-protocols has the Gree AC protocol."""
    try:
        importlib.import_module("infrared_protocols.commands.gree_ac")
    except ImportError:  # infrared-protocols 1.1.0 (Home Assistant 2026.4) has no AC protocols
        return False
    return True


HAS_GREE = _library_has_gree()
needs_gree = pytest.mark.skipif(
    not HAS_GREE, reason="the installed infrared-protocols has no Gree protocol"
)
UNITS = st.sampled_from(TemperatureUnit)
STRINGS = Path(__file__).parents[1] / "custom_components/window_heatpump/strings.json"


@st.composite
def protocol_states(
    draw: st.DrawFn,
) -> tuple[AcProtocol, DesiredState, TemperatureUnit]:
    """Draw a protocol, a state it supports and the unit its set point is in."""
    protocol = draw(st.sampled_from(list(PROTOCOLS.values())))
    unit = draw(UNITS)
    low, high = protocol.temperature_range(unit)
    desired = DesiredState(
        mode=draw(st.sampled_from(protocol.modes)),
        target_temperature=float(draw(st.integers(low, high))),
        fan_speed=draw(st.sampled_from(protocol.fan_speeds)),
        swing=draw(st.sampled_from(protocol.swings)),
    )
    return protocol, desired, unit


def test_registry() -> None:
    """The registry holds what the installed library offers, each protocol named in the form.

    Every protocol can turn the unit off and stop its swing (by its state frame or a toggle).
    """
    assert set(PROTOCOLS) == {
        "midea",
        "midea_pioneer",
        "coolix",
        *(["gree"] if HAS_GREE else []),
    }
    strings = json.loads(STRINGS.read_text())
    # The form's protocol picker names each protocol the registry can hold, and no other.
    assert set(strings["selector"]["protocol"]["options"]) == {
        "midea",
        "midea_pioneer",
        "coolix",
        "gree",
    }
    for protocol in PROTOCOLS.values():
        assert Mode.OFF in protocol.modes
        assert Swing.OFF in protocol.swings
        assert protocol.swing_in_state or Toggle.SWING in protocol.toggles


def test_library_protocols_without_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """With an infrared-protocols that has no Gree (1.1.0), the registry has none either."""
    monkeypatch.setitem(sys.modules, "custom_components.window_heatpump.protocols.gree", None)
    assert library_protocols() == ()


@given(case=protocol_states())
def test_round_trip(case: tuple[AcProtocol, DesiredState, TemperatureUnit]) -> None:
    """Decoding what a state encodes to gives that state back, as far as the frame carries it."""
    protocol, desired, unit = case
    command = protocol.encode(desired, unit)
    assert isinstance(command, IrCommand)
    received = protocol.decode(command.get_raw_timings(), unit)
    assert isinstance(received, ReceivedState)
    assert received.mode is desired.mode
    assert received.temperature_unit is unit
    if desired.mode is Mode.OFF:
        assert received == ReceivedState(mode=Mode.OFF, temperature_unit=unit)
        return
    assert received.fan_speed is desired.fan_speed
    assert received.swing is (desired.swing if protocol.swing_in_state else None)
    if protocol.name == "coolix" and desired.mode is Mode.FAN_ONLY:
        # Coolix fan only has no set point field.
        assert received.target_temperature is None
    elif unit is TemperatureUnit.FAHRENHEIT and protocol.fahrenheit_range is None:
        # Sent in whole °C: back within the rounding of one conversion.
        assert received.target_temperature is not None
        assert abs(received.target_temperature - desired.target_temperature) <= 1
    else:
        assert received.target_temperature == desired.target_temperature
    assert received.apply_to(desired).mode is desired.mode


@given(case=protocol_states())
def test_commands(case: tuple[AcProtocol, DesiredState, TemperatureUnit]) -> None:
    """The full state first; a swing toggle after it only where swing is a toggle and changed."""
    protocol, desired, unit = case
    for previous_swing in protocol.swings:
        previous = desired.with_changes(swing=previous_swing)
        sent = [command.get_raw_timings() for command in protocol.commands(desired, unit, previous)]
        assert sent[0] == protocol.encode(desired, unit).get_raw_timings()
        toggled = (
            not protocol.swing_in_state
            and desired.mode is not Mode.OFF
            and previous_swing is not desired.swing
        )
        swing = protocol.toggles[Toggle.SWING].get_raw_timings() if toggled else None
        assert sent[1:] == ([swing] if toggled else [])


def test_commands_without_previous_state() -> None:
    """Unknown previous swing counts as off."""
    midea = PROTOCOLS["midea"]
    desired = DesiredState(mode=Mode.COOL, swing=Swing.VERTICAL)
    assert midea.commands(desired, TemperatureUnit.CELSIUS) == [
        midea.encode(desired, TemperatureUnit.CELSIUS),
        midea.toggles[Toggle.SWING],
    ]
    assert len(midea.commands(desired.with_changes(swing=Swing.OFF), TemperatureUnit.CELSIUS)) == 1


@pytest.mark.parametrize("name", ["midea", "coolix"])
def test_toggles_decode(name: str) -> None:
    protocol = PROTOCOLS[name]
    for toggle, command in protocol.toggles.items():
        assert protocol.decode(command.get_raw_timings(), TemperatureUnit.CELSIUS) is toggle


def test_documented_frames_from_domain_states() -> None:
    """The entry point yields IRremoteESP8266's documented frames for the matching states."""
    # test/ir_Midea_test.cpp: 0xA1826FFFFF62 is on, auto, fan auto, 77 °F.
    midea = encode(
        "midea",
        DesiredState(mode=Mode.AUTO, target_temperature=77, fan_speed=FanSpeed.AUTO),
        TemperatureUnit.FAHRENHEIT,
    )
    assert isinstance(midea, MideaCommand)
    assert midea.value == 0xA1826FFFFF62
    # test/ir_Coolix_test.cpp: 0xB2BF40 is cool, fan auto, 24 °C; 0xB21FC8 auto, 25 °C.
    coolix = encode(
        "coolix", DesiredState(mode=Mode.COOL, target_temperature=24), TemperatureUnit.CELSIUS
    )
    assert isinstance(coolix, CoolixCommand)
    assert coolix.value == 0xB2BF40
    coolix = encode(
        "coolix", DesiredState(mode=Mode.AUTO, target_temperature=25), TemperatureUnit.CELSIUS
    )
    assert isinstance(coolix, CoolixCommand)
    assert coolix.value == 0xB21FC8
    with pytest.raises(KeyError):
        encode("nec", DesiredState(), TemperatureUnit.CELSIUS)


@pytest.mark.parametrize(
    ("target", "unit", "expected", "fahrenheit"),
    [
        (35.0, TemperatureUnit.CELSIUS, 30, False),
        (10.0, TemperatureUnit.CELSIUS, 17, False),
        (21.4, TemperatureUnit.CELSIUS, 21, False),
        (90.0, TemperatureUnit.FAHRENHEIT, 86, True),
        (71.6, TemperatureUnit.FAHRENHEIT, 72, True),
    ],
)
def test_set_point_clamped_and_rounded(
    target: float, unit: TemperatureUnit, expected: int, fahrenheit: bool
) -> None:
    command = encode("midea", DesiredState(mode=Mode.HEAT, target_temperature=target), unit)
    assert isinstance(command, MideaCommand)
    assert (command.temperature, command.fahrenheit) == (expected, fahrenheit)


def test_received_state_in_other_unit() -> None:
    """A remote in °F read by a unit configured in °C, and back."""
    midea = PROTOCOLS["midea"]
    frame = midea.encode(
        DesiredState(mode=Mode.COOL, target_temperature=77), TemperatureUnit.FAHRENHEIT
    ).get_raw_timings()
    received = midea.decode(frame, TemperatureUnit.CELSIUS)
    assert received == ReceivedState(
        mode=Mode.COOL, target_temperature=25.0, fan_speed=FanSpeed.AUTO, preset=Preset.NONE
    )
    assert isinstance(received, ReceivedState)
    previous = DesiredState(mode=Mode.OFF, target_temperature=20, swing=Swing.VERTICAL)
    assert received.apply_to(previous) == DesiredState(
        mode=Mode.COOL, target_temperature=25.0, fan_speed=FanSpeed.AUTO, swing=Swing.VERTICAL
    )


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("midea", TemperatureUnit.CELSIUS, (17, 30)),
        ("midea", TemperatureUnit.FAHRENHEIT, (62, 86)),
        ("coolix", TemperatureUnit.FAHRENHEIT, (63, 86)),
        pytest.param("gree", TemperatureUnit.FAHRENHEIT, (61, 86), marks=needs_gree),
    ],
)
def test_temperature_range(name: str, unit: TemperatureUnit, expected: tuple[int, int]) -> None:
    assert PROTOCOLS[name].temperature_range(unit) == expected


@needs_gree
def test_gree_turbo_and_swing() -> None:
    """Gree carries swing on both axes and turbo in its full-state frame."""
    gree_ac = importlib.import_module("infrared_protocols.commands.gree_ac")
    gree = PROTOCOLS["gree"]
    desired = DesiredState(
        mode=Mode.HEAT, target_temperature=24, fan_speed=FanSpeed.TURBO, swing=Swing.BOTH
    )
    command = gree.encode(desired, TemperatureUnit.CELSIUS)
    assert isinstance(command, gree_ac.GreeAcCommand)
    assert (command.turbo, command.swing_v, command.swing_h) == (True, True, True)
    (only,) = gree.commands(desired, TemperatureUnit.CELSIUS)
    assert only.get_raw_timings() == command.get_raw_timings()


def _midea_timings(value: int) -> list[int]:
    """Return the frame and inverted copy of a 48-bit value, its checksum set."""
    value = value & ~0xFF | midea_checksum(value)
    return MIDEA_TIMING.encode_frame(value, 48) + MIDEA_TIMING.encode_frame(
        value ^ (1 << 48) - 1, 48
    )


@pytest.mark.parametrize(
    ("name", "timings"),
    [
        # test/ir_Coolix_test.cpp:1054: a COOLIX48 frame (an off timer), pairs not inverse.
        ("coolix", COOLIX_TIMING.encode_frame(0xB24DA35C6C7F, 48) * 2),
        # ir_Coolix_test.cpp:1016's zone-follow frame with one of its two zone-follow bits.
        ("coolix", COOLIX_TIMING.encode_frame(wire_value(0xBAD34C), 48) * 2),
        # ir_Midea_test.cpp:1283's follow-me frame with a sensor byte beyond 37 °C.
        ("midea", _midea_timings(0xA482467F7F00)),
        # A command with mode 7, which no remote sends.
        ("midea", _midea_timings(0xA1876FFFFF00)),
    ],
)
def test_valid_frames_that_are_no_state(name: str, timings: list[int]) -> None:
    assert PROTOCOLS[name].decode(timings, TemperatureUnit.CELSIUS) is None


@given(timings=GARBAGE, unit=UNITS)
def test_garbage_is_none(timings: list[int], unit: TemperatureUnit) -> None:
    for protocol in PROTOCOLS.values():
        assert protocol.decode(timings, unit) is None
