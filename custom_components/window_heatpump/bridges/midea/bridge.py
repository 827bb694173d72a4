"""Midea LAN bridge: a Midea-made unit reached on the local network through msmart-ng.

V2 units speak plain (AES-ECB) packets; V3 units first take a token and key (from the user,
or fetched once from the cloud in the config flow). Nothing here reaches the cloud. The unit
does not push, so the coordinator polls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
import logging
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.importlib import async_import_module

from ...const import CONF_DEVICE_ID, CONF_KEY, CONF_PROTOCOL_VERSION, CONF_TOKEN
from ...model import (
    Capabilities,
    DesiredState,
    FanSpeed,
    Mode,
    Preset,
    Swing,
    TemperatureUnit,
    UnitState,
)
from ...unit_details import capabilities_from_details
from ..base import (
    AvailabilityListener,
    BridgeAuthError,
    BridgeConnectionError,
    BridgeProtocolError,
    NoticeListener,
    StateListener,
)
from .mapping import (
    FAN_TO_MIDEA,
    MIDEA_TO_MODE,
    MODE_TO_MIDEA,
    PRESET_FLAGS,
    SWING_TO_MIDEA,
    state_from_midea,
)

if TYPE_CHECKING:
    from msmart.device.AC.device import AirConditioner

CONF_MIDEA_INFO = "midea_info"
V3 = 3
# The modules of msmart-ng the bridge and the flow use; imported lazily, so start-up stays light.
LIBRARY_MODULES = ("msmart.device.AC.device", "msmart.lan", "msmart.discover", "msmart.cloud")
# The attributes of msmart's AirConditioner the state is read from (state_from_midea's names).
READ_ATTRIBUTES = (
    "power_state",
    "operational_mode",
    "target_temperature",
    "fan_speed",
    "swing_mode",
    *PRESET_FLAGS.values(),
    "defrost_active",
    "indoor_temperature",
    "indoor_humidity",
    "outdoor_temperature",
    "error_code",
)

# Secrets the library could put in a debug line (the V3 handshake carries the token).
_SECRETS: set[str] = set()


class _LibraryLogFilter(logging.Filter):
    """Keep msmart-ng's log free of secrets, and its per-attempt failures at debug level.

    The bridge reports each failure as the entity's availability and logs the change once;
    the library would warn on every poll of an unreachable unit.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact secrets; demote warnings and errors to debug."""
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                "**REDACTED**"
                if isinstance(arg, str | bytes) and _holds_secret(record.msg, arg)
                else arg
                for arg in record.args
            )
        if record.levelno > logging.DEBUG:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def _holds_secret(msg: object, arg: str | bytes) -> bool:
    """Return True when a log argument is or contains a credential."""
    text = arg.hex() if isinstance(arg, bytes) else arg
    return "Local key" in str(msg) or any(secret in text for secret in _SECRETS)


_LOG_FILTER = _LibraryLogFilter()
LIBRARY_LOGGERS = ("msmart.lan", "msmart.base_device", "msmart.device.AC.device", "msmart.discover")


def guard_library_log(*secrets: str | None) -> None:
    """Filter msmart-ng's loggers (once) and add credentials to what they never print."""
    _SECRETS.update(secret.lower() for secret in secrets if secret)
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _LOG_FILTER not in logger.filters:
            logger.addFilter(_LOG_FILTER)


async def async_load_library(hass: HomeAssistant) -> None:
    """Import msmart-ng in the executor, once; the imports in the functions here then find it.

    Importing it reads files (its package metadata among them): in the event loop that would
    be blocking I/O.
    """
    for module in LIBRARY_MODULES:
        await async_import_module(hass, module)


def new_device(host: str, port: int, device_id: int) -> AirConditioner:
    """Return msmart's object for an AC (`async_load_library` imported the library first)."""
    from msmart.device.AC.device import AirConditioner  # noqa: PLC0415

    return AirConditioner(ip=host, port=port, device_id=device_id)


