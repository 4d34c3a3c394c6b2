"""Fill a database with a whole school, so pages can be measured at a real size (not a test).

    .venv/bin/python scripts/genereer_school.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
    .venv/bin/python scripts/genereer_school.py --database-url sqlite:////tmp/school.db --opslag /tmp/school-bestanden
    .venv/bin/python scripts/genereer_school.py --studenten 20 --wipe      # small, for a quick look

By default 2,000 students in 10 cohorts, 30 praktijkbegeleiders (each supervising
about 66 students today, and some begeleidingen that ended), an examencommissielid,
a beheerder, about 30 bewijsstukken per student with versions, files and linked
leeruitkomsten, and an audit trail of about 100 records per student whose hash
chain `portfolio audit verify` accepts. Four students of the oldest cohort finish
(--diplomas): the examencommissie confirms their diplomas yesterday and revokes
one; three others furthest along are refused. The database (PORTFOLIO_DATABASE_URL or
--database-url) is migrated first and gets the bundled kwalificaties; files go to
PORTFOLIO_STORAGE_DIR or --opslag.

Rows are written with SQLAlchemy Core in batches (executemany), not through the
services: the services append to the audit trail one record per transaction,
which would take hours for 200,000 records. Everything the services would write
is written here too, in the same shape, so the data obeys the same rules.
The same --seed and --vandaag give the same school.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import Connection, Engine, MetaData, func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.accounts import wachtwoorden  # noqa: E402
from app.audit import service as audit_service  # noqa: E402
from app.besluit import repository as besluit_repository  # noqa: E402
from app.besluit import rules as besluit_rules  # noqa: E402
from app.besluit import service as besluit_service  # noqa: E402
from app.models import (  # noqa: E402
    AuditRecord,
    Base,
    Beroepsvereiste,
    Besluit,
    BewijsstukSoort,
    Bouwsteen,
    Gebruiker,
    InschrijvingStatus,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
    MeldingSoort,
    Oordeel,
    Resultaat,
    Rol,
    VersieStatus,
)
from app.opslag import LocalStorage  # noqa: E402
from app.tijd import vandaag as vandaag_in_amsterdam  # noqa: E402
from app.voortgang import stand  # noqa: E402
from app.voortgang.service import voortgang_uit_feiten  # noqa: E402
from app.voortgang.status import korte_naam  # noqa: E402

DOMEIN = "school.politieacademie.example"
BEHEERDER_EMAIL = f"beheer@{DOMEIN}"
EXAMENCOMMISSIE_EMAIL = f"examencommissie@{DOMEIN}"
WACHTWOORD = "school-portfolio-2026"
BATCH = 5000
TABELLEN = Base.metadata.tables


def audit_hash(record: AuditRecord) -> str:
    """The one place the trail's hash is computed: the app's own keyed hash, its key derived once."""
    return audit_service.bereken_hash(record, _audit_sleutel())


@functools.cache
def _audit_sleutel() -> bytes:
    return audit_service.audit_sleutel()


# --- Content -----------------------------------------------------------------------------------

_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# A 1x1 PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201ffa1b6c4"
    "f70000000049454e44ae426082"
)


@dataclass(frozen=True)
class Inhoud:
    naam: str
    mediatype: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


INHOUDEN = (
    Inhoud("verslag-wijkrondgang.pdf", "application/pdf", _PDF),
    Inhoud("proces-verbaal-concept.pdf", "application/pdf", _PDF.replace(b"595 842", b"842 595")),
    Inhoud("foto-situatie.png", "image/png", _PNG),
    Inhoud(
        "observatie-aantekeningen.txt",
        "text/plain",
        b"Observatie tijdens de dienst: gesprek met buurtbewoners over overlast bij het winkelcentrum.\n",
    ),
)

# fmt: off
VOORNAMEN = (
    "Sanne", "Daan", "Noor", "Lars", "Fatima", "Mohamed", "Emma", "Sem", "Julia", "Finn", "Sara", "Bram", "Lotte",
    "Thijs", "Anouk", "Youssef", "Eva", "Ruben", "Iris", "Jesse", "Fleur", "Milan", "Yara", "Luuk", "Amira", "Stijn",
    "Zoë", "Niels", "Lieke", "Mees", "Hanna", "Jasper", "Ilse", "Sven", "Nadia", "Koen", "Esra", "Tim", "Roos",
)
ACHTERNAMEN = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos",
    "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf",
    "van der Meer", "El Amrani", "Yilmaz", "van Dijk", "Kok", "Jacobs", "Vermeulen", "Willems", "van den Berg",
    "Koster", "Prins", "Huisman", "Postma", "Kuipers", "van Wijk", "Öztürk", "Bouzid", "Schouten", "Verhoeven",
    "Kaya",
)
# fmt: on
TITELS = (
    "Wijkrondgang {wijk}",
    "Gesprek met buurtbewoners in {wijk}",
    "Proces-verbaal winkeldiefstal {wijk}",
    "Observatie noodhulpmelding {wijk}",
    "Netwerkoverleg gemeente en woningcorporatie {wijk}",
    "Analyse overlastmeldingen {wijk}",
    "360-feedback na de dienst in {wijk}",
    "Aanpak jongerenoverlast {wijk}",
    "Evaluatie buurtpreventie-app {wijk}",
    "Verslag intervisie basisteam {wijk}",
)
# fmt: off
WIJKEN = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "Het Oude Dorp", "De Haven", "Stationsbuurt", "Molenwijk",
    "Kanaleneiland",
)
# fmt: on
CONTEXTEN = (
    "Basisteam {wijk}, dagdienst met mijn praktijkbegeleider.",
    "Noodhulp in {wijk}, avonddienst.",
    "Overleg op het gemeentehuis over {wijk}.",
    "Wijkteam {wijk}, samen met de boa's van de gemeente.",
)
ONDERBOUWINGEN = (
    "In dit bewijsstuk laat ik zien hoe ik {code} in de wijk heb toegepast: ik heb de situatie eerst "
    "geanalyseerd, daarna met de betrokkenen gesproken en mijn aanpak afgestemd met mijn collega's.",
    "Bij {code} hoort dat ik zelfstandig en professioneel handel; de feedback van mijn praktijkbegeleider "
    "en mijn eigen reflectie laten zien dat ik dat in deze casus heb gedaan.",
    "Deze casus toont {code}: ik heb de juiste bevoegdheden gekozen, mijn handelen uitgelegd aan de burger "
    "en het verslag binnen de dienst afgerond.",
)


# --- Options -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schaal:
    studenten: int = 2000
    cohorten: int = 10
    begeleiders: int = 30
    bewijsstukken_per_student: int = 30
    # Audit records per student; logins fill up what the other events leave.
    audit_per_student: int = 100
    # Judgements per student; corrections fill up what the first judgements leave.
    beoordelingen_per_student: int = 125
    # Students of the oldest cohort who finish (every leeruitkomst aangetoond, every beroepsvereiste valid)
    # and get a vastgesteld diploma, one of which is revoked; only those whose evidence covers every
    # leeruitkomst can, so a small school may have none.
    diplomas: int = 4


@dataclass
class Telling:
    tabellen: dict[str, int] = field(default_factory=dict)
    bestanden_op_schijf: int = 0
    seconden: float = 0.0


class DatabaseNietLeeg(Exception):
    pass


# --- Entry points ------------------------------------------------------------------------------


def genereer(
    engine: Engine,
    opslag: Path,
    schaal: Schaal = Schaal(),  # noqa: B008 (frozen)
    *,
    seed: int = 2026,
    vandaag: dt.date | None = None,
    wipe: bool = False,
    wachtwoord: str = WACHTWOORD,
) -> Telling:
    """Migrate, load the bundled kwalificaties, then write the school in one transaction."""
    from app.kwalificaties import service as kwalificaties
    from app.ops.migrations import upgrade_to_head

    begin = time.perf_counter()
    if wipe:
        _wis(engine, opslag)
    upgrade_to_head(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        kwalificaties.laad_meegeleverde(session)
    with engine.begin() as connection:
        telling = vul(connection, opslag, schaal, seed=seed, vandaag=vandaag, wachtwoord=wachtwoord)
    telling.tabellen["diploma_pdf"] = _diploma_pdfs(engine)
    telling.seconden = time.perf_counter() - begin
    return telling


def _diploma_pdfs(engine: Engine) -> int:
    """Each diploma's PDF, rendered and stored as the worker's job does soon after the decision
    (and again after a revocation), so a download streams the stored file as it would in a school."""
    from sqlalchemy.orm import Session

    from app.besluit import diplomapdf
    from app.models import Diplomabesluit, Intrekking

    with Session(engine) as session:
        besluiten = session.execute(
            select(Diplomabesluit.id, Intrekking.id)
            .outerjoin(Intrekking, Intrekking.besluit_id == Diplomabesluit.id)
            .where(Diplomabesluit.diplomanummer.is_not(None))
        ).all()
        for besluit_id, intrekking_id in besluiten:
            diplomapdf.maak(session, besluit_id, intrekking_id is not None)
            session.commit()
    return len(besluiten)


def vul(
    connection: Connection,
    opslag: Path,
    schaal: Schaal,
    *,
    seed: int = 2026,
    vandaag: dt.date | None = None,
    wachtwoord: str = WACHTWOORD,
) -> Telling:
    """Write the school on a migrated database that has its kwalificaties; the caller commits."""
    if _niet_leeg(connection):
        raise DatabaseNietLeeg(
            "De database bevat al gebruikers, cohorten of bewijsstukken; gebruik --wipe om hem eerst te legen."
        )
    school = _School(connection, opslag, schaal, random.Random(seed), vandaag or vandaag_in_amsterdam())  # noqa: S311
    # One argon2 hash for every account: hashing 2,000 times would take longer than everything else.
    school.wachtwoord_hash = wachtwoorden.hash_wachtwoord(wachtwoord)
    school.bouw()
    _beroepsvereisten(school, random.Random(f"{seed}-beroepsvereisten"))  # noqa: S311
    _afronden(school)
    telling = _besluiten(connection, school, school.schrijf())
    # Bulk inserts pass by the hook that keeps the stored progress current: build it as
    # `portfolio voortgang herbouw` does, in the same transaction.
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        stand.herbouw(session)
        session.commit()
    return telling


# --- Beroepsvereisten --------------------------------------------------------------------------

# How long a met result holds, by beroepsvereiste.
GELDIGHEID_DAGEN = {"RTGP": 365, "IBT": 365, "PV": 3 * 365}


def _beroepsvereisten(school: _School, rng: random.Random) -> None:
    """RTGP, IBT and PV results per student as the beheerder records them: most valid, some expiring within
    30 days, some expired, some not met (half of those retaken), a few corrected; students who just started
    have often taken nothing yet. Its own random stream, so the rest of the school stays as it was."""
    vereisten = list(
        school.connection.execute(
            select(Beroepsvereiste.id, Beroepsvereiste.code)
            .where(Beroepsvereiste.kwalificatie_id == school.kwalificatie_id)
            .order_by(Beroepsvereiste.volgorde)
        )
    )
    vandaag = school.vandaag

    def vastleggen(student_id: int, vereiste: tuple[int, str], datum: dt.date, tot: dt.date | None, **extra) -> int:  # noqa: ANN003
        resultaat = Resultaat.voldaan if tot is not None else Resultaat.niet_voldaan
        moment = dt.datetime.combine(datum, dt.time(15), tzinfo=dt.UTC) + dt.timedelta(seconds=rng.randrange(3600))
        resultaat_id: int = school._rij(  # type: ignore[assignment]
            "beroepsvereiste_resultaat",
            student_id=student_id,
            beroepsvereiste_id=vereiste[0],
            datum=datum,
            resultaat=resultaat,
            geldig_tot=tot,
            vastgelegd_door_id=school.beheerder,
            corrigeert_id=extra.get("corrigeert"),
            created_at=moment,
        )
        school._gebeurt(
            moment, school.beheerder, "beroepsvereiste_resultaat_vastgelegd", "beroepsvereiste_resultaat",
            resultaat_id, student_id=student_id, code=vereiste[1], resultaat=resultaat.value,
            datum=datum.isoformat(), geldig_tot=tot.isoformat() if tot else None, corrigeert=extra.get("corrigeert"),
        )  # fmt: skip
        if tot is not None and vandaag <= tot <= vandaag + dt.timedelta(days=30):
            # What the daily reminder job told the student (app/beroepsvereisten/herinnering.py); no random
            # draw, so the rest of the school stays as it was.
            school._rij(
                "melding", ontvanger_id=student_id, soort=MeldingSoort.beroepsvereiste_verloopt,
                tekst=f"Je {vereiste[1]} is geldig tot en met {tot:%d-%m-%Y}. Zorg op tijd voor een nieuw resultaat.",
                link=f"/studenten/{student_id}/beroepsvereisten", gelezen=False, tijd=school.nu,
            )  # fmt: skip
        return resultaat_id

    for inschrijving in school.rijen["inschrijving"]:
        student_id, start = inschrijving["student_id"], inschrijving["startdatum"]
        for vereiste in vereisten:
            if (vandaag - start).days < 60 and rng.random() < 0.5:
                continue
            geldig = dt.timedelta(days=GELDIGHEID_DAGEN.get(vereiste[1], 365))
            soort = rng.choices(("geldig", "binnenkort", "verlopen", "niet"), weights=(70, 10, 10, 10))[0]
            if soort == "niet":
                datum = vandaag - dt.timedelta(days=rng.randint(2, 200))
                vastleggen(student_id, vereiste, datum, None)
                if rng.random() < 0.5:
                    herkansing = datum + dt.timedelta(days=rng.randint(1, (vandaag - datum).days - 1))
                    vastleggen(student_id, vereiste, herkansing, herkansing + geldig)
                continue
            if soort == "geldig":
                tot = vandaag + dt.timedelta(days=rng.randint(31, geldig.days - 1))
            elif soort == "binnenkort":
                tot = vandaag + dt.timedelta(days=rng.randint(0, 30))
            else:
                tot = vandaag - dt.timedelta(days=rng.randint(1, 120))
            datum = tot - geldig
            eerste = vastleggen(student_id, vereiste, datum, tot)
            if rng.random() < 0.03:
                # Typed in wrong: the correction says it was not met after all.
                vastleggen(student_id, vereiste, datum, None, corrigeert=eerste)


# --- Students who finish ----------------------------------------------------------------------

REDEN_EINDBEOORDELING = "Eindbeoordeling: al het bewijs voor deze leeruitkomst opnieuw bekeken."


def _afronden(school: _School) -> None:
    """Make `schaal.diplomas` students of the oldest cohort really diplomabaar, as the app would record it.

    Their current praktijkbegeleider judges every leeruitkomst aangetoond on the latest submitted version of
    each bewijsstuk linked to it (so nothing waits any more), replacing their own earlier judgement with a
    reason, the day before the decisions; the beheerder records what is missing of RTGP, IBT and PV.
    A student qualifies only when those versions cover every leeruitkomst and nothing of theirs happened
    after that moment. No random numbers are drawn, so the rest of the school stays as it was.
    """
    aantal = school.schaal.diplomas
    if aantal <= 0 or not school.rijen["inschrijving"]:
        return
    moment = school.nu - dt.timedelta(hours=12)
    datum = school.vandaag - dt.timedelta(days=1)
    oudste = min(r["cohort_id"] for r in school.rijen["inschrijving"])
    verborgen = {r["id"] for r in school.rijen["bewijsstuk"] if r.get("verborgen_op")}
    laatste_oordeel: dict[tuple[int, int, int], dict] = {}
    for rij in school.rijen["beoordeling"]:
        laatste_oordeel[(rij["beoordelaar_id"], rij["student_id"], rij["leeruitkomst_id"])] = rij
    laatste_tijd: dict[int, dt.datetime] = {}
    for rij in school.rijen["beoordeling"]:
        laatste_tijd[rij["student_id"]] = max(rij["tijd"], laatste_tijd.get(rij["student_id"], rij["tijd"]))
    alle_lus = set(school.leeruitkomsten)
    gekozen = []
    for inschrijving in school.rijen["inschrijving"]:
        student_id = inschrijving["student_id"]
        if inschrijving["cohort_id"] != oudste or inschrijving["status"] is not InschrijvingStatus.actief:
            continue
        laatste = [v for v in school.ingediend.get(student_id, []) if v.is_laatste and v.bewijsstuk_id not in verborgen]
        begeleider = school._beoordelaar_op(student_id, moment)
        if (
            begeleider is None
            or {lu for v in laatste for lu in v.koppelingen} != alle_lus
            or any(v.ingediend_op >= moment for v in laatste)
            or laatste_tijd.get(student_id, moment) >= moment
        ):
            continue
        gekozen.append((student_id, begeleider, laatste))
        if len(gekozen) == aantal:
            break
    for nummer, (student_id, begeleider, laatste) in enumerate(gekozen):
        tijd = moment + dt.timedelta(minutes=nummer)
        for lu_id, code in school.leeruitkomsten:
            versies = sorted((v for v in laatste if (lu_id, code) in v.koppelingen), key=lambda v: v.versie_id)
            vorige = laatste_oordeel.get((begeleider, student_id, lu_id))
            vervangt = vorige["id"] if vorige else None
            # Evidence submitted after the assessor's last word makes this a re-judgement, else a correction.
            correctie = vorige is not None and all(v.ingediend_op <= vorige["tijd"] for v in versies)
            reden = REDEN_EINDBEOORDELING if correctie else None
            actie = "beoordeling_gecorrigeerd" if correctie else "herbeoordeeld" if vervangt else "beoordeeld"
            beoordeling_id = school._rij(
                "beoordeling", student_id=student_id, leeruitkomst_id=lu_id, beoordelaar_id=begeleider, tijd=tijd,
                oordeel=Oordeel.aangetoond, feedback="", observatiedatum=tijd.date(), vervangt_id=vervangt,
                correctie=correctie, reden=reden,
            )  # fmt: skip
            for v in versies:
                school._rij("beoordeling_bewijs", beoordeling_id=beoordeling_id, versie_id=v.versie_id)
            school._gebeurt(
                tijd, begeleider, actie, "beoordeling",
                beoordeling_id, student_id=student_id, leeruitkomst=code, oordeel=Oordeel.aangetoond.value,
                bewijsstukken=[{"id": v.bewijsstuk_id, "versie": v.versie} for v in versies],
                vervangt=vervangt, reden=reden,
            )  # fmt: skip
            school._melding(
                student_id, MeldingSoort.nieuwe_feedback, tijd,
                f"{korte_naam(school._namen[begeleider])} beoordeelde {code}: {Oordeel.aangetoond.label.lower()}.",
                f"/portfolio#lu-{code.replace('.', '-')}",
            )  # fmt: skip
        _vereisten_aanvullen(school, student_id, datum, tijd)


def _vereisten_aanvullen(school: _School, student_id: int, datum: dt.date, tijd: dt.datetime) -> None:
    """A met result taken on `datum` for every beroepsvereiste not met and valid on that day."""
    from app.voortgang import geldigheid as beroepsvereisten_rules

    codes = dict(
        school.connection.execute(
            select(Beroepsvereiste.id, Beroepsvereiste.code).where(
                Beroepsvereiste.kwalificatie_id == school.kwalificatie_id
            )
        ).all()
    )
    uitslagen = [
        beroepsvereisten_rules.Uitslag(
            id=r["id"],
            code=codes[r["beroepsvereiste_id"]],
            datum=r["datum"],
            voldaan=r["resultaat"] is Resultaat.voldaan,
            geldig_tot=r["geldig_tot"],
            corrigeert=r.get("corrigeert_id"),
        )  # fmt: skip
        for r in school.rijen["beroepsvereiste_resultaat"]
        if r["student_id"] == student_id
    ]
    standen = beroepsvereisten_rules.stand_op(list(codes.values()), uitslagen, datum)
    for vereiste_id, code in codes.items():
        if standen[code].voldaan:
            continue
        tot = datum + dt.timedelta(days=GELDIGHEID_DAGEN.get(code, 365))
        resultaat_id = school._rij(
            "beroepsvereiste_resultaat", student_id=student_id, beroepsvereiste_id=vereiste_id, datum=datum,
            resultaat=Resultaat.voldaan, geldig_tot=tot, vastgelegd_door_id=school.beheerder, corrigeert_id=None,
            created_at=tijd,
        )  # fmt: skip
        school._gebeurt(
            tijd, school.beheerder, "beroepsvereiste_resultaat_vastgelegd", "beroepsvereiste_resultaat",
            resultaat_id, student_id=student_id, code=code, resultaat=Resultaat.voldaan.value,
            datum=datum.isoformat(), geldig_tot=tot.isoformat(), corrigeert=None,
        )  # fmt: skip


# --- The school --------------------------------------------------------------------------------


@dataclass
class _Student:
    id: int
    cohort_start: dt.date


@dataclass(frozen=True)
class _Aangeboden:
    versie_id: int
    bewijsstuk_id: int
    versie: int
    titel: str
    ingediend_op: dt.datetime
    tot: dt.datetime
    koppelingen: list[tuple[int, str]]
    is_laatste: bool


@dataclass
class _Oordeel:
    tijd: dt.datetime
    beoordelaar_id: int
    student_id: int
    leeruitkomst: tuple[int, str]
    versies: list[_Aangeboden]
    oordeel: Oordeel
    feedback: str


FEEDBACK_AANGETOOND = (
    "",
    "",
    "Goed onderbouwd; je laat duidelijk zien wat je zelf deed.",
    "Sterk verslag. Let bij een volgende casus nog op de tijdlijn.",
)
FEEDBACK_NIET = (
    "Je beschrijft de situatie, maar niet wat jij zelf deed en waarom. Voeg je eigen afwegingen toe.",
    "De koppeling met {code} is nog niet zichtbaar: welke bevoegdheid gebruikte je en waarom?",
    "Er ontbreekt een reflectie op de nabespreking met je collega's.",
    "Voeg de feedback van een collega of burger toe; nu rust het bewijs alleen op je eigen verslag.",
)
REDENEN_CORRECTIE = (
    "Na de nabespreking met de student mijn oordeel bijgesteld.",
    "Oordeel herzien na een tweede lezing van het verslag.",
    "Verkeerd oordeel aangeklikt; hierbij hersteld.",
)
REACTIES = (
    "Dank voor de feedback, ik pas het verslag aan.",
    "Ik heb de reflectie toegevoegd in de nieuwe versie.",
    "Kunnen we dit bij de volgende dienst bespreken?",
    "Helder, ik lever een aanvullend bewijsstuk aan.",
)


class _School:
    def __init__(self, connection: Connection, opslag: Path, schaal: Schaal, rng: random.Random, vandaag: dt.date):
        self.connection = connection
        self.storage = LocalStorage(opslag)
        self.schaal = schaal
        self.rng = rng
        self.vandaag = vandaag
        # Midnight UTC at the start of `vandaag`: every generated moment lies before it, so the
        # same seed and day give the same school whatever the clock says.
        self.nu = dt.datetime.combine(vandaag, dt.time(0), tzinfo=dt.UTC)
        self.wachtwoord_hash = ""
        self.rijen: dict[str, list[dict]] = {naam: [] for naam in TABELLEN}
        self.gebeurtenissen: list[tuple] = []
        self.volgende_id = {naam: _max_id(connection, naam) + 1 for naam in TABELLEN if "id" in TABELLEN[naam].c}
        kwalificatie = connection.execute(
            select(Kwalificatie.id).where(Kwalificatie.code == "WA-N6", Kwalificatie.versie == "2.1")
        ).scalar_one()
        self.kwalificatie_id = kwalificatie
        self.leeruitkomsten: list[tuple[int, str]] = list(
            connection.execute(
                select(Leeruitkomst.id, Leeruitkomst.code)
                .join(Bouwsteen, Leeruitkomst.bouwsteen_id == Bouwsteen.id)
                .join(Kerntaak, Bouwsteen.kerntaak_id == Kerntaak.id)
                .where(Kerntaak.kwalificatie_id == kwalificatie)
                .order_by(Leeruitkomst.id)
            )
        )
        self.bestanden_op_schijf = 0
        self._eerste_pad: dict[str, Path] = {}
        # Per student: each submitted version and until when it was the latest submitted one.
        self.ingediend: dict[int, list[_Aangeboden]] = {}

    # -- ids and rows

    def _id(self, tabel: str) -> int:
        nummer = self.volgende_id[tabel]
        self.volgende_id[tabel] = nummer + 1
        return nummer

    def _rij(self, tabel: str, **waarden: object) -> int | None:
        if "id" in TABELLEN[tabel].c and "id" not in waarden:
            waarden["id"] = self._id(tabel)
        self.rijen[tabel].append(waarden)
        return waarden.get("id")  # type: ignore[return-value]

    def _gebeurt(self, tijd: dt.datetime, actor_id: int | None, actie: str, soort: str, onderwerp, **gegevens) -> None:  # noqa: ANN001
        self.gebeurtenissen.append((tijd, actor_id, actie, soort, onderwerp, gegevens))

    def _moment(self, van: dt.datetime, tot: dt.datetime) -> dt.datetime:
        seconden = max(int((tot - van).total_seconds()), 1)
        return van + dt.timedelta(seconds=self.rng.randrange(seconden), microseconds=self.rng.randrange(1_000_000))

    # -- people

    def _gebruiker(self, email: str, naam: str, rollen: Iterable[Rol], aangemaakt: dt.datetime, **extra) -> int:  # noqa: ANN003
        rollen = [r for r in Rol if r in set(rollen)]
        gebruiker_id = self._rij(
            "gebruiker",
            email=email,
            naam=naam,
            studentnummer=extra.get("studentnummer"),
            wachtwoord_hash=self.wachtwoord_hash,
            actief=True,
            created_at=aangemaakt,
        )
        for rol in rollen:
            self._rij("gebruiker_rol", gebruiker_id=gebruiker_id, rol=rol)
        return gebruiker_id  # type: ignore[return-value]

    def _naam(self, nummer: int) -> str:
        voornaam = VOORNAMEN[nummer % len(VOORNAMEN)]
        achternaam = ACHTERNAMEN[(nummer // len(VOORNAMEN) + nummer * 7) % len(ACHTERNAMEN)]
        return f"{voornaam} {achternaam}"

    def bouw(self) -> None:
        s = self.schaal
        begin = self.nu - dt.timedelta(days=45 * s.cohorten + 60)
        self.beheerder = self._gebruiker(BEHEERDER_EMAIL, "Bea de Beheerder", [Rol.beheerder], begin)
        self._gebeurt(
            begin, self.beheerder, "eerste_beheerder_aangemaakt", "gebruiker", self.beheerder, email=BEHEERDER_EMAIL
        )
        staf_moment = begin + dt.timedelta(hours=1)
        self.examencommissie = self._staf(EXAMENCOMMISSIE_EMAIL, "Erik van Dam", Rol.examencommissie, staf_moment)
        self.begeleiders = [
            self._staf(f"begeleider{n + 1:02d}@{DOMEIN}", self._naam(n * 13 + 5), Rol.praktijkbegeleider, staf_moment)
            for n in range(s.begeleiders)
        ]
        cohorten = []
        for k in range(s.cohorten):
            start = self.vandaag - dt.timedelta(days=45 * (s.cohorten - 1 - k) + 30)
            moment = dt.datetime.combine(start - dt.timedelta(days=30), dt.time(9), tzinfo=dt.UTC)
            code = f"WA6-{start:%Y-%m}"
            naam = f"Wijkagent niveau 6, start {start:%d-%m-%Y}"
            cohort_id = self._rij("cohort", code=code, naam=naam, created_at=moment)
            self._gebeurt(moment, self.beheerder, "cohort_aangemaakt", "cohort", cohort_id, code=code, naam=naam)
            cohorten.append((cohort_id, code, start))
        for n in range(s.studenten):
            cohort_id, code, start = cohorten[n % s.cohorten]
            self._student(n, cohort_id, code, start)
        self._beoordelingen()

    def _staf(self, email: str, naam: str, rol: Rol, moment: dt.datetime) -> int:
        gebruiker_id = self._gebruiker(email, naam, [rol], moment)
        self._gebeurt(
            moment, self.beheerder, "gebruiker_aangemaakt", "gebruiker", gebruiker_id,
            email=email, naam=naam, rollen=[rol.value], studentnummer=None, via="web",
        )  # fmt: skip
        return gebruiker_id

    def _student(self, n: int, cohort_id: int, cohort_code: str, start: dt.date) -> None:
        rng = self.rng
        naam = self._naam(n)
        email = f"student{n + 1:05d}@{DOMEIN}"
        studentnummer = f"{start.year}{n + 1:05d}"
        moment = dt.datetime.combine(start - dt.timedelta(days=7), dt.time(10), tzinfo=dt.UTC) + dt.timedelta(seconds=n)
        student_id = self._gebruiker(email, naam, [Rol.student], moment, studentnummer=studentnummer)
        self._gebeurt(
            moment, self.beheerder, "gebruiker_aangemaakt", "gebruiker", student_id,
            email=email, naam=naam, rollen=[Rol.student.value], studentnummer=studentnummer, via="import",
        )  # fmt: skip
        inschrijving_id = self._rij(
            "inschrijving",
            student_id=student_id,
            kwalificatie_id=self.kwalificatie_id,
            cohort_id=cohort_id,
            startdatum=start,
            status=InschrijvingStatus.actief,
            created_at=moment,
        )
        self._gebeurt(
            moment, self.beheerder, "inschrijving_aangemaakt", "inschrijving", inschrijving_id,
            student_id=student_id, kwalificatie="WA-N6", versie="2.1", cohort=cohort_code,
            startdatum=start.isoformat(),
        )  # fmt: skip
        self._begeleidingen(n, student_id, start)
        if rng.random() < 0.01:
            self.rijen["inschrijving"][-1]["status"] = InschrijvingStatus.uitgeschreven
            self._gebeurt(
                self._moment(moment, self.nu), self.beheerder, "inschrijving_status_gewijzigd", "inschrijving",
                inschrijving_id, student_id=student_id, van="actief", naar="uitgeschreven",
            )  # fmt: skip
        aantal = rng.randint(self.schaal.bewijsstukken_per_student // 2, self.schaal.bewijsstukken_per_student * 3 // 2)
        for _ in range(aantal):
            self._bewijsstuk(student_id, start)

    def _begeleidingen(self, n: int, student_id: int, start: dt.date) -> None:
        rng, s = self.rng, self.schaal
        begeleider = self.begeleiders[n % s.begeleiders]
        van = start
        if (self.vandaag - start).days > 90 and rng.random() < 0.25:
            # Supervised by someone else first; that begeleiding ended.
            vorige = self.begeleiders[(n + 7) % s.begeleiders]
            wissel = start + dt.timedelta(days=rng.randint(30, (self.vandaag - start).days - 30))
            self._begeleiding(vorige, student_id, start, None, start)
            eind = wissel - dt.timedelta(days=1)
            self.rijen["begeleiding"][-1]["tot"] = eind
            beeindigd = dt.datetime.combine(eind, dt.time(16), tzinfo=dt.UTC)
            self._gebeurt(
                beeindigd, self.beheerder, "begeleiding_beeindigd", "begeleiding", self.rijen["begeleiding"][-1]["id"],
                praktijkbegeleider_id=vorige, student_id=student_id, oude_tot=None, tot=eind.isoformat(),
            )  # fmt: skip
            van = wissel
        tot = None if rng.random() < 0.7 else self.vandaag + dt.timedelta(days=rng.randint(30, 300))
        self._begeleiding(begeleider, student_id, van, tot, van)

    def _begeleiding(self, begeleider: int, student_id: int, van: dt.date, tot: dt.date | None, op: dt.date) -> None:
        moment = dt.datetime.combine(op - dt.timedelta(days=1), dt.time(11), tzinfo=dt.UTC)
        begeleiding_id = self._rij(
            "begeleiding", praktijkbegeleider_id=begeleider, student_id=student_id, van=van, tot=tot, created_at=moment
        )
        self._gebeurt(
            moment, self.beheerder, "begeleiding_aangemaakt", "begeleiding", begeleiding_id,
            praktijkbegeleider_id=begeleider, student_id=student_id, van=van.isoformat(),
            tot=tot.isoformat() if tot else None,
        )  # fmt: skip

    # -- evidence

    def _bewijsstuk(self, student_id: int, start: dt.date) -> None:
        rng = self.rng
        wijk = rng.choice(WIJKEN)
        titel = rng.choice(TITELS).format(wijk=wijk)
        soort = rng.choice(list(BewijsstukSoort))
        context = rng.choice(CONTEXTEN).format(wijk=wijk)
        eerste = dt.datetime.combine(start, dt.time(8), tzinfo=dt.UTC)
        momenten = sorted(self._moment(eerste, self.nu) for _ in range(6))
        # When the activity took place: shortly before the first upload; later versions keep it.
        datum = (momenten[0] - dt.timedelta(days=rng.randint(0, 6))).date()
        aantal_versies = rng.choices((1, 2, 3), weights=(80, 15, 5))[0]
        laatste_status = rng.choices(
            (VersieStatus.concept, VersieStatus.ingediend, VersieStatus.ingetrokken), weights=(10, 80, 10)
        )[0]
        bewijsstuk_id = self._rij("bewijsstuk", student_id=student_id, created_at=momenten[0])
        aantal_lu = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        codes = rng.sample(self.leeruitkomsten, k=min(aantal_lu, len(self.leeruitkomsten)))
        koppelingen = sorted(codes)
        bestanden = [self._nieuw_bestand() for _ in range(rng.choices((1, 2, 3), weights=(70, 25, 5))[0])]
        for nummer in range(1, aantal_versies + 1):
            aangemaakt, ingediend_op, ingetrokken_op = momenten[2 * nummer - 2], None, None
            if nummer > 1 and rng.random() < 0.5:
                bestanden = [*bestanden, self._nieuw_bestand()]
                erbij = bestanden[-1:]
            else:
                erbij = []
            is_laatste = nummer == aantal_versies
            status = laatste_status if is_laatste else rng.choice((VersieStatus.ingediend, VersieStatus.ingetrokken))
            if status != VersieStatus.concept:
                ingediend_op = momenten[2 * nummer - 1]
            if status == VersieStatus.ingetrokken:
                grens = self.nu if is_laatste else momenten[2 * nummer]
                ingetrokken_op = self._moment(ingediend_op, min(ingediend_op + dt.timedelta(hours=72), grens))
            versie_id: int = self._rij(  # type: ignore[assignment]
                "bewijsstuk_versie",
                bewijsstuk_id=bewijsstuk_id,
                versie=nummer,
                titel=titel,
                soort=soort,
                datum=datum,
                context=context,
                status=status,
                ingediend_op=ingediend_op,
                ingetrokken_op=ingetrokken_op,
                created_at=aangemaakt,
            )
            for volgorde, bestand in enumerate(bestanden):
                self._rij(
                    "bestand",
                    versie_id=versie_id,
                    volgorde=volgorde,
                    opslag_sleutel=bestand["opslag_sleutel"],
                    naam=bestand["naam"],
                    grootte=bestand["grootte"],
                    mediatype=bestand["mediatype"],
                    sha256=bestand["sha256"],
                    created_at=aangemaakt,
                )
            for lu_id, code in koppelingen:
                self._rij(
                    "bewijsstuk_koppeling",
                    versie_id=versie_id,
                    leeruitkomst_id=lu_id,
                    onderbouwing=rng.choice(ONDERBOUWINGEN).format(code=code),
                )
            lu_codes = [code for _, code in koppelingen]
            if status == VersieStatus.ingediend:
                # Judged only while it is the latest submitted version: until the next version appears.
                tot = self.nu if is_laatste else momenten[2 * nummer]
                self.ingediend.setdefault(student_id, []).append(
                    _Aangeboden(versie_id, bewijsstuk_id, nummer, titel, ingediend_op, tot, koppelingen, is_laatste)
                )
            if nummer == 1:
                self._gebeurt(
                    aangemaakt, student_id, "bewijsstuk_geupload", "bewijsstuk", bewijsstuk_id,
                    versie=1, titel=titel, leeruitkomsten=sorted(lu_codes), bestanden=_audit(bestanden),
                )  # fmt: skip
            else:
                self._gebeurt(
                    aangemaakt, student_id, "nieuwe_versie", "bewijsstuk", bewijsstuk_id,
                    versie=nummer, titel=titel, leeruitkomsten=lu_codes, bestanden_erbij=_audit(erbij),
                    bestanden_weg=[],
                )  # fmt: skip
            if ingediend_op is not None:
                self._gebeurt(
                    ingediend_op, student_id, "ingediend", "bewijsstuk", bewijsstuk_id,
                    versie=nummer, leeruitkomsten=lu_codes, bestanden=_audit(bestanden),
                )  # fmt: skip
            if ingetrokken_op is not None:
                self._gebeurt(ingetrokken_op, student_id, "ingetrokken", "bewijsstuk", bewijsstuk_id, versie=nummer)
        if rng.random() < 0.002 and laatste_status != VersieStatus.concept:
            moment = self.nu - dt.timedelta(days=rng.randint(1, 5))
            reden = "Bevat herkenbare persoonsgegevens van een burger."
            rij = self.rijen["bewijsstuk"][-1]
            rij.update(verborgen_op=moment, verborgen_door_id=self.beheerder, verborgen_reden=reden)
            self._gebeurt(moment, self.beheerder, "verborgen", "bewijsstuk", bewijsstuk_id, reden=reden)

    def _nieuw_bestand(self) -> dict:
        """A new stored file: its own random key on disk (a hard link to one of a few contents)."""
        inhoud = INHOUDEN[self.rng.randrange(len(INHOUDEN))]
        sleutel = f"{self.rng.getrandbits(128):032x}"
        pad = self.storage.root / sleutel[:2] / sleutel[2:4] / sleutel
        pad.parent.mkdir(parents=True, exist_ok=True)
        bron = self._eerste_pad.get(inhoud.sha256)
        try:
            if bron is None:
                raise OSError
            os.link(bron, pad)
        except OSError:  # the first of its content, or a filesystem without hard links
            pad.write_bytes(inhoud.data)
            self._eerste_pad.setdefault(inhoud.sha256, pad)
        self.bestanden_op_schijf += 1
        return {
            "opslag_sleutel": sleutel,
            "naam": inhoud.naam,
            "grootte": len(inhoud.data),
            "mediatype": inhoud.mediatype,
            "sha256": inhoud.sha256,
        }

    # -- judgements

    def _beoordelaar_op(self, student_id: int, moment: dt.datetime) -> int | None:
        """The praktijkbegeleider whose begeleiding covers that day, as the app's policy demands."""
        dag = moment.date()
        for rij in self._begeleidingen_van.get(student_id, ()):
            if rij["van"] <= dag and (rij["tot"] is None or rij["tot"] >= dag):
                return rij["praktijkbegeleider_id"]
        return None

    def _beoordelingen(self) -> None:
        """Judgements on submitted versions by the student's praktijkbegeleider, as the service writes them.

        Each (version, leeruitkomst) is judged once while it is the latest submitted
        version, some latest ones stay waiting (the inbox has work); corrections by the
        same assessor fill up to the requested number. A later judgement by the same
        assessor of the same leeruitkomst replaces their previous one, with a reason.
        """
        rng = self.rng
        self._begeleidingen_van: dict[int, list[dict]] = {}
        for rij in self.rijen["begeleiding"]:
            self._begeleidingen_van.setdefault(rij["student_id"], []).append(rij)
        self._namen = {r["id"]: r["naam"] for r in self.rijen["gebruiker"]}
        oordelen: list[_Oordeel] = []
        self._wachtend: set[int] = set()
        for student_id, aangeboden in self.ingediend.items():
            for versie in aangeboden:
                if versie.is_laatste and rng.random() < 0.2:
                    self._wacht(student_id, versie)
            for versie in aangeboden:
                if versie.versie_id in self._wachtend:
                    continue
                for lu in versie.koppelingen:
                    eind = min(versie.tot, versie.ingediend_op + dt.timedelta(days=14))
                    moment = self._moment(versie.ingediend_op, eind)
                    oordeel = self._oordeel(student_id, lu, versie, aangeboden, moment)
                    if oordeel is not None:
                        oordelen.append(oordeel)
        doel = self.schaal.beoordelingen_per_student * self.schaal.studenten
        pogingen = 0
        eerste = len(oordelen)
        while len(oordelen) < doel and eerste and pogingen < 4 * doel:
            pogingen += 1
            vorig = oordelen[rng.randrange(eerste)]
            eind = min(v.tot for v in vorig.versies)
            if eind - vorig.tijd < dt.timedelta(minutes=10):
                continue
            moment = self._moment(vorig.tijd + dt.timedelta(minutes=5), eind)
            if self._beoordelaar_op(vorig.student_id, moment) != vorig.beoordelaar_id:
                continue
            oordelen.append(self._met_oordeel(vorig, moment))
        self._schrijf_oordelen(oordelen)

    def _wacht(self, student_id: int, versie: _Aangeboden) -> None:
        """Still waiting in the inbox: the current praktijkbegeleider got a notification of it."""
        self._wachtend.add(versie.versie_id)
        begeleider = self._beoordelaar_op(student_id, self.nu)
        if begeleider is None:
            return
        codes = ", ".join(code for _, code in versie.koppelingen)
        self._melding(
            begeleider, MeldingSoort.nieuwe_inzending, versie.ingediend_op,
            f"{self._namen[student_id]} bood '{versie.titel}' (versie {versie.versie}) "
            f"ter beoordeling aan voor {codes}.",
            f"/te-beoordelen/{versie.versie_id}",
        )  # fmt: skip

    def _oordeel(self, student_id, lu, versie, aangeboden, moment) -> _Oordeel | None:  # noqa: ANN001
        beoordelaar = self._beoordelaar_op(student_id, moment)
        if beoordelaar is None:
            return None
        versies = [versie]
        if self.rng.random() < 0.2:
            # Resting on a second bewijsstuk too: its latest submitted version at that moment.
            versies += [
                a for a in aangeboden
                if a.bewijsstuk_id != versie.bewijsstuk_id and lu in a.koppelingen and a.ingediend_op <= moment < a.tot
                and a.versie_id not in self._wachtend
            ][:1]  # fmt: skip
        oordeel = _Oordeel(moment, beoordelaar, student_id, lu, sorted(versies, key=lambda v: v.versie_id),
                           Oordeel.aangetoond, "")  # fmt: skip
        return self._met_oordeel(oordeel, moment)

    def _met_oordeel(self, basis: _Oordeel, moment: dt.datetime) -> _Oordeel:
        rng = self.rng
        keuze = rng.choices(list(Oordeel), weights=(8, 17, 75))[0]
        if keuze == Oordeel.aangetoond:
            feedback = rng.choice(FEEDBACK_AANGETOOND)
        else:
            feedback = rng.choice(FEEDBACK_NIET).format(code=basis.leeruitkomst[1])
        return _Oordeel(moment, basis.beoordelaar_id, basis.student_id, basis.leeruitkomst, basis.versies, keuze,
                        feedback)  # fmt: skip

    def _schrijf_oordelen(self, oordelen: list[_Oordeel]) -> None:
        rng = self.rng
        namen = self._namen
        oordelen.sort(key=lambda o: (o.tijd, o.student_id, o.leeruitkomst[0]))
        vorige: dict[tuple[int, int, int], tuple[int, dt.datetime]] = {}
        for o in oordelen:
            lu_id, code = o.leeruitkomst
            sleutel = (o.beoordelaar_id, o.student_id, lu_id)
            versie_ids = frozenset(v.versie_id for v in o.versies)
            vervangt, reden, correctie = None, None, False
            if sleutel in vorige:
                # Evidence submitted after the assessor's last word makes a re-judgement (no reason asked);
                # otherwise it is a correction with a reason, as the service decides.
                vervangt, eerder_op = vorige[sleutel]
                correctie = all(v.ingediend_op <= eerder_op for v in o.versies)
                reden = rng.choice(REDENEN_CORRECTIE) if correctie else None
            beoordeling_id: int = self._rij(  # type: ignore[assignment]
                "beoordeling",
                student_id=o.student_id,
                leeruitkomst_id=lu_id,
                beoordelaar_id=o.beoordelaar_id,
                tijd=o.tijd,
                oordeel=o.oordeel,
                feedback=o.feedback,
                observatiedatum=(o.tijd - dt.timedelta(days=rng.randint(0, 3))).date(),
                vervangt_id=vervangt,
                correctie=correctie,
                reden=reden,
            )
            vorige[sleutel] = (beoordeling_id, o.tijd)
            for versie_id in sorted(versie_ids):
                self._rij("beoordeling_bewijs", beoordeling_id=beoordeling_id, versie_id=versie_id)
            actie = "beoordeling_gecorrigeerd" if correctie else "herbeoordeeld" if vervangt else "beoordeeld"
            self._gebeurt(
                o.tijd, o.beoordelaar_id, actie, "beoordeling",
                beoordeling_id, student_id=o.student_id, leeruitkomst=code, oordeel=o.oordeel.value,
                bewijsstukken=[{"id": v.bewijsstuk_id, "versie": v.versie} for v in o.versies],
                vervangt=vervangt, reden=reden,
            )  # fmt: skip
            anker = code.replace(".", "-")
            naam = namen[o.beoordelaar_id]
            self._melding(
                o.student_id, MeldingSoort.nieuwe_feedback, o.tijd,
                f"{korte_naam(naam)} beoordeelde {code}: {o.oordeel.label.lower()}.", f"/portfolio#lu-{anker}",
            )  # fmt: skip
            if o.feedback and rng.random() < 0.15:
                moment = self._moment(o.tijd, min(o.tijd + dt.timedelta(days=3), self.nu))
                tekst = rng.choice(REACTIES)
                reactie_id = self._rij(
                    "reactie", beoordeling_id=beoordeling_id, auteur_id=o.student_id, tijd=moment, tekst=tekst
                )
                self._gebeurt(
                    moment, o.student_id, "reactie_gegeven", "beoordeling", beoordeling_id,
                    reactie=reactie_id, tekst=tekst,
                )  # fmt: skip
                self._melding(
                    o.beoordelaar_id, MeldingSoort.nieuwe_reactie, moment,
                    f"{namen[o.student_id]} reageerde op je feedback bij {code}.",
                    f"/studenten/{o.student_id}/portfolio#lu-{anker}",
                )  # fmt: skip

    def _melding(self, ontvanger: int, soort: MeldingSoort, tijd: dt.datetime, tekst: str, link: str) -> None:
        # Older notifications have mostly been read; the last weeks' mostly not.
        gelezen = self.rng.random() < (0.9 if self.nu - tijd > dt.timedelta(days=21) else 0.3)
        self._rij("melding", ontvanger_id=ontvanger, soort=soort, tekst=tekst, link=link, gelezen=gelezen, tijd=tijd)

    # -- logins fill the trail up to its size

    def _inloggen(self) -> None:
        doel = self.schaal.audit_per_student * self.schaal.studenten
        tekort = doel - len(self.gebeurtenissen)
        if tekort <= 0:
            return
        mensen = [(r["id"], r["created_at"]) for r in self.rijen["gebruiker"]]
        for nummer in range((tekort + 1) // 2):
            gebruiker_id, sinds = mensen[self.rng.randrange(len(mensen))]
            moment = self._moment(sinds, self.nu - dt.timedelta(hours=1))
            adres = f"10.{self.rng.randrange(256)}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
            self._gebeurt(moment, gebruiker_id, "ingelogd", "gebruiker", gebruiker_id, adres=adres)
            if 2 * nummer + 1 < tekort:  # an odd shortfall: the last session simply expired
                uit = moment + dt.timedelta(minutes=self.rng.randint(2, 50))
                self._gebeurt(uit, gebruiker_id, "uitgelogd", "gebruiker", gebruiker_id)

    def _audit_rijen(self) -> Iterator[dict]:
        """The events in time order, chained: each record's hash covers the previous one's."""
        vorige = self.connection.execute(
            select(AuditRecord.volgnummer, AuditRecord.hash).order_by(AuditRecord.volgnummer.desc()).limit(1)
        ).first()
        volgnummer, vorige_hash = (vorige.volgnummer, vorige.hash) if vorige else (0, audit_service.GENESIS)
        self.gebeurtenissen.sort(key=lambda g: g[0])
        for tijd, actor_id, actie, soort, onderwerp, gegevens in self.gebeurtenissen:
            volgnummer += 1
            record = AuditRecord(
                id=self._id("audit_record"),
                volgnummer=volgnummer,
                tijd=tijd,
                actor_id=actor_id,
                actie=actie,
                onderwerp_type=soort,
                onderwerp_id=None if onderwerp is None else str(onderwerp),
                # Canonical JSON exactly as the app's registreer writes it.
                gegevens=json.dumps(gegevens, ensure_ascii=False, sort_keys=True, default=str),
                vorige_hash=vorige_hash,
            )
            record.hash = vorige_hash = audit_hash(record)
            yield {k: getattr(record, k) for k in _AUDIT_KOLOMMEN}

    # -- writing

    def schrijf(self) -> Telling:
        self._inloggen()
        telling = Telling()
        for tabel in Base.metadata.sorted_tables:
            rijen = self.rijen.get(tabel.name) or []
            if tabel.name == "audit_record":
                rijen = self._audit_rijen()
            telling.tabellen[tabel.name] = _schrijf_in_batches(self.connection, tabel, rijen)
        if self.connection.dialect.name == "postgresql":
            for tabel in Base.metadata.sorted_tables:
                if "id" in tabel.c and telling.tabellen.get(tabel.name):
                    # Rows got explicit ids, so move each sequence past them for the app's next insert.
                    self.connection.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{tabel.name}', 'id'), MAX(id)) FROM {tabel.name}")  # noqa: S608
                    )
            for tabel in Base.metadata.sorted_tables:
                if telling.tabellen.get(tabel.name):
                    # A running school's tables have planner statistics (autovacuum gathers them after
                    # big changes, but not at once): without them PostgreSQL scans whole tables.
                    self.connection.execute(text(f"ANALYZE {tabel.name}"))
        telling.bestanden_op_schijf = self.bestanden_op_schijf
        return telling


