"""Typed factories: each adds and flushes one thing, with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import sessies, wachtwoorden
from app.models import Begeleiding, Cohort, Gebruiker, GebruikerRol, Inschrijving, Kwalificatie, Rol

_volgnummer = itertools.count(1)
WACHTWOORD = "correct-paard-batterij-niet"


def create_gebruiker(
    db: Session,
    *rollen: Rol,
    naam: str | None = None,
    email: str | None = None,
    wachtwoord: str | None = WACHTWOORD,
    studentnummer: str | None = None,
    actief: bool = True,
) -> Gebruiker:
    n = next(_volgnummer)
    gebruiker = Gebruiker(
        email=(email or f"persoon{n}@example.nl").lower(),
        naam=naam or f"Persoon {n}",
        wachtwoord_hash=wachtwoorden.hash_wachtwoord(wachtwoord) if wachtwoord else None,
        studentnummer=studentnummer or (f"S{n:06d}" if Rol.student in rollen else None),
        actief=actief,
        rol_records=[GebruikerRol(rol=r) for r in rollen],
    )
    db.add(gebruiker)
    db.flush()
    return gebruiker


def wijkagent(db: Session) -> Kwalificatie:
    return db.scalar(select(Kwalificatie).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1"))


def create_cohort(db: Session, code: str | None = None) -> Cohort:
    cohort = Cohort(code=code or f"WA6-2026-{next(_volgnummer):03d}", naam="")
    db.add(cohort)
    db.flush()
    return cohort


def create_inschrijving(db: Session, student: Gebruiker, cohort: Cohort | None = None) -> Inschrijving:
    inschrijving = Inschrijving(
        student_id=student.id,
        kwalificatie_id=wijkagent(db).id,
        cohort_id=(cohort or create_cohort(db)).id,
        startdatum=dt.date(2026, 9, 1),
    )
    db.add(inschrijving)
    db.flush()
    return inschrijving


def create_begeleiding(
    db: Session,
    praktijkbegeleider: Gebruiker,
    student: Gebruiker,
    van: dt.date | None = None,
    tot: dt.date | None = None,
) -> Begeleiding:
    begeleiding = Begeleiding(
        praktijkbegeleider_id=praktijkbegeleider.id,
        student_id=student.id,
        van=van or dt.date.today() - dt.timedelta(days=30),
        tot=tot,
    )
    db.add(begeleiding)
    db.flush()
    return begeleiding


def login(client: TestClient, db: Session, gebruiker: Gebruiker) -> TestClient:
    """Log the client in as this person, with the session's CSRF token sent on every request."""
    token, sessie = sessies.start(db, gebruiker)
    db.flush()
    client.cookies.set(sessies.COOKIE, token)
    client.headers["X-CSRF-Token"] = sessie.csrf_token
    return client


def create_api_token(db: Session, gebruiker: Gebruiker, naam: str = "Testkoppeling") -> str:
    """A personal API token for this person; returns the token itself (as `Authorization: Bearer …`)."""
    from app.accounts import service

    return service.maak_token(db, gebruiker, naam).token
