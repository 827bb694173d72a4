"""Sizing advisor: the cooling capacity a room needs, by ENERGY STAR's room AC rule of thumb.

ENERGY STAR's "Properly Sized Room Air Conditioners" table gives the capacity for a floor
area (with 8 ft ceilings), then: heavily shaded -10 %, very sunny +10 %, +600 BTU/h for each
occupant beyond two, +4000 BTU/h for a kitchen. Ceiling height and insulation are not in
that table: the capacity here scales with the ceiling height over 8 ft (the volume of air)
and by +15 % for poor, -10 % for good insulation — this integration's own assumptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from ..const import (
    CONF_CEILING_HEIGHT,
    CONF_INSULATION,
    CONF_KITCHEN,
    CONF_OCCUPANTS,
    CONF_ROOM_AREA,
    CONF_SUN,
)
from ..storage import EntryIssue, async_clear_issue, async_raise_issue

SQ_FT_PER_M2 = 10.7639
STANDARD_CEILING_M = 2.44
# ENERGY STAR: (largest area in sq ft, BTU/h). Below 100 sq ft the smallest unit still fits.
ENERGY_STAR_TABLE: tuple[tuple[float, int], ...] = (
    (150, 5000),
    (250, 6000),
    (300, 7000),
    (350, 8000),
    (400, 9000),
    (450, 10000),
    (550, 12000),
    (700, 14000),
    (1000, 18000),
    (1200, 21000),
    (1400, 23000),
    (1500, 24000),
    (2000, 30000),
    (2500, 34000),
)
MAX_AREA_M2 = ENERGY_STAR_TABLE[-1][0] / SQ_FT_PER_M2
PER_EXTRA_OCCUPANT_BTU = 600
KITCHEN_BTU = 4000
# Beyond these the unit is far off: a Repairs issue explains it.
OVERSIZED_RATIO = 1.25
UNDERSIZED_RATIO = 0.9
FAR_OVERSIZED_RATIO = 1.5
FAR_UNDERSIZED_RATIO = 0.75


class Sun(StrEnum):
    """How much sun the room gets."""

    SHADED = "shaded"
    NORMAL = "normal"
    SUNNY = "sunny"


class Insulation(StrEnum):
    """How well the room keeps heat out (and in)."""

    POOR = "poor"
    AVERAGE = "average"
    GOOD = "good"


class SizingVerdict(StrEnum):
    """How the unit compares with the room."""

    UNDERSIZED = "undersized"
    RIGHT_SIZED = "right_sized"
    OVERSIZED = "oversized"


_SUN_FACTOR = {Sun.SHADED: 0.9, Sun.NORMAL: 1.0, Sun.SUNNY: 1.1}
_INSULATION_FACTOR = {Insulation.POOR: 1.15, Insulation.AVERAGE: 1.0, Insulation.GOOD: 0.9}


@dataclass(frozen=True, kw_only=True)
class Room:
    """What the user tells about the room."""

    area_m2: float
    ceiling_m: float = STANDARD_CEILING_M
    insulation: Insulation = Insulation.AVERAGE
    sun: Sun = Sun.NORMAL
    occupants: int = 2
    kitchen: bool = False


@dataclass(frozen=True, kw_only=True)
class SizingAdvice:
    """The recommended capacity, how the unit compares, and the steps that led there."""

    table_btu: int
    recommended_btu: int
    unit_btu: int
    ratio: float
    verdict: SizingVerdict
    far_off: bool


def table_capacity(area_m2: float) -> int:
    """Return ENERGY STAR's capacity for a floor area."""
    area_sq_ft = area_m2 * SQ_FT_PER_M2
    for largest, btu in ENERGY_STAR_TABLE:
        if area_sq_ft <= largest:
            return btu
    msg = f"{area_m2} m² is beyond the table (room units cover up to {MAX_AREA_M2:.0f} m²)"
    raise ValueError(msg)


def recommend(room: Room, unit_btu: int) -> SizingAdvice:
    """Return the recommended capacity for `room` and how a unit of `unit_btu` compares."""
    table = table_capacity(room.area_m2)
    btu = table * _SUN_FACTOR[room.sun] * _INSULATION_FACTOR[room.insulation]
    btu *= room.ceiling_m / STANDARD_CEILING_M
    btu += PER_EXTRA_OCCUPANT_BTU * max(0, room.occupants - 2)
    if room.kitchen:
        btu += KITCHEN_BTU
    recommended = round(btu / 100) * 100
    ratio = unit_btu / recommended
    if ratio > OVERSIZED_RATIO:
        verdict = SizingVerdict.OVERSIZED
    elif ratio < UNDERSIZED_RATIO:
        verdict = SizingVerdict.UNDERSIZED
    else:
        verdict = SizingVerdict.RIGHT_SIZED
    return SizingAdvice(
        table_btu=table,
        recommended_btu=recommended,
        unit_btu=unit_btu,
        ratio=round(ratio, 2),
        verdict=verdict,
        far_off=not FAR_UNDERSIZED_RATIO <= ratio <= FAR_OVERSIZED_RATIO,
    )


def room_from_options(options: Mapping[str, Any]) -> Room | None:
    """Return the room the user described in the options, or None if they did not."""
    if (area := options.get(CONF_ROOM_AREA)) is None:
        return None
    return Room(
        area_m2=float(area),
        ceiling_m=float(options.get(CONF_CEILING_HEIGHT, STANDARD_CEILING_M)),
        insulation=Insulation(options.get(CONF_INSULATION, Insulation.AVERAGE)),
        sun=Sun(options.get(CONF_SUN, Sun.NORMAL)),
        occupants=int(options.get(CONF_OCCUPANTS, 2)),
        kitchen=bool(options.get(CONF_KITCHEN, False)),
    )


def sync_sizing_issue(hass: HomeAssistant, entry: ConfigEntry, advice: SizingAdvice | None) -> None:
    """Raise a Repairs issue when the unit is far off the room, else clear it."""
    if advice is None or not advice.far_off:
        async_clear_issue(hass, EntryIssue.SIZING, entry.entry_id)
        return
    async_raise_issue(
        hass,
        EntryIssue.SIZING,
        entry.entry_id,
        {
            "name": entry.title,
            "unit_btu": str(advice.unit_btu),
            "recommended_btu": str(advice.recommended_btu),
            "table_btu": str(advice.table_btu),
            "ratio": f"{advice.ratio:.2f}",
        },
        variant=advice.verdict.value,
    )
