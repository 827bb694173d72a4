"""Local HTTP bridge for DIY firmware (ESP32 and the like), on Home Assistant's shared session.

The firmware serves three JSON endpoints (see docs/bridges/http.md for the exact schema):
`GET /whp/v1/info` (what the unit can do), `GET /whp/v1/state` (what it is doing) and
`POST /whp/v1/command` (the whole desired state). The bridge polls the state; the firmware may
also push a state to Home Assistant's webhook for the entry, which is taken at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from aiohttp import ClientError, ClientTimeout, StreamReader, web
from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from ...const import CONF_WEBHOOK_ID, DOMAIN, LOGGER
from ...inbound import (
    ENERGY_LIMITS_KWH,
    HUMIDITY_LIMITS,
    MAX_MESSAGE_CHARS,
    OUTDOOR_LIMITS_C,
    POWER_LIMITS_W,
    ROOM_LIMITS_C,
    InboundError,
    finite_number,
    parse_json_object,
)
from ...model import (
    ACTIVE_MODES,
    Action,
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    UnitState,
    from_celsius,
)
from ...unit_details import capabilities_from_details
from ..base import (
    AvailabilityListener,
    BridgeCommandError,
    BridgeConnectionError,
    BridgeNotice,
    BridgeProtocolError,
    NoticeListener,
    StateListener,
)
from ..vocabulary import untold_action

API_PREFIX = "/whp/v1"
# A unit on the LAN answers in milliseconds; ten seconds covers a busy ESP32 and Wi-Fi retries.
REQUEST_TIMEOUT = ClientTimeout(total=10)
# What a firmware that says nothing of its fan gets (most remotes have these).
DEFAULT_FAN_SPEEDS = (FanSpeed.AUTO, FanSpeed.LOW, FanSpeed.MEDIUM, FanSpeed.HIGH)
CONF_INFO = "info"


def base_url(data: Mapping[str, Any]) -> str:
    """Return the firmware's base URL from an entry's data (an IPv6 address in brackets)."""
    host = str(data[CONF_HOST])
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{int(data[CONF_PORT])}{API_PREFIX}"


async def async_fetch_json(hass: HomeAssistant, url: str) -> dict[str, Any]:
    """GET a JSON object, or raise the bridge error that says what went wrong."""
    session = async_get_clientsession(hass)
    try:
        async with session.get(url, timeout=REQUEST_TIMEOUT) as response:
            if response.status >= 400:  # noqa: PLR2004
                raise BridgeProtocolError(f"GET {url} answered HTTP {response.status}")
            body = await _read_bounded(response.content, url)
    except (ClientError, TimeoutError) as err:
        raise BridgeConnectionError(f"GET {url} failed: {str(err) or type(err).__name__}") from err
    return _json_object(body, url)


async def _read_bounded(content: StreamReader, where: str) -> bytes:
    """Return a body of at most MAX_MESSAGE_CHARS bytes; stop reading a longer one and raise."""
    body = await content.read(MAX_MESSAGE_CHARS + 1)
    while len(body) <= MAX_MESSAGE_CHARS and (more := await content.read(MAX_MESSAGE_CHARS)):
        body += more
    if len(body) > MAX_MESSAGE_CHARS:
        raise BridgeProtocolError(f"{where} sent more than {MAX_MESSAGE_CHARS} bytes")
    return body


def _json_object(body: bytes, where: str) -> dict[str, Any]:
    """Return a body parsed as a JSON object, or raise BridgeProtocolError."""
    try:
        return parse_json_object(body)
    except InboundError as err:
        raise BridgeProtocolError(f"{where} sent no valid JSON ({err})") from err


def _enum_list[E: (FanSpeed, Swing, Preset)](
    info: Mapping[str, Any], key: str, kind: type[E], default: tuple[E, ...]
) -> tuple[E, ...]:
    """Return a list of enum values from the info document, in the model's order."""
    if key not in info:
        return default
    values = info[key]
    if not isinstance(values, list):
        raise BridgeProtocolError(f"info: {key} is not a list")
    try:
        wanted = {kind(value) for value in values}
    except ValueError as err:
        raise BridgeProtocolError(f"info: {key}: {err}") from err
    return tuple(value for value in kind if value in wanted)


