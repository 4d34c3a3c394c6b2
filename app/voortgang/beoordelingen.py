"""The judgements of a student that a viewer may read: everyone who may see the student, but an assessor who
judges independently only what policy.oordeel_zichtbaar allows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models import Beoordeling, Gebruiker, Kwalificatie
from app.paginering import Pagina, Paginering
from app.toegang import policy
from app.voortgang import repository


@dataclass(frozen=True)
class Beoordelingen:
    alle: list[Beoordeling]  # for deriving statuses
    zichtbaar: list[Beoordeling]  # what this person may read, newest first


def zichtbare_beoordelingen(
    session: Session, gebruiker: Gebruiker, student_id: int, kwalificatie: Kwalificatie | None = None
) -> list[Beoordeling]:
    """Every judgement of the student this person may see, newest first, superseded ones included."""
    policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    return zichtbare_beoordelingen_van(session, gebruiker, student_id, kwalificatie).zichtbaar


def zichtbare_sleutels(
    session: Session, gebruiker: Gebruiker, student_id: int, *, vereist: int | None = None
) -> list[repository.BeoordelingSleutel]:
    """The judgements of the student this person may read, as light keys, newest first; one query however many
    there are (two more unless the caller knows how many assessors the kwalificatie requires, `vereist`).
    For a caller that already checked the student is visible."""
    sleutels = repository.beoordeling_sleutels(session, student_id)
    if vereist is None:
        gevonden = repository.kwalificaties_van(session, [student_id]).get(student_id)
        vereist = gevonden.beoordelaars_vereist if gevonden else 1
    if not policy.beoordeelt_onafhankelijk(gebruiker, student_id, vereist):
        return sleutels
    eigen: dict[int, set[int]] = defaultdict(set)
    for s in sleutels:
        if s.beoordelaar_id == gebruiker.id:
            eigen[s.leeruitkomst_id].update(s.versie_ids)
    return [
        s
        for s in sleutels
        if policy.oordeel_zichtbaar(gebruiker.id, s.beoordelaar_id, s.versie_ids, eigen[s.leeruitkomst_id])
    ]


def zichtbare_beoordelingen_pagina(
    session: Session, gebruiker: Gebruiker, student_id: int, paginering: Paginering
) -> Pagina:
    """One page of the judgements this person may see, newest first: a fixed number of queries however many
    there are (the choice of what is visible runs over light keys; only the page itself is loaded in full)."""
    policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    sleutels = zichtbare_sleutels(session, gebruiker, student_id)
    ids = [s.id for s in sleutels[paginering.offset : paginering.offset + paginering.per_pagina]]
    return Pagina(repository.beoordelingen_met_ids(session, ids), len(sleutels), paginering)


def van_leeruitkomst(
    session: Session, gebruiker: Gebruiker, student_id: int, leeruitkomst_id: int
) -> list[Beoordeling]:
    """Every judgement of one leeruitkomst this person may read, newest first, superseded ones included."""
    sleutels = zichtbare_sleutels(session, gebruiker, student_id)
    return repository.beoordelingen_met_ids(session, [s.id for s in sleutels if s.leeruitkomst_id == leeruitkomst_id])


def zichtbare_beoordelingen_van(
    session: Session,
    gebruiker: Gebruiker,
    student_id: int,
    kwalificatie: Kwalificatie | None = None,
    *,
    laden: str = "volledig",
) -> Beoordelingen:
    """For a caller that already checked the student is visible.

    With two assessors required, a praktijkbegeleider sees another's verdict on a
    version only once they have judged that leeruitkomst on it themselves.
    """
    alle = repository.beoordelingen_van(session, student_id, laden=laden)
    if kwalificatie is not None:
        vereist = kwalificatie.beoordelaars_vereist
    else:
        gevonden = repository.kwalificaties_van(session, [student_id]).get(student_id)
        vereist = gevonden.beoordelaars_vereist if gevonden else 1
    if not policy.beoordeelt_onafhankelijk(gebruiker, student_id, vereist):
        return Beoordelingen(alle, alle)
    eigen: dict[int, set[int]] = defaultdict(set)
    for b in alle:
        if b.beoordelaar_id == gebruiker.id:
            eigen[b.leeruitkomst_id].update(x.versie_id for x in b.bewijs)
    zichtbaar = [
        b
        for b in alle
        if policy.oordeel_zichtbaar(
            gebruiker.id, b.beoordelaar_id, [x.versie_id for x in b.bewijs], eigen[b.leeruitkomst_id]
        )
    ]
    return Beoordelingen(alle, zichtbaar)
