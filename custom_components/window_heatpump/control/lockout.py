"""Outdoor-temperature lockout: below a balance point, heating goes to a backup heater.

A window heat pump loses capacity as the outdoor air cools. Below the balance point the
user's heating request is handed to a backup heater (a switch or a climate entity) and the
unit is switched off; it takes heating back once the outdoor air is above the balance point
plus the hysteresis. In the "cheaper" mode the backup also heats while it delivers the next
kWh of heat more cheaply (heat_source.py), above the balance point too. With no backup it
only warns; with no outdoor temperature it fails safe (the heat pump heats, a warning says
why); a backup that does not come on raises a Repairs issue and heating goes back to the heat
pump.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
    HVACMode,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from ..const import LOGGER
from ..model import Capabilities, DesiredState, Mode, to_celsius
from ..storage import EntryIssue, async_clear_issue, async_raise_issue
from .heat_source import CheaperSource
from .readings import Reading, read_temperature

type Submit = Callable[[DesiredState], Awaitable[None]]


class LockoutStatus(StrEnum):
    """Who heats, or why the lockout cannot act."""

    DISABLED = "disabled"
    HEAT_PUMP = "heat_pump"
    BACKUP = "backup"
    NO_BACKUP = "no_backup"
    NO_OUTDOOR_TEMPERATURE = "no_outdoor_temperature"
    BACKUP_FAILED = "backup_failed"
    NO_PRICE = "no_price"


class LockoutReason(StrEnum):
    """Why the backup heats."""

    BALANCE_POINT = "balance_point"
    PRICE = "price"


class OutdoorLockout:
    """Hand heating to a backup heater below a balance point, and take it back above it."""

    def __init__(  # noqa: PLR0913 - the user's lockout settings
        self,
        hass: HomeAssistant,
        entry_id: str,
        capabilities: Capabilities,
        *,
        balance_c: float | None,
        hysteresis_k: float,
        backup: str | None,
        outdoor_sensor: str | None,
        use_learned: bool = False,
        cheaper: CheaperSource | None = None,
    ) -> None:
        """Initialize from the entry's options; no balance point disables the lockout."""
        self._hass = hass
        self._entry_id = entry_id
        self._capabilities = capabilities
        # The user's number; the one in force is `balance_c`.
        self.user_balance_c = balance_c
        self.use_learned = use_learned
        # Set by whoever builds the features: the learned balance point once it is trusted.
        self.learned_balance: Callable[[], float | None] = lambda: None
        self.hysteresis_k = hysteresis_k
        self.backup = backup
        self.outdoor_sensor = outdoor_sensor
        # The price's choice, in the "cheaper" mode (None: the balance point alone).
        self.cheaper = cheaper
        # Below the balance point (with the hysteresis); `locked` adds the price's choice.
        self.too_cold = False
        self.locked = False
        self.outdoor: Reading = Reading(None, "not_read_yet")
        self.requested: DesiredState | None = None
        self.backup_failed = False
        self._backup_on = False

    @property
    def balance_c(self) -> float | None:
        """Return the balance point in force: the learned one when chosen and trusted."""
        if self.use_learned and (learned := self.learned_balance()) is not None:
            return learned
        return self.user_balance_c

    @property
    def balance_source(self) -> str | None:
        """Return where the balance point in force comes from: learned, user, or None."""
        if self.use_learned and self.learned_balance() is not None:
            return "learned"
        return None if self.user_balance_c is None else "user"

    @property
    def reason(self) -> LockoutReason | None:
        """Return why the backup heats: the balance point first, else the price."""
        if self.too_cold:
            return LockoutReason.BALANCE_POINT
        return LockoutReason.PRICE if self.locked else None

    @property
    def active(self) -> bool:
        """Return True when a balance point or the price can hand heating over."""
        return self.balance_c is not None or self.cheaper is not None

    @property
    def status(self) -> LockoutStatus:
        """Return who heats, or why the lockout cannot act."""
        if not self.active:
            return LockoutStatus.DISABLED
        if self.backup_failed:
            return LockoutStatus.BACKUP_FAILED
        if self.outdoor.value is None:
            return LockoutStatus.NO_OUTDOOR_TEMPERATURE
        if not self.locked:
            cheaper = self.cheaper
            return (
                LockoutStatus.NO_PRICE
                if cheaper is not None and cheaper.problem is not None
                else LockoutStatus.HEAT_PUMP
            )
        return LockoutStatus.BACKUP if self.backup else LockoutStatus.NO_BACKUP

    @property
    def handed_over(self) -> bool:
        """Return True while the backup heater has the heating."""
        return self.status is LockoutStatus.BACKUP

    def read_outdoor(self, unit_outdoor: float | None) -> Reading:
        """Return the outdoor temperature in °C from the picked entity, else the unit."""
        if self.outdoor_sensor is not None:
            return read_temperature(self._hass, self.outdoor_sensor)
        if unit_outdoor is None:
            return Reading(None, "unit_reports_none")
        return Reading(to_celsius(unit_outdoor, self._capabilities.temperature_unit))

    def route(self, desired: DesiredState) -> DesiredState:
        """Return what the unit should get for `desired`: off while the backup heats."""
        self.requested = desired if desired.mode is Mode.HEAT else None
        if self.requested is not None and self.handed_over:
            return desired.with_changes(mode=Mode.OFF)
        return desired

    async def async_evaluate(
        self, unit_outdoor: float | None, reported: DesiredState, submit: Submit
    ) -> None:
        """Re-read the outdoor temperature; hand heating over or take it back as needed."""
        if not self.active:
            return
        was_handed_over = self.handed_over
        self.outdoor = self.read_outdoor(unit_outdoor)
        self._update_locked(self.outdoor.value)
        if reported.mode is Mode.HEAT:
            self.requested = reported
        wants_backup = self.handed_over and self.requested is not None
        if wants_backup and not self._backup_on:
            assert self.requested is not None  # noqa: S101 - checked just above
            if not await self._async_backup(on=True, target=self.requested.target_temperature):
                # The backup did not come on: the heat pump must keep the room warm.
                self.backup_failed = True
                await submit(self.requested)
                return
        elif not wants_backup and self._backup_on:
            await self._async_backup(on=False)
        if was_handed_over != self.handed_over and self.requested is not None:
            # Hand the unit off (route turns it off) or give it heating back.
            await submit(self.requested)

    def _update_locked(self, outdoor: float | None) -> None:
        """Lock out below the balance point or while the backup is cheaper; else unlock."""
        self._update_too_cold(outdoor)
        by_price = (
            self.cheaper is not None
            and outdoor is not None
            and bool(self.cheaper.prefers_backup(dt_util.utcnow(), outdoor))
        )
        # Below the balance point the unit cannot hold the set point, whatever the price.
        self.locked = self.too_cold or by_price

    def _update_too_cold(self, outdoor: float | None) -> None:
        """Say too cold below the balance point, no longer above it plus the hysteresis."""
        balance = self.balance_c
        if outdoor is None:
            if self.locked:
                LOGGER.warning(
                    "No usable outdoor temperature (%s): the heat pump heats", self.outdoor.problem
                )
            self.too_cold = False
        elif balance is None:
            self.too_cold = False
        elif outdoor < balance and not self.too_cold:
            self.too_cold = True
            if not self.backup:
                LOGGER.warning(
                    "Outdoor %.1f °C is below the balance point %.1f °C and no backup heater "
                    "is set: the heat pump keeps heating",
                    outdoor,
                    balance,
                )
        elif outdoor >= balance + self.hysteresis_k:
            self.too_cold = False

    def clear_backup_failure(self) -> None:
        """Forget a failed backup (the options changed) and its Repairs issue."""
        self.backup_failed = False
        async_clear_issue(self._hass, EntryIssue.BACKUP_HEATER_FAILED, self._entry_id)

    async def _async_backup(self, *, on: bool, target: float | None = None) -> bool:
        """Turn the backup heater on or off; return whether it is on when asked to be."""
        backup = self.backup
        if backup is None:
            return False
        try:
            if backup.startswith(f"{CLIMATE_DOMAIN}."):
                await self._async_climate_backup(backup, on=on, target=target)
            else:
                await self._hass.services.async_call(
                    backup.split(".", 1)[0],
                    SERVICE_TURN_ON if on else SERVICE_TURN_OFF,
                    {ATTR_ENTITY_ID: backup},
                    blocking=True,
                )
        except HomeAssistantError as err:
            LOGGER.warning("The backup heater %s did not respond: %s", backup, err)
        self._backup_on = on
        if not on:
            return False
        state = self._hass.states.get(backup)
        came_on = state is not None and state.state in (STATE_ON, HVACMode.HEAT)
        if not came_on:
            self._backup_on = False
            async_raise_issue(
                self._hass,
                EntryIssue.BACKUP_HEATER_FAILED,
                self._entry_id,
                {"backup": backup, "state": "missing" if state is None else state.state},
                severity=ir.IssueSeverity.ERROR,
            )
        return came_on

    async def _async_climate_backup(self, backup: str, *, on: bool, target: float | None) -> None:
        """Switch a climate backup to heat at the set point, or off."""
        mode = HVACMode.HEAT if on else HVACMode.OFF
        await self._hass.services.async_call(
            CLIMATE_DOMAIN,
            SERVICE_SET_HVAC_MODE,
            {ATTR_ENTITY_ID: backup, ATTR_HVAC_MODE: mode},
            blocking=True,
        )
        if on and target is not None:
            await self._hass.services.async_call(
                CLIMATE_DOMAIN,
                SERVICE_SET_TEMPERATURE,
                {
                    ATTR_ENTITY_ID: backup,
                    ATTR_TEMPERATURE: TemperatureConverter.convert(
                        target,
                        self._capabilities.temperature_unit.value,
                        self._hass.config.units.temperature_unit,
                    ),
                },
                blocking=True,
            )
