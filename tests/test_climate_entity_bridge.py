"""Tests of wrapping another integration's climate entity.

The wrapped entity is a real climate entity of a test platform, driven through Home
Assistant's climate actions exactly as ESPHome's or tuya-local's would be.
"""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components.climate import (
    ClimateEntity,
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    setup_test_component_platform,
)

from custom_components.window_heatpump.const import BRIDGE_CLIMATE_ENTITY, DOMAIN

from .flow_helpers import finish_room

WRAPPED = "climate.living_room_ac"
OURS = "climate.living_room"


class WrappedClimate(ClimateEntity):
    """A unit as another integration shows it: every setting, under that integration's names."""

    _attr_name = "Living room AC"
    _attr_unique_id = "living_room_ac"
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.FAN_MODE
        | ClimateEntityFeature.SWING_MODE
        | ClimateEntityFeature.PRESET_MODE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )
    _attr_target_temperature_step = 0.5

    def __init__(self, unit: UnitOfTemperature = UnitOfTemperature.CELSIUS) -> None:
        """Start heating to 21 °C (or 70 °F) in a 19 °C (66 °F) room."""
        fahrenheit = unit is UnitOfTemperature.FAHRENHEIT
        self._attr_hvac_modes = [
            HVACMode.OFF,
            HVACMode.COOL,
            HVACMode.HEAT,
            HVACMode.DRY,
            HVACMode.HEAT_COOL,
        ]
        self._attr_fan_modes = ["auto", "silent", "low", "mid", "high", "sleepy"]
        self._attr_swing_modes = ["off", "on"]
        self._attr_preset_modes = ["none", "eco", "boost", "away"]
        self._attr_temperature_unit = unit
        self._attr_min_temp = 61 if fahrenheit else 16
        self._attr_max_temp = 86 if fahrenheit else 30
        self._attr_target_temperature_step = 1 if fahrenheit else 0.5
        self._attr_hvac_mode = HVACMode.HEAT
        self._attr_hvac_action = HVACAction.HEATING
        self._attr_target_temperature = 70 if fahrenheit else 21
        self._attr_current_temperature = 66 if fahrenheit else 19
        self._attr_current_humidity = 40
        self._attr_fan_mode = "silent"
        self._attr_swing_mode = "off"
        self._attr_preset_mode = "none"
        self.refuse: str | None = None

    def _check(self) -> None:
        """Fail like a device that drops the command."""
        if self.refuse is not None:
            raise HomeAssistantError(self.refuse)

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Take a mode."""
        self._check()
        self._attr_hvac_mode = hvac_mode
        self._attr_hvac_action = HVACAction.OFF if hvac_mode is HVACMode.OFF else HVACAction.IDLE
        self.async_write_ha_state()

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Take a set point."""
        self._check()
        self._attr_target_temperature = kwargs[ATTR_TEMPERATURE]
        self.async_write_ha_state()

    async def async_set_fan_mode(self, fan_mode: str) -> None:
        """Take a fan speed."""
        self._check()
        self._attr_fan_mode = fan_mode
        self.async_write_ha_state()

    async def async_set_swing_mode(self, swing_mode: str) -> None:
        """Take a swing setting."""
        self._attr_swing_mode = swing_mode
        self.async_write_ha_state()

    async def async_set_preset_mode(self, preset_mode: str) -> None:
        """Take a preset."""
        self._attr_preset_mode = preset_mode
        self.async_write_ha_state()

    def change(self, **attributes: Any) -> None:
        """Change as the device would by itself (its remote, a defrost, going offline)."""
        for name, value in attributes.items():
            setattr(self, f"_attr_{name}", value)
        self.async_write_ha_state()


async def _add_wrapped(hass: HomeAssistant, wrapped: WrappedClimate) -> None:
    """Set up the other integration's climate entity."""
    setup_test_component_platform(hass, "climate", [wrapped])
    assert await async_setup_component(hass, "climate", {"climate": {"platform": "test"}})
    await hass.async_block_till_done()


def _entry(temperature_unit: str = "°C") -> MockConfigEntry:
    """Return an entry wrapping the living room's entity."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Living room",
        unique_id=f"{BRIDGE_CLIMATE_ENTITY}_living_room",
        data={
            "bridge": BRIDGE_CLIMATE_ENTITY,
            "entity_id": WRAPPED,
            "capacity_btu": 10000,
            "temperature_unit": temperature_unit,
            "hvac_modes": ["cool", "heat", "dry", "auto"],
        },
        # These tests follow commands to the wrapped entity; the compressor protection that
        # holds a heat -> cool reversal is tested on its own (test_control_protection.py).
        options={"min_off_seconds": 0},
    )


@pytest.fixture
async def wrapped(hass: HomeAssistant) -> WrappedClimate:
    """Return the other integration's entity, set up."""
    entity = WrappedClimate()
    await _add_wrapped(hass, entity)
    return entity


