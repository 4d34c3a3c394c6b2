"""Time: stored in UTC, shown to people on the clock of the Netherlands.

One clock for the whole application: `nu()` is the moment, `vandaag()` the
date in Europe/Amsterdam (a begeleiding or a result valid "until 1 December"
ends at midnight in the Netherlands, not in UTC). Tests set the clock with
`zet_klok` instead of patching the date functions of each module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def _systeemklok() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_klok: Callable[[], dt.datetime] = _systeemklok


def nu() -> dt.datetime:
    """The current moment, aware UTC."""
    return _klok().astimezone(dt.UTC)


def vandaag() -> dt.date:
    """Today's date in the Netherlands."""
    return lokaal(nu()).date()


@contextlib.contextmanager
def zet_klok(moment: dt.datetime | Callable[[], dt.datetime]) -> Iterator[None]:
    """Run with the clock standing at `moment` (an aware datetime) or read from a function."""
    global _klok
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            raise ValueError("de klok heeft een tijdzone nodig")
        vast = moment
        moment = lambda: vast  # noqa: E731
    vorige, _klok = _klok, moment
    try:
        yield
    finally:
        _klok = vorige


def lokaal(tijd: dt.datetime) -> dt.datetime:
    return tijd.astimezone(TIJDZONE)


def tijdstip(tijd: dt.datetime | None, *, seconden: bool = False) -> str:
    """'28-11-2026 13:45' in Dutch local time; empty for no time."""
    if tijd is None:
        return ""
    return lokaal(tijd).strftime("%d-%m-%Y %H:%M:%S" if seconden else "%d-%m-%Y %H:%M")