def capabilities_from_info(data: Mapping[str, Any], info: Mapping[str, Any]) -> Capabilities:
    """Return the unit's capabilities: the entry's details and what the firmware declares."""
    base = capabilities_from_details(data, Capabilities(modes=(Mode.OFF, *ACTIVE_MODES)))
    presets = _enum_list(info, "presets", Preset, ())
    if presets and Preset.NONE not in presets:
        presets = (Preset.NONE, *presets)
    for key in ("model", "firmware"):
        if key in info and not isinstance(info[key], str):
            raise BridgeProtocolError(f"info: {key} is not a string")
    return replace(
        base,
        fan_speeds=_enum_list(info, "fan_speeds", FanSpeed, DEFAULT_FAN_SPEEDS),
        swings=_enum_list(info, "swings", Swing, ()),
        presets=presets,
        reports_humidity=True,
        reports_outdoor_temperature=True,
        reports_defrost=True,
        reports_power=True,
        manufacturer="DIY",
        model=info.get("model", "HTTP window heat pump"),
        firmware=info.get("firmware"),
    )


def _number(payload: Mapping[str, Any], key: str, limits: tuple[float, float]) -> float | None:
    """Return an optional number of the state document, which must lie within `limits`."""
    value = payload.get(key)
    if value is None:
        return None
    try:
        return finite_number(value, *limits)
    except InboundError as err:
        raise BridgeProtocolError(f"state: {key}: {err}") from err


def _temperature(
    payload: Mapping[str, Any], key: str, limits_c: tuple[float, float], capabilities: Capabilities
) -> float | None:
    """Return an optional temperature of the state document, in the unit's own unit."""
    unit = capabilities.temperature_unit
    low, high = (round(from_celsius(limit, unit), 1) for limit in limits_c)
    return _number(payload, key, (low, high))


def _flag(payload: Mapping[str, Any], key: str) -> bool | None:
    """Return an optional true/false of the state document."""
    value = payload.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise BridgeProtocolError(f"state: {key} is not true or false")


def parse_state(payload: Mapping[str, Any], capabilities: Capabilities) -> UnitState:
    """Return the state document as the model's, or raise BridgeProtocolError."""
    try:
        mode = Mode(payload["mode"])
        # A set point is a temperature the room could have; the unit's grid is its own business.
        target = _temperature(payload, "target_temperature", ROOM_LIMITS_C, capabilities)
        if target is None:
            raise KeyError("target_temperature")  # noqa: TRY301
        desired = DesiredState(
            mode=mode,
            target_temperature=target,
            fan_speed=FanSpeed(payload.get("fan_speed", FanSpeed.AUTO)),
            swing=Swing(payload.get("swing", Swing.OFF)),
            preset=Preset(payload.get("preset", Preset.NONE)),
        )
        defrosting = _flag(payload, "defrosting")
        action: Action | None = untold_action(mode)
        if told := payload.get("action"):
            action = Action(told)
        elif defrosting:
            action = Action.DEFROSTING
        error = payload.get("error_code")
    except KeyError as err:
        raise BridgeProtocolError(f"state: {err.args[0]} is missing") from err
    except ValueError as err:
        raise BridgeProtocolError(f"state: {err}") from err
    if isinstance(error, bool) or not isinstance(error, str | int | float | None):
        raise BridgeProtocolError("state: error_code is not a string or a number")
    if mode not in capabilities.modes:
        raise BridgeProtocolError(f"state: mode {mode} is not one of the unit's")
    return UnitState(
        desired=desired,
        action=action,
        current_temperature=_temperature(
            payload, "current_temperature", ROOM_LIMITS_C, capabilities
        ),
        current_humidity=_number(payload, "current_humidity", HUMIDITY_LIMITS),
        outdoor_temperature=_temperature(
            payload, "outdoor_temperature", OUTDOOR_LIMITS_C, capabilities
        ),
        compressor_running=_flag(payload, "compressor_running"),
        defrosting=defrosting,
        power_w=_number(payload, "power_w", POWER_LIMITS_W),
        energy_kwh=_number(payload, "energy_kwh", ENERGY_LIMITS_KWH),
        filter_alert=_flag(payload, "filter_alert"),
        error_code=None if error is None else str(error),
    )


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> HttpBridge:
    """Build the HTTP bridge an entry describes."""
    return HttpBridge(hass, entry, notify)


