"""Heat-pump care over the native MQTT bridge: a paho node reports, a frozen clock moves on.

The node publishes what an ESPHome climate does (mode, action, room temperature) and the extra
heat-pump topics (compressor, defrost, filter, power); care counts from what arrives.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.window_heatpump.const import DOMAIN

from .mqtt_device import Device, publish_to_bridge, setup_unit, wait_for

# These tests read the diagnostic entities too, which are shipped disabled.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

BASE = "den-ac/climate/heat_pump"
STATUS = "den-ac/status"


@pytest.fixture
def care_entry() -> MockConfigEntry:
    """Return an entry for the ESPHome node `den-ac` with a climate `heat_pump`."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Den",
        unique_id="mqtt_native_den-ac/heat_pump",
        data={
            "bridge": "mqtt_native",
            "topic_prefix": "den-ac",
            "climate_id": "heat_pump",
            "fan_modes": ["auto", "low", "high"],
            "swing_modes": [],
            "capacity_btu": 9000,
            "temperature_unit": "°C",
            "hvac_modes": ["cool", "heat"],
        },
    )


async def _node(
    hass: HomeAssistant, device: Device, entry: MockConfigEntry, retained: dict[str, str]
) -> Device:
    """Put the node online with retained state fields; set the unit up and wait for them."""
    for field, payload in retained.items():
        await hass.async_add_executor_job(
            partial(device.publish, f"{BASE}/{field}/state", payload, retain=True)
        )
    await hass.async_add_executor_job(lambda: device.publish(STATUS, "online", retain=True))
    await setup_unit(hass, entry, STATUS)
    bridge = entry.runtime_data.bridge
    await wait_for(lambda: bridge.diagnostics()["received_messages"] > len(retained))
    await hass.async_block_till_done()
    return device


HEATING = {"mode": "heat", "target_temperature": "22.0", "action": "heating",
           "current_temperature": "18.5"}  # fmt: skip


@pytest.fixture
async def node(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, device: Device, care_entry: MockConfigEntry
) -> Device:
    """Return the node heating with its compressor on, reported on the extra topics too."""
    return await _node(
        hass, device, care_entry, {**HEATING, "compressor": "on", "defrost": "off", "power": "850"}
    )


async def _publish(hass: HomeAssistant, node: Device, field: str, payload: str) -> None:
    """Publish a state field as the node; return once the bridge has taken it."""
    await publish_to_bridge(hass, node, f"{BASE}/{field}/state", payload)


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    """Move the frozen clock on and run the care clock that came due."""
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _state(hass: HomeAssistant, entity_id: str) -> str:
    """Return an entity's state."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _issues(hass: HomeAssistant) -> set[str]:
    """Return the translation keys of this integration's open Repairs issues."""
    return {
        issue.translation_key or ""
        for (domain, _), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN
    }