async def async_authenticate(device: AirConditioner, token: str, key: str) -> None:
    """Run the V3 handshake; raise BridgeAuthError for refused credentials."""
    from msmart.lan import AuthenticationError  # noqa: PLC0415

    guard_library_log(token, key)
    try:
        bytes.fromhex(token)
        bytes.fromhex(key)
    except ValueError as err:
        raise BridgeAuthError("the token and key must be hexadecimal") from err
    try:
        await device.authenticate(token, key)
    except AuthenticationError as err:
        # msmart wraps every failure; only a refusal by the unit itself has its own cause.
        if isinstance(err.__cause__, AuthenticationError):
            raise BridgeAuthError("the unit refused the token or key") from err
        raise BridgeConnectionError(f"no handshake with {device.ip}:{device.port}") from err


async def async_probe(device: AirConditioner) -> dict[str, Any]:
    """Read what a (V3: authenticated) unit can do and its state; return the info to store."""
    await device.get_capabilities()
    device.enable_group5_data_requests = True
    await device.refresh()
    if not device.online:
        raise BridgeConnectionError(f"{device.ip}:{device.port} did not answer")
    if not device.supported:
        raise BridgeProtocolError(f"{device.ip}:{device.port} sent no valid reply")
    return midea_info(device)


def midea_info(device: AirConditioner) -> dict[str, Any]:
    """Return what the unit declared, as stored in the entry (model values only)."""
    fans = {int(speed) for speed in device.supported_fan_speeds}
    swings = {int(swing) for swing in device.supported_swing_modes}
    presets = [Preset.SLEEP]
    if device.supports_eco:
        presets.append(Preset.ECO)
    if device.supports_turbo:
        presets.append(Preset.BOOST)
    if device.supports_freeze_protection:
        presets.append(Preset.FREEZE_PROTECTION)
    return {
        "modes": sorted({MIDEA_TO_MODE[int(mode)] for mode in device.supported_operation_modes}),
        "fan_speeds": [speed for speed, raw in FAN_TO_MIDEA.items() if raw in fans],
        "swings": [swing for swing, raw in SWING_TO_MIDEA.items() if raw in swings],
        "presets": [preset for preset in Preset if preset in presets],
        "min_temperature": float(device.min_target_temperature),
        "max_temperature": float(device.max_target_temperature),
        "filter": device.supports_filter_reminder,
        "energy": device.get_total_energy_usage() is not None,
        "serial": device.sn,
    }


def capabilities_from_midea(data: Mapping[str, Any]) -> Capabilities:
    """Return the unit's capabilities: the entry's details narrowed by what the unit declared."""
    info = data.get(CONF_MIDEA_INFO, {})
    modes = {Mode(mode) for mode in info.get("modes", ())}
    base = Capabilities(modes=(Mode.OFF, *(mode for mode in MODE_TO_MIDEA if mode in modes)))
    presets = [Preset(preset) for preset in info.get("presets", ())]
    # The unit speaks °C whatever its display shows; Home Assistant converts for the user.
    details = {**data, "temperature_unit": TemperatureUnit.CELSIUS}
    return replace(
        capabilities_from_details(details, base),
        fan_speeds=tuple(FanSpeed(speed) for speed in info.get("fan_speeds", ())),
        swings=tuple(Swing(swing) for swing in info.get("swings", ())),
        presets=(Preset.NONE, *presets) if presets else (),
        min_temperature=float(info.get("min_temperature", 16)),
        max_temperature=float(info.get("max_temperature", 30)),
        temperature_step=0.5,
        reports_outdoor_temperature=True,
        reports_defrost=True,
        reports_power=bool(info.get("energy")),
        manufacturer="Midea",
        model=f"Midea AC (LAN V{data.get(CONF_PROTOCOL_VERSION, 2)})",
    )


def create_bridge(
    hass: HomeAssistant, entry: ConfigEntry[Any], notify: NoticeListener
) -> MideaBridge:
    """Build the Midea LAN bridge an entry describes."""
    return MideaBridge(hass, entry)


