"""The cohort overview: every student of a cohort this person may see, with the status of each leeruitkomst.

The statuses, aangetoond/totaal and diplomabaar come from the stored progress
(app.voortgang.lijsten), as on every list, so the overview, the student's dashboard and
the voortgang API never disagree. A page costs a fixed number of queries whatever
the cohort's size; an export works through the cohort in stukken of STUKGROOTTE
students, so its memory stays small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app import tijd
from app.audit import service as audit
from app.cohortoverzicht import repository
from app.db import schrijft_voortaan
from app.errors import NietGevonden, OngeldigeInvoer, veldfout
from app.models import Cohort, Gebruiker, Rol
from app.paginering import Pagina, Paginering, pagineer
from app.toegang import policy
from app.voortgang import lijsten
from app.voortgang.status import LeeruitkomstStatus

STAFF = (Rol.praktijkbegeleider, Rol.examencommissie, Rol.beheerder)
STUKGROOTTE = 200
DIPLOMABAAR = "diplomabaar"

# The status filter: students with at least one leeruitkomst of that status, or who are diplomabaar.
FILTERS: Mapping[str, str] = {
    "": "Alle studenten",
    **{s.value: f"Minstens één leeruitkomst {s.label.lower()}" for s in LeeruitkomstStatus},
    DIPLOMABAAR: "Diplomabaar",
}
SORTERINGEN: Mapping[str, str] = {
    "naam": "Naam (A–Z)",
    "meest": "Meeste leeruitkomsten aangetoond eerst",
    "minst": "Minste leeruitkomsten aangetoond eerst",
}

StudentRij = Row[tuple[int, str, str | None]]


@dataclass(frozen=True)
class Keuze:
    status: str = ""
    sorteer: str = "naam"

    @property
    def standaard(self) -> bool:
        """Every student by name: the page can let the database do the paging."""
        return not self.status and self.sorteer == "naam"


@dataclass(frozen=True)
class Rij:
    """One student's line of the matrix."""

    student_id: int
    naam: str
    studentnummer: str | None
    aangetoond: int
    totaal: int
    diplomabaar: bool
    statussen: Mapping[str, LeeruitkomstStatus]

    def past_bij(self, status: str) -> bool:
        if not status:
            return True
        if status == DIPLOMABAAR:
            return self.diplomabaar
        return any(s == status for s in self.statussen.values())


@dataclass(frozen=True)
class Overzicht:
    cohort: Cohort
    kolommen: list[str]
    pagina: Pagina
    keuze: Keuze
    alle_studenten: bool  # examencommissie and beheer; a praktijkbegeleider sees only their own

    @property
    def rijen(self) -> list[Rij]:
        return self.pagina.items


@dataclass(frozen=True)
class Export:
    cohort: Cohort
    kolommen: list[str]
    studenten: list[StudentRij]
    datum: dt.date


def lees_keuze(status: str | None, sorteer: str | None) -> Keuze:
    """The filter and order from the query string; an unknown value is a Dutch 422, never a 500."""
    status, sorteer = (status or "").strip(), (sorteer or "").strip() or "naam"
    fouten = []
    if status not in FILTERS:
        fouten.append(veldfout("status", "Kies een status uit de lijst."))
    if sorteer not in SORTERINGEN:
        fouten.append(veldfout("sorteer", "Sorteer op naam, meeste of minste leeruitkomsten aangetoond."))
    if fouten:
        raise OngeldigeInvoer(" ".join(f["melding"] for f in fouten), errors=fouten)
    return Keuze(status, sorteer)


def cohorten(session: Session, gebruiker: Gebruiker, paginering: Paginering) -> Pagina:
    """One page of the cohorts this person may see, each with the number of its students they may see."""
    policy.vereis_een_rol(gebruiker, *STAFF)
    return pagineer(session, repository.zichtbare_cohorten_stmt(gebruiker), paginering, scalars=False)


def vereis_cohort(session: Session, gebruiker: Gebruiker, code: str) -> Cohort:
    policy.vereis_een_rol(gebruiker, *STAFF)
    cohort = repository.cohort_op_code(session, code.replace("\x00", "").strip()[:200])
    if cohort is None:
        raise NietGevonden(f"Cohort {code[:60]} bestaat niet.")
    return cohort


