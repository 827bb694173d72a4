"""Tests of the Midea 48-bit AC encoder and decoder.

Reference values are from IRremoteESP8266 (github.com/crankyoldgit/IRremoteESP8266):
`src/ir_Midea.h` (toggle codes) and `test/ir_Midea_test.cpp` (states, checksums, timings and a
real capture from its issue #354).
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.window_heatpump.protocols.midea import (
    MAX_TEMP_C,
    MAX_TEMP_F,
    MIN_TEMP_C,
    MIN_TEMP_F,
    TIMING,
    MideaCommand,
    MideaFanSpeed,
    MideaMode,
    MideaToggle,
    MideaToggleCommand,
    checksum,
    decode_value,
)

from .ir_helpers import GARBAGE, JITTER, from_capture, jittered, parse_marks_spaces

# test/ir_Midea_test.cpp: the states its class tests set and read back, as
# (value, (mode, fan, set point, °F, power, sleep)).
DOCUMENTED_STATES = [
    # stateReset(): on, auto, fan auto, 77 °F.
    (0xA1826FFFFF62, (MideaMode.AUTO, MideaFanSpeed.AUTO, 77, True, True, False)),
    # Power off.
    (0xA1026FFFFFE2, (MideaMode.AUTO, MideaFanSpeed.AUTO, 77, True, False, False)),
    # Modes: cool, heat, dry, fan.
    (0xA1806FFFFF61, (MideaMode.COOL, MideaFanSpeed.AUTO, 77, True, True, False)),
    (0xA1836FFFFF63, (MideaMode.HEAT, MideaFanSpeed.AUTO, 77, True, True, False)),
    (0xA1816FFFFF60, (MideaMode.DRY, MideaFanSpeed.AUTO, 77, True, True, False)),
    (0xA1846FFFFF66, (MideaMode.FAN_ONLY, MideaFanSpeed.AUTO, 77, True, True, False)),
    # Fan speeds: low, medium, high.
    (0xA18A6FFFFF6C, (MideaMode.AUTO, MideaFanSpeed.LOW, 77, True, True, False)),
    (0xA1926FFFFF7C, (MideaMode.AUTO, MideaFanSpeed.MEDIUM, 77, True, True, False)),
    (0xA19A6FFFFF74, (MideaMode.AUTO, MideaFanSpeed.HIGH, 77, True, True, False)),
    # °F limits.
    (0xA18260FFFF6C, (MideaMode.AUTO, MideaFanSpeed.AUTO, 62, True, True, False)),
    (0xA18278FFFF78, (MideaMode.AUTO, MideaFanSpeed.AUTO, 86, True, True, False)),
    # Sleep on.
    (0xA1C26FFFFF22, (MideaMode.AUTO, MideaFanSpeed.AUTO, 77, True, True, True)),
    # HumanReadableOutput: cool, high, 69 °F.
    (0xA19867FFFF7E, (MideaMode.COOL, MideaFanSpeed.HIGH, 69, True, True, False)),
    # CelsiusRemoteTemp (issue #819): cool, low, 17 °C and 30 °C.
    (0xA18840FFFF56, (MideaMode.COOL, MideaFanSpeed.LOW, 17, False, True, False)),
    (0xA1884DFFFF5D, (MideaMode.COOL, MideaFanSpeed.LOW, 30, False, True, False)),
    # DecodeRealExample (issue #354): auto, 65 °F.
    (0xA18263FFFF6E, (MideaMode.AUTO, MideaFanSpeed.AUTO, 65, True, True, False)),
]

# src/ir_Midea.h: kMideaACToggleSwingV, kMideaACToggleEcono, kMideaACToggleLight, ...
DOCUMENTED_TOGGLES = [
    (MideaToggle.SWING, 0xA201FFFFFF7C),
    (MideaToggle.ECONO, 0xA202FFFFFF7E),
    (MideaToggle.LIGHT, 0xA208FFFFFF75),
    (MideaToggle.TURBO, 0xA209FFFFFF74),
    (MideaToggle.SELF_CLEAN, 0xA20DFFFFFF70),
    (MideaToggle.FREEZE_PROTECTION, 0xA20FFFFFFF73),
    (MideaToggle.QUIET_ON, 0xA212FFFFFF6E),
    (MideaToggle.QUIET_OFF, 0xA213FFFFFF6F),
]

# test/ir_Midea_test.cpp DecodeRealExample: a user's capture of 0xA18263FFFF6E (issue #354).
REAL_CAPTURE = [
    4366, 4470, 498, 1658, 522, 554, 498, 1658, 496, 580, 498, 580, 498, 578, 498, 580, 498,
    1658, 498, 1658, 498, 578, 498, 578, 498, 580, 496, 582, 496, 578, 498, 1658, 498, 580, 498,
    580, 498, 1656, 498, 1656, 500, 580, 498, 578, 502, 576, 500, 1656, 498, 1656, 500, 1654,
    500, 1656, 500, 1656, 498, 1658, 498, 1656, 500, 1658, 498, 1656, 498, 1656, 500, 1656, 500,
    1654, 500, 1578, 578, 1658, 498, 1656, 500, 1658, 498, 1656, 498, 1656, 500, 578, 498, 1638,
    516, 1656, 500, 578, 500, 1656, 500, 1656, 498, 1658, 522, 554, 500, 5258, 4366, 4472, 498,
    580, 498, 1658, 498, 580, 498, 1656, 500, 1600, 556, 1658, 500, 1656, 500, 578, 498, 578, 522,
    1634, 498, 1588, 568, 1658, 498, 1656, 500, 1654, 498, 580, 498, 1658, 498, 1658, 498, 580,
    496, 578, 500, 1654, 500, 1636, 518, 1656, 500, 578, 520, 558, 498, 578, 498, 580, 498, 576,
    500, 578, 498, 580, 498, 578, 498, 578, 498, 580, 498, 578, 498, 580, 498, 580, 520, 556, 498,
    580, 496, 580, 498, 578, 500, 578, 498, 1658, 498, 580, 498, 578, 498, 1656, 500, 578, 498,
    580, 498, 580, 498, 1656, 522,
]  # fmt: skip

commands = st.builds(
    MideaCommand,
    power=st.booleans(),
    mode=st.sampled_from(MideaMode),
    fan=st.sampled_from(MideaFanSpeed),
    temperature=st.integers(MIN_TEMP_C, MAX_TEMP_C),
    fahrenheit=st.just(value=False),
    sleep=st.booleans(),
) | st.builds(
    MideaCommand,
    power=st.booleans(),
    mode=st.sampled_from(MideaMode),
    fan=st.sampled_from(MideaFanSpeed),
    temperature=st.integers(MIN_TEMP_F, MAX_TEMP_F),
    fahrenheit=st.just(value=True),
    sleep=st.booleans(),
)
toggles = st.builds(MideaToggleCommand, st.sampled_from(MideaToggle))


@pytest.mark.parametrize(("value", "fields"), DOCUMENTED_STATES)
def test_documented_states(
    value: int, fields: tuple[MideaMode, MideaFanSpeed, int, bool, bool, bool]
) -> None:
    mode, fan, temperature, fahrenheit, power, sleep = fields
    command = MideaCommand(
        power=power,
        mode=mode,
        fan=fan,
        temperature=temperature,
        fahrenheit=fahrenheit,
        sleep=sleep,
    )
    assert hex(command.value) == hex(value)
    assert MideaCommand.from_value(value) == command
    assert MideaCommand.from_raw_timings(command.get_raw_timings()) == command


@pytest.mark.parametrize(("toggle", "value"), DOCUMENTED_TOGGLES)
def test_documented_toggles(toggle: MideaToggle, value: int) -> None:
    command = MideaToggleCommand(toggle)
    assert hex(command.value) == hex(value)
    assert MideaToggleCommand.from_raw_timings(command.get_raw_timings()) == command
    # A toggle is not a state, and a state is not a toggle.
    assert MideaCommand.from_raw_timings(command.get_raw_timings()) is None
    assert MideaToggleCommand.from_value(0xA1826FFFFF62) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # test/ir_Midea_test.cpp Checksums: byte 0 of the input is ignored.
        (0xA1826FFFFF62, 0x62),
        (0xA18177FFFF70, 0x70),
        (0xA1826FFFFF00, 0x62),
        (0x000000000000, 0x00),
        (0x1234567890AB, 0xDF),
        (0xFFFFFFFFFFFF, 0xA0),
    ],
)
def test_checksum(value: int, expected: int) -> None:
    assert checksum(value) == expected


def test_timings_match_documented_frame() -> None:
    """The frame of 0x55AA55AA55AA and its inverted copy, as sendMidea emits them."""
    # test/ir_Midea_test.cpp SendDataOnly; its final space also holds the 100 ms message gap.
    documented = parse_marks_spaces(
        "m4480s4480"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s5600"
        "m4480s4480"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560"
        "m560s560m560s1680m560s560m560s1680m560s560m560s1680m560s560m560s1680"
        "m560s105600"
    )
    ours = TIMING.encode_frame(0x55AA55AA55AA, 48) + TIMING.encode_frame(0xAA55AA55AA55, 48)
    assert ours[:-1] == documented[:-1]
    assert ours[-1] == -5600


def test_command_interface() -> None:
    """Carrier and repeat count, as Home Assistant's infrared emitters read them."""
    command = MideaCommand(
        power=True, mode=MideaMode.COOL, fan=MideaFanSpeed.LOW, temperature=20, repeat_count=1
    )
    assert command.modulation == 38000
    assert command.repeat_count == 1
    assert len(command.get_raw_timings()) == 2 * (2 + 96 + 2)
    assert repr(command) == (
        "MideaCommand(True, <MideaMode.COOL: 0>, <MideaFanSpeed.LOW: 1>, 20, False, False)"
    )
    assert command != MideaToggleCommand(MideaToggle.SWING)
    assert len({command, MideaCommand.from_raw_timings(command.get_raw_timings())}) == 1


