"""Typed factories: each adds and flushes one thing, with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools

from fastapi.testclient import TestClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app import tijd
from app.accounts import wachtwoorden
from app.models import (
    Begeleiding,
    Beroepsvereiste,
    BeroepsvereisteResultaat,
    Bestand,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukSoort,
    BewijsstukVersie,
    Cohort,
    Gebruiker,
    GebruikerRol,
    Inschrijving,
    Kwalificatie,
    Leeruitkomst,
    Resultaat,
    Rol,
)
from app.toegang import sessies
from app.voortgang import stand

_volgnummer = itertools.count(1)
WACHTWOORD = "correct-paard-batterij-niet"
START = dt.date(2026, 9, 1)


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
        van=van or tijd.vandaag() - dt.timedelta(days=30),
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


# Many rows at once, for the lists' query-count tests: plain bulk inserts, no password hashing.


def _ids(db: Session, model: type, rijen: list[dict]) -> list[int]:
    if not rijen:
        return []
    return list(db.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rijen))


def create_veel_studenten(
    db: Session,
    aantal: int,
    *,
    cohort: Cohort | None = None,
    begeleider: Gebruiker | None = None,
    naam: str = "Bulk",
) -> list[int]:
    """`aantal` enrolled students (one cohort for all), optionally all supervised by one begeleider."""
    cohort = cohort or create_cohort(db)
    start = next(_volgnummer)
    for _ in range(aantal):
        next(_volgnummer)
    ids = _ids(
        db,
        Gebruiker,
        [
            {
                "email": f"bulk{start + i}@example.nl",
                "naam": f"{naam} {start + i:06d}",
                "studentnummer": f"B{start + i:07d}",
            }
            for i in range(aantal)
        ],
    )
    db.execute(insert(GebruikerRol), [{"gebruiker_id": i, "rol": Rol.student} for i in ids])
    kwalificatie_id = wijkagent(db).id
    db.execute(
        insert(Inschrijving),
        [
            {
                "student_id": i,
                "kwalificatie_id": kwalificatie_id,
                "cohort_id": cohort.id,
                "startdatum": dt.date(2026, 9, 1),
            }
            for i in ids
        ],
    )
    if begeleider is not None:
        van = tijd.vandaag() - dt.timedelta(days=30)
        db.execute(
            insert(Begeleiding), [{"praktijkbegeleider_id": begeleider.id, "student_id": i, "van": van} for i in ids]
        )
    # Bulk inserts pass by the ORM, so by the hook that keeps the stored progress current: as scripts do.
    stand.bijwerken(db, ids)
    return ids


def create_veel_cohorten(db: Session, aantal: int, prefix: str = "BULK") -> None:
    start = next(_volgnummer)
    for _ in range(aantal):
        next(_volgnummer)
    db.execute(insert(Cohort), [{"code": f"{prefix}-{start + i:06d}", "naam": ""} for i in range(aantal)])


def create_veel_bewijsstukken(db: Session, student: Gebruiker, aantal: int, versies: int = 3) -> None:
    """`aantal` bewijsstukken with `versies` versions each, one file and one leeruitkomst per version:
    more versions than one selectin batch holds, so a list that loads them per batch would show it."""
    leeruitkomst_id = db.scalar(select(Leeruitkomst.id).order_by(Leeruitkomst.id).limit(1))
    bewijsstuk_ids = _ids(db, Bewijsstuk, [{"student_id": student.id} for _ in range(aantal)])
    versie_ids = _ids(
        db,
        BewijsstukVersie,
        [
            {"bewijsstuk_id": b, "versie": v, "titel": f"Verslag {b}.{v}", "soort": BewijsstukSoort.verslag}
            for b in bewijsstuk_ids
            for v in range(1, versies + 1)
        ],
    )
    db.execute(
        insert(Bestand),
        [
            {
                "versie_id": v,
                "volgorde": 1,
                "opslag_sleutel": f"bulk{v:060d}",
                "naam": "verslag.pdf",
                "grootte": 1,
                "mediatype": "application/pdf",
                "sha256": "0" * 64,
            }
            for v in versie_ids
        ],
    )
    db.execute(insert(BewijsstukKoppeling), [{"versie_id": v, "leeruitkomst_id": leeruitkomst_id} for v in versie_ids])
    stand.bijwerken(db, [student.id])


def create_api_token(db: Session, gebruiker: Gebruiker, naam: str = "Testkoppeling") -> str:
    """A personal API token for this person; returns the token itself (as `Authorization: Bearer …`)."""
    from app.accounts import service

    return service.maak_token(db, gebruiker, naam).token


def create_resultaat(
    db: Session,
    student: Gebruiker,
    code: str,
    door: Gebruiker,
    *,
    voldaan: bool = True,
    datum: dt.date | None = None,
    geldig_tot: dt.date | None = None,
    corrigeert: BeroepsvereisteResultaat | None = None,
) -> BeroepsvereisteResultaat:
    """A beroepsvereiste result (RTGP, IBT, PV) of the student's Wijkagent N6, recorded by `door`."""
    vereiste = db.scalar(
        select(Beroepsvereiste).where(Beroepsvereiste.kwalificatie_id == wijkagent(db).id, Beroepsvereiste.code == code)
    )
    resultaat = BeroepsvereisteResultaat(
        student_id=student.id,
        beroepsvereiste_id=vereiste.id,
        datum=datum or dt.date(2026, 9, 15),
        resultaat=Resultaat.voldaan if voldaan else Resultaat.niet_voldaan,
        geldig_tot=geldig_tot,
        vastgelegd_door_id=door.id,
        corrigeert_id=corrigeert.id if corrigeert else None,
    )
    db.add(resultaat)
    db.flush()
    return resultaat
