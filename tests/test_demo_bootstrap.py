"""Tests of scripts/demo_bootstrap.py: the demo changes its own unit only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .scripts_helpers import load_script

demo = load_script("demo_bootstrap")

DEMO = {"entry_id": "demo1", "title": "Bedroom"}
USERS = {"entry_id": "user1", "title": "Office"}
USERS_BEDROOM = {"entry_id": "user2", "title": "Bedroom"}


class FakeApi:
    """Home Assistant's REST API as the options flows of two simulated units answer it."""

    def __init__(self, entries: list[dict[str, str]]) -> None:
        """Serve these config entries, each at speed 1."""
        self.entries = entries
        self.flows: dict[str, str] = {}
        self.speeds = {entry["entry_id"]: 1.0 for entry in entries}

    def expect(self, _method: str, path: str, *, json_body: Any = None, **_: Any) -> Any:
        """Answer one request like Home Assistant."""
        if path.startswith("/api/config/config_entries/entry"):
            return self.entries
        if path == "/api/config/config_entries/options/flow":
            flow_id = f"flow-{json_body['handler']}"
            self.flows[flow_id] = json_body["handler"]
            return {"type": "menu", "flow_id": flow_id, "menu_options": ["unit_settings"]}
        flow_id = path.rsplit("/", 1)[1]
        if json_body == {"next_step_id": "unit_settings"}:
            speed = self.speeds[self.flows[flow_id]]
            return {
                "type": "form",
                "flow_id": flow_id,
                "data_schema": [{"name": "speed", "default": speed}],
            }
        self.speeds[self.flows[flow_id]] = json_body["speed"]
        return {"type": "create_entry"}

    def call(self, _method: str, _path: str, **_: Any) -> None:
        """Accept the abort of a flow."""


def test_speed_changes_only_the_demo_unit() -> None:
    """A unit the user added keeps its own clock speed; the demo's runs at the demo speed."""
    api = FakeApi([DEMO, USERS])

    demo.ensure_speed(api, 8.0, "demo1")

    assert api.speeds == {"demo1": 8.0, "user1": 1.0}


@pytest.mark.parametrize(
    ("entries", "remembered", "expected"),
    [
        ([USERS, DEMO], "demo1", "demo1"),
        # The user renamed the demo's unit: still the remembered one.
        ([USERS, {**DEMO, "title": "Guest room"}], "demo1", "demo1"),
        # The user removed it and added one of the same name: that one is theirs.
        ([USERS, USERS_BEDROOM], "demo1", None),
        # A config folder from before the demo remembered: the first with its name.
        ([USERS, USERS_BEDROOM, DEMO], None, "user2"),
        ([USERS], None, None),
    ],
)
def test_demo_entry_id(
    entries: list[dict[str, str]], remembered: str | None, expected: str | None
) -> None:
    """The demo's unit is the one it remembers creating, never a unit the user added."""
    assert demo.demo_entry_id(entries, remembered) == expected


def test_entry_created_is_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bootstrap remembers the entry it created, and only that one, in the config folder."""
    api = FakeApi([])
    monkeypatch.setattr(
        demo,
        "run_config_flow",
        lambda *_args, **_kwargs: {"title": "Bedroom", "result": {"entry_id": "demo1"}},
    )

    assert demo.ensure_config_entry(api, tmp_path) == ("demo1", True)

    api.entries = [DEMO, USERS]
    assert demo.ensure_config_entry(api, tmp_path) == ("demo1", False)
    assert (tmp_path / demo.DEMO_ENTRY_FILE).read_text() == "demo1\n"
