"""`portfolio demo`: a realistic demo — people in every role and students at different stages.

Built through the same services the pages use, so the demo obeys every rule
(audit trail included). Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.accounts import repository as accounts_repository
from app.accounts import service as accounts
from app.accounts import wachtwoorden
from app.kwalificaties import service as kwalificaties
from app.models import BewijsstukSoort, Gebruiker, Rol
from app.opslag import Storage
from app.organisatie import service as organisatie
from app.portfolio import service as portfolio
from app.portfolio.schemas import BewijsstukInvoer, Upload

WACHTWOORD = "demo-portfolio-2026"
DOMEIN = "demo.politieacademie.example"
COHORT = "WA6-2026-09"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    naam: str
    rollen: tuple[Rol, ...]
    stadium: str = ""
    studentnummer: str | None = None


BEHEERDER = DemoAccount(f"beheer@{DOMEIN}", "Bea de Beheerder", (Rol.beheerder,))
BEGELEIDERS = (
    DemoAccount(f"pieter.bakker@{DOMEIN}", "Pieter Bakker", (Rol.praktijkbegeleider,)),
    DemoAccount(f"fatima.elamrani@{DOMEIN}", "Fatima El Amrani", (Rol.praktijkbegeleider,)),
)
EXAMENCOMMISSIE = DemoAccount(f"examencommissie@{DOMEIN}", "Erik van Dam", (Rol.examencommissie,))
STUDENTEN = (
    DemoAccount(f"sanne.devries@{DOMEIN}", "Sanne de Vries", (Rol.student,), "net begonnen", "DEMO001"),
    DemoAccount(f"daan.jansen@{DOMEIN}", "Daan Jansen", (Rol.student,), "halverwege", "DEMO002"),
    DemoAccount(f"noor.visser@{DOMEIN}", "Noor Visser", (Rol.student,), "alles ingediend", "DEMO003"),
)
ACCOUNTS = (BEHEERDER, *BEGELEIDERS, EXAMENCOMMISSIE, *STUDENTEN)

# A one-page PDF: the smallest real document the storage's content check accepts.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class DemoGeweigerd(Exception):
    pass


def maak_demo(session: Session, storage: Storage, *, omgeving: str) -> list[DemoAccount]:
    """Fill the database with the demo; refused in production, a no-op when it is there."""
    if omgeving == "production":
        raise DemoGeweigerd("De demo wordt niet geladen in productie (PORTFOLIO_ENVIRONMENT=production).")
    kwalificaties.laad_meegeleverde(session)
    if accounts_repository.gebruiker_op_email(session, BEHEERDER.email) is not None:
        return []
    mensen = {a.email: _account(session, a) for a in ACCOUNTS}
    beheerder = mensen[BEHEERDER.email]
    start = dt.date.today() - dt.timedelta(days=120)
    for nummer, account in enumerate(STUDENTEN):
        student = mensen[account.email]
        organisatie.schrijf_in(session, beheerder, student.id, "WA-N6", "2.1", COHORT, start)
        begeleider = mensen[BEGELEIDERS[nummer % 2].email]
        organisatie.koppel(session, beheerder, begeleider.id, student.id, start, None)
    _portfolio(session, storage, mensen[STUDENTEN[1].email], ingediend=["LU1.1", "LU1.2", "LU2.1"], concept=["LU2.2"])
    alle = [f"LU{b}" for b in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3")]
    _portfolio(session, storage, mensen[STUDENTEN[2].email], ingediend=alle, concept=[])
    return list(ACCOUNTS)


def _account(session: Session, account: DemoAccount) -> Gebruiker:
    gemaakt = accounts.maak_gebruiker(
        session,
        None,
        account.email,
        account.naam,
        [r.value for r in account.rollen],
        account.studentnummer,
        via="demo",
    )
    # Demo accounts log in straight away with the password README lists.
    gemaakt.gebruiker.wachtwoord_hash = wachtwoorden.hash_wachtwoord(WACHTWOORD)
    return gemaakt.gebruiker


def _portfolio(
    session: Session, storage: Storage, student: Gebruiker, *, ingediend: list[str], concept: list[str]
) -> None:
    for code in [*ingediend, *concept]:
        invoer = BewijsstukInvoer(
            titel=f"Praktijkverslag {code}",
            soort=BewijsstukSoort.verslag,
            datum=dt.date.today() - dt.timedelta(days=30),
            datum_gegeven=True,
            context="Basisteam, wijk Centrum: casus uit de eigen wijk.",
            koppelingen={code: f"In dit verslag laat ik zien hoe ik {code} in de wijk heb toegepast."},
        )
        upload = Upload(naam=f"verslag-{code}.pdf", stream=io.BytesIO(_PDF), grootte=len(_PDF))
        bewijsstuk = portfolio.bewijsstuk_toevoegen(session, storage, student, student.id, invoer, [upload])
        if code in ingediend:
            portfolio.indienen(session, student, bewijsstuk.id)