def test_real_capture() -> None:
    command = MideaCommand.from_raw_timings(from_capture(REAL_CAPTURE))
    assert command == MideaCommand(
        power=True, mode=MideaMode.AUTO, fan=MideaFanSpeed.AUTO, temperature=65, fahrenheit=True
    )


@pytest.mark.parametrize(
    ("temperature", "fahrenheit"),
    [(MIN_TEMP_C - 1, False), (MAX_TEMP_C + 1, False), (MIN_TEMP_F - 1, True), (87, True)],
)
def test_out_of_range(temperature: int, fahrenheit: bool) -> None:
    with pytest.raises(ValueError, match="out of range"):
        MideaCommand(
            power=True,
            mode=MideaMode.COOL,
            fan=MideaFanSpeed.AUTO,
            temperature=temperature,
            fahrenheit=fahrenheit,
        )


def _with_valid_checksum(value: int) -> int:
    """Return `value` with its checksum byte fixed."""
    return (value & ~0xFF) | checksum(value)


@pytest.mark.parametrize(
    "value",
    [
        _with_valid_checksum(0xA1876FFFFF00),  # mode 7
        _with_valid_checksum(0xA1827FFFFF00),  # 31 + 62 °F = 93 °F
        _with_valid_checksum(0xA1824FFFFF00),  # 15 + 17 °C = 32 °C
        _with_valid_checksum(0xA4826FFFFF00),  # follow-me message type
        0xA1826FFFFF63,  # bad checksum
    ],
)
def test_invalid_values(value: int) -> None:
    assert MideaCommand.from_value(value) is None


