"""Config flow step of the HTTP bridge: where the DIY firmware listens."""

from __future__ import annotations

from typing import Any

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)

from ...const import BRIDGE_HTTP, CONF_BRIDGE, CONF_WEBHOOK_ID, DEFAULT_HTTP_PORT
from ...flow.details import checked_details, details, details_schema
from ...schema import vol
from ..base import BridgeConnectionError, BridgeError
from .bridge import (
    CONF_INFO,
    async_fetch_json,
    base_url,
    capabilities_from_info,
    parse_state,
)


class HttpFlowMixin(ConfigFlow):
    """The config flow's step for a unit with the DIY firmware's HTTP API."""

    async def async_step_http(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask where the DIY firmware listens; read it before creating the entry."""
        errors: dict[str, str] = {}
        schema = details_schema(
            with_name=True,
            reach={
                vol.Required(CONF_HOST): TextSelector(),
                vol.Required(CONF_PORT, default=DEFAULT_HTTP_PORT): NumberSelector(
                    NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX)
                ),
            },
        )
        if user_input is not None:
            user_input, errors = checked_details(self.hass, schema, user_input)
            if not errors:
                host = user_input[CONF_HOST]
                data = {
                    CONF_HOST: host,
                    CONF_PORT: int(user_input[CONF_PORT]),
                    **details(user_input),
                }
                try:
                    info = await async_fetch_json(self.hass, f"{base_url(data)}/info")
                    capabilities = capabilities_from_info(data, info)
                    parse_state(
                        await async_fetch_json(self.hass, f"{base_url(data)}/state"), capabilities
                    )
                except BridgeConnectionError:
                    errors["base"] = "cannot_connect"
                except BridgeError:
                    errors["base"] = "invalid_response"
            if not errors:
                await self.async_set_unique_id(f"{BRIDGE_HTTP}_{host}:{data[CONF_PORT]}")
                self._abort_if_unique_id_configured()
                webhook_id = webhook.async_generate_id()
                return self.async_create_entry(
                    title=user_input[CONF_NAME],
                    data={
                        CONF_BRIDGE: BRIDGE_HTTP,
                        **data,
                        CONF_WEBHOOK_ID: webhook_id,
                        CONF_INFO: info,
                    },
                    description=BRIDGE_HTTP,
                    description_placeholders={"webhook_path": f"/api/webhook/{webhook_id}"},
                )
        return self.async_show_form(
            step_id=BRIDGE_HTTP,
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            errors=errors,
        )
