"""Tests of the IR paths of the config flow, the IR settings step, and SmartIR code files."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.model import TemperatureUnit
from custom_components.window_heatpump.protocols.raw import from_pronto, from_raw, to_broadlink
from custom_components.window_heatpump.protocols.smartir import CodeFileError, parse_code_file

from .flow_helpers import IR_SETTINGS as SETTINGS, finish_room
from .ir_hardware import HAS_RECEIVERS, async_setup_hardware

DETAILS = {
    "name": "Den",
    "capacity_btu": 8000,
    "temperature_unit": "°C",
    "hvac_modes": ["heat", "cool"],
}
RAW = [9000, -4500, 560, -1690, 560]
# A code file that is a named pipe: reading it would never end.
FIFO = object()


@pytest.fixture(autouse=True)
def den_entities(hass: HomeAssistant) -> None:
    """Create the remote and the power sensor the flows pick (the flow checks they exist)."""
    hass.states.async_set("remote.den", "on")
    hass.states.async_set("sensor.den_power", "0", {"device_class": "power"})


def _code_file(**changes: Any) -> dict[str, Any]:
    """Return a small valid SmartIR file with Raw codes; `changes` replace top-level keys."""
    table = {str(t): [4400, -4400, 560, -t * 10, 560] for t in (16, 17, 18)}
    content: dict[str, Any] = {
        "manufacturer": "Acme",
        "supportedModels": ["WH-1"],
        "commandsEncoding": "Raw",
        "minTemperature": 16,
        "maxTemperature": 18,
        "precision": 1,
        "operationModes": ["heat", "cool"],
        "fanModes": ["low", "high"],
        "commands": {
            "off": RAW,
            "heat": {"low": table, "high": table},
            "cool": {"low": table, "high": table},
        },
    }
    content.update(changes)
    return content


# Commands whose off code is a pulse of 11 days, which no emitter can send.
OFF_TOO_LONG = {**_code_file()["commands"], "off": [10**12]}


async def _menu(hass: HomeAssistant, step: str) -> str:
    """Open the flow and pick a path; return the flow id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step
    return result["flow_id"]


async def _finish(hass: HomeAssistant, flow_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Submit a path form, check the settings step's errors, then create the entry."""
    result = await hass.config_entries.flow.async_configure(flow_id, {**fields, **DETAILS})
    assert result["step_id"] == "ir_settings", result.get("errors")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**SETTINGS, "power_hysteresis_w": 30, "compressor_w": 10}
    )
    assert result["errors"] == {
        "power_hysteresis_w": "hysteresis_too_large",
        "compressor_w": "compressor_below_on",
    }
    result = await hass.config_entries.flow.async_configure(
        flow_id, {**SETTINGS, "power_sensor": "sensor.den_power"}
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return dict(result["data"])


async def test_infrared_path(hass: HomeAssistant) -> None:
    """The infrared path stores the emitter, receiver (2026.10+) and protocol."""
    await async_setup_hardware(hass)
    flow_id = await _menu(hass, "infrared")
    fields: dict[str, Any] = {"emitter": "infrared.test_emitter", "protocol": "coolix"}
    if HAS_RECEIVERS:
        fields["receiver"] = "infrared.test_receiver"
    data = await _finish(hass, flow_id, fields)
    assert data["bridge"] == "infrared"
    assert data["protocol"] == "coolix"
    assert data["power_sensor"] == "sensor.den_power"
    assert data["temperature_sensor"] is None
    state = hass.states.get("climate.den")
    assert state is not None
    assert state.attributes["hvac_modes"] == ["off", "cool", "heat"]


async def test_broadlink_path(hass: HomeAssistant) -> None:
    """The remote path stores the remote entity."""
    flow_id = await _menu(hass, "broadlink")
    data = await _finish(hass, flow_id, {"emitter": "remote.den", "protocol": "midea"})
    assert (data["bridge"], data["emitter"]) == ("broadlink", "remote.den")


async def test_esphome_path(hass: HomeAssistant) -> None:
    """The ESPHome path refuses an action that does not exist, then stores the one that does."""
    async_mock_service(hass, "esphome", "den_ir_send_raw")
    flow_id = await _menu(hass, "esphome")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"esphome_action": "esphome.nothing", "protocol": "midea", **DETAILS}
    )
    assert result["errors"] == {"esphome_action": "action_not_found"}
    data = await _finish(
        hass, flow_id, {"esphome_action": "esphome.den_ir_send_raw", "protocol": "midea"}
    )
    assert data["esphome_action"] == "esphome.den_ir_send_raw"


