"""Fuzz tests of every inbound parser and action: no exception escapes, the state stays valid.

Each parser is fed hostile input straight (fast; tests/fuzz.py sets how many examples), and a
valid message afterwards must still apply. The real-broker tests of each MQTT dialect
(test_mqtt_*.py) and the HTTP tests (test_http_bridge.py) send the worst of it over the wire.
"""

from __future__ import annotations

from contextlib import suppress
import json
import math
from types import SimpleNamespace
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
from hypothesis import event, given, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.window_heatpump import inbound
from custom_components.window_heatpump.bridges.base import BridgeProtocolError
from custom_components.window_heatpump.bridges.climate_entity import bridge as climate_entity
from custom_components.window_heatpump.bridges.http.bridge import (
    _json_object,
    capabilities_from_info,
    parse_state,
)
from custom_components.window_heatpump.bridges.ir import factory as ir_factory
from custom_components.window_heatpump.bridges.midea.bridge import READ_ATTRIBUTES
from custom_components.window_heatpump.bridges.midea.mapping import state_from_midea
from custom_components.window_heatpump.bridges.mqtt import (
    native as mqtt_native,
    tasmota as mqtt_tasmota,
    zigbee2mqtt as mqtt_zigbee2mqtt,
)
from custom_components.window_heatpump.bridges.mqtt.transport import MqttBridge
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import (
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
    UnitState,
)
from custom_components.window_heatpump.protocols import PROTOCOLS, irhvac
from custom_components.window_heatpump.protocols.raw import to_broadlink
from custom_components.window_heatpump.protocols.smartir import (
    REQUIRED_KEYS,
    CodeFileError,
    parse_code_file,
)
from custom_components.window_heatpump.schema import vol

from .fuzz import (
    HOSTILE_NUMBERS,
    JSON_VALUES,
    PATHOLOGICAL_TEXTS,
    finite_or_none,
    fuzz_settings,
    optional_fields,
    payloads,
    smartir_file,
)

DETAILS = {"capacity_btu": 8000, "hvac_modes": ["cool", "heat", "dry", "fan_only"]}
# Words a device sends, right or wrong, and numbers as text: the handlers' own vocabulary.
WORDS = st.sampled_from(
    [
        "heat",
        "cool",
        "auto",
        "heat_cool",
        "dry",
        "off",
        "online",
        "Offline",
        "ON",
        "true",
        "0",
        "boost",
        "none",
        "defrosting",
        "turbo",
        "both",
        "nan",
        "-nan",
        "inf",
        "-Infinity",
        "1e999",
        "1_000",
        "٢١",
        "21.5",
        "-0",
        " 22 ",
        "0x10",
    ]
)
TEXT_PAYLOADS = st.one_of(
    WORDS,
    HOSTILE_NUMBERS.map(str),
    PATHOLOGICAL_TEXTS,
    st.floats().map(lambda value: f"{value:.3f}"),
)


def _valid_state(state: UnitState, capabilities: Capabilities) -> None:
    """Assert a unit's state is one Home Assistant can show: finite, modes it has."""
    desired = state.desired
    assert desired.mode in capabilities.modes
    assert isinstance(desired.target_temperature, float | int)
    assert math.isfinite(desired.target_temperature)
    assert isinstance(desired.fan_speed, FanSpeed)
    assert isinstance(desired.swing, Swing)
    assert isinstance(desired.preset, Preset)
    for reading in (
        state.current_temperature,
        state.current_humidity,
        state.outdoor_temperature,
        state.power_w,
        state.energy_kwh,
    ):
        assert finite_or_none(reading)


def _ignore_notice(*_: Any) -> None:
    """Take a bridge's notice (what it saw beside the unit's state) and do nothing with it."""


def _deliver(bridge: MqttBridge, topic: str, payload: str) -> None:
    """Hand a message to the bridge as Home Assistant's MQTT client does."""
    bridge._on_message(SimpleNamespace(topic=topic, payload=payload))  # type: ignore[arg-type]


def _mqtt_bridge(hass: HomeAssistant, module: Any, data: dict[str, Any]) -> MqttBridge:
    """Return a dialect's bridge for an entry of `data`, taking messages (not subscribed)."""
    entry = MockConfigEntry(domain=DOMAIN, title="Fuzz", data={**DETAILS, **data})
    bridge: MqttBridge = module.create_bridge(hass, entry, _ignore_notice)
    bridge._handlers = bridge.subscriptions()
    return bridge


