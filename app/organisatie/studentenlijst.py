"""The student list of staff: who they may see today, with each student's progress and diplomabaarheid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app import tijd
from app.errors import OngeldigeInvoer
from app.models import Gebruiker, InschrijvingStatus, Rol
from app.models.voortgang import StudentStand
from app.organisatie import repository
from app.paginering import Pagina, Paginering, pagineer
from app.paginering import zoekterm as zoekterm_van
from app.toegang import policy
from app.voortgang import lijsten
from app.voortgang.lijsten import diplomabaar_op

STAFF = (Rol.praktijkbegeleider, Rol.examencommissie, Rol.beheerder)


@dataclass
class InschrijvingKort:
    cohort: str
    kwalificatie: str
    versie: str
    status: InschrijvingStatus
    startdatum: dt.date


@dataclass
class StudentRegel:
    id: int
    naam: str
    studentnummer: str | None
    email: str
    inschrijvingen: list[InschrijvingKort] = field(default_factory=list)
    # Progress on the current kwalificatie; None without an inschrijving.
    aangetoond: int | None = None
    totaal: int | None = None
    diplomabaar: bool | None = None

    @property
    def cohort(self) -> str | None:
        """The cohort of the current inschrijving: the newest active one, else the newest."""
        actief = [i for i in self.inschrijvingen if i.status == InschrijvingStatus.actief]
        kandidaten = actief or self.inschrijvingen
        return kandidaten[0].cohort if kandidaten else None


def cohortcodes(session: Session, gebruiker: Gebruiker) -> list[str]:
    """Every cohort code, newest first, for the student list's filter."""
    policy.vereis_een_rol(gebruiker, *STAFF)
    return [c.code for c in repository.alle_cohorten(session)]


@dataclass
class Studentenlijst:
    pagina: Pagina[StudentRegel]
    zoekterm: str
    cohort: str = ""
    diplomabaar: bool | None = None

    @property
    def studenten(self) -> list[StudentRegel]:
        return self.pagina.items


_JA = {"true", "ja", "1"}
_NEE = {"false", "nee", "0"}


def lees_diplomabaar(waarde: str | None) -> bool | None:
    """The diplomabaar filter as given: true/ja, false/nee, or empty for everyone; anything else is a 422."""
    tekst = (waarde or "").strip().lower()
    if not tekst:
        return None
    if tekst in _JA | _NEE:
        return tekst in _JA
    melding = "diplomabaar is true of false."
    raise OngeldigeInvoer(
        f"{melding} '{tekst[:20]}' kennen we niet.", errors=[{"veld": "diplomabaar", "melding": melding}]
    )


def studenten(
    session: Session,
    gebruiker: Gebruiker,
    zoekterm: str,
    paginering: Paginering,
    cohort: str = "",
    diplomabaar: bool | None = None,
    *,
    met_voortgang: bool = True,
) -> Studentenlijst:
    """One page of the students this staff member may see today (policy.zichtbare_studenten), with their progress
    and diplomabaarheid from the stored progress, in a number of queries that does not grow with the list.

    `diplomabaar` is a WHERE on the stored progress (app.voortgang.lijsten.diplomabaar_op), so the list
    pages in SQL whatever the size of the school. For an assessor who judges independently that is a
    necessary condition only: the students it lets through are decided by the rule, as they see them.
    A list that only picks a student (`met_voortgang` false) skips the progress.
    """
    policy.vereis_een_rol(gebruiker, *STAFF)
    zoekterm, cohort = zoekterm_van(zoekterm), zoekterm_van(cohort)
    datum = tijd.vandaag()
    stmt = repository.zichtbare_studenten_stmt(gebruiker, zoekterm, cohort)
    if diplomabaar is not None:
        opgeslagen = exists(
            select(StudentStand.student_id).where(StudentStand.student_id == Gebruiker.id, diplomabaar_op(datum))
        )
        if policy.kan_onafhankelijk_beoordelen(gebruiker):
            kandidaten = repository.ids_van(session, stmt.where(opgeslagen))
            gezien = lijsten.lijststanden(session, kandidaten, gebruiker, datum)
            ja = [i for i in kandidaten if i in gezien and gezien[i].diplomabaar]
            stmt = stmt.where(Gebruiker.id.in_(ja) if diplomabaar else Gebruiker.id.not_in(ja))
        else:
            stmt = stmt.where(opgeslagen if diplomabaar else ~opgeslagen)
    rijen = pagineer(session, stmt, paginering, scalars=False)
    ids = [r.id for r in rijen.items] if met_voortgang else []
    standen = lijsten.lijststanden(session, ids, gebruiker, datum)
    regels = {r.id: StudentRegel(r.id, r.naam, r.studentnummer, r.email) for r in rijen.items}
    for student_id, status, startdatum, code_cohort, code, versie in repository.inschrijvingen_kort(session, regels):
        regels[student_id].inschrijvingen.append(InschrijvingKort(code_cohort, code, versie, status, startdatum))
    for student_id, regel in regels.items():
        if (gevonden := standen.get(student_id)) is not None:
            regel.aangetoond, regel.totaal, regel.diplomabaar = (
                gevonden.aangetoond,
                gevonden.totaal,
                gevonden.diplomabaar,
            )
    return Studentenlijst(rijen.met(regels.values()), zoekterm, cohort, diplomabaar)
