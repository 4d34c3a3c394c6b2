"""Statuses, progress and diplomabaarheid for one student or a whole cohort, in a fixed number of queries.

The facts come from app.voortgang.repository (seven queries for the statuses, two more
for the beroepsvereisten and every student's results): nine queries for 1 or 2,000 students.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import tijd
from app.errors import NietGevonden
from app.models import Gebruiker
from app.toegang import policy
from app.voortgang import geldigheid, repository, rules, status
from app.voortgang.repository import LeeruitkomstFeiten, StudentKwalificatie


@dataclass(frozen=True)
class StudentStatussen:
    kwalificatie: StudentKwalificatie
    # By leeruitkomst id, in the order of the kwalificatie.
    per_leeruitkomst: dict[int, status.StatusUitleg]

    def per_code(self) -> dict[str, status.StatusUitleg]:
        return {lu.code: self.per_leeruitkomst[lu.id] for lu in self.kwalificatie.leeruitkomsten}


@dataclass(frozen=True)
class StudentVoortgang:
    student_id: int
    kwalificatie: StudentKwalificatie
    voortgang: rules.Voortgang


def statussen_van(
    session: Session, student_ids: Collection[int], kijker: Gebruiker | None = None
) -> dict[int, StudentStatussen]:
    """Each enrolled student's leeruitkomst statuses in seven queries, however many students; a student without an
    enrolment is left out.

    `kijker` is who will read them: an assessor who must judge independently sees
    only what policy lets them know before giving their own verdict.
    """
    kwalificaties = repository.kwalificaties_van(session, student_ids)
    feiten = repository.feiten_van(session, list(kwalificaties))
    return {
        student_id: statussen_uit(student_id, kwalificatie, feiten[student_id], kijker)
        for student_id, kwalificatie in kwalificaties.items()
    }


def statussen_uit(
    student_id: int,
    kwalificatie: StudentKwalificatie,
    feiten: Mapping[int, LeeruitkomstFeiten],
    kijker: Gebruiker | None = None,
) -> StudentStatussen:
    """The statuses from facts already loaded."""
    onafhankelijk = kijker is not None and policy.beoordeelt_onafhankelijk(
        kijker, student_id, kwalificatie.beoordelaars_vereist
    )
    statussen = {}
    for lu in kwalificatie.leeruitkomsten:
        f = feiten.get(lu.id) or LeeruitkomstFeiten()
        if onafhankelijk and kijker:
            # What the assessor has judged themselves is all they may know: others' verdicts on it,
            # and which versions no longer wait for them.
            beoordeeld = f.beoordeeld.get(kijker.id, set())
            oordelen = [
                o for o in f.oordelen if policy.oordeel_zichtbaar(kijker.id, o.beoordelaar_id, o.versie_ids, beoordeeld)
            ]
        else:
            beoordeeld, oordelen = f.beoordeelde_versies(), f.oordelen
        statussen[lu.id] = status.leeruitkomst_status(
            f.versies, oordelen, kwalificatie.beoordelaars_vereist, beoordeeld
        )
    return StudentStatussen(kwalificatie, statussen)


def voortgang_uit(
    kwalificatie: StudentKwalificatie,
    per_leeruitkomst: dict[int, status.StatusUitleg],
    vereisten: list[tuple[str, str]],
    uitslagen: list[geldigheid.Uitslag],
    datum: dt.date,
) -> rules.Voortgang:
    """One student's progress from facts already loaded (a page that has the statuses at hand)."""
    standen = geldigheid.stand_op([code for code, _ in vereisten], uitslagen, datum)
    leeruitkomsten = [
        rules.LeeruitkomstStand(lu.code, lu.bouwsteen, lu.kerntaak, per_leeruitkomst[lu.id])
        for lu in kwalificatie.leeruitkomsten
    ]
    return rules.voortgang(leeruitkomsten, vereisten, standen, datum)


def voortgang_van(
    session: Session,
    student_ids: Collection[int],
    kijker: Gebruiker | None = None,
    datum: dt.date | None = None,
) -> dict[int, StudentVoortgang]:
    """Each enrolled student's progress and diplomabaarheid on `datum` (today in Amsterdam by default).

    A student without an enrolment is left out. `kijker` is who will read it (see
    statussen_van: an assessor judging independently).
    Callers check who may see which student; this only loads.
    """
    datum = datum or tijd.vandaag()
    per_student = statussen_van(session, student_ids, kijker)
    vereisten = repository.vereisten_van(session, {s.kwalificatie.kwalificatie_id for s in per_student.values()})
    uitslagen = repository.uitslagen_van(session, list(per_student))
    return {
        student_id: StudentVoortgang(
            student_id,
            s.kwalificatie,
            voortgang_uit(
                s.kwalificatie,
                s.per_leeruitkomst,
                vereisten[s.kwalificatie.kwalificatie_id],
                uitslagen[student_id],
                datum,
            ),
        )
        for student_id, s in per_student.items()
    }


class GeenInschrijving(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Deze student is niet ingeschreven voor een kwalificatie.")


def voortgang_van_student(session: Session, kijker: Gebruiker, student_id: int) -> StudentVoortgang:
    """One student's progress for someone who may see them; 404 otherwise, or when not enrolled."""
    policy.vereis_student_zichtbaar(session, kijker, student_id)
    gevonden = voortgang_van(session, [student_id], kijker=kijker).get(student_id)
    if gevonden is None:
        raise GeenInschrijving()
    return gevonden
