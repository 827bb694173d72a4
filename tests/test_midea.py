"""Tests of the Midea LAN bridge: msmart-ng's real code against tests/midea_emulator.py."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator
from datetime import timedelta
import fcntl
import logging
import os
from pathlib import Path
import sys
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.climate import (
    ATTR_FAN_MODE,
    ATTR_HVAC_MODE,
    ATTR_PRESET_MODE,
    ATTR_SWING_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_FAN_MODE,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_PRESET_MODE,
    SERVICE_SET_SWING_MODE,
    SERVICE_SET_TEMPERATURE,
)
from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.window_heatpump.bridges.midea.bridge import CONF_MIDEA_INFO
from custom_components.window_heatpump.const import BRIDGE_MIDEA, CONF_MIN_OFF_SECONDS, DOMAIN
from custom_components.window_heatpump.coordinator import MAX_POLL_INTERVAL, POLL_INTERVAL
from custom_components.window_heatpump.diagnostics import async_get_config_entry_diagnostics
from custom_components.window_heatpump.model import Action, FanSpeed, Mode, Preset, Swing

from .blocking_calls import BlockingDetector
from .flow_helpers import finish_room
from .midea_emulator import FastAsyncio, MideaEmulator

OURS = "climate.study"
LOCK_FILE = Path("/tmp/window_heatpump_midea_discovery.lock")  # noqa: S108


@pytest.fixture(autouse=True)
def fast_lan() -> Iterator[None]:
    """Cut msmart-ng's fixed waits (1 s after a handshake, 3 x 2 s for a silent unit)."""
    with (
        patch("msmart.lan.asyncio", FastAsyncio()),
        patch("custom_components.window_heatpump.bridges.midea.flow.DISCOVERY_TIMEOUT", 0.2),
    ):
        yield


@pytest.fixture
def version() -> int:
    """Return the emulated unit's protocol version (override per test)."""
    return 3


@pytest.fixture
def discovery_port() -> Iterator[None]:
    """Hold the discovery port: it is fixed (6445), so parallel test workers take turns."""
    with LOCK_FILE.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture
async def emulator(
    socket_enabled: None, discovery_port: None, version: int
) -> AsyncGenerator[MideaEmulator]:
    """Return a unit on 127.0.0.1 that also answers discovery."""
    unit = MideaEmulator(version=version)
    await unit.start()
    await unit.start_discovery()
    yield unit
    await unit.stop()


def _form(**changes: Any) -> dict[str, Any]:
    """Return the Midea step's input."""
    return {"host": "127.0.0.1", "name": "Study", "capacity_btu": 9000, **changes}


def _credentials(unit: MideaEmulator) -> dict[str, str]:
    """Return the unit's token and key as a user types them."""
    return {"token": unit.token.hex().upper(), "key": unit.key.hex()}


