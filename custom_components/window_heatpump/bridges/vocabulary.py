"""What the bridges call things, and what they report when a unit does not tell: one policy.

Names. A device may call one setting several things (`heat_cool` for auto, `middle` for
medium). A `Vocabulary` takes every alias in and answers a device in its own word: the names
it offers (a wrapped entity's lists) or the names it was heard using (an MQTT node), as
esphome's `EsphomeEnumMapper` maps both ways.

Not knowing. A unit that does not say what it does has no action (None), unless the bridge
estimates one and says so (`UnitState.action_estimated`); a unit that has never shown it reports
defrosting has no defrost signal (None), so care never counts "not defrosting" from silence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from ..model import ACTIVE_MODES, Action, FanSpeed, Mode, Preset, Swing, defrosting

# `defrosting` is the domain's rule (model.py, which care reads too); bridges take it from here.
__all__ = ["Speaker", "Vocabulary", "defrosting", "untold_action"]


class Vocabulary[T]:
    """The names of one setting: every alias read, the model's own value's name by default."""

    def __init__(self, aliases: Mapping[str, T]) -> None:
        """Take the names, the model's own name of each value first among its aliases."""
        self.aliases: Mapping[str, T] = {name.lower(): value for name, value in aliases.items()}
        names: dict[T, str] = {}
        for name, value in self.aliases.items():
            names.setdefault(value, name)
        self._names = names

    def name(self, value: T) -> str:
        """Return the usual name of a value."""
        return self._names[value]

    def only(self, values: Iterable[T]) -> Vocabulary[T]:
        """Return the vocabulary of a device that has only these values."""
        kept = set(values)
        return Vocabulary({name: value for name, value in self.aliases.items() if value in kept})

    def offered(self, names: object) -> dict[T, str]:
        """Return value -> the device's own name, for the names it offers that are known.

        A name that is the model's own (auto) wins over an alias (heat_cool) for the same value.
        Anything but a list of names (another integration's attribute) offers nothing.
        """
        found: dict[T, str] = {}
        if not isinstance(names, list | tuple):
            return found
        for name in names:
            if not isinstance(name, str):
                continue
            value = self.aliases.get(name.lower())
            if value is not None and (value not in found or name.lower() == self._names[value]):
                found[value] = name
        return found

    def speaker(self) -> Speaker[T]:
        """Return the names of one device, learnt from what it says."""
        return Speaker(self)


class Speaker[T]:
    """One device's names: a value goes out under the name the device last used for it."""

    def __init__(self, vocabulary: Vocabulary[T]) -> None:
        """Start from the usual names."""
        self._vocabulary = vocabulary
        self._heard: dict[T, str] = {}

    def heard(self, value: T, payload: str) -> bool:
        """Remember the device's name for a value it reported; return True if it is new."""
        name = payload.strip().lower()
        if self._heard.get(value, self._vocabulary.name(value)) == name:
            return False
        self._heard[value] = name
        return True

    def name(self, value: T) -> str:
        """Return the device's name for a value."""
        heard = self._heard.get(value)
        return self._vocabulary.name(value) if heard is None else heard


# The model's own names come first: they are what goes out unless a device says otherwise.
MODES: Final = Vocabulary[Mode](
    {
        **{mode.value: mode for mode in (Mode.OFF, *ACTIVE_MODES)},
        # Home Assistant's and ESPHome's two-set-point mode; a window unit's auto has one.
        "heat_cool": Mode.AUTO,
    }
)
FAN_SPEEDS: Final = Vocabulary[FanSpeed](
    {
        **{speed.value: speed for speed in FanSpeed},
        "silent": FanSpeed.QUIET,
        "middle": FanSpeed.MEDIUM,
        "mid": FanSpeed.MEDIUM,
        "strong": FanSpeed.TURBO,
        "top": FanSpeed.TURBO,
        "max": FanSpeed.TURBO,
    }
)
SWINGS: Final = Vocabulary[Swing]({**{swing.value: swing for swing in Swing}, "on": Swing.VERTICAL})
PRESETS: Final = Vocabulary[Preset](
    {
        **{preset.value: preset for preset in Preset},
        "frost_protection": Preset.FREEZE_PROTECTION,
        "anti_freeze": Preset.FREEZE_PROTECTION,
    }
)
ACTIONS: Final = Vocabulary[Action](
    {**{action.value: action for action in Action}, "preheating": Action.HEATING}
)
# A device's own availability message (ESPHome's status, Tasmota's last will, Zigbee2MQTT's).
ONLINE: Final[Mapping[str, bool]] = {"online": True, "offline": False}
# The payloads firmware uses for a yes/no reading.
ON_OFF: Final[Mapping[str, bool]] = {
    "on": True,
    "off": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}


def untold_action(mode: Mode) -> Action | None:
    """Return the action of a unit that does not say what it does: off when off, else unknown."""
    return Action.OFF if mode is Mode.OFF else None
