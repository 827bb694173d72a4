"""What care reads from a reported state: the best signal each detector can have."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model import Action, Capabilities, Mode, UnitState, defrosting, to_celsius
from .const import COMPRESSOR_POWER_THRESHOLD_W

_COMPRESSOR_ACTIONS = (Action.HEATING, Action.COOLING, Action.DRYING, Action.DEFROSTING)


class CompressorSignal(StrEnum):
    """Where the compressor's on/off comes from, best first."""

    REPORTED = "reported"
    POWER = "power"
    ACTION = "action"
    ASSUMED = "assumed"
    # Nothing tells: no compressor, power or action report (yet).
    NONE = "none"


@dataclass(frozen=True, kw_only=True, slots=True)
class Sample:
    """One state, reduced to what the care detectors need (temperatures in °C)."""

    fan_running: bool
    compressor_running: bool
    compressor_signal: CompressorSignal
    defrosting: bool | None
    delivering: Mode | None
    room_c: float | None
    target_c: float
    filter_alert: bool | None

    @property
    def signals(self) -> tuple[object, ...]:
        """Return everything but the temperatures: what care shows changes only with these."""
        return (
            self.fan_running,
            self.compressor_running,
            self.compressor_signal,
            self.defrosting,
            self.delivering,
            self.room_c is None,
            self.filter_alert,
        )

    @property
    def feeds_weak_delivery(self) -> bool:
        """Return True when the weak-delivery detectors read this sample's room temperature."""
        return self.delivering is not None and self.room_c is not None

    @property
    def cycles_known(self) -> bool:
        """Return True when compressor starts are real, not guessed from commands or nothing."""
        return self.compressor_signal not in (CompressorSignal.ASSUMED, CompressorSignal.NONE)


def sample(state: UnitState, capabilities: Capabilities) -> Sample:
    """Return the care view of one reported (or assumed) state."""
    if state.compressor_running is not None:
        compressor, signal = state.compressor_running, CompressorSignal.REPORTED
    elif state.power_w is not None:
        compressor = state.power_w > COMPRESSOR_POWER_THRESHOLD_W
        signal = CompressorSignal.POWER
    elif state.action is None:
        compressor, signal = False, CompressorSignal.NONE
    else:
        compressor = state.action in _COMPRESSOR_ACTIONS
        signal = CompressorSignal.ASSUMED if capabilities.assumed_state else CompressorSignal.ACTION
    # An action says "not defrosting" only where the unit would say so; no action says nothing.
    defrost = defrosting(
        state.action, flag=state.defrosting, says_defrost=capabilities.reports_defrost
    )
    unit = capabilities.temperature_unit
    room = state.current_temperature
    delivering = None
    if compressor and state.action is not None:
        delivering = {Action.HEATING: Mode.HEAT, Action.COOLING: Mode.COOL}.get(state.action)
    return Sample(
        # The indoor fan runs in every mode but off, and stops while the coil defrosts.
        fan_running=state.desired.mode is not Mode.OFF
        and state.action not in (Action.OFF, Action.DEFROSTING),
        compressor_running=compressor,
        compressor_signal=signal,
        defrosting=defrost,
        delivering=delivering,
        room_c=None if room is None else to_celsius(room, unit),
        target_c=to_celsius(state.desired.target_temperature, unit),
        filter_alert=state.filter_alert,
    )