async def _midea_form(hass: HomeAssistant) -> str:
    """Open the flow at the Midea step; return its id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": BRIDGE_MIDEA}
    )
    assert result["type"] is FlowResultType.FORM
    return result["flow_id"]


async def _add(hass: HomeAssistant, unit: MideaEmulator) -> ConfigEntry:
    """Add the unit through the flow, without compressor protection; return its loaded entry."""
    creds = _credentials(unit) if unit.version == 3 else {}
    result = await hass.config_entries.flow.async_configure(await _midea_form(hass), _form(**creds))
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    hass.config_entries.async_update_entry(entry, options={CONF_MIN_OFF_SECONDS: 0})
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


@pytest.fixture
async def study(hass: HomeAssistant, emulator: MideaEmulator) -> ConfigEntry:
    """Return the emulated unit, loaded."""
    return await _add(hass, emulator)


async def _poll(hass: HomeAssistant, entry: ConfigEntry, freezer: FrozenDateTimeFactory) -> None:
    """Let one poll happen."""
    interval = entry.runtime_data.update_interval
    assert interval is not None
    freezer.tick(interval + timedelta(seconds=1))
    async_fire_time_changed(hass)
    # The coordinator polls in a background task, over a real socket.
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_flow_v3_with_token_and_key(hass: HomeAssistant, emulator: MideaEmulator) -> None:
    """A V3 unit is found by IP, authenticated with the typed token/key and read."""
    result = await hass.config_entries.flow.async_configure(
        await _midea_form(hass), _form(**_credentials(emulator))
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = result["data"]
    assert data["device_id"] == emulator.device_id
    assert data["port"] == emulator.port
    assert data["protocol_version"] == 3
    assert data["token"] == emulator.token.hex()
    info = data[CONF_MIDEA_INFO]
    assert set(info["modes"]) == {Mode.AUTO, Mode.COOL, Mode.DRY, Mode.HEAT, Mode.FAN_ONLY}
    assert info["fan_speeds"] == [
        FanSpeed.QUIET,
        FanSpeed.LOW,
        FanSpeed.MEDIUM,
        FanSpeed.HIGH,
        FanSpeed.AUTO,
    ]
    assert info["presets"] == [Preset.ECO, Preset.BOOST, Preset.SLEEP, Preset.FREEZE_PROTECTION]
    assert info["energy"] is True
    assert result["result"].unique_id == f"midea_{emulator.device_id}"


@pytest.mark.parametrize("version", [2])
async def test_flow_v2_needs_no_credentials(hass: HomeAssistant, emulator: MideaEmulator) -> None:
    """A V2 unit is added with its address alone."""
    result = await hass.config_entries.flow.async_configure(await _midea_form(hass), _form())
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["protocol_version"] == 2
    assert "token" not in result["data"]


async def test_flow_wrong_key_then_right(hass: HomeAssistant, emulator: MideaEmulator) -> None:
    """A wrong key is a form error; the right one adds the unit."""
    flow_id = await _midea_form(hass)
    wrong = {**_credentials(emulator), "key": os.urandom(32).hex()}
    result = await hass.config_entries.flow.async_configure(flow_id, _form(**wrong))
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**{**_credentials(emulator), "key": "not hex"})
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**_credentials(emulator))
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_flow_unreachable_and_bad_replies(
    hass: HomeAssistant, emulator: MideaEmulator
) -> None:
    """Silence on discovery, a unit gone after it, and truncated replies are form errors."""
    flow_id = await _midea_form(hass)
    await emulator.stop()
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**_credentials(emulator))
    )
    assert result["errors"] == {"base": "cannot_connect"}
    # Discovery answers, the unit's TCP port does not.
    await emulator.start_discovery()
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**_credentials(emulator))
    )
    assert result["errors"] == {"base": "cannot_connect"}
    await emulator.start()
    emulator.truncate_replies = True
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**_credentials(emulator))
    )
    assert result["errors"] == {"base": "invalid_response"}
    emulator.truncate_replies = False
    emulator.silent = True
    result = await hass.config_entries.flow.async_configure(
        flow_id, _form(**_credentials(emulator))
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_discovery_imports_msmart_in_the_executor(
    hass: HomeAssistant,
    emulator: MideaEmulator,
    blocking_calls: BlockingDetector,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 20: the first discovery imported msmart-ng in the event loop (listdir, read_text)."""
    await emulator.stop()
    # As in a Home Assistant that has not used msmart-ng since it started.
    for name in [name for name in sys.modules if name.split(".")[0] == "msmart"]:
        monkeypatch.delitem(sys.modules, name)
    result = await hass.config_entries.flow.async_configure(await _midea_form(hass), _form())
    assert result["errors"] == {"base": "cannot_connect"}
    assert "msmart.discover" in sys.modules
    assert blocking_calls.calls == []


async def test_flow_cloud_login(hass: HomeAssistant, emulator: MideaEmulator) -> None:
    """Without token/key a V3 unit asks for the cloud login; its pairs are tried on the unit.

    The cloud cannot be reached here: its two calls are the one mock of the library.
    """
    flow_id = await _midea_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _form())
    assert result["step_id"] == "midea_cloud"
    from msmart.cloud import ApiError  # noqa: PLC0415

    cloud = "msmart.cloud.NetHomePlusCloud"
    with patch(f"{cloud}.login", side_effect=ApiError("bad password", code=3101)):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"username": "me@example.com", "password": "hunter2", "region": "US"}
        )
    assert result["errors"] == {"base": "cloud_login_failed"}
    # The first byte order's pair is stale; the second is the unit's.
    pairs = [(os.urandom(64).hex(), os.urandom(32).hex()), _credentials(emulator).values()]
    with (
        patch(f"{cloud}.login", return_value=None),
        patch(f"{cloud}.get_token", side_effect=[tuple(pair) for pair in pairs]) as get_token,
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"username": "me@example.com", "password": "hunter2", "region": "US"}
        )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert get_token.call_count == 2
    assert result["data"]["key"] == emulator.key.hex()
    assert "password" not in result["data"]
    assert "username" not in result["data"]


