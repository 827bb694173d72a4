"""The dashboard view in docs/automations.md names entities a simulated unit really has."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util.yaml import parse_yaml
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .scripts_helpers import load_script

demo_bootstrap = load_script("demo_bootstrap")
PAGE = Path(__file__).parent.parent / "docs" / "automations.md"
SECTION = "## A dashboard view per unit"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)
ENTITY_ID = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def dashboard_view() -> dict[str, Any]:
    """Return the view of the page's dashboard section, parsed."""
    section = PAGE.read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    match = YAML_BLOCK.search(section)
    assert match is not None, f"no yaml block under {SECTION!r}"
    view = parse_yaml(match.group(1))
    assert isinstance(view, dict)
    return view


def entity_ids(node: object) -> set[str]:
    """Return every entity id the view names (`entity:` and `entities:` items)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "entity" and isinstance(value, str):
                found.add(value)
            elif key == "entities" and isinstance(value, list):
                found.update(item for item in value if isinstance(item, str))
                found |= entity_ids([item for item in value if not isinstance(item, str)])
            else:
                found |= entity_ids(value)
    elif isinstance(node, list):
        for item in node:
            found |= entity_ids(item)
    return found


def test_the_demo_adds_this_view() -> None:
    """The demo's dashboard is the page's view, read from the page itself."""
    assert demo_bootstrap.DASHBOARD_SECTION == SECTION
    assert demo_bootstrap.dashboard_view() == dashboard_view()


def test_the_view_has_every_card_it_promises() -> None:
    """Thermostat, defrost, filter, energy and schedule: each has its card."""
    view = dashboard_view()
    named = entity_ids(view)
    assert all(ENTITY_ID.match(entity_id) for entity_id in named)
    assert {card["type"] for card in view["cards"]} >= {"thermostat", "entities", "calendar"}
    for needed in ("climate.", "_defrosting", "_filter_", "_energy", "_schedule"):
        assert any(needed in entity_id for entity_id in named), needed


async def test_the_view_names_entities_of_a_simulated_unit(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Each entity of the view exists on a unit named Bedroom, enabled and available."""
    registry = er.async_get(hass)
    ours = {
        entry.entity_id
        for entry in er.async_entries_for_config_entry(registry, init_integration.entry_id)
        if (state := hass.states.get(entry.entity_id)) is not None
        and state.state != STATE_UNAVAILABLE
    }

    assert entity_ids(dashboard_view()) <= ours
