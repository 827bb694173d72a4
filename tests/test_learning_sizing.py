"""Tests of sizing from operation: an undersized, a right and an oversized unit in one room."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.window_heatpump.bridges.simulated.physics import SimulatorSettings
from custom_components.window_heatpump.bridges.simulated.truth import RoomTruth
from custom_components.window_heatpump.bridges.simulated.unit import SimulatedUnit
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.learning.estimator import Estimator
from custom_components.window_heatpump.learning.sizing import (
    OperationVerdict,
    sizing_from_operation,
)

from .test_learning import drive, learned_week


def _learn(capacity_btu: int) -> tuple[Estimator, RoomTruth]:
    """Return what 8 winter days taught of a unit of `capacity_btu` in the model bedroom."""
    settings = SimulatorSettings(capacity_btu=capacity_btu)
    return learned_week(capacity_btu), RoomTruth(settings=settings, outdoor_humidity_pct=85.0)


def _true_duty(truth: RoomTruth, outdoor_c: float, set_point_c: float) -> float:
    """Return the share of time the simulated unit truly must run at `outdoor_c`."""
    need = truth.heat_loss_w_per_k * (set_point_c - outdoor_c) - truth.internal_gain_w
    return need / truth.heating_capacity_with_defrost_w(outdoor_c)


@pytest.mark.parametrize(
    ("capacity_btu", "verdict"),
    [
        (5000, OperationVerdict.UNDERSIZED),
        (12000, OperationVerdict.RIGHT_SIZED),
        (36000, OperationVerdict.OVERSIZED),
    ],
)
def test_the_verdict_is_the_truth(capacity_btu: int, verdict: OperationVerdict) -> None:
    """A week of winter judges each unit as its true duty at the coldest hours seen says."""
    estimator, truth = _learn(capacity_btu)
    sizing = sizing_from_operation(estimator.figures, estimator.heat_set_point_c, None)
    assert sizing is not None
    assert sizing.verdict is verdict
    assert sizing.heating
    assert sizing.outdoor_c <= 2.0
    assert sizing.duty == pytest.approx(
        _true_duty(truth, sizing.outdoor_c, sizing.set_point_c), rel=0.2
    )


def test_no_verdict_before_the_weather_proves_it() -> None:
    """Oversized needs cold hours seen: a mild week says nothing; nothing learned neither."""
    settings = SimulatorSettings(capacity_btu=36000)
    unit = SimulatedUnit(settings, room_temperature_c=18.0, outdoor_temperature_c=10.0)
    estimator = Estimator(rated_w=settings.rated_w)
    drive(unit, estimator, 4, outdoor=lambda _t: 10.0)
    assert sizing_from_operation(estimator.figures, 21.0, None) is None
    assert sizing_from_operation(Estimator(rated_w=None).figures, 21.0, 24.0) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_the_repairs_issue_quotes_the_evidence(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An undersized verdict raises a Repairs issue with its figures, again after a restart."""
    learning = init_integration.runtime_data.learning
    learning.estimator = learned_week(5000)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"sizing_operation_{init_integration.entry_id}"
    )
    assert issue is not None
    assert issue.translation_key == "sizing_operation_undersized"
    placeholders = issue.translation_placeholders or {}
    assert placeholders["name"] == "Bedroom"
    assert int(placeholders["duty_pct"]) > 100
    assert float(placeholders["outdoor_c"]) <= 2.0
    state = hass.states.get("sensor.bedroom_sizing_from_operation")
    assert state is not None
    assert state.state == "undersized"
    assert state.attributes["mode"] == "heat"

    await hass.services.async_call(
        "button", "press", {"entity_id": "button.bedroom_reset_learned_room"}, blocking=True
    )
    freezer.tick(timedelta(seconds=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"sizing_operation_{init_integration.entry_id}")
        is None
    )