class HttpBridge:
    """Poll a DIY firmware's JSON state, send it whole desired states, take its pushes."""

    pushes = False

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
    ) -> None:
        """Initialize the bridge from the entry (the info it stored at set-up)."""
        self._hass = hass
        self._entry = entry
        self._notify = notify
        self._url = base_url(entry.data)
        self._capabilities = capabilities_from_info(entry.data, entry.data.get(CONF_INFO, {}))
        self._on_state: StateListener | None = None
        self._webhook_id: str | None = entry.data.get(CONF_WEBHOOK_ID)
        self._pushes_taken = 0

    @property
    def capabilities(self) -> Capabilities:
        """Return what the firmware declared."""
        return self._capabilities

    async def async_connect(
        self,
        on_state: StateListener,
        on_availability: AvailabilityListener,  # noqa: ARG002
    ) -> None:
        """Read the firmware's info (reload when it changed) and open the webhook."""
        info = await async_fetch_json(self._hass, f"{self._url}/info")
        if info != self._entry.data.get(CONF_INFO):
            # New firmware, new capabilities: store them; the entities are built anew.
            LOGGER.info("%s declares new capabilities; reloading", self._entry.title)
            capabilities_from_info(self._entry.data, info)
            self._notify(BridgeNotice.NEW_ENTRY_DATA, {CONF_INFO: info})
        self._on_state = on_state
        if self._webhook_id is not None:
            webhook.async_register(
                self._hass,
                DOMAIN,
                self._entry.title,
                self._webhook_id,
                self._async_handle_webhook,
                local_only=True,
                allowed_methods=("POST", "PUT"),
            )

    async def async_close(self) -> None:
        """Close the webhook; the shared session stays Home Assistant's."""
        if self._webhook_id is not None:
            webhook.async_unregister(self._hass, self._webhook_id)
        self._on_state = None

    async def async_get_state(self) -> UnitState:
        """GET the firmware's state."""
        payload = await async_fetch_json(self._hass, f"{self._url}/state")
        return parse_state(payload, self._capabilities)

    async def async_send(self, desired: DesiredState) -> None:
        """POST the whole desired state; a refusal carries the firmware's reason."""
        url = f"{self._url}/command"
        body = {
            "mode": desired.mode.value,
            "target_temperature": desired.target_temperature,
            "fan_speed": desired.fan_speed.value,
            "swing": desired.swing.value,
            "preset": desired.preset.value,
        }
        session = async_get_clientsession(self._hass)
        try:
            async with session.post(url, json=body, timeout=REQUEST_TIMEOUT) as response:
                if response.status >= 400:  # noqa: PLR2004
                    reason = (await response.text()).strip()[:200]
                    raise BridgeCommandError(f"HTTP {response.status}: {reason}")
        except (ClientError, TimeoutError) as err:
            raise BridgeConnectionError(
                f"POST {url} failed: {str(err) or type(err).__name__}"
            ) from err

    def diagnostics(self) -> dict[str, Any]:
        """Return the firmware's info and how many pushes arrived."""
        return {
            "info": self._entry.data.get(CONF_INFO),
            "webhook": self._webhook_id is not None,
            "pushes_taken": self._pushes_taken,
        }

    async def _async_handle_webhook(
        self,
        hass: HomeAssistant,  # noqa: ARG002
        webhook_id: str,  # noqa: ARG002
        request: web.Request,
    ) -> web.Response:
        """Take a state the firmware pushed; answer 400 with the reason when it is malformed."""
        try:
            body = await _read_bounded(request.content, "push")
            state = parse_state(_json_object(body, "push"), self._capabilities)
        except BridgeProtocolError as err:
            LOGGER.debug("%s: push refused: %s", self._entry.title, err)
            return web.Response(status=400, text=str(err))
        self._pushes_taken += 1
        if self._on_state is not None:
            self._on_state(state)
        return web.Response(status=204)