async def test_same_name_is_a_field_error(hass: HomeAssistant) -> None:
    """A second unit of the same path and name is refused on the name field, not ended."""
    MockConfigEntry(domain=DOMAIN, unique_id="broadlink_den", data={}).add_to_hass(hass)
    flow_id = await _menu(hass, "broadlink")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"emitter": "remote.den", "protocol": "midea", **DETAILS}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"name": "name_in_use"}


@pytest.mark.parametrize(
    ("path", "content", "modes", "error"),
    [
        ("../outside.json", None, ["heat", "cool"], "code_file_outside_config"),
        ("missing.json", None, ["heat", "cool"], "code_file_unreadable"),
        ("codes.json", "{not json", ["heat", "cool"], "code_file_invalid_json"),
        ("codes.json", "[1]", ["heat", "cool"], "code_file_invalid_json"),
        ("codes.json", {"manufacturer": "x"}, ["heat", "cool"], "code_file_missing_keys"),
        ("codes.json", _code_file(commandsEncoding="Morse"), ["heat"], "code_file_bad_encoding"),
        ("codes.json", _code_file(commandsEncoding="Pronto"), ["heat"], "code_file_bad_encoding"),
        ("codes.json", _code_file(maxTemperature=60), ["heat"], "code_file_bad_temperatures"),
        ("codes.json", _code_file(precision="x"), ["heat"], "code_file_bad_temperatures"),
        ("codes.json", _code_file(fanModes=["warp"]), ["heat"], "code_file_unknown_names"),
        ("codes.json", _code_file(fanModes="low"), ["heat"], "code_file_missing_keys"),
        # Found by the long fuzz run: no fan, no code to send (IndexError at the first command).
        ("codes.json", _code_file(fanModes=[]), ["heat", "cool"], "code_file_missing_keys"),
        ("codes.json", _code_file(operationModes=[]), ["heat", "cool"], "code_file_missing_keys"),
        ("codes.json", _code_file(commands={"heat": {}}), ["heat"], "code_file_missing_keys"),
        (
            "codes.json",
            _code_file(operationModes=["heat"]),
            ["heat", "cool"],
            "modes_not_in_code_file",
        ),
        # Issue 20: a NUL answered HTTP 500 (ValueError from lstat); the others did too
        # (RecursionError, OverflowError) or hung the flow (a FIFO never ends).
        pytest.param("codes\x00.json", None, ["heat", "cool"], "text_invalid", id="nul"),
        pytest.param("\x00", None, ["heat", "cool"], "text_invalid", id="only_nul"),
        pytest.param(
            "a/" * 200 + "codes.json", None, ["heat", "cool"], "text_too_long", id="long_path"
        ),
        pytest.param(
            "codes.json", "[" * 100_000, ["heat", "cool"], "code_file_invalid_json", id="deep"
        ),
        ("codes.json", _code_file(minTemperature=10**400), ["heat"], "code_file_invalid_json"),
        ("codes.json", _code_file(minTemperature=[[16]]), ["heat"], "code_file_bad_temperatures"),
        ("codes.json", _code_file(supportedModels=7), ["heat", "cool"], None),
        ("codes.json", _code_file(commands=OFF_TOO_LONG), ["heat"], "code_file_bad_encoding"),
        ("fifo", FIFO, ["heat", "cool"], "code_file_unreadable"),
        ("", None, ["heat", "cool"], "code_file_unreadable"),
    ],
)
async def test_smartir_file_errors(
    hass: HomeAssistant,
    tmp_path: Path,
    path: str,
    content: Any,
    modes: list[str],
    error: str | None,
) -> None:
    """Every way a code file can be wrong is a form error on the right field."""
    hass.config.config_dir = str(tmp_path / "config")
    (tmp_path / "config").mkdir()
    (tmp_path / "outside.json").write_text(json.dumps(_code_file()))
    if content is FIFO:
        os.mkfifo(tmp_path / "config" / path)
    elif content is not None:
        text = content if isinstance(content, str) else json.dumps(content)
        (tmp_path / "config" / path).write_text(text)
    flow_id = await _menu(hass, "smartir")
    result = await hass.config_entries.flow.async_configure(
        flow_id, {"code_file": path, "emitter": "remote.den", **DETAILS, "hvac_modes": modes}
    )
    if error is None:
        # A file still usable: the flow goes on to the settings.
        assert result["step_id"] == "ir_settings"
        return
    assert result["type"] is FlowResultType.FORM
    assert error in (result["errors"] or {}).values()


