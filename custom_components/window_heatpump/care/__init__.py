"""Heat-pump care: run time, filter, defrost, short cycling, weak delivery, reminders.

Built on the coordinator's `UnitState`, never on a bridge, so it works the same on every
bridge. The coordinator hands each new state to one `CareTracker`; the platforms read it.
"""

from __future__ import annotations

from .tracker import CareTracker

__all__ = ["CareTracker"]
