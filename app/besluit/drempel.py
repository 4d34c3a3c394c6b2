"""A limit on public verifications per client address, counted in the database.

Every request counts, unknown diploma numbers included, and the count holds across worker
processes and app servers: each process sees the same counters. One row per address and
minute is incremented in place (an upsert), so anonymous bulk requests cannot fill the table;
the limit weighs the previous minute by how much of it still lies in the sliding window. The
count is committed in a short transaction of its own, before the request's own work, so a
request that fails afterwards (a 404 for an unknown number) still counts.
"""

from __future__ import annotations

import datetime as dt

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import schrijft_voortaan
from app.errors import DomainError
from app.models import Verzoekteller
from app.ops.proxy import client_adres
from app.tijd import nu

VENSTER = dt.timedelta(minutes=1)


class TeVeelVerzoeken(DomainError):
    status_code = 429


def _venster_van(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def tel(session: Session, sleutel: str, moment: dt.datetime) -> tuple[int, int]:
    """Count this request under `sleutel`: (count in the current window, count in the previous one)."""
    venster = _venster_van(moment)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(Verzoekteller)
        .values(sleutel=sleutel, venster=venster, aantal=1)
        .on_conflict_do_update(
            index_elements=[Verzoekteller.sleutel, Verzoekteller.venster],
            set_={"aantal": Verzoekteller.aantal + 1},
        )
        .returning(Verzoekteller.aantal)
    )
    huidig = int(session.execute(stmt).scalar_one())
    vorige = session.scalar(
        select(Verzoekteller.aantal).where(Verzoekteller.sleutel == sleutel, Verzoekteller.venster == venster - VENSTER)
    )
    if huidig == 1:
        # A new window for this key: windows before the previous one no longer count, for anyone.
        session.execute(delete(Verzoekteller).where(Verzoekteller.venster < venster - VENSTER))
    return huidig, int(vorige or 0)


def toegestaan(huidig: int, vorige: int, moment: dt.datetime, maximum: int) -> bool:
    """Sliding window: the previous minute counts for the part of it that is still less than a minute ago."""
    verstreken = (moment - _venster_van(moment)) / VENSTER
    return huidig + vorige * (1 - verstreken) <= maximum


def controleer(request: Request) -> None:
    """Route dependency for the public verification: 429 (problem JSON or Dutch page) above the limit."""
    moment = nu()
    with request.app.state.sessionmaker() as session:
        schrijft_voortaan(session)
        huidig, vorige = tel(session, f"verificatie:{client_adres(request)}", moment)
        session.commit()
    if not toegestaan(huidig, vorige, moment, get_settings().verificatie_max_per_minuut):
        raise TeVeelVerzoeken("Te veel verificaties vanaf dit adres. Probeer het over een minuut opnieuw.")