def _besluiten(connection: Connection, school: _School, telling: Telling, aantal: int = 3) -> Telling:
    """The examencommissie's decisions on the oldest cohort, yesterday: a diploma for each diplomabare
    student (see _afronden), the last of them revoked an hour later; and `aantal` refusals of the students
    furthest along who are not diplomabaar.

    Each rests on the dossier exactly as the app assembles it (app.besluit.service.samenstellen, read
    through an ORM session on this connection) and is written as the service writes it: the frozen
    snapshot with its sha256, a diplomanummer from the counter when vastgesteld (and the enrolment
    gediplomeerd), the melding and the audit record chained after the trail; at a fixed moment, so the
    same seed and day still give the same school.
    """
    datum = school.vandaag - dt.timedelta(days=1)
    moment = dt.datetime.combine(datum, dt.time(14), tzinfo=dt.UTC)
    oudste = min(r["cohort_id"] for r in school.rijen["inschrijving"])
    student_ids = [r["student_id"] for r in school.rijen["inschrijving"] if r["cohort_id"] == oudste]
    inschrijving_tabel = TABELLEN["inschrijving"]
    vastgesteld: list[tuple[int, int, int, str, dt.datetime]] = []
    # Its own savepoint: closing the session can never roll back the school written before.
    with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
        lid = session.get(Gebruiker, school.examencommissie)
        voortgang = voortgang_uit_feiten(session, student_ids, datum=datum)
        diplomabaar = sorted(s for s, v in voortgang.items() if v.voortgang.diplomabaarheid.diplomabaar)
        verder = sorted(
            (v for v in voortgang.values() if not v.voortgang.diplomabaarheid.diplomabaar),
            key=lambda v: (-v.voortgang.aangetoond, v.student_id),
        )
        gekozen = diplomabaar + [v.student_id for v in verder[:aantal]]
        vorige = connection.execute(
            select(AuditRecord.volgnummer, AuditRecord.hash).order_by(AuditRecord.volgnummer.desc()).limit(1)
        ).one()
        keten = [vorige.volgnummer, vorige.hash]

        def vastleggen(tijd: dt.datetime, actie: str, besluit_id: int, gegevens: dict) -> None:
            keten[0] += 1
            record = AuditRecord(
                volgnummer=keten[0],
                tijd=tijd,
                actor_id=lid.id,
                actie=actie,
                onderwerp_type="diplomabesluit",
                onderwerp_id=str(besluit_id),
                gegevens=json.dumps(gegevens, ensure_ascii=False, sort_keys=True, default=str),
                vorige_hash=keten[1],
            )
            record.hash = keten[1] = audit_hash(record)
            connection.execute(
                TABELLEN["audit_record"].insert(), [{k: getattr(record, k) for k in _AUDIT_KOLOMMEN if k != "id"}]
            )

        def melden(student_id: int, tijd: dt.datetime, tekst: str, link: str) -> None:
            rij = {"ontvanger_id": student_id, "soort": MeldingSoort.diplomabesluit, "tekst": tekst, "link": link}
            connection.execute(TABELLEN["melding"].insert(), [{**rij, "gelezen": False, "tijd": tijd}])

        for nummer, student_id in enumerate(gekozen):
            student = session.get(Gebruiker, student_id)
            inhoud, inschrijving_id, _ = besluit_service.samenstellen(session, student, lid, datum)
            tijd = moment + dt.timedelta(minutes=nummer)
            snapshot = besluit_rules.canoniek(inhoud)
            diplomanummer = None
            if inhoud["diplomabaar"]:
                prefix = besluit_rules.prefix_van(inhoud["kwalificatie"]["code"], inhoud["kwalificatie"]["niveau"])
                volg = besluit_repository.volgnummer(session, prefix, datum.year)
                diplomanummer = besluit_rules.diplomanummer(prefix, datum.year, volg)
                connection.execute(
                    inschrijving_tabel.update()
                    .where(inschrijving_tabel.c.id == inschrijving_id)
                    .values(status=InschrijvingStatus.gediplomeerd)
                )
                motivering = "Het dossier is volledig; elke leeruitkomst en beroepsvereiste is aangetoond."
            else:
                motivering = f"Nog niet diplomabaar: {len(inhoud['redenen'])} punten ontbreken (zie het dossier)."
            rij = {
                "student_id": student.id,
                "inschrijving_id": inschrijving_id,
                "besluit": Besluit.vastgesteld if diplomanummer else Besluit.afgewezen,
                "motivering": motivering,
                "beslist_door_id": lid.id,
                "tijd": tijd,
                "datum": datum,
                "snapshot": snapshot,
                "snapshot_sha256": besluit_rules.sha256(snapshot),
                "diplomanummer": diplomanummer,
            }
            # An explicit id, as for every generated row: a sequence would differ between runs on PostgreSQL.
            besluit_id = rij["id"] = _max_id(connection, "diplomabesluit") + 1
            connection.execute(TABELLEN["diplomabesluit"].insert(), [rij])
            if diplomanummer:
                vastgesteld.append((besluit_id, student.id, inschrijving_id, diplomanummer, tijd))
                tekst = f"De examencommissie heeft je diploma vastgesteld. Je diplomanummer is {diplomanummer}."
            else:
                tekst = f"De examencommissie heeft je diploma (nog) niet vastgesteld. Motivering: {motivering}"
            melden(student.id, tijd, tekst, f"/diplomas/{diplomanummer}" if diplomanummer else "/portfolio")
            vastleggen(
                tijd,
                "diploma_vastgesteld" if diplomanummer else "diploma_afgewezen",
                besluit_id,
                {
                    "student_id": student.id,
                    "inschrijving_id": inschrijving_id,
                    "diplomanummer": diplomanummer,
                    "datum": datum.isoformat(),
                    "motivering": motivering,
                    "snapshot_sha256": rij["snapshot_sha256"],
                },
            )
        if len(vastgesteld) >= 2:
            # The last diploma is revoked, as the service does it: the enrolment active again, the decision kept.
            besluit_id, student_id, inschrijving_id, diplomanummer, tijd = vastgesteld[-1]
            tijd += dt.timedelta(hours=1)
            reden = "Een bewijsstuk bleek niet door de student zelf gemaakt."
            connection.execute(
                TABELLEN["diploma_intrekking"].insert(),
                [{"id": _max_id(connection, "diploma_intrekking") + 1, "besluit_id": besluit_id, "reden": reden,
                  "door_id": lid.id, "tijd": tijd}],
            )  # fmt: skip
            connection.execute(
                inschrijving_tabel.update()
                .where(inschrijving_tabel.c.id == inschrijving_id)
                .values(status=InschrijvingStatus.actief)
            )
            melden(
                student_id,
                tijd,
                f"De examencommissie heeft je diploma {diplomanummer} ingetrokken. Reden: {reden}",
                f"/diplomas/{diplomanummer}",
            )
            vastleggen(
                tijd,
                "diploma_ingetrokken",
                besluit_id,
                {"student_id": student_id, "diplomanummer": diplomanummer, "reden": reden},
            )
        session.commit()
    if connection.dialect.name == "postgresql":
        for tabel in ("diplomabesluit", "diploma_intrekking"):
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), MAX(id)) FROM {tabel}")  # noqa: S608
            )
    telling.tabellen["diplomabesluit"] = len(gekozen)
    telling.tabellen["diploma_intrekking"] = int(len(vastgesteld) >= 2)
    return telling


