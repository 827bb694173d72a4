"""Every config, options and reconfigure step driven with hostile values.

Each step's form says through its own schema what each field is (a text, a number, an entity,
a choice, an object); every field gets each hostile value of its kind in turn, the rest of the
form valid. The outcome must be the form again with a translated error, an abort, the next step,
or an entry whose data is sane - or the schema's own refusal (`InvalidData`, which Home Assistant
answers with a 400 naming the field). Any other exception would be an HTTP 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from itertools import count
import json
import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any
import unicodedata
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    NumberSelector,
    ObjectSelector,
    SelectSelector,
    TextSelector,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.flow.checks import NAME_MAX_LENGTH

from .flow_helpers import IR_SETTINGS, SKIP_ROOM
from .fuzz import smartir_file

STRINGS = json.loads(
    (Path(__file__).parents[1] / "custom_components/window_heatpump/strings.json").read_text()
)
DETAILS = {"capacity_btu": 8000, "temperature_unit": "°C", "hvac_modes": ["heat", "cool"]}
CODE_FILE = smartir_file(
    [9000, -4500, 560],
    ([4400, -4400, 560], [4400, -4300, 560]),
    ([4400, -4200, 560], [4400, -4100, 560]),
)

# A list nested too deep for any block, and for Home Assistant's JSON encoder (255 levels).
DEEP: list[Any] = []
_level = DEEP
for _ in range(400):
    _level.append([])
    _level = _level[0]

# What each kind of field gets. Integers past 64 bits are left out: Home Assistant's JSON
# parser refuses them before a flow sees them.
HOSTILE: dict[type, list[Any]] = {
    TextSelector: [
        "",
        "   ",
        "\x00",
        "Den\x00",
        "\u202eneD",
        "x" * 10_000,
        "\ud800",
        "line\nbreak",
        "../../../etc/passwd",
        "/etc/passwd",
        "[",
        "http://host:1/",
        "é" * 300,
        "a b",
    ],
    NumberSelector: [math.nan, math.inf, -math.inf, 1e308, -1e308, 2**63, "nan", "1e999", "x"],
    EntitySelector: [
        "infrared.nope",
        "remote.nope",
        "sensor.nope",
        "climate.nope",
        "switch.nope",
        "light.kitchen",
        "not an entity",
        "0123456789abcdef0123456789abcdef",
        "",
        "\x00",
    ],
    SelectSelector: ["bogus", "", [], ["bogus"], 7, "\x00"],
    BooleanSelector: ["yes", 2, None],
    ObjectSelector: [
        DEEP,
        "x",
        7,
        [{}] * 500,
        [{"days": DEEP, "start": "06:00", "mode": "heat"}],
        [{"days": "daily", "start": "\x00", "mode": "heat", "temperature": "1e999"}],
        [{"days": "daily", "start": "06:00", "mode": ["heat"], "temperature": math.nan}],
        [{"days": "x" * 10_000, "start": "06:00", "mode": "heat"}],
    ],
}
OTHER = ["bogus", "", None, 7, DEEP]


# A flow manager (config or options) and the form a step shows.
type Opened = tuple[Any, Any]
type Opener = Callable[[HomeAssistant], Awaitable[Opened]]


@dataclass(frozen=True)
class Step:
    """A step of a flow: how to open it afresh, and what its form takes when valid."""

    name: str
    opener: Opener
    valid: dict[str, Any]


async def _menu(hass: HomeAssistant, step: str) -> Opened:
    """Open the config flow at a step of its first menu."""
    manager = hass.config_entries.flow
    result = await manager.async_init(DOMAIN, context={"source": SOURCE_USER})
    return manager, await manager.async_configure(result["flow_id"], {"next_step_id": step})


def _opened(step: str) -> Opener:
    """Return an opener of a step of the config flow's first menu."""

    async def opener(hass: HomeAssistant) -> Opened:
        return await _menu(hass, step)

    return opener


