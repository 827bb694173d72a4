"""Tests of the domain model."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from custom_components.window_heatpump.model import Action, DesiredState, Mode, UnitState


def test_with_reading_changes_one_reading_of_a_copy() -> None:
    """A reading makes a new state with that field changed; the old one stays as it was."""
    state = UnitState(
        desired=DesiredState(mode=Mode.HEAT), action=Action.HEATING, current_temperature=20.0
    )
    changed = state.with_reading("current_temperature", 21.5)
    assert changed == replace(state, current_temperature=21.5)
    assert changed.desired is state.desired
    assert state.current_temperature == 20.0
    # Still a frozen state: nothing else can change it in place.
    with pytest.raises(FrozenInstanceError):
        changed.current_temperature = 3.0  # type: ignore[misc]
