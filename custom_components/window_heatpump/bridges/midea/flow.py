"""Config flow steps of the Midea LAN bridge: by IP, cloud token fetch, reauthentication."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PASSWORD, CONF_PORT, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from ...const import (
    BRIDGE_MIDEA,
    CONF_BRIDGE,
    CONF_CAPACITY_BTU,
    CONF_DEVICE_ID,
    CONF_HVAC_MODES,
    CONF_KEY,
    CONF_PROTOCOL_VERSION,
    CONF_TEMPERATURE_UNIT,
    CONF_TOKEN,
    DEFAULT_CAPACITY_BTU,
    LOGGER,
)
from ...flow.checks import checked_input
from ...flow.details import CAPACITY_BOX
from ...model import ACTIVE_MODES, TemperatureUnit
from ...schema import vol
from ..base import BridgeAuthError, BridgeConnectionError, BridgeError
from .bridge import (
    CONF_MIDEA_INFO,
    V3,
    async_authenticate,
    async_load_library,
    async_probe,
    guard_library_log,
    new_device,
)

if TYPE_CHECKING:
    from msmart.base_device import Device

# A unit answers discovery within a second; the library waits this long for answers.
DISCOVERY_TIMEOUT = 3.0
CONF_REGION = "region"
CLOUD_REGIONS = ("US", "DE", "KR")

_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
MIDEA_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_HOST): TextSelector(),
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_CAPACITY_BTU, default=DEFAULT_CAPACITY_BTU): CAPACITY_BOX,
        vol.Optional(CONF_TOKEN): _SECRET,
        vol.Optional(CONF_KEY): _SECRET,
    }
)
CREDENTIALS_SCHEMA = vol.Schema(
    {vol.Required(CONF_TOKEN): _SECRET, vol.Required(CONF_KEY): _SECRET}
)
CLOUD_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_USERNAME): TextSelector(),
        vol.Required(CONF_PASSWORD): _SECRET,
        vol.Required(CONF_REGION, default=CLOUD_REGIONS[0]): vol.In(CLOUD_REGIONS),
    }
)


def _error_key(err: BridgeError) -> str:
    """Return the form error for a failed probe."""
    if isinstance(err, BridgeAuthError):
        return "invalid_auth"
    if isinstance(err, BridgeConnectionError):
        return "cannot_connect"
    return "invalid_response"


async def async_discover(hass: HomeAssistant, host: str) -> Device | None:
    """Ask one address for its discovery answer (id, port, protocol version); None: silence."""
    await async_load_library(hass)
    from msmart.discover import Discover  # noqa: PLC0415 - loaded in the executor above

    guard_library_log()
    return await Discover.discover_single(host, timeout=DISCOVERY_TIMEOUT, auto_connect=False)


async def async_cloud_credentials(
    username: str, password: str, region: str, device_id: int
) -> list[tuple[str, str]]:
    """Log in to the Midea cloud once and fetch the unit's token/key candidates.

    The unit's id is hashed in either byte order by different firmware; both candidates
    are returned for the caller to try against the unit.
    """
    from msmart.cloud import NetHomePlusCloud  # noqa: PLC0415
    from msmart.lan import Security  # noqa: PLC0415

    cloud = NetHomePlusCloud(region, account=username, password=password)
    await cloud.login()
    candidates = []
    for endian in ("little", "big"):
        udpid = Security.udpid(device_id.to_bytes(6, endian)).hex()
        candidates.append(await cloud.get_token(udpid, device_id))
    return candidates


class MideaFlowMixin(ConfigFlow):
    """Steps that add a Midea unit by IP address, fetch its V3 key, and reauthenticate it."""

    _midea: dict[str, Any]

    async def async_step_midea(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask the unit's address (and, for V3, its token and key); reach it before adding it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, MIDEA_SCHEMA, user_input)
        if user_input is not None and not errors:
            host = user_input[CONF_HOST]
            if (found := await async_discover(self.hass, host)) is None:
                errors["base"] = "cannot_connect"
            else:
                self._midea = {
                    CONF_BRIDGE: BRIDGE_MIDEA,
                    CONF_HOST: host,
                    CONF_PORT: found.port,
                    CONF_DEVICE_ID: found.id,
                    CONF_PROTOCOL_VERSION: found.version,
                    CONF_NAME: user_input[CONF_NAME],
                    CONF_CAPACITY_BTU: int(user_input[CONF_CAPACITY_BTU]),
                }
                await self.async_set_unique_id(f"{BRIDGE_MIDEA}_{found.id}")
                self._abort_if_unique_id_configured(updates={CONF_HOST: host})
                if found.version != V3:
                    return await self._async_midea_finish(errors)
                if user_input.get(CONF_TOKEN) and user_input.get(CONF_KEY):
                    self._midea |= {
                        CONF_TOKEN: str(user_input[CONF_TOKEN]).strip().lower(),
                        CONF_KEY: str(user_input[CONF_KEY]).strip().lower(),
                    }
                    return await self._async_midea_finish(errors)
                return await self.async_step_midea_cloud()
        return self.async_show_form(
            step_id=BRIDGE_MIDEA,
            data_schema=self.add_suggested_values_to_schema(MIDEA_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_midea_cloud(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Fetch a V3 unit's token and key with the user's cloud login, once; it is not kept."""
        await async_load_library(self.hass)
        from msmart.cloud import CloudError  # noqa: PLC0415 - loaded in the executor above

        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, CLOUD_SCHEMA, user_input)
        if user_input is not None and not errors:
            guard_library_log(user_input[CONF_PASSWORD])
            try:
                candidates = await async_cloud_credentials(
                    user_input[CONF_USERNAME],
                    user_input[CONF_PASSWORD],
                    user_input[CONF_REGION],
                    int(self._midea[CONF_DEVICE_ID]),
                )
            except CloudError as err:
                LOGGER.debug("Midea cloud login failed: %s", type(err).__name__)
                errors["base"] = "cloud_login_failed"
            else:
                for token, key in candidates:
                    self._midea |= {CONF_TOKEN: token, CONF_KEY: key}
                    result = await self._async_midea_finish(errors)
                    if errors.get("base") != "invalid_auth":
                        return result
                    errors.clear()
                errors["base"] = "invalid_auth"
        return self.async_show_form(
            step_id="midea_cloud",
            data_schema=self.add_suggested_values_to_schema(CLOUD_SCHEMA, user_input),
            errors=errors,
        )

    async def _async_midea_finish(self, errors: dict[str, str]) -> ConfigFlowResult:
        """Reach the unit with what the flow collected; add it, or show the first form again."""
        data = self._midea
        try:
            info = await self._async_test(data)
        except BridgeError as err:
            errors["base"] = _error_key(err)
            return self.async_show_form(
                step_id=BRIDGE_MIDEA,
                data_schema=self.add_suggested_values_to_schema(
                    MIDEA_SCHEMA, {CONF_HOST: data[CONF_HOST], CONF_NAME: data[CONF_NAME]}
                ),
                errors=errors,
            )
        modes = [mode.value for mode in ACTIVE_MODES if mode in info["modes"]]
        entry_data = {key: value for key, value in data.items() if key != CONF_NAME}
        return self.async_create_entry(
            title=data[CONF_NAME],
            data={
                **entry_data,
                CONF_TEMPERATURE_UNIT: TemperatureUnit.CELSIUS.value,
                CONF_HVAC_MODES: modes,
                CONF_MIDEA_INFO: info,
            },
        )

    async def _async_test(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Handshake (V3) and read the unit; return what it declared, or raise a BridgeError."""
        await async_load_library(self.hass)
        device = new_device(data[CONF_HOST], int(data[CONF_PORT]), int(data[CONF_DEVICE_ID]))
        if int(data[CONF_PROTOCOL_VERSION]) == V3:
            await async_authenticate(device, data[CONF_TOKEN], data[CONF_KEY])
        return await async_probe(device)

    async def async_step_reauth(
        self,
        entry_data: Mapping[str, Any],  # noqa: ARG002
    ) -> ConfigFlowResult:
        """Start over a unit's credentials after it refused them."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the unit's new token and key; check them against the unit."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            user_input, errors = checked_input(self.hass, CREDENTIALS_SCHEMA, user_input)
        if user_input is not None and not errors:
            updates = {
                CONF_TOKEN: str(user_input[CONF_TOKEN]).strip().lower(),
                CONF_KEY: str(user_input[CONF_KEY]).strip().lower(),
            }
            try:
                info = await self._async_test({**entry.data, **updates})
            except BridgeError as err:
                errors["base"] = _error_key(err)
            else:
                return self.async_update_reload_and_abort(
                    entry, data_updates={**updates, CONF_MIDEA_INFO: info}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=CREDENTIALS_SCHEMA,
            description_placeholders={"name": entry.title},
            errors=errors,
        )