async def test_run_time_from_reported_compressor_and_fan(
    hass: HomeAssistant, node: Device, care_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Fan and compressor hours count what the node reports, minute for minute."""
    care = care_entry.runtime_data.care
    fan, compressor = care.runtime.fan_s, care.runtime.compressor_s
    await _tick(hass, freezer, 30)
    # The compressor rests (the set point is reached); the fan runs on.
    await _publish(hass, node, "compressor", "off")
    await _publish(hass, node, "action", "idle")
    await _tick(hass, freezer, 20)
    await _publish(hass, node, "mode", "off")
    await _publish(hass, node, "action", "off")
    await _tick(hass, freezer, 60)
    # To the second: the clock froze a few milliseconds after the node's first state.
    assert care.runtime.compressor_s - compressor == pytest.approx(30 * 60, abs=1)
    assert care.runtime.fan_s - fan == pytest.approx(50 * 60, abs=1)
    assert care.diagnostics()["signal"] == "reported"
    assert float(_state(hass, "sensor.den_compressor_run_time")) == pytest.approx(0.5, abs=0.01)
    assert float(_state(hass, "sensor.den_filter_run_time")) == pytest.approx(50 / 60, abs=0.01)


async def test_defrost_count_and_duration_from_the_defrost_topic(
    hass: HomeAssistant, node: Device, freezer: FrozenDateTimeFactory
) -> None:
    """Each `defrost` on/off is one defrost, timed; the action topic alone counts the same."""
    # The test runs 101 minutes on: run late in the evening it would cross midnight and reset
    # "defrosts today", so it starts just after midnight then (not frozen from the start: the
    # real broker needs a clock that moves while the node connects).
    now = dt_util.now()
    if (now + timedelta(minutes=110)).date() != now.date():
        midnight = dt_util.start_of_local_day(now + timedelta(days=1))
        await _tick(hass, freezer, (midnight - now).total_seconds() / 60 + 1)
    await _tick(hass, freezer, 40)
    await _publish(hass, node, "defrost", "on")
    assert _state(hass, "binary_sensor.den_defrosting") == STATE_ON
    await _tick(hass, freezer, 6)
    await _publish(hass, node, "defrost", "off")
    assert _state(hass, "binary_sensor.den_defrosting") == STATE_OFF
    await _tick(hass, freezer, 50)
    # A firmware without the defrost topic says so with its action.
    await _publish(hass, node, "action", "defrosting")
    await _tick(hass, freezer, 4)
    await _publish(hass, node, "action", "heating")
    await _tick(hass, freezer, 1)
    assert _state(hass, "sensor.den_defrosts_today") == "2"
    assert float(_state(hass, "sensor.den_last_defrost_duration")) == pytest.approx(4)
    assert float(_state(hass, "sensor.den_time_between_defrosts")) == pytest.approx(56)
    assert _state(hass, "binary_sensor.den_defrosting_too_often") == STATE_OFF


async def test_filter_alert_reported_by_the_unit(
    hass: HomeAssistant, node: Device, freezer: FrozenDateTimeFactory
) -> None:
    """The unit's own filter alert raises the filter problem and its issue; clearing clears."""
    assert _state(hass, "binary_sensor.den_filter_needs_cleaning") == STATE_OFF
    await _publish(hass, node, "filter", "on")
    assert _state(hass, "binary_sensor.den_filter_needs_cleaning") == STATE_ON
    assert "filter_dirty" in _issues(hass)
    await _tick(hass, freezer, 5)
    await _publish(hass, node, "filter", "off")
    assert _state(hass, "binary_sensor.den_filter_needs_cleaning") == STATE_OFF
    assert "filter_dirty" not in _issues(hass)


async def test_short_cycling_from_compressor_toggles(
    hass: HomeAssistant, node: Device, freezer: FrozenDateTimeFactory
) -> None:
    """Compressor on/off every few minutes for long enough is flagged; calm running clears it."""
    # Ten starts an hour (3 min on, 3 min off) for 40 minutes: above 6 for more than 30.
    for _ in range(14):
        await _publish(hass, node, "compressor", "off")
        await _tick(hass, freezer, 3)
        await _publish(hass, node, "compressor", "on")
        await _tick(hass, freezer, 3)
    assert float(_state(hass, "sensor.den_compressor_starts_per_hour")) == 10
    assert _state(hass, "binary_sensor.den_short_cycling") == STATE_ON
    assert "short_cycling" in _issues(hass)
    # An hour of steady running: the rate falls and the problem clears.
    for _ in range(6):
        await _tick(hass, freezer, 10)
    assert float(_state(hass, "sensor.den_compressor_starts_per_hour")) == 0
    assert _state(hass, "binary_sensor.den_short_cycling") == STATE_OFF
    assert "short_cycling" not in _issues(hass)


CYCLE_ENTITIES = ("sensor.den_compressor_starts_per_hour", "binary_sensor.den_short_cycling")
DEFROST_ENTITIES = ("binary_sensor.den_defrosting", "sensor.den_defrosts_today")


@pytest.mark.parametrize(
    ("retained", "cycles", "defrost"),
    [
        # Only mode and room: nothing says what the compressor does, nor the defrost.
        ({"mode": "heat", "current_temperature": "18.5"}, False, False),
        # ESPHome's action is the compressor's signal, and says defrosting.
        ({**HEATING}, True, True),
        # The compressor topic alone.
        ({"mode": "heat", "compressor": "on"}, True, False),
        # A power reading stands in for the compressor.
        ({"mode": "heat", "power": "900"}, True, False),
        # The defrost topic alone.
        ({"mode": "heat", "defrost": "off"}, False, True),
    ],
)
async def test_missing_signals_make_their_entities_unavailable(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    device: Device,
    care_entry: MockConfigEntry,
    retained: dict[str, str],
    cycles: bool,
    defrost: bool,
) -> None:
    """Without a compressor signal (compressor, power or action topic) starts are unavailable."""
    await _node(hass, device, care_entry, retained)
    for entity in CYCLE_ENTITIES:
        assert (_state(hass, entity) != STATE_UNAVAILABLE) is cycles, entity
    for entity in DEFROST_ENTITIES:
        assert (_state(hass, entity) != STATE_UNAVAILABLE) is defrost, entity
    # The filter's hours count from the mode all the same.
    assert _state(hass, "sensor.den_filter_run_time") != STATE_UNAVAILABLE