@fuzz_settings()
@given(text=st.one_of(payloads(), st.binary(max_size=300)))
def test_parse_json_raises_only_inbound_errors(text: str | bytes) -> None:
    """Any text: a JSON value within the limits, or InboundError; never another exception."""
    try:
        value = inbound.parse_json(text)
    except inbound.InboundError:
        return
    json.dumps(value, allow_nan=False)


@fuzz_settings()
@given(
    messages=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    *mqtt_native.EXTRA_FIELDS,
                    "mode",
                    "target_temperature",
                    "fan_mode",
                    "swing_mode",
                    "preset",
                    "action",
                    "current_temperature",
                    "current_humidity",
                    "status",
                ]
            ),
            TEXT_PAYLOADS,
        ),
        max_size=12,
    )
)
async def test_native_mqtt_topics(hass: HomeAssistant, messages: list[tuple[str, str]]) -> None:
    """Native MQTT, every topic (extras and status too): the state stays valid, then applies."""
    bridge = _mqtt_bridge(
        hass, mqtt_native, {"topic_prefix": "fuzz", "climate_id": "ac", "fan_modes": ["auto"]}
    )
    for field, payload in messages:
        topic = "fuzz/status" if field == "status" else f"fuzz/climate/ac/{field}/state"
        _deliver(bridge, topic, payload)
        _valid_state(await bridge.async_get_state(), bridge.capabilities)
    _deliver(bridge, "fuzz/climate/ac/mode/state", "heat")
    _deliver(bridge, "fuzz/climate/ac/target_temperature/state", "22.5")
    _deliver(bridge, "fuzz/climate/ac/current_temperature/state", "19.25")
    _deliver(bridge, "fuzz/status", "online")
    state = await bridge.async_get_state()
    assert (state.desired.mode, state.desired.target_temperature) == (Mode.HEAT, 22.5)
    assert state.current_temperature == 19.2
    assert bridge.diagnostics()["device_online"] is True


# Up to three fields of a frame, each anything (IRHVAC's own words among it).
IRHVAC_FIELDS = st.dictionaries(
    st.sampled_from(
        ("Vendor", "Mode", "Power", "Celsius", "Temp", "FanSpeed", "SwingV", "SwingH", "Quiet")
    ),
    st.one_of(
        st.sampled_from(["MIDEA", "Heat", "Cool", "On", "Off", "Auto", "Low", "Max", 24, 75.5]),
        WORDS,
        HOSTILE_NUMBERS,
        JSON_VALUES,
    ),
    max_size=3,
)
GOOD_FRAME: dict[str, Any] = {
    "Vendor": "MIDEA",
    "Mode": "Heat",
    "Power": "On",
    "Celsius": "On",
    "Temp": 23,
    "FanSpeed": "Low",
    "SwingV": "Off",
    "SwingH": "Off",
}


@fuzz_settings()
@given(
    frames=st.lists(
        st.one_of(
            payloads(),
            IRHVAC_FIELDS.map(lambda frame: json.dumps({"IrReceived": {"IRHVAC": frame}})),
            IRHVAC_FIELDS.map(lambda frame: json.dumps({"IRHVAC": {**GOOD_FRAME, **frame}})),
        ),
        max_size=6,
    ),
    lwt=st.lists(TEXT_PAYLOADS, max_size=3),
)
async def test_tasmota_result_and_lwt(
    hass: HomeAssistant, frames: list[str], lwt: list[str]
) -> None:
    """Tasmota RESULT (remote and echo) and LWT: valid state, no escape; a good frame applies."""
    bridge = _mqtt_bridge(hass, mqtt_tasmota, {"tasmota_topic": "t", "vendor": "MIDEA"})
    for payload in frames:
        for topic in ("tele/t/RESULT", "stat/t/RESULT"):
            _deliver(bridge, topic, payload)
            _valid_state(await bridge.async_get_state(), bridge.capabilities)
    for payload in lwt:
        _deliver(bridge, "tele/t/LWT", payload)
    _deliver(bridge, "tele/t/RESULT", json.dumps({"IrReceived": {"IRHVAC": GOOD_FRAME}}))
    _deliver(bridge, "tele/t/LWT", "Online")
    state = await bridge.async_get_state()
    assert (state.desired.mode, state.desired.target_temperature) == (Mode.HEAT, 23)
    assert bridge.diagnostics()["device_online"] is True
    await bridge.async_close()


