"""The checks every config, options and reconfigure step runs first on what the user typed.

Home Assistant's selectors check the shape of a value (a number, an entity id of the right
domain) but not all of it: a number may be NaN or infinite, a text any length with control
characters, an entity one that does not exist. `checked_input` walks a step's schema and returns
the input with names cleaned, and a translated form error for each field it cannot take; the
step's own checks run only on input that passed these.
"""

from __future__ import annotations

from collections.abc import Mapping
import ipaddress
import math
import re
from typing import Any, Final
import unicodedata

from homeassistant.const import CONF_HOST, CONF_NAME
from homeassistant.core import HomeAssistant, split_entity_id, valid_entity_id
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    EntitySelector,
    NumberSelector,
    TextSelector,
    TextSelectorType,
)

from ..inbound import InboundError, number_or_text
from ..schema import vol

# A unit's or schedule's name: the device, its entities and log lines show it.
NAME_MAX_LENGTH: Final = 64
# Any other text (topics, hosts, paths, actions): far more than a real one needs.
TEXT_MAX_LENGTH: Final = 255
# Format characters kept in names: they join emoji and shape scripts (Persian, Indic). The
# others (bidirectional overrides such as U+202E, invisible separators) are dropped.
KEPT_FORMAT: Final = frozenset({"\u200c", "\u200d"})
# In a name, line breaks and tabs become spaces; the other control, format and surrogate
# characters (NUL, U+202E ...) go altogether.
_DROPPED: Final = frozenset({"Cc", "Cf", "Cs"})
_NOT_TEXT: Final = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# A host name: labels of letters, digits and hyphens (RFC 1123), dot-separated.
_HOST_LABEL: Final = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_HOST_MAX_LENGTH: Final = 253


def clean_name(value: str) -> str:
    """Return a name without control and format characters, its white space collapsed."""
    kept = [
        char
        for char in unicodedata.normalize("NFC", value)
        if char.isspace() or unicodedata.category(char) not in _DROPPED or char in KEPT_FORMAT
    ]
    # str.split() breaks at every space character, line and paragraph separators included.
    return " ".join("".join(kept).split())


def name_error(name: str) -> str | None:
    """Return the form error for a cleaned name, or None."""
    if not name:
        return "name_required"
    if len(name) > NAME_MAX_LENGTH:
        return "name_too_long"
    return None


def host_error(host: str) -> str | None:
    """Return the form error for a host that is neither an IP address nor a host name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.removesuffix(".").split(".")
        if len(host) > _HOST_MAX_LENGTH or not all(map(_HOST_LABEL.fullmatch, labels)):
            return "invalid_host"
    return None


def checked_input(
    hass: HomeAssistant, schema: vol.Schema, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the input with names cleaned, and a form error per field the step cannot take.

    Per selector: a number must be finite and within the selector's own range; a text must
    have no control characters and a sane length (a name is cleaned of them instead, and must
    not be blank); an entity must exist, in the selector's domain (a registry id is resolved).
    """
    checked = dict(user_input)
    errors: dict[str, str] = {}
    for marker, selector in schema.schema.items():
        key = str(marker)
        if (value := checked.get(key)) is None:
            continue
        error: str | None = None
        if isinstance(selector, NumberSelector):
            error = _number_error(selector, value)
        elif isinstance(selector, EntitySelector):
            error, checked[key] = _entity(hass, selector, value)
        elif isinstance(selector, TextSelector) and isinstance(value, str):
            if key == CONF_NAME:
                checked[key] = clean_name(value)
                error = name_error(checked[key])
            else:
                # A password is taken as typed; other text without the spaces around it.
                if selector.config.get("type") != TextSelectorType.PASSWORD:
                    checked[key] = value = value.strip()
                error = text_error(value) or (host_error(value) if key == CONF_HOST else None)
        if error is not None:
            errors[key] = error
    return checked, errors


def text_error(text: str) -> str | None:
    """Return the form error for a text field (not a name): control characters, length."""
    if len(text) > TEXT_MAX_LENGTH:
        return "text_too_long"
    if any(unicodedata.category(char) in _NOT_TEXT for char in text):
        return "text_invalid"
    return None


def _number_error(selector: NumberSelector, value: Any) -> str | None:
    """Return the form error for a number outside its selector's range, or not finite."""
    config = selector.config
    try:
        number_or_text(value, config.get("min", -math.inf), config.get("max", math.inf))
    except InboundError:
        return "number_invalid"
    return None


def _entity(hass: HomeAssistant, selector: EntitySelector, value: Any) -> tuple[str | None, Any]:
    """Return the form error for an entity that does not exist or is of another domain.

    Also return the value to keep: a registry id (which the selector lets through) resolved
    to its entity id.
    """
    registry = er.async_get(hass)
    entity_id = er.async_resolve_entity_id(registry, value) if isinstance(value, str) else None
    if entity_id is None or not valid_entity_id(entity_id):
        return "entity_not_found", value
    domains = selector.config.get("domain")
    allowed = [domains] if isinstance(domains, str) else list(domains or ())
    if allowed and split_entity_id(entity_id)[0] not in allowed:
        return "entity_not_found", value
    registered = registry.async_get(entity_id)
    if hass.states.get(entity_id) is None and (registered is None or registered.disabled):
        return "entity_not_found", value
    return None, entity_id
