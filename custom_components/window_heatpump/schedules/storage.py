"""Where a unit's schedules live across restarts and upgrades: a versioned Store.

Format (version 2.3): {"active": name | null, "schedules": [{"name", "enabled", "blocks":
[{"days": ["mon", ...], "start": "HH:MM", "mode", "target_temperature", "fan_speed",
"swing", "ready_by"}]}], "pause": {"until": ISO, "frost_protection", "desired"} | null, "override":
{"until": ISO, "desired"} | null}, where "desired" is the whole state the pause or override
holds the unit in ({"mode", "target_temperature", "fan_speed", "swing", "preset"}, or null).
Version 2.2 had no "ready_by" (false); 2.1 had no "desired"; version 1 had one "enabled" flag
for the unit instead of one per schedule, and no pause or override.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, time
from typing import Any, override

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import LOGGER
from ..model import DesiredState, FanSpeed, Mode, Swing, desired_from_dict
from ..storage import EntryStore, store_key
from .model import WEEKDAYS, Block, Override, Pause, Schedule, ScheduleBook

STORAGE_VERSION = 2
STORAGE_MINOR_VERSION = 3


class ScheduleStore(Store[dict[str, Any]]):
    """The schedules of one unit, migrated from older versions on load."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Initialize the store of one unit."""
        super().__init__(
            hass,
            STORAGE_VERSION,
            store_key(EntryStore.SCHEDULES, entry_id),
            minor_version=STORAGE_MINOR_VERSION,
            atomic_writes=True,
        )
        self._entry_id = entry_id

    @override
    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> dict[str, Any]:
        """Bring data of an older version to the current one."""
        data = dict(old_data)
        if old_major_version == 1:
            # One unit-wide switch became a switch per schedule; it belonged to the active one.
            unit_enabled = bool(data.pop("enabled", True))
            data["schedules"] = [
                {**schedule, "enabled": unit_enabled or schedule.get("name") != data.get("active")}
                for schedule in data.get("schedules", [])
            ]
            data.setdefault("pause", None)
            data.setdefault("override", None)
        # 2.1 -> 2.2: a pause or override without "desired" re-asserts nothing of its own
        # (the pause: off or frost protection); book_from_dict reads the missing key as null.
        # 2.2 -> 2.3: a block without "ready_by" starts at its time; read as false.
        return data

    async def async_load_book(self) -> ScheduleBook:
        """Return the stored schedules; unreadable data is set aside, never overwritten."""
        data = await self.async_load()
        if data is None:
            return ScheduleBook()
        try:
            return book_from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            LOGGER.error(
                "The stored schedules of %s cannot be read (%s); they are kept in %s and the "
                "unit starts without schedules",
                self._entry_id,
                err,
                store_key(EntryStore.SCHEDULES_UNREADABLE, self._entry_id),
            )
            await Store[dict[str, Any]](
                self.hass,
                STORAGE_VERSION,
                store_key(EntryStore.SCHEDULES_UNREADABLE, self._entry_id),
            ).async_save(data)
            return ScheduleBook()

    async def async_save_book(self, book: ScheduleBook) -> None:
        """Store the schedules."""
        await self.async_save(book_to_dict(book))


def book_to_dict(book: ScheduleBook) -> dict[str, Any]:
    """Return the stored form of a unit's schedules."""
    return {
        "active": book.active,
        "schedules": [
            {
                "name": schedule.name,
                "enabled": schedule.enabled,
                "blocks": [_block_to_dict(block) for block in schedule.blocks],
            }
            for schedule in book.schedules
        ],
        "pause": None
        if book.pause is None
        else {
            "until": book.pause.until.isoformat(),
            "frost_protection": book.pause.frost_protection,
            "desired": _desired_to_dict(book.pause.desired),
        },
        "override": None
        if book.override is None
        else {
            "until": book.override.until.isoformat(),
            "desired": _desired_to_dict(book.override.desired),
        },
    }


def book_from_dict(data: dict[str, Any]) -> ScheduleBook:
    """Return a unit's schedules from their stored form; raise on anything malformed."""
    schedules = tuple(
        Schedule(
            name=str(raw["name"]),
            enabled=bool(raw["enabled"]),
            blocks=tuple(_block_from_dict(block) for block in raw["blocks"]),
        )
        for raw in data["schedules"]
    )
    pause = data.get("pause")
    overridden = data.get("override")
    active = data.get("active")
    return ScheduleBook(
        schedules=schedules,
        active=None if active is None else str(active),
        pause=None
        if pause is None
        else Pause(
            until=_aware(pause["until"]),
            frost_protection=None
            if pause.get("frost_protection") is None
            else float(pause["frost_protection"]),
            desired=_desired_from_dict(pause.get("desired")),
        ),
        override=None
        if overridden is None
        else Override(
            until=_aware(overridden["until"]),
            desired=_desired_from_dict(overridden.get("desired")),
        ),
    )


def _desired_to_dict(desired: DesiredState | None) -> dict[str, Any] | None:
    """Return the stored form of the state a pause or override holds."""
    return None if desired is None else asdict(desired)


def _desired_from_dict(raw: Any) -> DesiredState | None:
    """Return the state a pause or override holds, from its stored form."""
    return None if raw is None else desired_from_dict(raw)


def _aware(raw: str) -> datetime:
    """Return a stored instant, refusing one without a time zone."""
    instant = datetime.fromisoformat(raw)
    if instant.tzinfo is None:
        raise ValueError(f"instant without time zone: {raw}")
    return instant


def _block_to_dict(block: Block) -> dict[str, Any]:
    """Return the stored form of a block."""
    return {
        "days": block.sorted_days,
        "start": block.start.strftime("%H:%M"),
        "mode": block.mode.value,
        "target_temperature": block.target_temperature,
        "fan_speed": None if block.fan_speed is None else block.fan_speed.value,
        "swing": None if block.swing is None else block.swing.value,
        "ready_by": block.ready_by,
    }


def _block_from_dict(raw: dict[str, Any]) -> Block:
    """Return a block from its stored form."""
    days = frozenset(WEEKDAYS.index(day) for day in raw["days"])
    if not days:
        raise ValueError("block without days")
    return Block(
        days=days,
        start=time.fromisoformat(raw["start"]),
        mode=Mode(raw["mode"]),
        target_temperature=None
        if raw.get("target_temperature") is None
        else float(raw["target_temperature"]),
        fan_speed=None if raw.get("fan_speed") is None else FanSpeed(raw["fan_speed"]),
        swing=None if raw.get("swing") is None else Swing(raw["swing"]),
        ready_by=bool(raw.get("ready_by", False)),
    )