@fuzz_settings()
@given(frame=IRHVAC_FIELDS, unit=st.sampled_from(TemperatureUnit))
def test_irhvac_parse_raises_only_frame_errors(
    frame: dict[str, Any], unit: TemperatureUnit
) -> None:
    """irhvac.parse: a finite set point within the IRHVAC limits, or InvalidFrameError."""
    try:
        desired = irhvac.parse({**GOOD_FRAME, **frame}, unit)
    except irhvac.InvalidFrameError:
        return
    event("a frame taken")
    low, high = irhvac.TEMPERATURE_LIMITS[unit]
    assert low <= desired.target_temperature <= high


@fuzz_settings()
@given(payload=st.one_of(TEXT_PAYLOADS, payloads(st.fixed_dictionaries({"state": WORDS}))))
def test_zigbee2mqtt_availability(payload: str) -> None:
    """Zigbee2MQTT availability: online, offline, or InboundError; never another exception."""
    try:
        online = mqtt_zigbee2mqtt.parse_availability(payload)
    except inbound.InboundError:
        return
    assert isinstance(online, bool)


STATE_DOCUMENT = optional_fields(
    (
        "mode",
        "target_temperature",
        "fan_speed",
        "swing",
        "preset",
        "action",
        "current_temperature",
        "current_humidity",
        "outdoor_temperature",
        "power_w",
        "energy_kwh",
        "defrosting",
        "compressor_running",
        "filter_alert",
        "error_code",
    ),
    st.one_of(WORDS, HOSTILE_NUMBERS, JSON_VALUES),
)
INFO_DOCUMENT = optional_fields(
    ("model", "firmware", "fan_speeds", "swings", "presets"),
    st.one_of(WORDS, JSON_VALUES, st.lists(WORDS, max_size=4)),
)


@fuzz_settings()
@given(
    info=st.one_of(INFO_DOCUMENT.map(json.dumps), payloads()),
    state=st.one_of(
        STATE_DOCUMENT.map(
            lambda doc: json.dumps({"mode": "heat", "target_temperature": 21, **doc})
        ),
        payloads(),
    ),
    unit=st.sampled_from(TemperatureUnit),
)
def test_http_info_state_and_webhook(info: str, state: str, unit: TemperatureUnit) -> None:
    """HTTP info, state and webhook bodies: a valid state or BridgeProtocolError, nothing else."""
    data = {**DETAILS, "temperature_unit": unit.value}
    try:
        capabilities = capabilities_from_info(data, _json_object(info.encode(), "info"))
    except BridgeProtocolError:
        capabilities = capabilities_from_info(data, {})
    try:
        parsed = parse_state(_json_object(state.encode(), "state"), capabilities)
    except BridgeProtocolError:
        pass
    else:
        event("a state taken")
        _valid_state(parsed, capabilities)
    good = {"mode": "cool", "target_temperature": 24, "current_temperature": 26.5}
    parsed = parse_state(_json_object(json.dumps(good).encode(), "push"), capabilities)
    assert (parsed.desired.mode, parsed.current_temperature) == (Mode.COOL, 26.5)


MIDEA_VALUES = st.one_of(
    HOSTILE_NUMBERS,
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.integers(min_value=0, max_value=110),
)


@fuzz_settings()
@given(
    values=optional_fields(
        (*READ_ATTRIBUTES, "power_w", "energy_kwh", "filter_alert"), MIDEA_VALUES
    ),
    modes=st.sets(st.sampled_from([Mode.COOL, Mode.HEAT, Mode.DRY, Mode.AUTO]), min_size=1),
)
def test_midea_mapping(values: dict[str, Any], modes: set[Mode]) -> None:
    """msmart-ng's values, however odd: a valid state of the unit's modes."""
    capabilities = Capabilities(modes=(Mode.OFF, *sorted(modes)), presets=(Preset.NONE, Preset.ECO))
    _valid_state(state_from_midea(values, capabilities), capabilities)
    good = state_from_midea(
        {"power_state": True, "operational_mode": 4, "target_temperature": 22.0},
        Capabilities(),
    )
    assert (good.desired.mode, good.desired.target_temperature) == (Mode.HEAT, 22.0)


ATTRIBUTE_VALUES = st.one_of(
    HOSTILE_NUMBERS,
    WORDS,
    JSON_VALUES,
    st.lists(st.one_of(WORDS, JSON_VALUES), max_size=5),
    st.sampled_from([[[[[]]]], {"a": {"b": None}}, object()]),
)
CLIMATE_ATTRIBUTES = optional_fields(
    (
        "hvac_modes",
        "fan_modes",
        "swing_modes",
        "preset_modes",
        "min_temp",
        "max_temp",
        "target_temp_step",
        "temperature",
        "current_temperature",
        "current_humidity",
        "hvac_action",
        "fan_mode",
        "swing_mode",
        "preset_mode",
    ),
    ATTRIBUTE_VALUES,
)