def rijen_van(
    session: Session, gebruiker: Gebruiker, studenten: Sequence[StudentRij], datum: dt.date | None = None
) -> list[Rij]:
    """The matrix lines of these students, in their order, from the stored progress: three queries however many."""
    standen = lijsten.lijststanden(session, [s.id for s in studenten], gebruiker, datum, met_statussen=True)
    rijen = []
    for s in studenten:
        if (stand := standen.get(s.id)) is None:
            rijen.append(Rij(s.id, s.naam, s.studentnummer, 0, 0, False, {}))
            continue
        rijen.append(
            Rij(s.id, s.naam, s.studentnummer, stand.aangetoond, stand.totaal, stand.diplomabaar, stand.statussen)
        )
    return rijen


def _gesorteerd(rijen: list[Rij], sorteer: str) -> list[Rij]:
    if sorteer == "meest":
        return sorted(rijen, key=lambda r: (-r.aangetoond, r.naam, r.student_id))
    if sorteer == "minst":
        return sorted(rijen, key=lambda r: (r.aangetoond, r.naam, r.student_id))
    return rijen  # already by name


def overzicht(session: Session, gebruiker: Gebruiker, code: str, keuze: Keuze, paginering: Paginering) -> Overzicht:
    """One page of the cohort's matrix for this person: their own students for a praktijkbegeleider.

    Filter, order and paging run in SQL on the stored progress, so only the page's students are loaded.
    An assessor who judges independently (two assessors required) may see some students' progress only in
    part; for them the cohort's students they may see (their own) are read first and filtered as they see them.
    """
    cohort = vereis_cohort(session, gebruiker, code)
    kolommen = repository.leeruitkomstcodes(session, cohort.id)
    datum = tijd.vandaag()
    in_sql = keuze.standaard or not policy.kan_onafhankelijk_beoordelen(gebruiker)
    if in_sql or not repository.met_twee_beoordelaars(session, gebruiker, cohort.id):
        stmt = repository.gefilterd(repository.studenten_stmt(gebruiker, cohort.id), keuze.status, keuze.sorteer, datum)
        studenten = pagineer(session, stmt, paginering, scalars=False)
        pagina = studenten.met(rijen_van(session, gebruiker, studenten.items, datum))
    else:
        rijen = rijen_van(session, gebruiker, repository.studenten(session, gebruiker, cohort.id), datum)
        rijen = _gesorteerd([r for r in rijen if r.past_bij(keuze.status)], keuze.sorteer)
        begin = paginering.offset
        pagina = Pagina(rijen[begin : begin + paginering.per_pagina], len(rijen), paginering)
    return Overzicht(cohort, kolommen, pagina, keuze, policy.ziet_alle_studenten(gebruiker))


def begin_export(session: Session, gebruiker: Gebruiker, code: str, formaat: str) -> Export:
    """Who is in the export (need-to-know decided now), and an audit record: this takes personal data out."""
    cohort = vereis_cohort(session, gebruiker, code)
    kolommen = repository.leeruitkomstcodes(session, cohort.id)
    studenten = repository.studenten(session, gebruiker, cohort.id)
    schrijft_voortaan(session)
    audit.registreer(
        session,
        gebruiker,
        "cohortoverzicht_geexporteerd",
        "cohort",
        cohort.id,
        code=cohort.code,
        formaat=formaat,
        studenten=len(studenten),
    )
    return Export(cohort, kolommen, studenten, tijd.vandaag())


def rijen_in_stukken(
    sessie: Callable[[], AbstractContextManager[Session]], gebruiker: Gebruiker, export: Export
) -> Iterator[list[Rij]]:
    """The export's lines, STUKGROOTTE students at a time, each stuk in a short session of its own."""
    for begin in range(0, len(export.studenten), STUKGROOTTE):
        with sessie() as session:
            rijen = rijen_van(session, gebruiker, export.studenten[begin : begin + STUKGROOTTE], export.datum)
        yield rijen  # the connection is back in the pool while the response is written
