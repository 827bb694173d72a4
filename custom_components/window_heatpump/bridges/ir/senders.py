"""How an IR frame leaves Home Assistant: an `infrared` emitter, a `remote`, or an ESPHome action.

Each sender turns the shared command interface (signed µs timings and a carrier) into what its
transport takes, and says whether the transport is there to send through.
"""

from __future__ import annotations

from typing import Any, Protocol

from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from ...protocols import IrCommand
from ...protocols.raw import to_broadlink
from ..base import BridgeCommandError

REMOTE_DOMAIN = "remote"
INFRARED_DOMAIN = "infrared"
ESPHOME_DOMAIN = "esphome"


class Sender(Protocol):
    """A transport for IR frames."""

    @property
    def entity_id(self) -> str | None:
        """Return the entity whose availability is the sender's, if it is an entity."""

    def available(self) -> bool:
        """Return whether the transport is there to send through."""

    async def async_send(self, commands: list[IrCommand]) -> None:
        """Send the commands in order; raise BridgeCommandError when the transport fails."""


class EntitySender:
    """A sender that is an entity: available while its state is not unavailable."""

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Keep the entity to send through."""
        self._hass = hass
        self._entity_id = entity_id

    @property
    def entity_id(self) -> str:
        """Return the emitter entity."""
        return self._entity_id

    def available(self) -> bool:
        """Return whether the emitter entity exists and is available."""
        state = self._hass.states.get(self._entity_id)
        return state is not None and state.state != STATE_UNAVAILABLE


class InfraredSender(EntitySender):
    """Send through an entity of Home Assistant's `infrared` platform (2026.4+)."""

    async def async_send(self, commands: list[IrCommand]) -> None:
        """Send each command with the platform's helper, in the installed release's interface."""
        from homeassistant.components.infrared import (  # noqa: PLC0415 - the platform's library loads with it
            async_send_command,
        )

        for command in commands:
            try:
                await async_send_command(self._hass, self._entity_id, platform_command(command))
            except HomeAssistantError as err:
                raise BridgeCommandError(str(err)) from err


class BroadlinkRemoteSender(EntitySender):
    """Send Broadlink `b64:` packets through a `remote` entity's `send_command`."""

    async def async_send(self, commands: list[IrCommand]) -> None:
        """Send the commands as one `remote.send_command` call."""
        await _call(
            self._hass,
            REMOTE_DOMAIN,
            "send_command",
            {
                ATTR_ENTITY_ID: self._entity_id,
                "command": [f"b64:{to_broadlink(command)}" for command in commands],
            },
        )


class EsphomeActionSender:
    """Send raw timings through an ESPHome node's user-defined action (`command: int[]`)."""

    entity_id = None

    def __init__(self, hass: HomeAssistant, action: str) -> None:
        """Keep the action, `esphome.<node>_<action>`."""
        self._hass = hass
        self.action = action
        self._domain, _, self._service = action.partition(".")

    def available(self) -> bool:
        """Return whether the node has registered the action (it does while connected)."""
        return self._hass.services.has_service(self._domain, self._service)

    async def async_send(self, commands: list[IrCommand]) -> None:
        """Call the action once per command."""
        for command in commands:
            await _call(
                self._hass, self._domain, self._service, {"command": command.get_raw_timings()}
            )


async def _call(hass: HomeAssistant, domain: str, service: str, data: dict[str, Any]) -> None:
    """Call an action and wait for it; its failure becomes a BridgeCommandError."""
    try:
        await hass.services.async_call(domain, service, data, blocking=True)
    except HomeAssistantError as err:
        raise BridgeCommandError(str(err)) from err


def platform_command(command: IrCommand) -> Any:
    """Return `command` in the interface the installed `infrared` platform reads.

    infrared-protocols 10.x (Home Assistant 2026.10+) reads signed timings, as the commands here
    give them; 1.1.0 (2026.4) reads (high_us, low_us) pairs.
    """
    from infrared_protocols import commands as library  # noqa: PLC0415 - with the platform only

    if isinstance(command, library.Command):
        return command
    pair = getattr(library, "Timing", None)

    class _Adapted(library.Command):
        """The command, presented as the installed library's Command."""

        def get_raw_timings(self) -> list[Any]:
            """Return the timings in the installed library's form."""
            timings = command.get_raw_timings()
            if pair is None:
                return timings
            # Marks with the space after them; a last mark has none.
            return [
                pair(
                    high_us=timings[index],
                    low_us=-timings[index + 1] if index + 1 < len(timings) else 0,
                )
                for index in range(0, len(timings), 2)
            ]

    return _Adapted(modulation=command.modulation, repeat_count=command.repeat_count)