@fuzz_settings()
@given(
    attributes=CLIMATE_ATTRIBUTES,
    state=st.one_of(WORDS, st.text(max_size=10)),
    imperial=st.booleans(),
)
async def test_climate_entity_attributes(
    hass: HomeAssistant, attributes: dict[str, Any], state: str, imperial: bool
) -> None:
    """A wrapped entity's attributes of any type and value: valid capabilities and state."""
    hass.config.units = US_CUSTOMARY_SYSTEM if imperial else METRIC_SYSTEM
    entity_id = "climate.fuzz"
    hass.states.async_set(entity_id, state or "off", attributes)
    entry = MockConfigEntry(domain=DOMAIN, title="Fuzz", data={**DETAILS, "entity_id": entity_id})
    bridge = climate_entity.create_bridge(hass, entry, _ignore_notice)
    capabilities = bridge.capabilities
    assert math.isfinite(capabilities.min_temperature)
    assert capabilities.min_temperature < capabilities.max_temperature
    assert 0 < capabilities.temperature_step <= climate_entity.STEP_LIMITS[1]
    if state not in ("unavailable", "unknown"):
        unit_state = await bridge.async_get_state()
        for reading in (
            unit_state.desired.target_temperature,
            unit_state.current_temperature,
            unit_state.current_humidity,
        ):
            assert finite_or_none(reading)
    hass.states.async_set(entity_id, "heat", {"temperature": 22, "current_temperature": 20})
    good = await bridge.async_get_state()
    assert good.desired.mode is Mode.HEAT
    assert good.current_temperature is not None


@pytest.fixture
def ir_entry(hass: HomeAssistant) -> MockConfigEntry:
    """Return an IR unit (Midea protocol through a Broadlink remote) with a receiver."""
    hass.states.async_set("remote.fuzz", "on")
    return MockConfigEntry(
        domain=DOMAIN,
        title="Fuzz",
        data={
            **DETAILS,
            "bridge": "broadlink",
            "emitter": "remote.fuzz",
            "protocol": "midea",
            "receiver": "infrared.fuzz_receiver",
        },
    )


TIMINGS = st.one_of(
    st.lists(st.integers(min_value=-70_000, max_value=70_000), max_size=600),
    st.lists(st.one_of(st.integers(), st.floats(), st.booleans()), max_size=50),
    st.integers(min_value=0, max_value=10_000).map(lambda count: [560, -560] * count),
    st.lists(st.sampled_from([0, 10**30, -(10**30), 2**63]), max_size=5),
)


@fuzz_settings()
@given(frames=st.lists(TIMINGS, max_size=4))
async def test_ir_receiver_frames(
    hass: HomeAssistant, ir_entry: MockConfigEntry, frames: list[list[Any]]
) -> None:
    """Receiver frames of any length and values: the assumed state stays valid, then applies."""
    bridge = ir_factory.create_bridge(hass, ir_entry, _ignore_notice)
    capabilities = bridge.capabilities
    for timings in frames:
        bridge._handle_signal(SimpleNamespace(timings=timings))
        _valid_state(await bridge.async_get_state(), capabilities)
        await hass.async_block_till_done()
    frame = PROTOCOLS["midea"].encode(
        DesiredState(mode=Mode.COOL, target_temperature=24), TemperatureUnit.CELSIUS
    )
    bridge._handle_signal(SimpleNamespace(timings=frame.get_raw_timings()))
    state = await bridge.async_get_state()
    assert (state.desired.mode, state.desired.target_temperature) == (Mode.COOL, 24)
    await bridge.async_close()
    await hass.async_block_till_done()


RAW_CODES = st.lists(st.integers(min_value=1, max_value=60_000), min_size=1, max_size=30)
CODES = st.one_of(
    st.lists(st.integers(min_value=-(10**7), max_value=10**7), max_size=20),
    st.text(max_size=40),
    HOSTILE_NUMBERS,
    JSON_VALUES,
    st.sampled_from(["JgAQAAABKZIUEhQ3FBIUNxQSFDcUEhQ3FAANBQ==", "0000 006D 0001 0000 0156 00AB"]),
)
# A usable file (Raw codes for two modes, one fan, 16-17 °C); then the same with one of its
# values, or one of its codes, replaced by anything.
USABLE_FILE = st.builds(
    smartir_file, RAW_CODES, st.tuples(RAW_CODES, RAW_CODES), st.tuples(RAW_CODES, RAW_CODES)
)
FILE_KEYS = (*(key for key in REQUIRED_KEYS if key != "commands"), "supportedModels", "swingModes")


