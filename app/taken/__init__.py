"""The job port: `enqueue` writes a job into the caller's transaction; registered functions run it later.

A job is a row in `taak`, inserted by the same session (and so the same
transaction) as the change that causes it: a rolled-back change leaves no job,
a committed one leaves a job that a worker runs until it succeeds or its last
try has failed. The same functions run on both databases; only who runs them
differs (app/taken/werker.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exists, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.config import get_settings
from app.models import Taak, TaakStatus
from app.tijd import nu

Functie = Callable[..., None]


@dataclass(frozen=True)
class Registratie:
    naam: str
    functie: Functie
    # Forget the arguments once done: a mail's text can hold a one-time link.
    vergeet_argumenten: bool = False


_REGISTER: dict[str, Registratie] = {}
_DAGELIJKS: list[str] = []


def taak(naam: str, *, vergeet_argumenten: bool = False, dagelijks: bool = False) -> Callable[[Functie], Functie]:
    """Register `functie(session, **argumenten)` as the job `naam`; `dagelijks`: enqueued once a day, by any worker.

    The function runs in a session of its own that commits together with the job's "klaar";
    it raises to fail (the job is retried with back-off). It may run more than once when a
    worker dies after its work and before that commit, so make it safe to repeat.
    """

    def registreer(functie: Functie) -> Functie:
        _REGISTER[naam] = Registratie(naam, functie, vergeet_argumenten)
        if dagelijks and naam not in _DAGELIJKS:
            _DAGELIJKS.append(naam)
        return functie

    return registreer


def registratie(naam: str) -> Registratie | None:
    return _REGISTER.get(naam)


def dagelijkse_taken() -> list[str]:
    return list(_DAGELIJKS)


def enqueue(
    session: Session,
    naam: str,
    *,
    sleutel: str | None = None,
    samenvoegen: bool = False,
    na: dt.datetime | None = None,
    **argumenten: object,
) -> bool:
    """Add the job `naam` to the session's transaction; True when it was added.

    `sleutel`: at most one job ever carries this key, on any number of servers at once
    (a second enqueue, even in a concurrent transaction, adds nothing).
    `samenvoegen`: nothing is added while a job of this name still waits (its run covers this one too).
    """
    waarden = {
        "naam": naam,
        "argumenten": argumenten,
        "status": TaakStatus.wachtend,
        "sleutel": sleutel,
        "pogingen": 0,
        "max_pogingen": get_settings().taak_max_pogingen,
        "uitvoeren_na": na or nu(),
    }
    if samenvoegen:
        # One statement, whether or not a job waits: the insert happens only when none does.
        kolommen = list(waarden)
        rij = select(*(literal(waarden[k], type_=Taak.__table__.c[k].type) for k in kolommen)).where(
            ~exists().where(Taak.naam == naam, Taak.status == TaakStatus.wachtend)
        )
        return session.execute(insert(Taak).from_select(kolommen, rij)).rowcount == 1
    if sleutel is None:
        session.execute(insert(Taak).values(**waarden))
        return True
    dialect = session.get_bind().dialect.name
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = maker(Taak).values(**waarden).on_conflict_do_nothing(index_elements=["sleutel"])
    return session.execute(statement).rowcount == 1
