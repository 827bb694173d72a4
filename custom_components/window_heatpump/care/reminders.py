"""Maintenance reminders: the seasonal checkups, the coils and the window seals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .const import CHECKUP_GRACE_DAYS, CHECKUP_LEAD_DAYS

# A year with no 29 February: a season cannot start on a day most years lack.
_PLAIN_YEAR = 2001


def parse_month_day(value: str) -> tuple[int, int] | None:
    """Return (month, day) of an "MM-DD" text, or None when it is no date."""
    try:
        month, day = (int(part) for part in value.strip().split("-"))
        date(_PLAIN_YEAR, month, day)
    except ValueError:
        return None
    return month, day


def checkup_due(season_start: str, today: date, done: date | None) -> bool:
    """Return True from 14 days before a season until 30 days into it, unless done meanwhile."""
    if (month_day := parse_month_day(season_start)) is None:
        return False
    for year in (today.year - 1, today.year, today.year + 1):
        start = date(year, *month_day)
        opens = start - timedelta(days=CHECKUP_LEAD_DAYS)
        if opens <= today < start + timedelta(days=CHECKUP_GRACE_DAYS):
            return done is None or done < opens
    return False


def interval_due(now: datetime, last: datetime, days: int) -> bool:
    """Return True once `days` have passed since `last`."""
    return now - last >= timedelta(days=days)
