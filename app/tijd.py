"""Time: stored in UTC, shown to people on the clock of the Netherlands."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def nu() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def lokaal(tijd: dt.datetime) -> dt.datetime:
    return tijd.astimezone(TIJDZONE)


def tijdstip(tijd: dt.datetime | None, *, seconden: bool = False) -> str:
    """'28-11-2026 13:45' in Dutch local time; empty for no time."""
    if tijd is None:
        return ""
    return lokaal(tijd).strftime("%d-%m-%Y %H:%M:%S" if seconden else "%d-%m-%Y %H:%M")
