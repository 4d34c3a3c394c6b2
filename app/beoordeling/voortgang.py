"""Statuses with their toelichting for one student or a whole list, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.beoordeling import repository, rules
from app.beoordeling.repository import StudentKwalificatie
from app.models import Beoordeling, Bewijsstuk, Gebruiker
from app.toegang import policy


@dataclass(frozen=True)
class StudentStatussen:
    kwalificatie: StudentKwalificatie
    # By leeruitkomst id, in the order of the kwalificatie.
    per_leeruitkomst: dict[int, rules.StatusUitleg]

    def per_code(self) -> dict[str, rules.StatusUitleg]:
        return {lu.code: self.per_leeruitkomst[lu.id] for lu in self.kwalificatie.leeruitkomsten}


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
    feiten: Mapping[int, repository.LeeruitkomstFeiten],
    kijker: Gebruiker | None = None,
) -> StudentStatussen:
    """The statuses from facts already at hand (a page that loaded the evidence and judgements itself)."""
    onafhankelijk = kijker is not None and policy.beoordeelt_onafhankelijk(
        kijker, student_id, kwalificatie.beoordelaars_vereist
    )
    statussen = {}
    for lu in kwalificatie.leeruitkomsten:
        f = feiten.get(lu.id) or repository.LeeruitkomstFeiten()
        if onafhankelijk and kijker:
            # What the assessor has judged themselves is all they may know: others' verdicts on it,
            # and which versions no longer wait for them.
            beoordeeld = f.beoordeeld.get(kijker.id, set())
            oordelen = rules.onafhankelijk(f.oordelen, kijker.id, beoordeeld)
        else:
            beoordeeld, oordelen = f.beoordeelde_versies(), f.oordelen
        statussen[lu.id] = rules.leeruitkomst_status(f.versies, oordelen, kwalificatie.beoordelaars_vereist, beoordeeld)
    return StudentStatussen(kwalificatie, statussen)


def feiten_uit(
    bewijsstukken: Iterable[Bewijsstuk], beoordelingen: Iterable[Beoordeling]
) -> dict[int, repository.LeeruitkomstFeiten]:
    """The same facts as repository.feiten_van, from loaded bewijsstukken (versions and links) and judgements
    (their evidence rows and assessor)."""
    feiten: dict[int, repository.LeeruitkomstFeiten] = defaultdict(repository.LeeruitkomstFeiten)
    for bewijsstuk in bewijsstukken:
        if bewijsstuk.is_verborgen:
            continue
        for v in bewijsstuk.versies:
            feit = rules.VersieFeit(v.id, v.bewijsstuk_id, v.versie, v.status, v.ingediend_op)
            for koppeling in v.koppelingen:
                feiten[koppeling.leeruitkomst_id].versies.append(feit)
    beoordelingen = list(beoordelingen)
    vervangen = {b.vervangt_id for b in beoordelingen if b.vervangt_id is not None}
    for b in beoordelingen:
        feit = feiten[b.leeruitkomst_id]
        feit.beoordeeld.setdefault(b.beoordelaar_id, set()).update(x.versie_id for x in b.bewijs)
        if b.id in vervangen:
            continue
        feit.oordelen.append(
            rules.OordeelFeit(
                b.id,
                b.beoordelaar_id,
                b.beoordelaar.naam,
                b.tijd,
                b.oordeel,
                frozenset(x.versie_id for x in b.bewijs),
                b.vervangt_id,
            )
        )
    return feiten
