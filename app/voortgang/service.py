"""Statuses, progress and diplomabaarheid for one student or a whole cohort, in a fixed number of queries.

Two sources, one rule. Pages and lists read the stored progress (`voortgang_van`: six queries for 1
or 2,000 students, whatever their history); the dossier a decision freezes is derived live from the
facts (`voortgang_uit_feiten`). Both reduce a leeruitkomst's facts to the same summary and call
status.status_van on it, so they can only differ when the stored progress is stale, which
`portfolio voortgang controleer` would name.
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
from app.voortgang import bijhouden, geldigheid, repository, rules, stand, status
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


def kijker_id(kijker: Gebruiker | None, student_id: int, beoordelaars_vereist: int) -> int | None:
    """The assessor whose independence limits what this status may tell, if any (see status.status_van)."""
    if kijker is not None and policy.beoordeelt_onafhankelijk(kijker, student_id, beoordelaars_vereist):
        return kijker.id
    return None


def _statussen(
    student_id: int,
    kwalificatie: StudentKwalificatie,
    samenvattingen: Mapping[int, status.Samenvatting],
    kijker: Gebruiker | None,
) -> StudentStatussen:
    wie = kijker_id(kijker, student_id, kwalificatie.beoordelaars_vereist)
    return StudentStatussen(
        kwalificatie,
        {
            lu.id: status.status_van(
                samenvattingen.get(lu.id) or status.Samenvatting(), kwalificatie.beoordelaars_vereist, wie
            )
            for lu in kwalificatie.leeruitkomsten
        },
    )


def statussen_van(
    session: Session, student_ids: Collection[int], kijker: Gebruiker | None = None
) -> dict[int, StudentStatussen]:
    """Each enrolled student's leeruitkomst statuses derived live from the facts, in five queries however many
    students; a student without an enrolment is left out.

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
    samenvattingen = {lu_id: f.samenvatting() for lu_id, f in feiten.items()}
    return _statussen(student_id, kwalificatie, samenvattingen, kijker)


def voortgang_uit(
    kwalificatie: StudentKwalificatie,
    per_leeruitkomst: dict[int, status.StatusUitleg],
    vereisten: list[repository.VereisteRij],
    uitslagen: list[geldigheid.Uitslag],
    datum: dt.date,
    ingetrokken: list[rules.IntrekkingFeit] | None = None,
) -> rules.Voortgang:
    """One student's progress from statuses and results already at hand."""
    standen = geldigheid.stand_op([v.code for v in vereisten], uitslagen, datum)
    leeruitkomsten = [
        rules.LeeruitkomstMetStatus(lu.code, lu.bouwsteen, lu.kerntaak, per_leeruitkomst[lu.id])
        for lu in kwalificatie.leeruitkomsten
    ]
    return rules.voortgang(leeruitkomsten, [(v.code, v.naam) for v in vereisten], standen, datum, ingetrokken or ())


def _met_vereisten(
    session: Session, per_student: Mapping[int, StudentStatussen], datum: dt.date
) -> dict[int, StudentVoortgang]:
    vereisten = repository.vereisten_van(session, {s.kwalificatie.kwalificatie_id for s in per_student.values()})
    uitslagen = repository.uitslagen_van(session, list(per_student))
    ingetrokken = repository.open_intrekkingen_van(session, list(per_student))
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
                ingetrokken.get(student_id),
            ),
        )
        for student_id, s in per_student.items()
    }


def voortgang_van(
    session: Session,
    student_ids: Collection[int],
    kijker: Gebruiker | None = None,
    datum: dt.date | None = None,
) -> dict[int, StudentVoortgang]:
    """Each enrolled student's progress and diplomabaarheid on `datum` (today in Amsterdam by default), with every
    status explained, from the stored progress: seven queries however many students and however long their history.

    A student without an enrolment is left out. `kijker` is who will read it (an assessor
    judging independently sees less). Callers check who may see which student; this only loads.
    """
    bijhouden.verwerk(session)  # what this transaction changed so far is in the stored progress too
    kwalificaties, samenvattingen = stand.samenvattingen(session, student_ids)
    per_student = {
        student_id: _statussen(student_id, kwalificatie, samenvattingen.get(student_id, {}), kijker)
        for student_id, kwalificatie in kwalificaties.items()
    }
    return _met_vereisten(session, per_student, datum or tijd.vandaag())


def voortgang_uit_feiten(
    session: Session, student_ids: Collection[int], datum: dt.date | None = None
) -> dict[int, StudentVoortgang]:
    """The same as voortgang_van, for everyone who sees all judgements, but derived live from the facts: what a
    decision freezes rests on the evidence and judgements themselves, not on a copy."""
    return _met_vereisten(session, statussen_van(session, student_ids), datum or tijd.vandaag())


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
