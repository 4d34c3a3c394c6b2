"""Importing students from a CSV file: parse and check every row first, then write all rows or none.

The format (also explained on the page):

- a header row; column names in any order, any capitals: ``studentnummer``,
  ``naam``, ``e-mail`` (or ``email``), ``cohort``, ``kwalificatie``; optional
  ``versie``, ``startdatum`` and ``aangesteld_bij_politie_op`` (the instroomeis:
  the date of appointment at the Nederlandse politie);
- ``kwalificatie`` holds code and version separated by a space (``WA-N6 2.1``),
  or only the code when a ``versie`` column is present;
- ``;`` or ``,`` between fields (whichever the header row uses), double quotes
  around a field that contains one; UTF-8 with or without BOM;
- a row without ``startdatum`` starts on the date chosen in the form.

Between the preview and the import the file travels in a hidden form field,
compressed and signed with the app's secret key; the import checks the
signature and validates every row again against the database as it is then.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.config import get_settings
from app.errors import Conflict, OngeldigeInvoer, te_lang
from app.models import Cohort, Gebruiker, GebruikerRol, Inschrijving, InschrijvingStatus, Rol
from app.models.kwalificatie import KwalificatieStatus
from app.organisatie import repository
from app.organisatie.schemas import parse_datum
from app.toegang import policy

MAX_BYTES = 2 * 1024 * 1024
MAX_RIJEN = 5000
# The signed package is at most the compressed file in base64: 4/3 of 2 MB plus a little.
MAX_PAKKET = 3 * 1024 * 1024
_PAKKET_DOEL = b"organisatie.csv-import.v1"

KOLOMMEN = {
    "studentnummer": "studentnummer",
    "studentnr": "studentnummer",
    "naam": "naam",
    "e-mail": "email",
    "email": "email",
    "e-mailadres": "email",
    "emailadres": "email",
    "cohort": "cohort",
    "kwalificatie": "kwalificatie",
    "versie": "versie",
    "startdatum": "startdatum",
    "aangesteld_bij_politie_op": "aangesteld_bij_politie_op",
    "aangesteld": "aangesteld_bij_politie_op",
}
VERPLICHT = ("studentnummer", "naam", "email", "cohort", "kwalificatie")
KOPNAMEN = {
    "studentnummer": "studentnummer",
    "naam": "naam",
    "email": "e-mail",
    "cohort": "cohort",
    "kwalificatie": "kwalificatie",
}

# Deliberately simple: one @, something before it, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX = {"studentnummer": 40, "naam": 200, "email": 320, "cohort": 60}


class BestandTeGroot(OngeldigeInvoer):
    status_code = 413


@dataclass
class Rij:
    nummer: int  # as a spreadsheet shows it: the header is row 1
    studentnummer: str = ""
    naam: str = ""
    email: str = ""
    cohort: str = ""
    kwalificatie: str = ""
    versie: str = ""
    startdatum: dt.date | None = None
    aangesteld_bij_politie_op: dt.date | None = None
    fouten: list[str] = field(default_factory=list)
    # What the import will do, filled in by the checks against the database.
    student: str = ""  # "nieuw", "bijwerken" or "bestaat"
    cohort_nieuw: bool = False
    inschrijving: str = ""  # "nieuw" or "bestaat"
    opmerkingen: list[str] = field(default_factory=list)
    gebruiker_id: int | None = None
    kwalificatie_id: int | None = None


@dataclass
class Voorbeeld:
    bestandsnaam: str
    startdatum: dt.date
    rijen: list[Rij] = field(default_factory=list)
    bestandsfouten: list[str] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)
    pakket: str = ""

    @property
    def foute_rijen(self) -> list[Rij]:
        return [r for r in self.rijen if r.fouten]

    @property
    def ok(self) -> bool:
        return bool(self.rijen) and not self.bestandsfouten and not self.foute_rijen

    @property
    def telling(self) -> dict[str, int]:
        return {
            "rijen": len(self.rijen),
            "studenten_nieuw": sum(r.student == "nieuw" for r in self.rijen),
            "studenten_bijgewerkt": sum(r.student == "bijwerken" for r in self.rijen),
            "studenten_ongewijzigd": sum(r.student == "bestaat" for r in self.rijen),
            "cohorten_nieuw": len({r.cohort.upper() for r in self.rijen if r.cohort_nieuw}),
            "inschrijvingen_nieuw": sum(r.inschrijving == "nieuw" for r in self.rijen),
            "inschrijvingen_bestaand": sum(r.inschrijving == "bestaat" for r in self.rijen),
        }


class ImportGeweigerd(OngeldigeInvoer):
    """The file has errors now: nothing was written; the preview says why."""

    def __init__(self, voorbeeld: Voorbeeld) -> None:
        aantal = len(voorbeeld.foute_rijen)
        detail = (
            " ".join(voorbeeld.bestandsfouten)
            if voorbeeld.bestandsfouten
            else f"{aantal} {'rij heeft' if aantal == 1 else 'rijen hebben'} een fout; er is niets geïmporteerd."
        )
        super().__init__(detail)
        self.voorbeeld = voorbeeld


# Reading the file


def decodeer(inhoud: bytes) -> str:
    """UTF-8 text, without a BOM; anything else gets a message that says how to save it."""
    if len(inhoud) > MAX_BYTES:
        raise BestandTeGroot(
            f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB. Splits het in kleinere bestanden."
        )
    if inhoud.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OngeldigeInvoer("Het bestand is opgeslagen als UTF-16. Sla het in Excel op als 'CSV UTF-8'.")
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OngeldigeInvoer(
            "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8' en probeer het opnieuw."
        ) from None
    if "\x00" in tekst:
        # No database column can hold it, and no spreadsheet writes one into a CSV.
        regel = tekst[: tekst.index("\x00")].count("\n") + 1
        raise OngeldigeInvoer(
            f"Het bestand bevat een NUL-teken (op regel {regel}) en is dus geen gewone CSV. "
            "Sla het in Excel op als 'CSV UTF-8' en probeer het opnieuw."
        )
    return tekst


def _scheidingsteken(kopregel: str) -> str:
    return ";" if kopregel.count(";") > kopregel.count(",") else ","


def lees(tekst: str, bestandsnaam: str, startdatum: dt.date) -> Voorbeeld:
    """Split the text into rows and check each on its own (no database yet)."""
    voorbeeld = Voorbeeld(bestandsnaam=bestandsnaam, startdatum=startdatum)
    regels = tekst.splitlines()
    kopregel = next((r for r in regels if r.strip()), "")
    if not kopregel:
        voorbeeld.bestandsfouten.append("Het bestand is leeg.")
        return voorbeeld
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(kopregel), strict=True)
    try:
        records = list(lezer)
    except csv.Error:
        voorbeeld.bestandsfouten.append(
            f'Het bestand is geen geldige CSV: kijk op regel {lezer.line_num} naar de aanhalingstekens ("). '
            "Een veld met een aanhalingsteken erin staat zelf tussen aanhalingstekens, met het teken verdubbeld."
        )
        return voorbeeld
    # Spreadsheet row numbers: the record's position, counting the header as row 1.
    genummerd = [(nr, rec) for nr, rec in enumerate(records, start=1) if any(cel.strip() for cel in rec)]
    if not genummerd:
        voorbeeld.bestandsfouten.append("Het bestand is leeg.")
        return voorbeeld
    (_, kop), data = genummerd[0], genummerd[1:]
    kolommen = _lees_kop(kop, voorbeeld)
    if voorbeeld.bestandsfouten:
        return voorbeeld
    if not data:
        voorbeeld.bestandsfouten.append("Het bestand bevat geen studenten: alleen een kopregel.")
        return voorbeeld
    if len(data) > MAX_RIJEN:
        voorbeeld.bestandsfouten.append(
            f"Het bestand bevat {len(data)} studenten; importeer er hoogstens {MAX_RIJEN} tegelijk."
        )
        return voorbeeld
    voorbeeld.rijen = [_lees_rij(nr, rec, kolommen, len(kop), startdatum) for nr, rec in data]
    _dubbel_in_bestand(voorbeeld.rijen)
    return voorbeeld


def _lees_kop(kop: list[str], voorbeeld: Voorbeeld) -> dict[str, int]:
    kolommen: dict[str, int] = {}
    for positie, naam in enumerate(kop):
        sleutel = KOLOMMEN.get(naam.strip().lower())
        if sleutel is None:
            if naam.strip():
                voorbeeld.opmerkingen.append(f"De kolom '{naam.strip()}' wordt niet gebruikt.")
            continue
        if sleutel in kolommen:
            voorbeeld.bestandsfouten.append(f"De kolom '{naam.strip()}' staat twee keer in de kopregel.")
        kolommen[sleutel] = positie
    ontbreekt = [KOPNAMEN[k] for k in VERPLICHT if k not in kolommen]
    if ontbreekt:
        voorbeeld.bestandsfouten.append(
            f"De kopregel mist {'de kolom' if len(ontbreekt) == 1 else 'de kolommen'} "
            f"{', '.join(ontbreekt)}. Verwacht: studentnummer, naam, e-mail, cohort, kwalificatie "
            "(gescheiden door ; of ,)."
        )
    return kolommen


def _lees_rij(nummer: int, record: list[str], kolommen: dict[str, int], breedte: int, startdatum: dt.date) -> Rij:
    def cel(sleutel: str) -> str:
        positie = kolommen.get(sleutel)
        return record[positie].strip() if positie is not None and positie < len(record) else ""

    rij = Rij(
        nummer=nummer,
        studentnummer=cel("studentnummer"),
        naam=" ".join(cel("naam").split()),
        email=cel("email").lower(),
        cohort=cel("cohort"),
    )
    if len(record) > breedte and any(c.strip() for c in record[breedte:]):
        rij.fouten.append(f"Deze rij heeft {len(record)} velden, de kopregel {breedte}. Staat er een ; of , te veel?")
    if not rij.studentnummer:
        rij.fouten.append("Het studentnummer ontbreekt.")
    if not rij.naam:
        rij.fouten.append("De naam ontbreekt.")
    if not rij.email:
        rij.fouten.append("Het e-mailadres ontbreekt.")
    elif not _EMAIL.match(rij.email):
        rij.fouten.append(f"Het e-mailadres '{rij.email}' is ongeldig.")
    if not rij.cohort:
        rij.fouten.append("Het cohort ontbreekt.")
    for sleutel, maximum in _MAX.items():
        if len(getattr(rij, sleutel)) > maximum:
            rij.fouten.append(te_lang(maximum, len(getattr(rij, sleutel)), f"Het veld {KOPNAMEN[sleutel]}"))
    kwalificatie, versie = cel("kwalificatie"), cel("versie")
    if not versie and " " in kwalificatie.strip():
        # "WA-N6 2.1": code and version in one cell.
        kwalificatie, _, versie = kwalificatie.strip().rpartition(" ")
    rij.kwalificatie, rij.versie = kwalificatie.strip(), versie.strip()
    if not rij.kwalificatie:
        rij.fouten.append("De kwalificatie ontbreekt.")
    elif not rij.versie:
        rij.fouten.append(
            f"Bij kwalificatie '{rij.kwalificatie}' ontbreekt de versie; schrijf bijvoorbeeld 'WA-N6 2.1'."
        )
    datumtekst = cel("startdatum")
    if datumtekst:
        rij.startdatum = parse_datum(datumtekst)
        if rij.startdatum is None:
            rij.fouten.append(f"De startdatum '{datumtekst}' is geen datum; gebruik bijvoorbeeld 01-09-2026.")
    else:
        rij.startdatum = startdatum
    if aangesteld := cel("aangesteld_bij_politie_op"):
        rij.aangesteld_bij_politie_op = parse_datum(aangesteld)
        if rij.aangesteld_bij_politie_op is None:
            rij.fouten.append(
                f"De datum van aanstelling bij de politie '{aangesteld}' is geen datum; gebruik bijv. 01-09-2026."
            )
    return rij


def _dubbel_in_bestand(rijen: list[Rij]) -> None:
    eerste_nummer: dict[str, int] = {}
    eerste_email: dict[str, int] = {}
    for rij in rijen:
        if rij.studentnummer:
            if rij.studentnummer in eerste_nummer:
                rij.fouten.append(
                    f"Studentnummer {rij.studentnummer} staat ook in rij {eerste_nummer[rij.studentnummer]}."
                )
            else:
                eerste_nummer[rij.studentnummer] = rij.nummer
        if rij.email:
            if rij.email in eerste_email:
                rij.fouten.append(f"E-mailadres {rij.email} staat ook in rij {eerste_email[rij.email]}.")
            else:
                eerste_email[rij.email] = rij.nummer


# Checking against the database


def controleer(session: Session, voorbeeld: Voorbeeld) -> Voorbeeld:
    """Match each row with existing accounts, kwalificaties, cohorts and inschrijvingen — in a few queries."""
    if voorbeeld.bestandsfouten or not voorbeeld.rijen:
        return voorbeeld
    rijen = voorbeeld.rijen
    kwalificaties = {(k.code.upper(), k.versie): k for k in repository.alle_kwalificaties(session)}
    bestaande = repository.gebruikers_op_nummer_of_email(
        session, {r.studentnummer for r in rijen if r.studentnummer}, {r.email for r in rijen if r.email}
    )
    op_nummer = {g.studentnummer: g for g in bestaande if g.studentnummer}
    op_email = {g.email: g for g in bestaande}
    cohorten = {c.code.upper(): c for c in repository.cohorten_op_codes(session, {r.cohort for r in rijen if r.cohort})}
    inschrijvingen = {
        (i.student_id, i.kwalificatie_id): i for i in repository.inschrijvingen_van(session, {g.id for g in bestaande})
    }
    nieuwe_spelling: dict[str, str] = {}
    for rij in rijen:
        kwalificatie = kwalificaties.get((rij.kwalificatie.upper(), rij.versie))
        if rij.kwalificatie and rij.versie:
            if kwalificatie is None:
                rij.fouten.append(f"Kwalificatie {rij.kwalificatie} versie {rij.versie} bestaat niet.")
            elif kwalificatie.status == KwalificatieStatus.vervallen:
                rij.fouten.append(f"Kwalificatie {kwalificatie.code} versie {kwalificatie.versie} is vervallen.")
            else:
                rij.kwalificatie_id = kwalificatie.id
        gebruiker = _match_gebruiker(rij, op_nummer.get(rij.studentnummer), op_email.get(rij.email))
        if rij.cohort:
            bestaand_cohort = cohorten.get(rij.cohort.upper())
            rij.cohort_nieuw = bestaand_cohort is None
            # One spelling per cohort: the database's, or for a new one the first in the file.
            rij.cohort = (
                bestaand_cohort.code if bestaand_cohort else nieuwe_spelling.setdefault(rij.cohort.upper(), rij.cohort)
            )
        if rij.fouten:
            rij.student, rij.inschrijving, rij.cohort_nieuw = "", "", False
            continue
        rij.inschrijving = "nieuw"
        if gebruiker is not None and (bestaand := inschrijvingen.get((gebruiker.id, rij.kwalificatie_id))):
            rij.inschrijving = "bestaat"
            rij.cohort_nieuw = False
            if bestaand.cohort.code.upper() != rij.cohort.upper():
                rij.opmerkingen.append(f"Al ingeschreven in cohort {bestaand.cohort.code}; dat blijft zo.")
    if not voorbeeld.foute_rijen:
        voorbeeld.opmerkingen.extend(_nieuwe_cohorten(rijen))
    return voorbeeld


def _match_gebruiker(rij: Rij, via_nummer: Gebruiker | None, via_email: Gebruiker | None) -> Gebruiker | None:
    """Existing students are recognised by studentnummer or e-mail, never duplicated or silently re-keyed."""
    if via_nummer is not None and via_email is not None and via_nummer.id != via_email.id:
        rij.fouten.append(
            f"Studentnummer {rij.studentnummer} en e-mailadres {rij.email} horen bij twee verschillende accounts."
        )
        return None
    gebruiker = via_nummer or via_email
    if gebruiker is None:
        rij.student = "nieuw"
        return None
    if not gebruiker.heeft_rol(Rol.student):
        rij.fouten.append(f"Het e-mailadres {rij.email} is al in gebruik door een account dat geen student is.")
        return None
    if via_nummer is not None and via_email is None:
        rij.fouten.append(
            f"Studentnummer {rij.studentnummer} hoort bij een account met een ander e-mailadres ({gebruiker.email}). "
            "Wijzig het e-mailadres via Gebruikers of corrigeer het bestand."
        )
        return None
    if via_email is not None and via_nummer is None and gebruiker.studentnummer:
        rij.fouten.append(
            f"Het e-mailadres {rij.email} is al in gebruik door een ander account "
            f"(studentnummer {gebruiker.studentnummer})."
        )
        return None
    rij.gebruiker_id = gebruiker.id
    wijzigingen = []
    if gebruiker.studentnummer is None:
        wijzigingen.append(f"studentnummer {rij.studentnummer} toegevoegd")
    if gebruiker.naam != rij.naam:
        wijzigingen.append(f"naam was '{gebruiker.naam}'")
    rij.student = "bijwerken" if wijzigingen else "bestaat"
    rij.opmerkingen.extend(w[0].upper() + w[1:] + "." for w in wijzigingen)
    return gebruiker


def _nieuwe_cohorten(rijen: list[Rij]) -> list[str]:
    nieuw = Counter(r.cohort for r in rijen if r.cohort_nieuw)
    return [
        f"Cohort {code} wordt aangemaakt ({aantal} {'student' if aantal == 1 else 'studenten'})."
        for code, aantal in nieuw.items()
    ]


def voorbeeld(session: Session, actor: Gebruiker, inhoud: bytes, bestandsnaam: str, startdatum: dt.date) -> Voorbeeld:
    """Step 1: read and check the file; nothing is written. A clean file gets a signed package for step 2."""
    policy.vereis_een_rol(actor, Rol.beheerder)
    tekst = decodeer(inhoud)
    resultaat = controleer(session, lees(tekst, bestandsnaam, startdatum))
    if resultaat.ok:
        resultaat.pakket = verpak(actor, tekst, bestandsnaam, startdatum)
    return resultaat


# Writing


@dataclass
class Importresultaat:
    telling: dict[str, int]
    bestandsnaam: str


def importeer(session: Session, actor: Gebruiker, pakket: str) -> Importresultaat:
    """Step 2: every row again against the database as it is now; then all rows are written, or none."""
    policy.vereis_een_rol(actor, Rol.beheerder)
    tekst, bestandsnaam, startdatum = pak_uit(actor, pakket)
    resultaat = controleer(session, lees(tekst, bestandsnaam, startdatum))
    if not resultaat.ok:
        raise ImportGeweigerd(resultaat)
    try:
        # A savepoint, so a concurrent change (a unique key taken meanwhile) leaves nothing behind.
        with session.begin_nested():
            _schrijf(session, resultaat.rijen)
    except IntegrityError:
        raise Conflict(
            "Tijdens het importeren is een student of cohort door iemand anders aangemaakt. "
            "Er is niets geïmporteerd; bekijk het voorbeeld opnieuw."
        ) from None
    telling = resultaat.telling
    audit.registreer(
        session,
        actor,
        "studenten_geimporteerd",
        "import",
        None,
        bestandsnaam=bestandsnaam,
        sha256=hashlib.sha256(tekst.encode()).hexdigest(),
        **telling,
    )
    return Importresultaat(telling, bestandsnaam)


def _schrijf(session: Session, rijen: list[Rij]) -> None:
    cohorten: dict[str, Cohort] = {
        c.code.upper(): c for c in repository.cohorten_op_codes(session, {r.cohort for r in rijen})
    }
    gebruikers = {
        g.id: g
        for g in repository.gebruikers_op_nummer_of_email(
            session, {r.studentnummer for r in rijen}, {r.email for r in rijen}
        )
    }
    for rij in rijen:
        if rij.cohort.upper() not in cohorten:
            cohort = Cohort(code=rij.cohort, naam="")
            session.add(cohort)
            cohorten[rij.cohort.upper()] = cohort
    session.flush()
    nieuwe: list[tuple[Rij, Gebruiker]] = []
    for rij in rijen:
        if rij.student == "nieuw":
            gebruiker = Gebruiker(
                email=rij.email,
                naam=rij.naam,
                studentnummer=rij.studentnummer,
                wachtwoord_hash=None,  # the account is activated later with a one-time link
                actief=True,
                rol_records=[GebruikerRol(rol=Rol.student)],
            )
            session.add(gebruiker)
            nieuwe.append((rij, gebruiker))
        elif rij.student == "bijwerken":
            gebruiker = gebruikers[rij.gebruiker_id]
            gebruiker.naam = rij.naam
            gebruiker.studentnummer = gebruiker.studentnummer or rij.studentnummer
    session.flush()
    for rij, gebruiker in nieuwe:
        rij.gebruiker_id = gebruiker.id
    session.add_all(
        Inschrijving(
            student_id=rij.gebruiker_id,
            kwalificatie_id=rij.kwalificatie_id,
            cohort_id=cohorten[rij.cohort.upper()].id,
            startdatum=rij.startdatum,
            status=InschrijvingStatus.actief,
            aangesteld_bij_politie_op=rij.aangesteld_bij_politie_op,
        )
        for rij in rijen
        if rij.inschrijving == "nieuw"
    )
    session.flush()


# Carrying the file from the preview to the import


def _sleutel() -> bytes:
    return hmac.new(get_settings().secret_key.encode(), _PAKKET_DOEL, hashlib.sha256).digest()


def _handtekening(data: str) -> str:
    return hmac.new(_sleutel(), data.encode(), hashlib.sha256).hexdigest()


def verpak(actor: Gebruiker, tekst: str, bestandsnaam: str, startdatum: dt.date) -> str:
    """Compressed, base64 and signed: the browser carries it, but cannot change it unnoticed."""
    inhoud = json.dumps(
        {"door": actor.id, "tekst": tekst, "bestandsnaam": bestandsnaam, "startdatum": startdatum.isoformat()},
        ensure_ascii=False,
    )
    data = base64.urlsafe_b64encode(zlib.compress(inhoud.encode(), 9)).decode()
    return f"{data}.{_handtekening(data)}"


def pak_uit(actor: Gebruiker, pakket: str) -> tuple[str, str, dt.date]:
    fout = OngeldigeInvoer("Het importbestand is verlopen of gewijzigd. Upload het bestand opnieuw.")
    data, _, handtekening = pakket.strip().rpartition(".")
    if not data or len(pakket) > MAX_PAKKET or not hmac.compare_digest(_handtekening(data), handtekening):
        raise fout
    try:
        inhoud = json.loads(zlib.decompress(base64.urlsafe_b64decode(data)))
        startdatum = dt.date.fromisoformat(inhoud["startdatum"])
        tekst, bestandsnaam, door = inhoud["tekst"], inhoud["bestandsnaam"], inhoud["door"]
    except (ValueError, KeyError, TypeError, zlib.error):
        raise fout from None
    if door != actor.id:
        raise fout
    return tekst, bestandsnaam, startdatum