@pytest.fixture
async def wrapping(hass: HomeAssistant, wrapped: WrappedClimate) -> MockConfigEntry:
    """Return a loaded unit wrapping the entity."""
    entry = _entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _attrs(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    """Return an entity's state and attributes in one dict."""
    state = hass.states.get(entity_id)
    assert state is not None
    return {"state": state.state, **state.attributes}


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    """Call a climate action on our entity."""
    await hass.services.async_call(
        "climate", service, {ATTR_ENTITY_ID: OURS, **data}, blocking=True
    )
    await hass.async_block_till_done()


def _wrap_input(entity_id: str = WRAPPED, **changes: Any) -> dict[str, Any]:
    """Return the wrap step's input."""
    return {
        "entity_id": entity_id,
        "name": "Living room",
        "capacity_btu": 10000,
        "temperature_unit": "°C",
        "hvac_modes": ["cool", "heat"],
        **changes,
    }


async def _wrap_form(hass: HomeAssistant) -> str:
    """Open the flow at the wrap step; return its id."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": BRIDGE_CLIMATE_ENTITY}
    )
    assert result["type"] is FlowResultType.FORM
    return str(result["flow_id"])


async def test_flow_wraps_an_entity(hass: HomeAssistant, wrapped: WrappedClimate) -> None:
    """Picking the entity creates the entry, keyed by its registry id (stable across renames)."""
    result = await hass.config_entries.flow.async_configure(
        await _wrap_form(hass), _wrap_input(name=" Living room ")
    )
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living room"
    assert result["data"]["entity_id"] == WRAPPED
    registry_id = er.async_get(hass).async_get(WRAPPED)
    assert registry_id is not None
    assert result["result"].unique_id == f"{BRIDGE_CLIMATE_ENTITY}_{registry_id.id}"
    await hass.async_block_till_done()
    assert _attrs(hass, OURS)["hvac_modes"] == ["off", "cool", "heat"]


@pytest.mark.parametrize(
    ("entity_id", "error"),
    [("climate.nowhere", "entity_not_found"), ("climate.bedroom", "entity_is_own")],
)
async def test_flow_refuses_entities(
    hass: HomeAssistant,
    wrapped: WrappedClimate,
    init_integration: MockConfigEntry,
    entity_id: str,
    error: str,
) -> None:
    """A missing entity and window_heatpump's own are refused on the form."""
    result = await hass.config_entries.flow.async_configure(
        await _wrap_form(hass), _wrap_input(entity_id)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"entity_id": error}


async def test_flow_refuses_unavailable_then_duplicate(
    hass: HomeAssistant, wrapped: WrappedClimate
) -> None:
    """An unavailable entity is refused until it is back; wrapping it twice is refused."""
    wrapped.change(available=False)
    flow_id = await _wrap_form(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, _wrap_input())
    assert result["errors"] == {"entity_id": "entity_unavailable"}
    wrapped.change(available=True)
    result = await hass.config_entries.flow.async_configure(flow_id, _wrap_input())
    result = await finish_room(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    result = await hass.config_entries.flow.async_configure(await _wrap_form(hass), _wrap_input())
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_state_is_mapped(
    hass: HomeAssistant, wrapped: WrappedClimate, wrapping: MockConfigEntry
) -> None:
    """Modes, set point, temperatures, fan, swing, preset and action come across mapped."""
    ours = _attrs(hass, OURS)
    assert ours["state"] == "heat"
    # heat_cool is the unit's own auto mode; the entry did not tick fan_only.
    assert ours["hvac_modes"] == ["off", "cool", "heat", "dry", "auto"]
    # "sleepy" means nothing known and is left out; silent is quiet, mid is medium.
    assert ours["fan_modes"] == ["auto", "quiet", "low", "medium", "high"]
    assert ours["fan_mode"] == "quiet"
    assert ours["swing_modes"] == ["off", "vertical"]
    assert ours["preset_modes"] == ["none", "eco", "boost"]
    assert (ours["temperature"], ours["current_temperature"]) == (21, 19)
    assert ours["current_humidity"] == 40
    assert (ours["min_temp"], ours["max_temp"], ours["target_temp_step"]) == (16, 30, 0.5)
    assert ours["hvac_action"] == "heating"

    wrapped.change(hvac_action=HVACAction.DEFROSTING, fan_mode="mid", swing_mode="on")
    await hass.async_block_till_done()
    ours = _attrs(hass, OURS)
    assert ours["hvac_action"] == "defrosting"
    assert (ours["fan_mode"], ours["swing_mode"]) == ("medium", "vertical")

    wrapped.change(hvac_mode=HVACMode.HEAT_COOL, hvac_action=None, preset_mode="away")
    await hass.async_block_till_done()
    ours = _attrs(hass, OURS)
    # No action reported: what the unit does is not known, and none is made up. An unknown
    # preset reads as none.
    assert (ours["state"], ours.get("hvac_action"), ours["preset_mode"]) == ("auto", None, "none")
    wrapped.change(hvac_mode=HVACMode.OFF)
    await hass.async_block_till_done()
    # An entity that is off does nothing.
    assert _attrs(hass, OURS)["hvac_action"] == "off"


async def test_no_defrost_signal_until_the_entity_shows_one(
    hass: HomeAssistant, wrapped: WrappedClimate, wrapping: MockConfigEntry
) -> None:
    """An entity that never said it defrosts gives no defrost signal, not a constant "no".

    Once it has reported a defrost, its other actions say "not defrosting".
    """
    seen = []
    for action in (HVACAction.HEATING, HVACAction.DEFROSTING, HVACAction.HEATING):
        wrapped.change(hvac_action=action)
        await hass.async_block_till_done()
        defrosting = _attrs(hass, "binary_sensor.living_room_defrosting")["state"]
        seen.append((wrapping.runtime_data.data.defrosting, defrosting))
    assert seen == [(None, "unavailable"), (True, "on"), (False, "off")]


async def test_a_reported_defrost_reaches_care_without_an_estimate(
    hass: HomeAssistant, wrapped: WrappedClimate, wrapping: MockConfigEntry
) -> None:
    """With no power to estimate from, the wrapped entity's own defrost is what care counts."""
    assert hass.states.get("binary_sensor.living_room_defrosting_estimate") is None
    assert "defrost_estimated" not in _attrs(hass, OURS)
    wrapped.change(hvac_action=HVACAction.DEFROSTING)
    await hass.async_block_till_done()
    defrosting = hass.states.get("binary_sensor.living_room_defrosting")
    assert defrosting is not None
    assert defrosting.state == "on"


async def test_commands_are_forwarded(
    hass: HomeAssistant, wrapped: WrappedClimate, wrapping: MockConfigEntry
) -> None:
    """Each climate action on ours reaches the wrapped entity under its own names."""
    await _call(hass, "set_temperature", temperature=23.5, hvac_mode="cool")
    assert (wrapped.hvac_mode, wrapped.target_temperature) == (HVACMode.COOL, 23.5)
    await _call(hass, "set_fan_mode", fan_mode="medium")
    assert wrapped.fan_mode == "mid"
    await _call(hass, "set_swing_mode", swing_mode="vertical")
    assert wrapped.swing_mode == "on"
    await _call(hass, "set_preset_mode", preset_mode="eco")
    assert wrapped.preset_mode == "eco"
    await _call(hass, "set_hvac_mode", hvac_mode="auto")
    assert wrapped.hvac_mode == HVACMode.HEAT_COOL
    await _call(hass, "turn_off")
    assert _attrs(hass, WRAPPED)["state"] == "off"
    assert _attrs(hass, OURS)["state"] == "off"
    await _call(hass, "turn_on")
    assert _attrs(hass, WRAPPED)["state"] == "heat_cool"


async def test_refused_command_is_a_translated_error(
    hass: HomeAssistant, wrapped: WrappedClimate, wrapping: MockConfigEntry
) -> None:
    """A wrapped entity that fails a command gives our translated error, not a traceback."""
    wrapped.refuse = "device did not acknowledge"
    with pytest.raises(HomeAssistantError) as raised:
        await _call(hass, "set_fan_mode", fan_mode="high")
    assert raised.value.translation_key == "command_failed"
    assert "device did not acknowledge" in str(raised.value.translation_placeholders)
    assert wrapped.fan_mode == "silent"


async def test_fahrenheit_unit_in_celsius_home(hass: HomeAssistant) -> None:
    """A °F device in a °C home: the set point reaches it exactly in °F."""
    wrapped = WrappedClimate(UnitOfTemperature.FAHRENHEIT)
    await _add_wrapped(hass, wrapped)
    # The other integration shows °C (the home's unit); the unit's own display shows °F.
    assert _attrs(hass, WRAPPED)["temperature"] == pytest.approx(21.1, abs=0.05)
    entry = _entry("°F")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    ours = _attrs(hass, OURS)
    assert (ours["min_temp"], ours["max_temp"]) == pytest.approx((16.1, 30.0), abs=0.05)
    assert ours["temperature"] == pytest.approx(21.1, abs=0.05)

    # 22.2 °C is 72 °F on the unit's 1 °F grid; it reaches the device as 72 °F, not 71.96.
    await _call(hass, "set_temperature", temperature=22.2)
    assert wrapped.target_temperature == pytest.approx(72.0, abs=0.01)


async def test_unavailable_logged_once_each_way(
    hass: HomeAssistant,
    wrapped: WrappedClimate,
    wrapping: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The wrapped entity going away makes ours unavailable, logged once; and back."""
    caplog.set_level(logging.INFO)
    wrapped.change(available=False)
    await hass.async_block_till_done()
    wrapped.change(current_temperature=18)
    await hass.async_block_till_done()
    assert _attrs(hass, OURS)["state"] == "unavailable"
    wrapped.change(available=True)
    await hass.async_block_till_done()
    wrapped.change(current_temperature=17)
    await hass.async_block_till_done()
    assert _attrs(hass, OURS)["current_temperature"] == 17
    assert caplog.text.count("Living room is unreachable") == 1
    assert caplog.text.count("Living room is reachable again") == 1


async def test_rename_is_followed(
    hass: HomeAssistant,
    wrapped: WrappedClimate,
    wrapping: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Renaming the wrapped entity moves the entry to the new id; commands follow."""
    entity_registry.async_update_entity(WRAPPED, new_entity_id="climate.lounge_ac")
    await hass.async_block_till_done()
    assert wrapping.data["entity_id"] == "climate.lounge_ac"
    await _call(hass, "set_temperature", temperature=24)
    assert wrapped.target_temperature == 24
    assert _attrs(hass, OURS)["temperature"] == 24
    diagnostics = wrapping.runtime_data.bridge.diagnostics()
    assert diagnostics["entity_id"] == "climate.lounge_ac"


async def test_removal_makes_unit_unavailable(
    hass: HomeAssistant,
    wrapped: WrappedClimate,
    wrapping: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Removing the wrapped entity leaves ours unavailable with a warning saying what to do."""
    entity_registry.async_remove(WRAPPED)
    await hass.async_block_till_done()
    assert _attrs(hass, OURS)["state"] == "unavailable"
    assert "which was removed; reconfigure" in caplog.text


async def test_setup_retries_until_entity_exists(hass: HomeAssistant) -> None:
    """Before the other integration has its entity, setup retries."""
    entry = _entry()
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "entity not found" in entry.reason


async def test_preset_while_a_command_is_held_keeps_it(
    hass: HomeAssistant, wrapped: WrappedClimate
) -> None:
    """A preset set while cooling is held is added to the held cooling, not to what runs.

    The preset itself goes out at once (it does not start the compressor); the cooling, with
    the preset, follows once the off time is over.
    """
    entry = _entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # Heating and running (the entity says so): cooling is a reversal, held.
    await _call(hass, "set_temperature", temperature=23, hvac_mode="cool")
    assert wrapped.hvac_mode == HVACMode.OFF
    await _call(hass, "set_preset_mode", preset_mode="eco")
    assert wrapped.preset_mode == "eco"
    ours = _attrs(hass, OURS)
    assert (ours["state"], ours["temperature"], ours["preset_mode"]) == ("cool", 23, "eco")
    assert ours["compressor_held_mode"] == "cool"
    held = entry.runtime_data.control.protection.held
    assert held is not None
    assert (held.mode, held.target_temperature, held.preset) == ("cool", 23, "eco")


async def test_device_names_the_wrapped_hardware(
    hass: HomeAssistant, wrapped: WrappedClimate, device_registry: dr.DeviceRegistry
) -> None:
    """The unit's device takes the maker and model of the wrapped entity's device."""
    source = MockConfigEntry(domain="test")
    source.add_to_hass(hass)
    device = device_registry.async_get_or_create(
        config_entry_id=source.entry_id,
        identifiers={("test", "living_room_ac")},
        manufacturer="Midea",
        model="MAW08V1QWT",
    )
    er.async_get(hass).async_update_entity(WRAPPED, device_id=device.id)
    entry = _entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    (ours,) = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert (ours.manufacturer, ours.model) == ("Midea", "MAW08V1QWT")


async def test_device_without_a_source_device_names_the_bridge(
    hass: HomeAssistant, wrapping: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """A wrapped entity without a device leaves the unit's device named by the bridge."""
    (ours,) = dr.async_entries_for_config_entry(device_registry, wrapping.entry_id)
    assert (ours.manufacturer, ours.model) == (None, "Climate entity")