@pytest.mark.parametrize(
    "value",
    [
        _with_valid_checksum(0xA203FFFFFF00),  # unknown toggle code
        _with_valid_checksum(0xA201FFFF0000),  # bytes 3-1 not 0xFF
        0xA201FFFFFF7D,  # bad checksum
    ],
)
def test_invalid_toggles(value: int) -> None:
    assert MideaToggleCommand.from_value(value) is None


def test_rejects_bad_frames() -> None:
    good = MideaCommand(
        power=True, mode=MideaMode.HEAT, fan=MideaFanSpeed.HIGH, temperature=22
    ).get_raw_timings()
    assert decode_value(good) is not None
    frame = TIMING.encode_frame
    bad_checksum = 0xA1826FFFFF63
    # Wrong length: no second frame, or cut inside it.
    assert decode_value(good[:99]) is None
    assert decode_value(good[:150]) is None
    assert decode_value([]) is None
    # Bad checksum, with a correct inverted copy.
    assert decode_value(frame(bad_checksum, 48) + frame(bad_checksum ^ (1 << 48) - 1, 48)) is None
    # Second copy not inverted (sent twice the same).
    assert decode_value(good[:100] + good[:100]) is None
    # No gap between the copies.
    assert decode_value([*good[:99], -560, *good[100:]]) is None
    # Signs flipped (all marks), a stretched header, a bit space between 0 and 1, a stretched
    # footer mark, a stretched bit mark.
    assert decode_value([abs(timing) for timing in good]) is None
    assert decode_value([9000, *good[1:]]) is None
    assert decode_value([*good[:3], -1000, *good[4:]]) is None
    assert decode_value([*good[:98], 1500, *good[99:]]) is None
    assert decode_value([*good[:4], 1500, *good[5:]]) is None


@given(command=commands | toggles)
def test_round_trip(command: MideaCommand | MideaToggleCommand) -> None:
    timings = command.get_raw_timings()
    assert type(command).from_raw_timings(timings) == command


@given(command=commands | toggles, factors=JITTER)
def test_decodes_jittered(command: MideaCommand | MideaToggleCommand, factors: list[float]) -> None:
    timings = jittered(command.get_raw_timings(), factors)
    assert type(command).from_raw_timings(timings) == command


@given(timings=GARBAGE)
def test_garbage_is_none(timings: list[int]) -> None:
    assert MideaCommand.from_raw_timings(timings) is None
    assert MideaToggleCommand.from_raw_timings(timings) is None


@given(command=commands, bit=st.integers(0, 47))
def test_single_bit_error_is_rejected(command: MideaCommand, bit: int) -> None:
    """One flipped bit in the first frame breaks the inverted copy, whatever it is."""
    value = command.value ^ (1 << bit)
    timings = TIMING.encode_frame(value, 48) + command.get_raw_timings()[100:]
    assert decode_value(timings) is None