_AUDIT_KOLOMMEN = ("id", "volgnummer", "tijd", "actor_id", "actie", "onderwerp_type", "onderwerp_id", "gegevens")
_AUDIT_KOLOMMEN = (*_AUDIT_KOLOMMEN, "vorige_hash", "hash")


def _audit(bestanden: list[dict]) -> list[dict]:
    return [{"naam": b["naam"], "sha256": b["sha256"], "grootte": b["grootte"]} for b in bestanden]


def _schrijf_in_batches(connection: Connection, tabel, rijen: Iterable[dict]) -> int:  # noqa: ANN001
    aantal, batch = 0, []
    for rij in rijen:
        batch.append(rij)
        if len(batch) >= BATCH:
            connection.execute(tabel.insert(), batch)
            aantal, batch = aantal + len(batch), []
    if batch:
        connection.execute(tabel.insert(), batch)
        aantal += len(batch)
    return aantal


def _max_id(connection: Connection, tabel: str) -> int:
    return connection.execute(select(func.coalesce(func.max(TABELLEN[tabel].c.id), 0))).scalar_one()


def _niet_leeg(connection: Connection) -> bool:
    return any(
        connection.execute(select(TABELLEN[t].c[0]).limit(1)).first() is not None
        # An audit trail on its own is no school: the generated records chain onto it.
        for t in ("gebruiker", "cohort", "bewijsstuk")
    )