def _with_value(content: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """Return a code file with a top-level value replaced."""
    return {**content, key: value}


def _with_code(content: dict[str, Any], code: Any) -> dict[str, Any]:
    """Return a code file with its 16 °C heating code replaced."""
    commands = content["commands"]
    return {**content, "commands": {**commands, "heat": {"low": {"16": code, "17": code}}}}


ANY_VALUE = st.one_of(WORDS, HOSTILE_NUMBERS, JSON_VALUES, CODES)
CODE_FILE = st.one_of(
    USABLE_FILE,
    st.builds(_with_value, USABLE_FILE, st.sampled_from(FILE_KEYS), ANY_VALUE),
    st.builds(_with_code, USABLE_FILE, CODES),
)


@fuzz_settings()
@given(
    content=st.one_of(CODE_FILE.map(json.dumps), payloads()),
    unit=st.sampled_from(TemperatureUnit),
)
def test_smartir_code_files(content: str, unit: TemperatureUnit) -> None:
    """SmartIR files: CodeFileError, or codes every state encodes to and a Broadlink can send."""
    try:
        codes = parse_code_file(inbound.parse_json(content), unit)
    except CodeFileError, inbound.InboundError:
        return
    event("a usable file")
    for mode in Mode:
        for fan in FanSpeed:
            command = codes.encode(DesiredState(mode=mode, target_temperature=17, fan_speed=fan))
            assert inbound.ir_timings(command.get_raw_timings())
            to_broadlink(command)


SERVICE_FIELDS: dict[str, tuple[str, ...]] = {
    "set_simulated_conditions": (
        "outdoor_temperature",
        "outdoor_humidity",
        "filter_dirt",
        "outdoor_coil_blockage",
        "room_thermal_mass",
        "compressor_failed",
        "reachable",
    ),
    "set_schedule": ("name", "blocks", "enabled", "activate"),
    "remove_schedule": ("name",),
    "add_block": ("schedule", "days", "start", "mode", "temperature", "fan_mode", "swing_mode"),
    "remove_block": ("schedule", "start", "days"),
    "pause_schedule": ("until", "frost_protection"),
    "resume_schedule": (),
    "run_test_cycle": ("minutes", "modes"),
    "cancel_test_cycle": (),
}
SERVICE_VALUES = st.one_of(
    WORDS,
    HOSTILE_NUMBERS,
    JSON_VALUES,
    PATHOLOGICAL_TEXTS,
    st.sampled_from(
        [
            [{"days": "daily", "start": "06:00", "mode": "heat", "temperature": math.inf}],
            [{"days": [[["mon"]]], "start": "06:00", "mode": "heat"}],
            "2030-01-01",
            "2030-01-01T00:00:00",
            ["heat", "cool"],
        ]
    ),
)


@fuzz_settings()
@given(
    calls=st.lists(
        st.sampled_from(sorted(SERVICE_FIELDS)).flatmap(
            lambda service: st.tuples(
                st.just(service), optional_fields(SERVICE_FIELDS[service], SERVICE_VALUES)
            )
        ),
        min_size=1,
        max_size=4,
    ),
    named=st.booleans(),
)
async def test_actions(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    calls: list[tuple[str, dict[str, Any]]],
    named: bool,
) -> None:
    """Every action with any data: done, or refused with a validation error; never a crash."""
    coordinator = init_integration.runtime_data
    entry_id = init_integration.entry_id if named else "nope"
    for service, data in calls:
        # Done, or refused: the schema's vol.Invalid, a translated ServiceValidationError.
        with suppress(vol.Invalid, HomeAssistantError):
            await hass.services.async_call(
                DOMAIN, service, {"config_entry_id": entry_id, **data}, blocking=True
            )
        _valid_state(coordinator.data, coordinator.capabilities)
    # A test cycle an example started would run on into the next example.
    with suppress(HomeAssistantError):
        await hass.services.async_call(
            DOMAIN,
            "cancel_test_cycle",
            {"config_entry_id": init_integration.entry_id},
            blocking=True,
        )
    await hass.async_block_till_done()