# The room sensor step answered without a sensor.
ROOM_SENSOR_OFF = {"regulation": "off", "offset_cap": 3}


def _after(step: str, answer: dict[str, Any], *then: dict[str, Any]) -> Opener:
    """Return an opener of the step that follows a first-menu step answered with `answer`.

    Each opening names the unit anew: a unit created by an earlier submission would make the
    next one abort as already configured.
    """
    numbers = count()

    async def opener(hass: HomeAssistant) -> Opened:
        manager, result = await _menu(hass, step)
        named = {**answer, "name": f"{answer['name']} {next(numbers)}"}
        result = await manager.async_configure(result["flow_id"], named)
        for answer_then in then:
            result = await manager.async_configure(result["flow_id"], answer_then)
        return manager, result

    return opener


def _options(step: str, *answers: dict[str, Any]) -> Opener:
    """Return an opener of an options step of the loaded unit (then answering `answers`)."""

    async def opener(hass: HomeAssistant) -> Opened:
        (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
        manager = hass.config_entries.options
        result = await manager.async_init(entry.entry_id)
        result = await manager.async_configure(result["flow_id"], {"next_step_id": step})
        for answer in answers:
            result = await manager.async_configure(result["flow_id"], answer)
        return manager, result

    return opener


async def _remove_schedule(hass: HomeAssistant) -> Opened:
    """Open the step that removes a schedule, with the schedule "Old" there to remove."""
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    if entry.runtime_data.schedules.book.get("Old") is None:
        await hass.services.async_call(
            DOMAIN,
            "set_schedule",
            {
                "config_entry_id": entry.entry_id,
                "name": "Old",
                "blocks": [{"days": "daily", "start": "07:00", "mode": "heat"}],
            },
            blocking=True,
        )
    return await _options("remove_schedule")(hass)


def _reconfigure(title: str) -> Opener:
    """Return an opener of the reconfigure step of the entry titled `title`."""

    async def opener(hass: HomeAssistant) -> Opened:
        (entry,) = [e for e in hass.config_entries.async_entries(DOMAIN) if e.title == title]
        manager = hass.config_entries.flow
        return manager, await manager.async_init(
            DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
        )

    return opener


async def _reauth(hass: HomeAssistant) -> Opened:
    """Open the reauthentication of the Midea unit."""
    (entry,) = [e for e in hass.config_entries.async_entries(DOMAIN) if e.title == "Midea"]
    manager = hass.config_entries.flow
    return manager, await manager.async_init(
        DOMAIN, context={"source": SOURCE_REAUTH, "entry_id": entry.entry_id}, data=entry.data
    )


BROADLINK = {"emitter": "remote.den", "protocol": "midea", "name": "Den", **DETAILS}
STEPS = [
    Step("simulated", _opened("simulated"), {"name": "Den", **DETAILS}),
    Step(
        "mqtt_native",
        _opened("mqtt_native"),
        {
            "name": "Den",
            "topic_prefix": "den",
            "climate_id": "ac",
            "fan_modes": ["auto"],
            "swing_modes": [],
            **DETAILS,
        },
    ),
    Step(
        "mqtt_tasmota",
        _opened("mqtt_tasmota"),
        {"name": "Den", "tasmota_topic": "t", "vendor": "MIDEA", "model": "", **DETAILS},
    ),
    Step(
        "mqtt_zigbee2mqtt",
        _opened("mqtt_zigbee2mqtt"),
        {
            "name": "Den",
            "base_topic": "zigbee2mqtt",
            "friendly_name": "blaster",
            "protocol": "midea",
            **DETAILS,
        },
    ),
    Step(
        "infrared",
        _opened("infrared"),
        {"emitter": "infrared.den", "protocol": "midea", "name": "Den", **DETAILS},
    ),
    Step("broadlink", _opened("broadlink"), BROADLINK),
    Step(
        "esphome",
        _opened("esphome"),
        {"esphome_action": "esphome.den_send", "protocol": "midea", "name": "Den", **DETAILS},
    ),
    Step(
        "smartir",
        _opened("smartir"),
        {"code_file": "codes.json", "emitter": "remote.den", "name": "Den", **DETAILS},
    ),
    Step("ir_settings", _after("broadlink", BROADLINK), IR_SETTINGS),
    Step(
        "climate_entity",
        _opened("climate_entity"),
        {"entity_id": "climate.wrapped", "name": "Den", **DETAILS},
    ),
    Step("http", _opened("http"), {"host": "127.0.0.1", "port": 1, "name": "Den", **DETAILS}),
    Step("midea", _opened("midea"), {"host": "127.0.0.1", "name": "Den", "capacity_btu": 9000}),
    Step(
        "midea_cloud",
        _after("midea", {"host": "127.0.0.2", "name": "Den", "capacity_btu": 9000}),
        {"username": "me@example.com", "password": " pw ", "region": "US"},
    ),
    Step("reauth_confirm", _reauth, {"token": "x", "key": "y"}),
    Step("room_sensor", _after("simulated", {"name": "Den", **DETAILS}), ROOM_SENSOR_OFF),
    Step(
        "room",
        _after("simulated", {"name": "Den", **DETAILS}, ROOM_SENSOR_OFF),
        {**SKIP_ROOM, "room_area": 20},
    ),
    Step("reconfigure", _reconfigure("Bedroom"), DETAILS),
    Step("reconfigure", _reconfigure("IR den"), {**DETAILS, **IR_SETTINGS}),
    Step(
        "unit_settings",
        _options("unit_settings"),
        {"outdoor_temperature": 2, "outdoor_humidity": 80, "speed": 1},
    ),
    Step("schedule_settings", _options("schedule_settings"), {"override_minutes": 60}),
    Step("room_sensor", _options("room_sensor"), ROOM_SENSOR_OFF),
    Step("pick_schedule", _options("pick_schedule"), {"name": "Week"}),
    Step(
        "schedule",
        _options("pick_schedule", {"name": "Week"}),
        {
            "blocks": [{"days": "daily", "start": "06:00", "mode": "heat", "temperature": 21}],
            "enabled": True,
            "activate": False,
        },
    ),
    Step("remove_schedule", _remove_schedule, {"name": "Old"}),
    Step(
        "care",
        _options("care"),
        {
            "filter_interval_h": 500,
            "defrost_max_per_hour": 3,
            "defrost_window_h": 3,
            "short_cycle_max_starts_per_hour": 6,
            "short_cycle_minutes": 60,
            "weak_min_rate_k_per_h": 1,
            "weak_minutes": 60,
            "heating_season_start": "10-01",
            "cooling_season_start": "05-01",
        },
    ),
    Step("protection", _options("protection"), {"min_off_seconds": 180}),
    Step(
        "outdoor_lockout",
        _options("outdoor_lockout"),
        {
            "balance_point": -5,
            "lockout_hysteresis": 2,
            "backup_heater": "switch.heater",
            "outdoor_sensor": "sensor.outdoor",
        },
    ),
    Step(
        "energy_sensors",
        _options("energy_sensors"),
        {"power_sensor": "sensor.den_power", "supply_air_sensor": "sensor.supply"},
    ),
    Step("sizing", _options("sizing"), {**SKIP_ROOM, "room_area": 20}),
    Step(
        "heat_source",
        _options("heat_source"),
        {
            "lockout_cheaper": True,
            "electricity_price": "sensor.price",
            "backup_kind": "fuel",
            "fuel_price": 0.1,
            "fuel_efficiency": 90,
        },
    ),
]


@pytest.fixture
def world(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    mqtt_entry: MockConfigEntry,
    tmp_path: Path,
) -> Iterator[None]:
    """Set up what the valid forms name: entities, a code file, a loaded unit, MQTT, units."""
    for entity_id, state, attributes in (
        ("remote.den", "on", {}),
        ("infrared.den", "2026-01-01T00:00:00+00:00", {}),
        ("climate.wrapped", "heat", {"hvac_modes": ["off", "heat", "cool"]}),
        ("switch.heater", "off", {}),
        ("sensor.outdoor", "3", {"device_class": "temperature"}),
        ("sensor.den_power", "0", {"device_class": "power"}),
        ("sensor.supply", "30", {"device_class": "temperature"}),
        ("sensor.price", "0.3", {"unit_of_measurement": "EUR/kWh"}),
        ("light.kitchen", "on", {}),
    ):
        hass.states.async_set(entity_id, state, attributes)
    async_mock_service(hass, "esphome", "den_send")
    (tmp_path / "codes.json").write_text(json.dumps(CODE_FILE))
    init_integration.runtime_data.schedules.book  # noqa: B018 - the unit is loaded
    MockConfigEntry(
        domain=DOMAIN,
        title="IR den",
        data={"bridge": "broadlink", "emitter": "remote.den", "protocol": "midea", **DETAILS},
    ).add_to_hass(hass)
    MockConfigEntry(
        domain=DOMAIN,
        title="Midea",
        data={
            "bridge": "midea",
            "host": "127.0.0.1",
            "port": 6444,
            "device_id": 1,
            "protocol_version": 3,
            "token": "00",
            "key": "00",
            **DETAILS,
        },
    ).add_to_hass(hass)
    v3_unit = SimpleNamespace(id=7, port=6444, version=3)
    with (
        patch("custom_components.window_heatpump.bridges.mqtt.transport.PROBE_TIMEOUT_S", 0.01),
        patch(
            "custom_components.window_heatpump.bridges.midea.flow.async_discover",
            side_effect=lambda _hass, host: v3_unit if host == "127.0.0.2" else None,
        ),
        patch(
            "custom_components.window_heatpump.bridges.midea.flow.async_cloud_credentials",
            return_value=[],
        ),
    ):
        yield


def _hostile_inputs(result: Any, valid: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the valid input with one field at a time set to each hostile value of its kind."""
    schema = result["data_schema"]
    assert schema is not None
    for marker, validator in schema.schema.items():
        values = next(
            (values for kind, values in HOSTILE.items() if isinstance(validator, kind)), OTHER
        )
        for value in values:
            yield {**valid, str(marker): value}


def _sane(value: Any) -> bool:
    """Return whether stored data holds no control characters, no non-finite numbers."""
    if isinstance(value, str):
        return not any(unicodedata.category(char) in ("Cc", "Cf", "Cs") for char in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_sane(key) and _sane(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(map(_sane, value))
    return True


async def _submit(hass: HomeAssistant, step: Step, user_input: dict[str, Any]) -> Any:
    """Open the step afresh and submit `user_input`; None for the schema's own refusal."""
    manager, result = await step.opener(hass)
    assert result["type"] is FlowResultType.FORM, result
    assert result["step_id"] == step.name
    try:
        answer = await manager.async_configure(result["flow_id"], user_input)
    except InvalidData:
        return None
    else:
        # An options step that saved reloads the unit: the next opening needs it loaded.
        await hass.async_block_till_done()
        return answer
    finally:
        if result["flow_id"] in {flow["flow_id"] for flow in manager.async_progress()}:
            manager.async_abort(result["flow_id"])


@pytest.mark.usefixtures("world", "socket_enabled")
@pytest.mark.parametrize("step", STEPS, ids=[f"{i}-{step.name}" for i, step in enumerate(STEPS)])
async def test_hostile_values_in_every_step(hass: HomeAssistant, step: Step) -> None:
    """Each field of the step, each hostile value of its kind: never an exception."""
    manager, opened = await step.opener(hass)
    manager.async_abort(opened["flow_id"])
    # The valid input is taken (or fails only on what it cannot reach: a unit, a broker).
    valid = await _submit(hass, step, step.valid)
    assert valid is not None
    assert not (valid.get("errors") or {}).keys() - {"base"}, valid
    kind = "options" if manager is hass.config_entries.options else "config"
    errors = set(STRINGS[kind]["error"])
    for user_input in _hostile_inputs(opened, step.valid):
        result = await _submit(hass, step, user_input)
        if result is None:
            continue
        assert result["type"] in (
            FlowResultType.FORM,
            FlowResultType.ABORT,
            FlowResultType.CREATE_ENTRY,
            FlowResultType.MENU,
        ), result
        for error in (result.get("errors") or {}).values():
            assert error in errors, f"{error} has no translation"
        if result["type"] is FlowResultType.CREATE_ENTRY:
            assert _sane(dict(result["data"])), result["data"]
            assert _sane(result.get("title", ""))
            assert len(result.get("title", "")) <= NAME_MAX_LENGTH
    await hass.async_block_till_done()
    for entry in hass.config_entries.async_entries(DOMAIN):
        assert _sane(entry.title)
        assert len(entry.title) <= NAME_MAX_LENGTH
        assert _sane(dict(entry.data))
        assert _sane(dict(entry.options))


async def test_issue_20_names_and_entities(hass: HomeAssistant) -> None:
    """Issue 20: long names, NUL and right-to-left overrides, missing emitters passed on."""
    manager, result = await _menu(hass, "simulated")
    flow_id: str = result["flow_id"]
    result = await manager.async_configure(flow_id, {"name": "x" * 10_000, **DETAILS})
    assert result["errors"] == {"name": "name_too_long"}
    result = await manager.async_configure(flow_id, {"name": "\x00\u202e \t", **DETAILS})
    assert result["errors"] == {"name": "name_required"}
    result = await manager.async_configure(flow_id, {"name": "Bed\x00room\u202e", **DETAILS})
    result = await manager.async_configure(flow_id, ROOM_SENSOR_OFF)
    assert result["step_id"] == "room"
    result = await manager.async_configure(flow_id, SKIP_ROOM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Bedroom"

    for path, emitter in (("infrared", "infrared.nope"), ("broadlink", "remote.nope")):
        manager, result = await _menu(hass, path)
        result = await manager.async_configure(
            result["flow_id"],
            {"emitter": emitter, "protocol": "midea", "name": "Den", **DETAILS},
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"emitter": "entity_not_found"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 10_000, **DETAILS}, "name"),
        ({"name": "Den", **DETAILS, "capacity_btu": "nan"}, "capacity_btu"),
    ],
)
async def test_hostile_values_over_http_are_form_errors(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, body: dict[str, Any], field: str
) -> None:
    """Over Home Assistant's REST API a hostile value answers 200 with the form's error."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    response = await client.post(
        "/api/config/config_entries/flow", json={"handler": DOMAIN, "show_advanced_options": False}
    )
    flow_id = (await response.json())["flow_id"]
    response = await client.post(
        f"/api/config/config_entries/flow/{flow_id}", json={"next_step_id": "simulated"}
    )
    assert response.status == 200
    response = await client.post(f"/api/config/config_entries/flow/{flow_id}", json=body)
    assert response.status == 200, await response.text()
    assert (await response.json())["errors"][field]


async def test_deep_blocks_over_http_are_a_form_error(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """Blocks nested 300 deep: a form error that can be shown (not a 500 serializing them)."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    base = "/api/config/config_entries/options/flow"
    response = await client.post(base, json={"handler": init_integration.entry_id})
    flow_id = (await response.json())["flow_id"]
    for answer in ({"next_step_id": "pick_schedule"}, {"name": "Week"}):
        response = await client.post(f"{base}/{flow_id}", json=answer)
        assert response.status == 200, await response.text()
    deep: Any = "heat"
    for _ in range(300):
        deep = [deep]
    blocks = [{"days": "daily", "start": "06:00", "mode": deep}]
    response = await client.post(f"{base}/{flow_id}", json={"blocks": blocks, "enabled": True})
    assert response.status == 200, await response.text()
    assert (await response.json())["errors"] == {"blocks": "mode_not_supported"}