async def test_smartir_unit_sends_file_codes(
    hass: HomeAssistant, tmp_path: Path, freezer: FrozenDateTimeFactory
) -> None:
    """A SmartIR unit sends the file's code of the state, through an infrared emitter."""
    emitter, _receiver = await async_setup_hardware(hass)
    hass.config.config_dir = str(tmp_path)
    (tmp_path / "smartir").mkdir()
    (tmp_path / "smartir" / "1000.json").write_text(json.dumps(_code_file()))
    flow_id = await _menu(hass, "smartir")
    data = await _finish(
        hass, flow_id, {"code_file": "smartir/1000.json", "emitter": "infrared.test_emitter"}
    )
    assert data["code_file"] == "smartir/1000.json"
    state = hass.states.get("climate.den")
    assert state is not None
    assert (state.attributes["min_temp"], state.attributes["max_temp"]) == (16, 18)
    assert state.attributes["fan_modes"] == ["low", "high"]
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": "climate.den", "hvac_mode": "heat", "temperature": 17},
        blocking=True,
    )
    freezer.tick(1)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert emitter.sent == [(38000, [4400, -4400, 560, -170, 560])]
    # A file broken after set-up keeps the unit from loading, with the reason; no traceback.
    (tmp_path / "smartir" / "1000.json").write_text("{")
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await hass.config_entries.async_reload(entry.entry_id)
    assert "not valid JSON" in str(entry.reason) or "code_file_invalid_json" in str(entry.reason)


async def test_reconfigure_ir_unit(hass: HomeAssistant) -> None:
    """Reconfigure changes an IR unit's details and settings; a cleared sensor is removed."""
    hass.states.async_remove("remote.den")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Den",
        unique_id="broadlink_den",
        data={
            "bridge": "broadlink",
            "emitter": "remote.den",
            "protocol": "midea",
            "capacity_btu": 8000,
            "temperature_unit": "°C",
            "hvac_modes": ["heat", "cool"],
            **SETTINGS,
            "power_sensor": "sensor.den_power",
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    details = {key: DETAILS[key] for key in ("capacity_btu", "temperature_unit", "hvac_modes")}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**details, **SETTINGS, "power_on_w": 3}
    )
    assert result["errors"] == {"power_hysteresis_w": "hysteresis_too_large"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**details, **SETTINGS, "settle_time": 2}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["settle_time"] == 2
    assert entry.data["power_sensor"] is None
    # The reload it starts sets the unit up with the new settings (a missing remote only
    # makes it unavailable).
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.bridge.diagnostics()["emitter_available"] is False


def test_code_formats() -> None:
    """Pronto, raw and Broadlink codes read as the timings they carry."""
    pronto = from_pronto("0000 006D 0002 0000 0156 00AB 0015 0040")
    period = 0x6D * 0.241246  # µs per carrier cycle
    assert pronto.modulation == round(1_000_000 / period)
    assert pronto.get_raw_timings() == [
        round(0x156 * period),
        -round(0xAB * period),
        round(0x15 * period),
        -round(0x40 * period),
    ]
    assert from_raw("560, -560 1690").get_raw_timings() == [560, -560, 1690]
    with pytest.raises(ValueError, match="alternate"):
        from_raw([560, 560, -10])
    for bad in ("0000 006D 0005 0000 0156", "0100 006D 0001 0000 0001 0001", "zz"):
        with pytest.raises(ValueError, match=r"\w"):
            from_pronto(bad)
    assert base64.b64decode(to_broadlink(from_raw(RAW)))[0] == 0x26
    with pytest.raises(CodeFileError) as err:
        parse_code_file(_code_file(commandsEncoding="Base64"), TemperatureUnit.CELSIUS)
    assert err.value.key == "code_file_bad_encoding"


async def test_infrared_path_without_receivers(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the platform has no receivers (2026.4), the form does not offer one."""
    from homeassistant.components import infrared  # noqa: PLC0415 - patched for this test

    monkeypatch.delattr(infrared, "async_subscribe_receiver", raising=False)
    flow_id = await _menu(hass, "infrared")
    result = await hass.config_entries.flow.async_configure(flow_id)
    schema = result["data_schema"]
    assert schema is not None
    assert "receiver" not in schema.schema
    assert "emitter" in schema.schema
