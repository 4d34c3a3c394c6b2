"""Reading the portfolio: the kwalificatie tree with statuses, one bewijsstuk, one file, the queue."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import NietGevonden
from app.models import (
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Gebruiker,
    Inschrijving,
    Kwalificatie,
    Leeruitkomst,
    VersieStatus,
)
from app.paginering import Pagina, Paginering, pagineer
from app.portfolio import repository, rules
from app.toegang import policy

NIET_GEVONDEN = "Dit bewijsstuk bestaat niet of je hebt er geen toegang toe."


class GeenInschrijving(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Deze student is niet ingeschreven voor een kwalificatie.")


@dataclass
class LeeruitkomstRegel:
    leeruitkomst: Leeruitkomst
    status: rules.LeeruitkomstStatus
    bewijsstukken: list[Bewijsstuk]


@dataclass
class Portfolio:
    student: Gebruiker
    inschrijving: Inschrijving
    kwalificatie: Kwalificatie
    regels: dict[int, LeeruitkomstRegel]  # by leeruitkomst id, in the order of the kwalificatie
    bewijsstukken: list[Bewijsstuk]  # what this viewer may see, newest first

    @property
    def totaal(self) -> int:
        return len(self.regels)

    @property
    def aangetoond(self) -> int:
        return rules.aantal_aangetoond(r.status for r in self.regels.values())

    def diplomabaarheid(self) -> rules.Diplomabaarheid:
        statussen = [(r.leeruitkomst.code, r.status) for r in self.regels.values()]
        vereisten = [(bv.code, bv.naam) for bv in self.kwalificatie.beroepsvereisten]
        return rules.diplomabaarheid(statussen, vereisten)


def portfolio(session: Session, gebruiker: Gebruiker, student_id: int) -> Portfolio:
    """The student's kwalificatie tree with each leeruitkomst's status and bewijsstukken, in fixed queries."""
    student = policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    inschrijving = actuele_inschrijving(session, student_id)
    kwalificatie = repository.kwalificatie_boom(session, inschrijving.kwalificatie_id)
    alle = repository.bewijsstukken_van(session, student_id)

    regels = {
        lu.id: LeeruitkomstRegel(lu, rules.LeeruitkomstStatus.niet_gestart, [])
        for kt in kwalificatie.kerntaken
        for bs in kt.bouwstenen
        for lu in bs.leeruitkomsten
    }
    statussen: dict[int, list[VersieStatus]] = {lu_id: [] for lu_id in regels}
    # Hidden evidence is out of the dossier: it counts for no status.
    for bewijsstuk in (b for b in alle if not b.is_verborgen):
        for lu_id in {k.leeruitkomst_id for v in bewijsstuk.versies for k in v.koppelingen}:
            if lu_id in regels:
                regels[lu_id].bewijsstukken.append(bewijsstuk)
        versies = sorted(bewijsstuk.versies, key=lambda v: v.versie)
        for index in rules.tellende_versies([v.status for v in versies]):
            for koppeling in versies[index].koppelingen:
                statussen.setdefault(koppeling.leeruitkomst_id, []).append(versies[index].status)
    for lu_id, regel in regels.items():
        regel.status = rules.leeruitkomst_status(statussen[lu_id])

    zichtbaar = [b for b in alle if mag_bewijsstuk_zien(gebruiker, b)]
    return Portfolio(student, inschrijving, kwalificatie, regels, zichtbaar)


def mag_bewijsstuk_zien(gebruiker: Gebruiker, bewijsstuk: Bewijsstuk) -> bool:
    """For someone who may see the student: hidden items only for beheer and (as a notice) the student."""
    return (
        not bewijsstuk.is_verborgen
        or policy.mag_verborgen_bewijs_zien(gebruiker)
        or gebruiker.id == bewijsstuk.student_id
    )


def inhoud_zichtbaar(gebruiker: Gebruiker, bewijsstuk: Bewijsstuk) -> bool:
    """The files, context and onderbouwingen of a hidden bewijsstuk are for beheer only; the student keeps the title."""
    return not bewijsstuk.is_verborgen or policy.mag_verborgen_bewijs_zien(gebruiker)


def bewijsstuk_details(
    session: Session, gebruiker: Gebruiker, bewijsstuk_id: int, *, voor_wijziging: bool = False
) -> Bewijsstuk:
    """One bewijsstuk with all its versions, files and links, for everyone who may see the student."""
    bewijsstuk = repository.bewijsstuk(session, bewijsstuk_id, voor_wijziging=voor_wijziging)
    if (
        bewijsstuk is None
        or not policy.mag_student_zien(session, gebruiker, bewijsstuk.student_id)
        or not mag_bewijsstuk_zien(gebruiker, bewijsstuk)
    ):
        raise NietGevonden(NIET_GEVONDEN)
    return bewijsstuk


def bestand_voor_download(session: Session, gebruiker: Gebruiker, bewijsstuk_id: int, bestand_id: int) -> Bestand:
    """A file of any version of the bewijsstuk; every version stays downloadable."""
    bewijsstuk = bewijsstuk_details(session, gebruiker, bewijsstuk_id)
    if inhoud_zichtbaar(gebruiker, bewijsstuk):
        for versie in bewijsstuk.versies:
            for bestand in versie.bestanden:
                if bestand.id == bestand_id:
                    return bestand
    raise NietGevonden("Dit bestand bestaat niet of je hebt er geen toegang toe.")


def leeruitkomsten_voor_formulier(session: Session, gebruiker: Gebruiker) -> list[Leeruitkomst]:
    """The leeruitkomsten a student can link evidence to: those of their own kwalificatie version."""
    policy.vereis_eigen_portfolio(gebruiker, gebruiker.id)
    return repository.leeruitkomsten_van(session, actuele_inschrijving(session, gebruiker.id).kwalificatie_id)


def wachtrij(session: Session, gebruiker: Gebruiker) -> list[BewijsstukVersie]:
    """Submitted versions waiting for this praktijkbegeleider: evidence of the students they supervise today."""
    return repository.wachtrij(session, gebruiker.id, policy.vandaag())


def actuele_inschrijving(session: Session, student_id: int) -> Inschrijving:
    gevonden = repository.actuele_inschrijving(session, student_id)
    if gevonden is None:
        raise GeenInschrijving()
    return gevonden


def bewijsstukken_van(session: Session, gebruiker: Gebruiker, student_id: int) -> list[Bewijsstuk]:
    """The student's bewijsstukken this person may see, newest first."""
    policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    return [b for b in repository.bewijsstukken_van(session, student_id) if mag_bewijsstuk_zien(gebruiker, b)]


def bewijsstukken_pagina(
    session: Session, gebruiker: Gebruiker, student_id: int, paginering: Paginering
) -> Pagina[Bewijsstuk]:
    """One page of the student's bewijsstukken this person may see (mag_bewijsstuk_zien, in SQL), newest first."""
    policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    met_verborgen = policy.mag_verborgen_bewijs_zien(gebruiker) or gebruiker.id == student_id
    return pagineer(session, repository.bewijsstukken_stmt(student_id, met_verborgen=met_verborgen), paginering)
