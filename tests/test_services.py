"""Tests of the set_simulated_conditions action."""

from __future__ import annotations

from datetime import timedelta
import math

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.schema import vol
from custom_components.window_heatpump.services import ADD_BLOCK_SCHEMA, PAUSE_SCHEDULE_SCHEMA

SERVICE = "set_simulated_conditions"


async def test_set_weather_and_filter(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The action changes the simulated weather and filter of the entry named."""
    await hass.services.async_call(
        DOMAIN,
        SERVICE,
        {
            "config_entry_id": init_integration.entry_id,
            "outdoor_temperature": -3,
            "outdoor_humidity": 95,
            "filter_dirt": 60,
        },
        blocking=True,
    )
    model = init_integration.runtime_data.bridge.diagnostics()["model"]
    assert model["outdoor_temperature_c"] == -3
    assert model["outdoor_humidity_pct"] == 95
    assert model["filter_dirt"] == pytest.approx(0.6)
    assert init_integration.runtime_data.data.outdoor_temperature == -3


async def test_outdoor_temperature_in_users_units(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """In a °F home the outdoor temperature is given in °F."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    await hass.services.async_call(DOMAIN, SERVICE, {"outdoor_temperature": 23}, blocking=True)
    model = init_integration.runtime_data.bridge.diagnostics()["model"]
    assert model["outdoor_temperature_c"] == pytest.approx(-5.0)


@pytest.mark.usefixtures("init_integration")
async def test_outdoor_temperature_out_of_model(hass: HomeAssistant) -> None:
    """A temperature the model does not cover is refused in words."""
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(DOMAIN, SERVICE, {"outdoor_temperature": 60}, blocking=True)
    assert error.value.translation_key == "outdoor_temperature_out_of_range"


@pytest.mark.usefixtures("init_integration")
async def test_malformed_values_refused(hass: HomeAssistant) -> None:
    """Values outside the schema are refused before they reach the model."""
    with pytest.raises(vol.Invalid):
        await hass.services.async_call(DOMAIN, SERVICE, {"outdoor_humidity": 140}, blocking=True)
    with pytest.raises(vol.Invalid):
        await hass.services.async_call(DOMAIN, SERVICE, {"filter_dirt": "dusty"}, blocking=True)
    (entry,) = hass.config_entries.async_loaded_entries(DOMAIN)
    for value in (math.nan, "inf", [21]):
        with pytest.raises((vol.Invalid, ServiceValidationError)):
            await hass.services.async_call(
                DOMAIN,
                "pause_schedule",
                {
                    "config_entry_id": entry.entry_id,
                    "until": "2030-01-01",
                    "frost_protection": value,
                },
                blocking=True,
            )


def test_numbers_of_hundreds_of_digits_are_refused() -> None:
    """Found by the actions' fuzz test: a bare vol.Coerce(float) raised OverflowError.

    Once a schema has run often, probatio's compiled fast path lets OverflowError out of
    vol.Coerce(float) for an integer past the float range (which a template or a YAML script
    can give); that is a traceback, not a refusal.
    """
    block = {"config_entry_id": "x", "schedule": "w", "days": "mon", "start": "06:00"}
    for _ in range(2000):
        ADD_BLOCK_SCHEMA({**block, "mode": "heat", "temperature": 21.5})
        PAUSE_SCHEDULE_SCHEMA(
            {"config_entry_id": "x", "until": "2030-01-01", "frost_protection": 7}
        )
    for value in (10**400, 2**1024 + 1, math.nan, "inf"):
        with pytest.raises(vol.Invalid):
            ADD_BLOCK_SCHEMA({**block, "mode": "heat", "temperature": value})
        with pytest.raises(vol.Invalid):
            PAUSE_SCHEDULE_SCHEMA(
                {"config_entry_id": "x", "until": "2030-01-01", "frost_protection": value}
            )


@pytest.mark.usefixtures("init_integration")
async def test_unknown_entry(hass: HomeAssistant) -> None:
    """An entry id that does not exist is refused in words."""
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            DOMAIN, SERVICE, {"config_entry_id": "nope", "filter_dirt": 10}, blocking=True
        )


async def test_entry_not_simulated(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A unit behind a real bridge is not changed by this action, named or not."""
    bridge = init_integration.runtime_data.bridge
    init_integration.runtime_data.bridge = object()
    try:
        with pytest.raises(ServiceValidationError) as named:
            await hass.services.async_call(
                DOMAIN,
                SERVICE,
                {"config_entry_id": init_integration.entry_id, "filter_dirt": 10},
                blocking=True,
            )
        with pytest.raises(ServiceValidationError) as unnamed:
            await hass.services.async_call(DOMAIN, SERVICE, {"filter_dirt": 10}, blocking=True)
    finally:
        init_integration.runtime_data.bridge = bridge
    assert named.value.translation_key == "not_simulated"
    assert unnamed.value.translation_key == "simulated_unit_required"
    assert unnamed.value.translation_placeholders == {"count": "0"}


async def test_two_units_need_a_name(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """With two simulated units the action must be told which one."""
    second = MockConfigEntry(
        domain=DOMAIN,
        title="Office",
        unique_id="simulated_office",
        data=dict(init_integration.data),
        options=dict(init_integration.options),
    )
    second.add_to_hass(hass)
    await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as error:
        await hass.services.async_call(DOMAIN, SERVICE, {"filter_dirt": 10}, blocking=True)
    assert error.value.translation_placeholders == {"count": "2"}
    await hass.services.async_call(
        DOMAIN, SERVICE, {"config_entry_id": second.entry_id, "filter_dirt": 10}, blocking=True
    )
    assert second.runtime_data.bridge.diagnostics()["model"]["filter_dirt"] == pytest.approx(0.1)
    assert init_integration.runtime_data.bridge.diagnostics()["model"]["filter_dirt"] == 0


@pytest.mark.parametrize("entry_options", [{"outdoor_temperature": -2.0, "speed": 60.0}])
async def test_speed_runs_the_model_faster(
    hass: HomeAssistant, init_integration: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """At speed 60 a real minute is an hour of the unit's time."""
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    model = init_integration.runtime_data.bridge.diagnostics()["model"]
    # Off for an hour at -2 °C: the 17 °C room has lost heat to outdoors.
    assert model["room_temperature_c"] < 16.5