async def test_flow_name_required_and_stale_cloud_pairs(
    hass: HomeAssistant, emulator: MideaEmulator
) -> None:
    """A blank name is a form error; cloud pairs the unit refuses are a key error, not a crash."""
    flow_id = await _midea_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _form(name="  "))
    assert result["errors"] == {"name": "name_required"}
    result = await hass.config_entries.flow.async_configure(flow_id, _form())
    assert result["step_id"] == "midea_cloud"
    stale = [(os.urandom(64).hex(), os.urandom(32).hex()) for _ in range(2)]
    cloud = "msmart.cloud.NetHomePlusCloud"
    with (
        patch(f"{cloud}.login", return_value=None),
        patch(f"{cloud}.get_token", side_effect=stale),
    ):
        result = await hass.config_entries.flow.async_configure(
            flow_id, {"username": "me@example.com", "password": "hunter2", "region": "US"}
        )
    assert result["step_id"] == "midea_cloud"
    assert result["errors"] == {"base": "invalid_auth"}


async def test_device_names_maker_and_model(
    hass: HomeAssistant, emulator: MideaEmulator, study: ConfigEntry
) -> None:
    """The device says Midea; the model names the protocol, as msmart-ng reads no model.

    msmart-ng's device object exposes its address, id, type, name (the unit's Wi-Fi SSID),
    serial number and protocol version, not a model: the bridge's name stands in for it.
    """
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), study.entry_id)
    assert (device.manufacturer, device.model) == ("Midea", "Midea AC (LAN V3)")


