"""Use cases for beroepsvereisten results: the beheerder records, anyone who may see the student reads.

Results are never changed or deleted: a mistake is put right by a new record
that names the one it corrects (geldigheid.geldende_uitslag then ignores the old one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import tijd
from app.audit import service as audit
from app.beroepsvereisten import repository
from app.errors import NietGevonden
from app.models import Beroepsvereiste, BeroepsvereisteResultaat, Gebruiker, Resultaat, Rol
from app.organisatie.schemas import Fouten, lees_datum
from app.toegang import policy
from app.voortgang import geldigheid
from app.voortgang.repository import actuele_inschrijving

# The largest id an INTEGER column holds; a larger one cannot exist (PostgreSQL would refuse the query).
GROOTSTE_ID = 2**31 - 1

RESULTAAT_LABELS = {Resultaat.voldaan: "voldaan", Resultaat.niet_voldaan: "niet voldaan"}


def _datum(datum: dt.date) -> str:
    return datum.strftime("%d-%m-%Y")


def _vereisten_van_student(session: Session, student: Gebruiker) -> list[Beroepsvereiste]:
    inschrijving = actuele_inschrijving(session, student.id)
    if inschrijving is None:
        return []
    return repository.beroepsvereisten(session, inschrijving.kwalificatie_id)


def registreer_resultaat(
    session: Session,
    actor: Gebruiker,
    student_id: int,
    code: str,
    resultaat: str,
    datum: str,
    geldig_tot: str = "",
    corrigeert: int | None = None,
) -> BeroepsvereisteResultaat:
    """Record one result as typed in a form or sent to the API; every problem is named at once, in Dutch."""
    policy.vereis_een_rol(actor, Rol.beheerder)
    student = _student(session, actor, student_id)
    if not student.heeft_rol(Rol.student):
        raise NietGevonden(policy.NIET_GEVONDEN_STUDENT)
    fouten = Fouten()
    vereisten = {bv.code: bv for bv in _vereisten_van_student(session, student)}
    code = code.strip().upper()
    vereiste = vereisten.get(code)
    if not vereisten:
        fouten.voeg_toe("code", f"{student.naam} is niet ingeschreven op een kwalificatie met beroepsvereisten.")
    elif vereiste is None:
        bekend = ", ".join(vereisten)
        fouten.voeg_toe("code", f"Kies een beroepsvereiste ({bekend}); '{code}' hoort niet bij deze kwalificatie.")
    try:
        uitslag = Resultaat(resultaat.strip())
    except ValueError:
        uitslag = None
        fouten.voeg_toe("resultaat", "Kies het resultaat: voldaan of niet voldaan.")
    afgelegd = lees_datum(datum, "datum", fouten, "datum van het resultaat")
    tot = lees_datum(geldig_tot, "geldig_tot", fouten, "geldig-tot-datum", verplicht=False)
    if afgelegd is not None and afgelegd > tijd.vandaag():
        fouten.voeg_toe("datum", f"De datum ({_datum(afgelegd)}) ligt in de toekomst; dat resultaat is er nog niet.")
    if uitslag is Resultaat.voldaan and tot is None and not fouten.heeft("geldig_tot"):
        fouten.voeg_toe("geldig_tot", "Vul in tot wanneer het resultaat geldig is.")
    if uitslag is Resultaat.niet_voldaan and tot is not None:
        fouten.voeg_toe("geldig_tot", "Een niet voldaan resultaat is nergens geldig voor: laat geldig tot leeg.")
    if afgelegd is not None and tot is not None and tot < afgelegd:
        fouten.voeg_toe(
            "geldig_tot", f"Geldig tot ({_datum(tot)}) ligt vóór de datum van het resultaat ({_datum(afgelegd)})."
        )
    vorige = None
    if corrigeert is not None:
        vorige = repository.resultaat(session, corrigeert) if 0 < corrigeert <= GROOTSTE_ID else None
        if vorige is None or vorige.student_id != student.id:
            fouten.voeg_toe("corrigeert", "Het resultaat dat je wilt corrigeren bestaat niet bij deze student.")
        elif vereiste is not None and vorige.beroepsvereiste_id != vereiste.id:
            fouten.voeg_toe("corrigeert", "Een correctie hoort bij dezelfde beroepsvereiste als wat ze corrigeert.")
    fouten.controleer()
    assert vereiste is not None and uitslag is not None and afgelegd is not None
    nieuw = BeroepsvereisteResultaat(
        student_id=student.id,
        beroepsvereiste_id=vereiste.id,
        datum=afgelegd,
        resultaat=uitslag,
        geldig_tot=tot,
        vastgelegd_door_id=actor.id,
        corrigeert_id=vorige.id if vorige is not None else None,
    )
    session.add(nieuw)
    session.flush()
    audit.registreer(
        session,
        actor,
        "beroepsvereiste_resultaat_vastgelegd",
        "beroepsvereiste_resultaat",
        nieuw.id,
        student_id=student.id,
        code=vereiste.code,
        resultaat=uitslag.value,
        datum=afgelegd.isoformat(),
        geldig_tot=tot.isoformat() if tot else None,
        corrigeert=nieuw.corrigeert_id,
    )
    # The relationship is read by the API answer; it is the row just looked up.
    nieuw.beroepsvereiste = vereiste
    return nieuw


def _student(session: Session, gebruiker: Gebruiker, student_id: int) -> Gebruiker:
    if not 0 < student_id <= GROOTSTE_ID:
        raise NietGevonden(policy.NIET_GEVONDEN_STUDENT)
    return policy.vereis_student_zichtbaar(session, gebruiker, student_id)


def resultaten(session: Session, gebruiker: Gebruiker, student_id: int) -> list[BeroepsvereisteResultaat]:
    """Every result of the student, newest first, for whoever may see the student."""
    _student(session, gebruiker, student_id)
    return repository.resultaten_van(session, student_id)


def als_uitslagen(lijst: list[BeroepsvereisteResultaat]) -> list[geldigheid.Uitslag]:
    return [
        geldigheid.Uitslag(
            id=r.id,
            code=r.beroepsvereiste.code,
            datum=r.datum,
            voldaan=r.resultaat is Resultaat.voldaan,
            geldig_tot=r.geldig_tot,
            corrigeert=r.corrigeert_id,
        )
        for r in lijst
    ]


@dataclass
class Overzicht:
    """A student's beroepsvereisten on a date: the state of each and the whole history."""

    student: Gebruiker
    datum: dt.date
    vereisten: list[Beroepsvereiste]
    standen: dict[str, geldigheid.Stand]
    resultaten: list[BeroepsvereisteResultaat]

    @property
    def gecorrigeerd(self) -> set[int]:
        return {r.corrigeert_id for r in self.resultaten if r.corrigeert_id is not None}


def overzicht(session: Session, gebruiker: Gebruiker, student_id: int, datum: dt.date | None = None) -> Overzicht:
    student = _student(session, gebruiker, student_id)
    datum = datum or tijd.vandaag()
    vereisten = _vereisten_van_student(session, student)
    lijst = repository.resultaten_van(session, student_id)
    standen = geldigheid.stand_op([bv.code for bv in vereisten], als_uitslagen(lijst), datum)
    return Overzicht(student, datum, vereisten, standen, lijst)
