"""The queue as the beheerder sees it: failed jobs with their error, a retry by hand, counts and age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.errors import Conflict, NietGevonden
from app.models import Taak, TaakStatus
from app.taken import taak
from app.tijd import nu

# Done jobs are kept this long: a reminder's key must outlive the 30 days in which it could be sent again.
BEWAAR_KLAAR = dt.timedelta(days=60)


def mislukte(session: Session, limiet: int = 200) -> list[Taak]:
    """Jobs whose last try failed, newest first."""
    return list(
        session.scalars(select(Taak).where(Taak.status == TaakStatus.mislukt).order_by(Taak.id.desc()).limit(limiet))
    )


def opnieuw(session: Session, taak_id: int) -> Taak:
    """Give a failed job a fresh set of tries, due now; a job that did not fail is left alone (409)."""
    gevonden = session.get(Taak, taak_id)
    if gevonden is None:
        raise NietGevonden(f"Er is geen taak {taak_id}.")
    rijen = session.execute(
        update(Taak)
        .where(Taak.id == taak_id, Taak.status == TaakStatus.mislukt)
        .values(status=TaakStatus.wachtend, pogingen=0, uitvoeren_na=nu())
    ).rowcount
    if rijen != 1:
        raise Conflict(f"Taak {taak_id} is niet mislukt (status: {gevonden.status.value}); er is niets gewijzigd.")
    session.refresh(gevonden)
    return gevonden


@dataclass(frozen=True)
class Stand:
    per_status: dict[str, int]
    # Seconds since the oldest due job became due; 0 when nothing waits.
    wachtrij_leeftijd: float


def stand(session: Session) -> Stand:
    """Jobs per status and the queue's age, for /readyz and /metrics."""
    tellingen = dict.fromkeys((s.value for s in TaakStatus), 0)
    for status, aantal in session.execute(select(Taak.status, func.count()).group_by(Taak.status)):
        tellingen[TaakStatus(status).value] = aantal
    moment = nu()
    oudste = session.scalar(
        select(func.min(Taak.uitvoeren_na)).where(Taak.status == TaakStatus.wachtend, Taak.uitvoeren_na <= moment)
    )
    if oudste is not None and oudste.tzinfo is None:  # an aggregate passes by the column's type on SQLite
        oudste = dt.datetime.fromisoformat(str(oudste)).replace(tzinfo=dt.UTC)
    leeftijd = max(0.0, (moment - oudste).total_seconds()) if oudste is not None else 0.0
    return Stand(tellingen, leeftijd)


@taak("taken.opruimen", dagelijks=True)
def ruim_op(session: Session) -> None:
    """Forget jobs done long ago."""
    session.execute(delete(Taak).where(Taak.status == TaakStatus.klaar, Taak.voltooid_op < nu() - BEWAAR_KLAAR))
