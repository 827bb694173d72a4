"""Tests of the bridge registry: every bridge brings its flow step, strings and redaction."""

from __future__ import annotations

import json
from pathlib import Path
import re

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

import custom_components.window_heatpump
from custom_components.window_heatpump import bridges, const
from custom_components.window_heatpump.bridges import BRIDGES
from custom_components.window_heatpump.bridges.base import BridgeSpec
from custom_components.window_heatpump.config_flow import WindowHeatPumpConfigFlow
from custom_components.window_heatpump.const import DOMAIN
from custom_components.window_heatpump.diagnostics import TO_REDACT
from custom_components.window_heatpump.storage import EntryStore

PACKAGE = Path(custom_components.window_heatpump.__file__).parent
MENU_LABEL_MAX = 30
STRINGS = json.loads((PACKAGE / "strings.json").read_text(encoding="utf-8"))
SPECS = list(BRIDGES.values())


def _package_source(spec: BridgeSpec) -> str:
    """Return the source of the package that declares a bridge."""
    module = spec.factory.__module__.split(".")
    folder = PACKAGE.joinpath(*module[module.index("bridges") : -1])
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py")))


def test_every_bridge_constant_is_registered() -> None:
    """Each `BRIDGE_*` value of const.py is a bridge of the registry, and nothing else is."""
    keys = {
        value
        for name, value in vars(const).items()
        if name.startswith("BRIDGE_") and isinstance(value, str)
    }
    assert set(BRIDGES) == keys
    assert all(key == spec.key for key, spec in BRIDGES.items())


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_bridge_has_flow_step_and_strings(spec: BridgeSpec) -> None:
    """The menu option leads to a step of the flow that has its title and menu text."""
    assert callable(getattr(WindowHeatPumpConfigFlow, f"async_step_{spec.step_id}", None))
    assert STRINGS["config"]["step"][spec.step_id]["title"]
    user = STRINGS["config"]["step"]["user"]
    # Longer labels were cut off with "..." at 1400 px; the detail is the option's description.
    assert 0 < len(user["menu_options"][spec.step_id]) <= MENU_LABEL_MAX
    assert user["menu_option_descriptions"][spec.step_id]


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_bridge_redaction_reaches_diagnostics(spec: BridgeSpec) -> None:
    """What a bridge names secret is redacted in every download."""
    assert isinstance(spec.redact, frozenset)
    assert spec.redact <= TO_REDACT


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_bridge_reauth_matches_its_errors(spec: BridgeSpec) -> None:
    """A bridge that can refuse credentials says so; a reauth step exists for it."""
    raises_auth = "BridgeAuthError" in _package_source(spec)
    assert spec.reauth is raises_auth
    if spec.reauth:
        assert callable(getattr(WindowHeatPumpConfigFlow, "async_step_reauth", None))
        assert STRINGS["config"]["step"]["reauth_confirm"]["title"]


def test_bridge_stores_are_declared() -> None:
    """Every store the bridges write is declared by a bridge (removal deletes them all)."""
    used = {
        EntryStore[name]
        for path in (PACKAGE / "bridges").rglob("*.py")
        for name in re.findall(r"EntryStore\.(\w+)", path.read_text(encoding="utf-8"))
    }
    declared = {store for spec in SPECS for store in spec.stores}
    assert declared == used


def test_diagnostics_redact_every_bridge_secret() -> None:
    """The download redacts the union of the bridges' keys (what it redacted before they did)."""
    assert (
        bridges.redact_keys()
        == TO_REDACT
        == {
            "host",
            "token",
            "key",
            "password",
            "username",
            "mac",
            "webhook_id",
            "serial",
        }
    )


async def test_menu_is_the_registry(hass: HomeAssistant) -> None:
    """The config flow offers the registry's bridges, in its order."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": "user"})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [spec.step_id for spec in SPECS]
    assert result["menu_options"][:4] == [
        "simulated",
        "mqtt_native",
        "mqtt_tasmota",
        "mqtt_zigbee2mqtt",
    ]
