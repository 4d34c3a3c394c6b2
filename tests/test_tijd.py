"""One clock in Europe/Amsterdam, set by tests; timestamps come back from the database as aware UTC."""

from __future__ import annotations

import datetime as dt

from app import tijd
from app.models import Cohort
from app.toegang import policy
from tests import factories

AMSTERDAM = tijd.TIJDZONE


def test_today_is_the_dutch_date_not_the_utc_date() -> None:
    # 23:30 UTC on 1 December is 00:30 on 2 December in the Netherlands.
    with tijd.zet_klok(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)):
        assert tijd.vandaag() == dt.date(2026, 12, 2)
        assert policy.vandaag() == dt.date(2026, 12, 2)
    with tijd.zet_klok(dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC)):
        assert tijd.vandaag() == dt.date(2026, 12, 1)


def test_a_begeleiding_ends_at_dutch_midnight(db, student) -> None:  # noqa: ANN001
    from app.models import Rol

    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Bea Begeleider")
    factories.create_begeleiding(db, begeleider, student, van=dt.date(2026, 9, 1), tot=dt.date(2026, 12, 1))
    with tijd.zet_klok(dt.datetime(2026, 12, 1, 22, 59, tzinfo=dt.UTC)):
        assert policy.mag_beoordelen(db, begeleider, student.id)
    with tijd.zet_klok(dt.datetime(2026, 12, 1, 23, 1, tzinfo=dt.UTC)):
        assert not policy.mag_beoordelen(db, begeleider, student.id)


def test_the_clock_goes_back_after_the_block() -> None:
    with tijd.zet_klok(dt.datetime(2001, 1, 1, tzinfo=dt.UTC)):
        assert tijd.nu().year == 2001
    assert tijd.nu().year >= 2026


def test_created_at_comes_back_as_aware_utc_and_shows_dutch_time(db) -> None:  # noqa: ANN001
    cohort = Cohort(code="TIJD-1", naam="Klok")
    db.add(cohort)
    db.flush()
    db.expire(cohort)
    aangemaakt = cohort.created_at
    assert aangemaakt.utcoffset() == dt.timedelta(0)
    # The database's own clock filled it in: it is now, not an hour off.
    assert abs(aangemaakt - tijd.nu()) < dt.timedelta(minutes=5)
    assert tijd.tijdstip(aangemaakt) == aangemaakt.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def test_a_token_made_at_18_47_in_amsterdam_shows_18_47(db) -> None:  # noqa: ANN001
    # A winter evening: 17:47 UTC is 18:47 on the Dutch clock.
    moment = dt.datetime(2026, 12, 1, 17, 47, tzinfo=dt.UTC)
    cohort = Cohort(code="TIJD-2", naam="Klok", created_at=moment)
    db.add(cohort)
    db.flush()
    db.expire(cohort)
    assert tijd.tijdstip(cohort.created_at) == "01-12-2026 18:47"


def test_vandaag_komt_overal_uit_de_ene_klok() -> None:
    """After 23:00 UTC the server's date is yesterday in Amsterdam: a begeleiding, a judgement date or a
    validity check that asked the system clock would be a day off for an hour or two every night."""
    import pathlib

    wortel = pathlib.Path(__file__).resolve().parents[1]
    overtreders = [
        str(pad.relative_to(wortel))
        for map_ in ("app", "scripts")
        for pad in (wortel / map_).rglob("*.py")
        if pad.name != "tijd.py" and ("date.today()" in pad.read_text() or "datetime.now()" in pad.read_text())
    ]
    assert overtreders == []