class MideaBridge:
    """Poll a Midea unit on the LAN and send it whole desired states."""

    pushes = False

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        """Initialize the bridge from the entry (what the unit declared at set-up)."""
        self._hass = hass
        self._data = entry.data
        self._capabilities = capabilities_from_midea(entry.data)
        self._device: AirConditioner | None = None
        self._polls = 0

    @property
    def capabilities(self) -> Capabilities:
        """Return what the unit declared."""
        return self._capabilities

    async def async_connect(
        self,
        on_state: StateListener,  # noqa: ARG002
        on_availability: AvailabilityListener,  # noqa: ARG002
    ) -> None:
        """Reach the unit (V3: handshake) and read what it can do."""
        await async_load_library(self._hass)
        device = new_device(
            self._data[CONF_HOST], int(self._data[CONF_PORT]), int(self._data[CONF_DEVICE_ID])
        )
        await self._async_authenticate(device)
        await async_probe(device)
        self._device = device

    async def _async_authenticate(self, device: AirConditioner) -> None:
        """Run the V3 handshake with the entry's token and key (V2 units have none)."""
        if int(self._data.get(CONF_PROTOCOL_VERSION, 2)) == V3:
            await async_authenticate(device, self._data[CONF_TOKEN], self._data[CONF_KEY])

    async def async_close(self) -> None:
        """Forget the unit; msmart closes its socket with the object."""
        self._device = None

    async def async_get_state(self) -> UnitState:
        """Poll the unit; a silent V3 unit is asked for a handshake to tell a stale key apart."""
        device = self._require_device()
        await device.refresh()
        if not device.online:
            await self._async_authenticate(device)
            raise BridgeConnectionError(f"{device.ip}:{device.port} did not answer")
        self._polls += 1
        return self._state(device)

    def _require_device(self) -> AirConditioner:
        """Return the unit's object, or raise when the bridge is not connected."""
        if self._device is None:
            raise BridgeConnectionError("the unit was never reached")
        return self._device

    def _state(self, device: AirConditioner) -> UnitState:
        """Return what msmart last read, as the model's state."""
        info = self._data.get(CONF_MIDEA_INFO, {})
        energy = bool(info.get("energy"))
        values = {name: getattr(device, name) for name in READ_ATTRIBUTES}
        values |= {
            "power_w": device.get_real_time_power_usage() if energy else None,
            "energy_kwh": device.get_total_energy_usage() if energy else None,
            "filter_alert": device.filter_alert if info.get("filter") else None,
        }
        return state_from_midea(values, self._capabilities)

    async def async_send(self, desired: DesiredState) -> None:
        """Set the whole desired state on msmart's object and apply it to the unit."""
        from msmart.device.AC.device import AirConditioner  # noqa: PLC0415

        device = self._require_device()
        device.power_state = desired.mode is not Mode.OFF
        if desired.mode is not Mode.OFF:
            device.operational_mode = AirConditioner.OperationalMode(MODE_TO_MIDEA[desired.mode])
        device.target_temperature = self._capabilities.clamp_temperature(desired.target_temperature)
        device.fan_speed = AirConditioner.FanSpeed(FAN_TO_MIDEA[desired.fan_speed])
        device.swing_mode = AirConditioner.SwingMode(SWING_TO_MIDEA[desired.swing])
        for preset, flag in PRESET_FLAGS.items():
            setattr(device, flag, desired.preset is preset)
        await device.apply()
        if not device.online:
            raise BridgeConnectionError(f"{device.ip}:{device.port} did not take the command")

    def diagnostics(self) -> dict[str, Any]:
        """Return what the unit declared and how the link stands (no credentials)."""
        device = self._device
        return {
            "protocol_version": self._data.get(CONF_PROTOCOL_VERSION),
            "info": self._data.get(CONF_MIDEA_INFO),
            "online": None if device is None else device.online,
            "polls": self._polls,
        }