async def test_state_read(
    hass: HomeAssistant, emulator: MideaEmulator, study: ConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Every field the unit reports reaches the model."""
    s = emulator.state
    s.power, s.mode, s.target, s.fan, s.swing = True, 4, 22.5, 40, 0xF
    s.indoor, s.outdoor, s.defrost, s.filter_alert, s.error_code = 20.5, -4.5, True, True, 3
    s.freeze_protection, s.total_energy_kwh, s.power_w = True, 456.78, 1020.5
    await _poll(hass, study, freezer)
    state = study.runtime_data.data
    assert state.desired.mode is Mode.HEAT
    assert state.desired.target_temperature == 22.5
    assert state.desired.fan_speed is FanSpeed.LOW
    assert state.desired.swing is Swing.BOTH
    assert state.desired.preset is Preset.FREEZE_PROTECTION
    assert state.current_temperature == 20.5
    assert state.outdoor_temperature == -4.5
    assert state.defrosting is True
    assert state.action is Action.DEFROSTING
    assert state.filter_alert is True
    assert state.error_code == "3"
    assert state.energy_kwh == pytest.approx(456.78)
    assert state.power_w == pytest.approx(1020.5)
    # The fan at its maximum reads as turbo; smart dry reads as dry.
    s.defrost, s.error_code, s.freeze_protection, s.eco, s.fan, s.mode = (
        False,
        0,
        False,
        True,
        100,
        6,
    )
    await _poll(hass, study, freezer)
    state = study.runtime_data.data
    assert state.desired.fan_speed is FanSpeed.TURBO
    assert state.desired.preset is Preset.ECO
    assert state.desired.mode is Mode.DRY
    assert state.action is Action.DRYING
    assert state.error_code is None
    s.power = False
    await _poll(hass, study, freezer)
    assert hass.states.get(OURS).state == "off"  # type: ignore[union-attr]


async def test_commands_reach_the_unit(
    hass: HomeAssistant, emulator: MideaEmulator, study: ConfigEntry
) -> None:
    """Mode, set point, fan, swing and every preset are sent, and read back."""
    calls: list[tuple[str, dict[str, Any]]] = [
        (SERVICE_SET_HVAC_MODE, {ATTR_HVAC_MODE: "cool"}),
        (SERVICE_SET_TEMPERATURE, {ATTR_TEMPERATURE: 23.5}),
        (SERVICE_SET_FAN_MODE, {ATTR_FAN_MODE: "medium"}),
        (SERVICE_SET_SWING_MODE, {ATTR_SWING_MODE: "vertical"}),
    ]
    for service, data in calls:
        await hass.services.async_call(
            CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: OURS, **data}, blocking=True
        )
    s = emulator.state
    assert (s.power, s.mode, s.target, s.fan, s.swing) == (True, 2, 23.5, 60, 0xC)
    for preset, flag in (
        ("eco", "eco"),
        ("boost", "turbo"),
        ("sleep", "sleep"),
        ("freeze_protection", "freeze_protection"),
    ):
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            SERVICE_SET_PRESET_MODE,
            {ATTR_ENTITY_ID: OURS, ATTR_PRESET_MODE: preset},
            blocking=True,
        )
        flags = {name: getattr(s, name) for name in ("eco", "turbo", "sleep", "freeze_protection")}
        assert flags == {name: name == flag for name in flags}
        ours = hass.states.get(OURS)
        assert ours is not None
        assert ours.attributes[ATTR_PRESET_MODE] == preset
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        SERVICE_SET_HVAC_MODE,
        {ATTR_ENTITY_ID: OURS, ATTR_HVAC_MODE: "off"},
        blocking=True,
    )
    assert s.power is False
    assert hass.states.get(OURS).state == "off"  # type: ignore[union-attr]


async def test_polling_backs_off_and_recovers(
    hass: HomeAssistant,
    emulator: MideaEmulator,
    study: ConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unreachable unit is unavailable, polled less often, logged once; then it is back."""
    coordinator = study.runtime_data
    assert coordinator.update_interval == POLL_INTERVAL
    await emulator.stop()
    caplog.clear()
    caplog.set_level(logging.INFO)
    for _ in range(5):
        await _poll(hass, study, freezer)
    assert hass.states.get(OURS).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
    assert coordinator.update_interval == MAX_POLL_INTERVAL
    unreachable = [r for r in caplog.records if r.levelno >= logging.INFO and "Study" in r.message]
    assert len(unreachable) == 1
    assert not [
        r for r in caplog.records if r.name.startswith("msmart") and r.levelno > logging.DEBUG
    ]
    await emulator.start()
    await _poll(hass, study, freezer)
    assert hass.states.get(OURS).state != STATE_UNAVAILABLE  # type: ignore[union-attr]
    assert coordinator.update_interval == POLL_INTERVAL
    back = [r for r in caplog.records if r.levelno >= logging.INFO and "Study" in r.message]
    assert len(back) == 2


async def test_stale_key_starts_reauth(
    hass: HomeAssistant,
    emulator: MideaEmulator,
    study: ConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit that refuses its key starts a reauth flow; the new key reloads the entry."""
    await emulator.stop()
    emulator.key = os.urandom(32)
    await emulator.start()
    await _poll(hass, study, freezer)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    flow_id = flows[0]["flow_id"]
    stale = {"token": emulator.token.hex(), "key": os.urandom(32).hex()}
    result = await hass.config_entries.flow.async_configure(flow_id, stale)
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(flow_id, _credentials(emulator))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert study.data["key"] == emulator.key.hex()
    assert study.state is ConfigEntryState.LOADED
    assert hass.states.get(OURS).state != STATE_UNAVAILABLE  # type: ignore[union-attr]


async def test_setup_retries_while_unreachable(
    hass: HomeAssistant, emulator: MideaEmulator, study: ConfigEntry
) -> None:
    """A unit that is away at start-up makes the entry retry (ConfigEntryNotReady)."""
    await emulator.stop()
    await hass.config_entries.async_reload(study.entry_id)
    await hass.async_block_till_done()
    assert study.state is ConfigEntryState.SETUP_RETRY


async def test_diagnostics_and_logs_hold_no_credentials(
    hass: HomeAssistant,
    emulator: MideaEmulator,
    study: ConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Token, key and serial are redacted from diagnostics; the library's debug log too."""
    diagnostics = await async_get_config_entry_diagnostics(hass, study)
    text = repr(diagnostics)
    assert emulator.token.hex() not in text
    assert emulator.key.hex() not in text
    assert emulator.serial not in text
    assert diagnostics["entry"]["data"]["token"] == "**REDACTED**"  # noqa: S105
    assert diagnostics["bridge"]["online"] is True
    caplog.set_level(logging.DEBUG, logger="msmart")
    await emulator.stop()
    await emulator.start()
    await _poll(hass, study, freezer)
    assert any("Authentication with" in r.getMessage() for r in caplog.records)
    logged = caplog.text.lower()
    assert emulator.token.hex() not in logged
    assert emulator.key.hex() not in logged
