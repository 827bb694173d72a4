"""Tests of what the HACS action and hassfest check of a custom integration's packaging.

Written from their documentation (hacs.xyz "Publish: include", "Publish: integration" and the
hacs.json reference; developers.home-assistant.io "Integration manifest" and hassfest's
manifest check), so that the repository passes both before it is submitted. Rules checked:

HACS
- hacs.json is in the repository root, has `name` (a string) and no key outside the ones HACS
  allows (content_in_root, country, filename, hacs, hide_default_branch, homeassistant,
  persistent_directory, render_readme, zip_release): unknown keys are an error, not a warning.
  `zip_release` needs `filename`. Its `homeassistant` is the floor the suite runs on
  (requirements_test_floor.txt), so HACS never offers the integration to an untested release.
- Exactly one integration under custom_components/, all its files inside it.
- Its manifest has what HACS requires: codeowners (a list), documentation and issue_tracker
  (URLs), domain, name and a version.
- A README at the root, and the brands check: the integration ships brand/icon.png (Home
  Assistant 2026.3+ serves it; tests/test_brand.py checks the images themselves).

hassfest (custom integration)
- No key outside the manifest schema; domain equals the folder's name; keys sorted: domain,
  name, then alphabetical.
- version present and valid (CalVer, SemVer, simple, build or PEP 440 to AwesomeVersion).
- documentation an https URL not on home-assistant.io; issue_tracker a URL.
- integration_type one of the non-virtual types; iot_class one of the supported classes (and
  present); config_flow true only with a config_flow.py; codeowners GitHub handles.
- Every requirement pinned with `==` (Home Assistant installs exactly what is listed).

Releases (docs/releases.md)
- The version is SemVer and CHANGELOG.md's newest entry is that version, so the release tag
  `v<version>` that HACS offers matches the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
from typing import Any
from urllib.parse import urlparse

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy

from custom_components.window_heatpump.const import DOMAIN

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / DOMAIN

HACS_KEYS = {
    "content_in_root",
    "country",
    "filename",
    "hacs",
    "hide_default_branch",
    "homeassistant",
    "persistent_directory",
    "render_readme",
    "zip_release",
}
HACS_BOOLEANS = {"content_in_root", "hide_default_branch", "render_readme", "zip_release"}

# hassfest's custom integration manifest schema (the core schema plus version, issue_tracker
# and import_executor); any other key is an error.
MANIFEST_KEYS = {
    "after_dependencies",
    "bluetooth",
    "codeowners",
    "config_flow",
    "dependencies",
    "dhcp",
    "disabled",
    "documentation",
    "domain",
    "homekit",
    "import_executor",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "loggers",
    "mqtt",
    "name",
    "preview_features",
    "quality_scale",
    "requirements",
    "single_config_entry",
    "ssdp",
    "usb",
    "version",
    "zeroconf",
}
INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service", "system"}
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _is_url(value: object, scheme: str | None = None) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return bool(parsed.netloc) and parsed.scheme in ({scheme} if scheme else {"http", "https"})


def test_hacs_json() -> None:
    """hacs.json holds a name and only keys HACS allows, with their types."""
    hacs = _json(ROOT / "hacs.json")
    assert isinstance(hacs.get("name"), str)
    assert hacs["name"]
    assert set(hacs) - {"name"} <= HACS_KEYS
    for key in HACS_BOOLEANS & set(hacs):
        assert isinstance(hacs[key], bool), key
    if hacs.get("zip_release"):
        assert isinstance(hacs.get("filename"), str)
    # The integration lives in custom_components/, not at the root.
    assert hacs.get("content_in_root", False) is False


def test_hacs_floor_is_the_tested_floor() -> None:
    """hacs.json's minimum Home Assistant is the release the floor suite pins."""
    hacs = _json(ROOT / "hacs.json")
    assert AwesomeVersion(hacs["homeassistant"]).strategy != AwesomeVersionStrategy.UNKNOWN
    floor = (ROOT / "requirements_test_floor.txt").read_text(encoding="utf-8")
    assert f"pins homeassistant=={hacs['homeassistant']}," in floor


def test_one_integration_with_readme_and_brand() -> None:
    """One integration under custom_components/, a README, and the local brand icon."""
    folders = [path.name for path in (ROOT / "custom_components").iterdir() if path.is_dir()]
    assert [name for name in folders if name != "__pycache__"] == [DOMAIN]
    assert (ROOT / "README.md").is_file()
    assert (INTEGRATION / "brand" / "icon.png").is_file()


def test_manifest_has_what_hacs_requires() -> None:
    """codeowners, documentation, domain, issue_tracker, name and version."""
    manifest = _json(INTEGRATION / "manifest.json")
    assert isinstance(manifest["codeowners"], list)
    assert _is_url(manifest["documentation"])
    assert _is_url(manifest["issue_tracker"])
    assert manifest["domain"] == DOMAIN
    assert isinstance(manifest["name"], str)
    assert AwesomeVersion(manifest["version"]).strategy != AwesomeVersionStrategy.UNKNOWN


def test_manifest_passes_hassfest() -> None:
    """The manifest as hassfest's custom integration check wants it."""
    manifest = _json(INTEGRATION / "manifest.json")
    assert set(manifest) <= MANIFEST_KEYS
    assert manifest["domain"] == INTEGRATION.name
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    # verify_version raises if the version fits none of these strategies.
    AwesomeVersion(manifest["version"], ensure_strategy=VERSION_STRATEGIES)
    assert _is_url(manifest["documentation"], "https")
    assert urlparse(manifest["documentation"]).netloc != "www.home-assistant.io"
    assert _is_url(manifest["issue_tracker"])
    assert manifest.get("integration_type", "hub") in INTEGRATION_TYPES
    assert manifest["iot_class"] in IOT_CLASSES
    assert manifest.get("config_flow", False) == (INTEGRATION / "config_flow.py").is_file()
    assert all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", owner) for owner in manifest["codeowners"])
    for key in ("requirements", "dependencies", "after_dependencies", "loggers"):
        assert all(isinstance(item, str) for item in manifest.get(key, [])), key
    for requirement in manifest.get("requirements", []):
        assert re.fullmatch(r"[A-Za-z0-9._\[\]-]+==[A-Za-z0-9.+-]+", requirement), requirement


def test_version_is_the_changelogs_newest() -> None:
    """The version is SemVer and CHANGELOG.md's newest entry names it (tags follow it)."""
    version = _json(INTEGRATION / "manifest.json")["version"]
    assert SEMVER.fullmatch(version)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    entries = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.MULTILINE)
    assert entries
    assert entries[0] == version
