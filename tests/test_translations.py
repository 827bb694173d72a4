"""Tests of the translations: each language has every key of English and keeps its placeholders."""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any

import homeassistant
import pytest

import custom_components.window_heatpump
from custom_components.window_heatpump.const import DOMAIN

PACKAGE = Path(custom_components.window_heatpump.__file__).parent
TRANSLATIONS = PACKAGE / "translations"
# The languages issue 17 ships; the lead enables the presence test once all have landed.
LANGUAGES = ["de", "fr", "es", "nl", "it", "pl"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
REFERENCE = re.compile(r"\[%key:([\w:]+)%\]")


def _load(path: Path) -> dict[str, Any]:
    """Return one JSON file of the package."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Return every string of a translation tree by its dotted key."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _lookup(tree: dict[str, Any], path: list[str]) -> str:
    """Return the string a `[%key:...%]` path names in a strings tree."""
    node: Any = tree
    for part in path:
        node = node[part]
    assert isinstance(node, str)
    return node


def _render(strings: dict[str, Any]) -> dict[str, Any]:
    """Return strings.json with its references resolved, as HA's translation script renders it."""
    core = _load(Path(homeassistant.__file__).parent / "strings.json")

    def resolve(match: re.Match[str]) -> str:
        path = match.group(1).split("::")
        if path[0] == "common":
            return resolve_text(_lookup(core, path))
        # HA only lets an integration reference its own strings and the common ones.
        assert path[:2] == ["component", DOMAIN], match.group(0)
        return resolve_text(_lookup(strings, path[2:]))

    def resolve_text(text: str) -> str:
        return REFERENCE.sub(resolve, text)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return resolve_text(node)

    rendered: dict[str, Any] = walk(strings)
    return rendered


ENGLISH = _flatten(_load(TRANSLATIONS / "en.json"))
OTHERS = sorted(path for path in TRANSLATIONS.glob("*.json") if path.name != "en.json")


def test_english_is_strings_rendered() -> None:
    """translations/en.json is what strings.json renders to, so the two never drift apart."""
    assert _load(TRANSLATIONS / "en.json") == _render(_load(PACKAGE / "strings.json"))


def test_every_language_is_present() -> None:
    """Every language issue 17 promises has its file, and no other file is there."""
    assert sorted(path.stem for path in OTHERS) == sorted(LANGUAGES)


@pytest.mark.parametrize("path", OTHERS, ids=lambda path: path.stem)
def test_language_has_the_keys_of_english(path: Path) -> None:
    """A language has exactly English's keys: none missing (shown raw) and none stale."""
    keys = set(_flatten(_load(path)))
    assert sorted(set(ENGLISH) - keys) == []
    assert sorted(keys - set(ENGLISH)) == []


@pytest.mark.parametrize("path", OTHERS, ids=lambda path: path.stem)
def test_language_keeps_the_placeholders(path: Path) -> None:
    """Each string keeps English's {placeholders}, which HA fills in by name, and is not empty."""
    for key, text in _flatten(_load(path)).items():
        assert text.strip(), key
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(ENGLISH[key])), key