def _wis(engine: Engine, opslag: Path) -> None:
    """Drop every table (the migrations build them again) and the stored files under `opslag`."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            bestaand = MetaData()
            bestaand.reflect(connection)
            bestaand.drop_all(connection)
    storage = LocalStorage(opslag)
    for sleutel in list(o.key for o in storage.list()):
        storage.delete(sleutel)


# --- Command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vul een database met een complete school (benchmarkdata).")
    parser.add_argument("--database-url", default=os.environ.get("PORTFOLIO_DATABASE_URL"))
    parser.add_argument("--opslag", type=Path, default=None, help="map voor de bestanden (PORTFOLIO_STORAGE_DIR)")
    parser.add_argument("--studenten", type=int, default=Schaal.studenten)
    parser.add_argument("--cohorten", type=int, default=Schaal.cohorten)
    parser.add_argument("--begeleiders", type=int, default=Schaal.begeleiders)
    parser.add_argument("--bewijsstukken-per-student", type=int, default=Schaal.bewijsstukken_per_student)
    parser.add_argument("--audit-per-student", type=int, default=Schaal.audit_per_student)
    parser.add_argument("--beoordelingen-per-student", type=int, default=Schaal.beoordelingen_per_student)
    parser.add_argument("--diplomas", type=int, default=Schaal.diplomas, help="studenten die hun diploma krijgen")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--vandaag", type=dt.date.fromisoformat, default=None, help="JJJJ-MM-DD, standaard vandaag")
    parser.add_argument("--wipe", action="store_true", help="leeg de database en de bestandenmap eerst")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["PORTFOLIO_DATABASE_URL"] = args.database_url
    if args.opslag:
        os.environ["PORTFOLIO_STORAGE_DIR"] = str(args.opslag)

    from app.config import get_settings
    from app.db import make_engine

    settings = get_settings()
    schaal = Schaal(
        args.studenten,
        args.cohorten,
        args.begeleiders,
        args.bewijsstukken_per_student,
        args.audit_per_student,
        args.beoordelingen_per_student,
        args.diplomas,
    )
    engine = make_engine(settings.database_url)
    try:
        telling = genereer(
            engine, Path(settings.storage_dir), schaal, seed=args.seed, vandaag=args.vandaag, wipe=args.wipe
        )
    except DatabaseNietLeeg as fout:
        print(fout, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for tabel, aantal in telling.tabellen.items():
        if aantal:
            print(f"{tabel:>22}: {aantal:>8}")
    print(f"{'bestanden op schijf':>22}: {telling.bestanden_op_schijf:>8} in {settings.storage_dir}")
    print(f"Klaar in {telling.seconden:.1f} s ({engine.url.render_as_string(hide_password=True)}).")
    print(f"Inloggen: {BEHEERDER_EMAIL} (beheerder), {EXAMENCOMMISSIE_EMAIL}, begeleider01@{DOMEIN}, ")
    print(f"student00001@{DOMEIN} … — wachtwoord voor iedereen: {WACHTWOORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
