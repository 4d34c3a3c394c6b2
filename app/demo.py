"""`portfolio demo`: a realistic demo — people in every role and students at different stages.

Built through the same services the pages use, so the demo obeys every rule
(audit trail included). Running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app import tijd
from app.accounts import repository as accounts_repository
from app.accounts import service as accounts
from app.accounts import wachtwoorden
from app.beoordeling import service as beoordeling
from app.beoordeling.schemas import BeoordelingIn, BewijsVerwijzing
from app.beroepsvereisten import service as beroepsvereisten
from app.besluit import service as besluit
from app.case.importeren import importeer
from app.kwalificaties import service as kwalificaties
from app.models import Bewijsstuk, BewijsstukSoort, Gebruiker, Oordeel, Rol
from app.opslag import Storage
from app.organisatie import repository as organisatie_repository
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
    DemoAccount(f"milan.deboer@{DOMEIN}", "Milan de Boer", (Rol.student,), "deels beoordeeld", "DEMO004"),
    DemoAccount(f"lotte.smit@{DOMEIN}", "Lotte Smit", (Rol.student,), "beoordeeld en gecorrigeerd", "DEMO005"),
    DemoAccount(f"yara.bakker@{DOMEIN}", "Yara Bakker", (Rol.student,), "diplomabaar", "DEMO006"),
    DemoAccount(f"thijs.mulder@{DOMEIN}", "Thijs Mulder", (Rol.student,), "diploma vastgesteld", "DEMO007"),
    DemoAccount(f"eva.kok@{DOMEIN}", "Eva Kok", (Rol.student,), "diploma ingetrokken", "DEMO008"),
)
# The students of the diploma stages are supervised by Fatima El Amrani (and Pieter Bakker too when
# the beoordelingsregel asks for two assessors); the examencommissie judged none of them.
DIPLOMA_STADIA = STUDENTEN[5:]
# A second kwalificatie, read from a CASE package (a data file, no code), with its own cohort.
TWEEDE_KWALIFICATIE = Path(__file__).parent / "case" / "voorbeelden" / "politieagent-n4-1.0.json"
TWEEDE = ("PA-N4", "1.0", "PA4-2026-09")
TWEEDE_STUDENT = DemoAccount(
    f"sem.peters@{DOMEIN}", "Sem Peters", (Rol.student,), "Politieagent (tweede kwalificatie)", "DEMO101"
)
ACCOUNTS = (BEHEERDER, *BEGELEIDERS, EXAMENCOMMISSIE, *STUDENTEN, TWEEDE_STUDENT)

# A one-page PDF: the smallest real document the storage's content check accepts.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


ALLE_LEERUITKOMSTEN = [
    f"LU{b}" for b in ("1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3")
]


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
    start = tijd.vandaag() - dt.timedelta(days=120)
    for nummer, account in enumerate(STUDENTEN):
        student = mensen[account.email]
        organisatie.schrijf_in(session, beheerder, student.id, "WA-N6", "2.1", COHORT, start)
        begeleider = mensen[BEGELEIDERS[1 if account in DIPLOMA_STADIA else nummer % 2].email]
        organisatie.koppel(session, beheerder, begeleider.id, student.id, start, None)
    # An example successor of 2.1 (one leeruitkomst reworded), so a beheerder can try the version move.
    kwalificaties.laad_bestand(session, kwalificaties.VOORBEELD_WA_N6_22)
    code, versie, cohort = TWEEDE
    importeer(session, TWEEDE_KWALIFICATIE.read_bytes(), code, versie)
    sem = mensen[TWEEDE_STUDENT.email]
    organisatie.schrijf_in(session, beheerder, sem.id, code, versie, cohort, start)
    organisatie.koppel(session, beheerder, mensen[BEGELEIDERS[0].email].id, sem.id, start, None)
    _portfolio(session, storage, mensen[STUDENTEN[1].email], ingediend=["LU1.1", "LU1.2", "LU2.1"], concept=["LU2.2"])
    _portfolio(session, storage, mensen[STUDENTEN[2].email], ingediend=ALLE_LEERUITKOMSTEN, concept=[])
    _beoordelingen(session, storage, mensen)
    _diplomas(session, storage, mensen, start)
    return list(ACCOUNTS)


def _diplomas(session: Session, storage: Storage, mensen: dict[str, Gebruiker], start: dt.date) -> None:
    """Yara diplomabaar, Thijs with a vastgesteld diploma, Eva with one that was revoked."""
    beheerder = mensen[BEHEERDER.email]
    pieter, fatima = (mensen[b.email] for b in BEGELEIDERS)
    lid = mensen[EXAMENCOMMISSIE.email]
    vereist = organisatie_repository.kwalificatie_op_code(session, "WA-N6", "2.1").beoordelaars_vereist
    vandaag = tijd.vandaag()
    for account in DIPLOMA_STADIA:
        student = mensen[account.email]
        beoordelaars = [fatima]
        if vereist >= 2:
            organisatie.koppel(session, beheerder, pieter.id, student.id, start, None)
            beoordelaars.append(pieter)
        bewijs = _portfolio(session, storage, student, ingediend=ALLE_LEERUITKOMSTEN, concept=[])
        for code in ALLE_LEERUITKOMSTEN:
            for beoordelaar in beoordelaars:
                _oordeel(
                    session,
                    beoordelaar,
                    student,
                    bewijs[code],
                    Oordeel.aangetoond,
                    f"{code} is overtuigend aangetoond.",
                )
        for code in ("RTGP", "IBT", "PV"):
            beroepsvereisten.registreer_resultaat(
                session,
                beheerder,
                student.id,
                code,
                "voldaan",
                (vandaag - dt.timedelta(days=40)).isoformat(),
                (vandaag + dt.timedelta(days=325)).isoformat(),
            )
    thijs, eva = (mensen[a.email] for a in DIPLOMA_STADIA[1:])
    besluit.beslissen(
        session, lid, thijs.id, "vastgesteld", "Het dossier is volledig; elke leeruitkomst is aangetoond."
    )
    ingetrokken = besluit.beslissen(session, lid, eva.id, "vastgesteld", "Het dossier is volledig.")
    besluit.intrekken(
        session, lid, ingetrokken.diplomanummer, "Een bewijsstuk bleek niet door de student zelf gemaakt (demo)."
    )


def _beoordelingen(session: Session, storage: Storage, mensen: dict[str, Gebruiker]) -> None:
    """Milan: partly judged by Fatima El Amrani. Lotte: judged by Pieter Bakker, one corrected, one replied to."""
    pieter, fatima = (mensen[b.email] for b in BEGELEIDERS)
    milan, lotte = mensen[STUDENTEN[3].email], mensen[STUDENTEN[4].email]

    bewijs = _portfolio(session, storage, milan, ingediend=["LU1.1", "LU2.1", "LU4.1"], concept=[])
    _oordeel(
        session, fatima, milan, bewijs["LU1.1"], Oordeel.aangetoond, "Helder verslag; de wijkschouw is goed voorbereid."
    )
    _oordeel(
        session,
        fatima,
        milan,
        bewijs["LU2.1"],
        Oordeel.niet_aangetoond,
        "Je beschrijft wat je deed, niet wat je ervan leerde. Voeg een reflectie toe.",
    )

    bewijs = _portfolio(
        session, storage, lotte, ingediend=["LU1.1", "LU1.2", "LU2.1", "LU3.1", "LU4.1", "LU5.1"], concept=["LU5.2"]
    )
    for code in ("LU1.1", "LU1.2", "LU3.1", "LU4.1"):
        _oordeel(session, pieter, lotte, bewijs[code], Oordeel.aangetoond, "")
    _oordeel(session, pieter, lotte, bewijs["LU2.1"], Oordeel.gedeeltelijk_aangetoond, "De reflectie mag dieper.")
    _oordeel(
        session,
        pieter,
        lotte,
        bewijs["LU2.1"],
        Oordeel.aangetoond,
        "Na ons gesprek is de reflectie voldoende.",
        reden="Aanvullend gesprek over de reflectie gevoerd.",
    )
    gedeeltelijk = _oordeel(
        session, pieter, lotte, bewijs["LU5.1"], Oordeel.gedeeltelijk_aangetoond, "Werk de evaluatie van de aanpak uit."
    )
    beoordeling.reageren(session, lotte, gedeeltelijk.id, "Ik voeg de evaluatie van de buurtavond toe.")


def _oordeel(  # noqa: PLR0913
    session: Session,
    beoordelaar: Gebruiker,
    student: Gebruiker,
    bewijsstuk: Bewijsstuk,
    oordeel: Oordeel,
    feedback: str,
    *,
    reden: str | None = None,
):  # noqa: ANN202
    code = bewijsstuk.laatste_versie.koppelingen[0].leeruitkomst.code
    invoer = BeoordelingIn(
        leeruitkomst=code,
        oordeel=oordeel,
        feedback=feedback,
        observatiedatum=tijd.vandaag() - dt.timedelta(days=20),
        bewijsstukken=[BewijsVerwijzing(id=bewijsstuk.id, versie=bewijsstuk.laatste_versie.versie)],
        reden=reden,
    )
    return beoordeling.beoordelen(session, beoordelaar, student.id, invoer)


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
) -> dict[str, Bewijsstuk]:
    gemaakt = {}
    for code in [*ingediend, *concept]:
        invoer = BewijsstukInvoer(
            titel=f"Praktijkverslag {code}",
            soort=BewijsstukSoort.verslag,
            datum=tijd.vandaag() - dt.timedelta(days=30),
            datum_gegeven=True,
            context="Basisteam, wijk Centrum: casus uit de eigen wijk.",
            koppelingen={code: f"In dit verslag laat ik zien hoe ik {code} in de wijk heb toegepast."},
        )
        upload = Upload(naam=f"verslag-{code}.pdf", stream=io.BytesIO(_PDF), grootte=len(_PDF))
        bewijsstuk = portfolio.bewijsstuk_toevoegen(session, storage, student, student.id, invoer, [upload])
        if code in ingediend:
            portfolio.indienen(session, student, bewijsstuk.id)
        gemaakt[code] = bewijsstuk
    return gemaakt
