"""The compressor as its protection sees it: its direction, whether it runs, what is safe."""

from __future__ import annotations

from enum import StrEnum

from ..model import Action, DesiredState, Mode, Preset, UnitState

_RUNNING_ACTIONS = (Action.HEATING, Action.COOLING, Action.DRYING, Action.DEFROSTING)
_NO_COMPRESSOR = (Mode.OFF, Mode.FAN_ONLY)


class Direction(StrEnum):
    """Which way the refrigerant cycle runs."""

    HEAT = "heat"
    COOL = "cool"


def direction(
    mode: Mode, action: Action | None = None, preset: Preset = Preset.NONE
) -> Direction | None:
    """Return the cycle direction a state runs the compressor in (None: it cannot run it).

    AUTO goes by the action (either way may come next: heat, when nothing tells); freeze
    protection heats, in every mode but off.
    """
    if mode is Mode.HEAT:
        return Direction.HEAT
    if mode in (Mode.COOL, Mode.DRY):
        return Direction.COOL
    if preset is Preset.FREEZE_PROTECTION and mode is not Mode.OFF:
        return Direction.HEAT
    if mode is Mode.AUTO:
        if action in (Action.COOLING, Action.DRYING):
            return Direction.COOL
        return Direction.HEAT
    return None


def compressor_running(state: UnitState) -> bool:
    """Return whether the compressor runs, from the unit's report or its action."""
    if state.compressor_running is not None:
        return state.compressor_running
    return state.action in _RUNNING_ACTIONS


def safe_part(
    desired: DesiredState, unit: DesiredState, action: Action | None, kept: Mode
) -> DesiredState:
    """Return what of `desired` cannot start the compressor, the unit kept in mode `kept`.

    In fan only or off the set point goes too; a unit resting in a compressor mode keeps
    its own. A preset that would start the compressor the wrong way (freeze protection
    heats) keeps the unit's.
    """
    allowed = direction(unit.mode, action, unit.preset) if kept is unit.mode else None
    target = desired.target_temperature if kept in _NO_COMPRESSOR else unit.target_temperature
    preset = Preset.NONE
    for candidate in (desired.preset, unit.preset):
        if direction(kept, action, candidate) in (None, allowed):
            preset = candidate
            break
    return desired.with_changes(mode=kept, target_temperature=target, preset=preset)
