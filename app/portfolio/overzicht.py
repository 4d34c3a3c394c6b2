"""Reading the portfolio: the kwalificatie tree with statuses and judgements, one bewijsstuk, one file."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.errors import NietGevonden
from app.models import (
    Beoordeling,
    Bestand,
    Bewijsstuk,
    Gebruiker,
    Inschrijving,
    Kwalificatie,
    Leeruitkomst,
)
from app.paginering import Pagina, Paginering, pagineer
from app.portfolio import repository
from app.toegang import policy
from app.voortgang import beoordelingen as zichtbare
from app.voortgang import repository as voortgang_repository
from app.voortgang import service as voortgang_service
from app.voortgang.repository import beoordelingen_met_ids as repository_beoordelingen
from app.voortgang.rules import Voortgang as VoortgangRegels
from app.voortgang.status import LeeruitkomstStatus

NIET_GEVONDEN = "Dit bewijsstuk bestaat niet of je hebt er geen toegang toe."


class GeenInschrijving(NietGevonden):
    def __init__(self) -> None:
        super().__init__("Deze student is niet ingeschreven voor een kwalificatie.")


@dataclass
class LeeruitkomstRegel:
    leeruitkomst: Leeruitkomst
    status: LeeruitkomstStatus
    bewijsstukken: list[Bewijsstuk]
    toelichting: str = ""
    # The judgements of this leeruitkomst shown at once, newest first: the ones that count (each assessor's
    # latest), or every one this viewer may see for the dossier export.
    beoordelingen: list[Beoordeling] = field(default_factory=list)
    # How many earlier judgements this viewer may see besides: one click away, not loaded with the page.
    eerdere: int = 0


@dataclass
class Portfolio:
    student: Gebruiker
    inschrijving: Inschrijving
    kwalificatie: Kwalificatie
    regels: dict[int, LeeruitkomstRegel]  # by leeruitkomst id, in the order of the kwalificatie
    bewijsstukken: list[Bewijsstuk]  # what this viewer may see, newest first
    # Progress per kerntaak, the beroepsvereisten and diplomabaarheid today, from the same facts.
    voortgang: VoortgangRegels
    # The judgements shown (see LeeruitkomstRegel.beoordelingen), newest first.
    beoordelingen: list[Beoordeling] = field(default_factory=list)
    # The versions this viewer may see a judgement of: such a version reads "beoordeeld", not "aangeboden".
    beoordeelde_versies: frozenset[int] = frozenset()

    @property
    def totaal(self) -> int:
        return self.voortgang.totaal

    @property
    def aangetoond(self) -> int:
        return self.voortgang.aangetoond


def portfolio(
    session: Session,
    gebruiker: Gebruiker,
    student_id: int,
    *,
    volledig: bool = False,
    ook: Collection[int] = (),
) -> Portfolio:
    """The student's kwalificatie tree with each leeruitkomst's status and bewijsstukken, in fixed queries.

    Loaded is what the page shows: versions with their links but no files, and of the judgements the ones
    that count; `volledig` (the dossier export) adds every version's files and every judgement.
    """
    student = policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    inschrijving = actuele_inschrijving(session, student_id)
    kwalificatie = repository.kwalificatie_boom(session, inschrijving.kwalificatie_id)
    alle = repository.bewijsstukken_van(session, student_id, met_bestanden=volledig)

    regels = {
        lu.id: LeeruitkomstRegel(lu, LeeruitkomstStatus.niet_gestart, [])
        for kt in kwalificatie.kerntaken
        for bs in kt.bouwstenen
        for lu in bs.leeruitkomsten
    }
    # After a move to a newer version, what was linked to an exact match of an old leeruitkomst shows under the new.
    naar_nieuw = voortgang_repository.overgenomen(session, [student_id]).get(student_id, {})
    # Hidden evidence is out of the dossier: it is listed under no leeruitkomst and counts for no status.
    for bewijsstuk in (b for b in alle if not b.is_verborgen):
        for lu_id in {
            naar_nieuw.get(k.leeruitkomst_id, k.leeruitkomst_id) for v in bewijsstuk.versies for k in v.koppelingen
        }:
            if lu_id in regels:
                regels[lu_id].bewijsstukken.append(bewijsstuk)
    # The statuses come from the stored progress, as every list's do.
    gevonden = voortgang_service.voortgang_van(session, [student_id], kijker=gebruiker)[student_id]
    statussen = dict(
        zip([lu.id for lu in gevonden.kwalificatie.leeruitkomsten], gevonden.voortgang.leeruitkomsten, strict=True)
    )
    for lu_id, regel in regels.items():
        uitleg = statussen[lu_id].uitleg
        regel.status, regel.toelichting = uitleg.status, uitleg.toelichting
    if volledig:
        getoond = zichtbare.zichtbare_beoordelingen_van(session, gebruiker, student_id, kwalificatie).zichtbaar
        beoordeeld = frozenset(x.versie_id for b in getoond for x in b.bewijs)
    else:
        # A long history stays one click away: the page loads the judgements that count (and `ook`, a judgement
        # whose refused reply is shown again), and only counts the others.
        sleutels = zichtbare.zichtbare_sleutels(
            session, gebruiker, student_id, vereist=kwalificatie.beoordelaars_vereist
        )
        tellend = {o.id for lu in gevonden.voortgang.leeruitkomsten for o in lu.uitleg.tellend} | set(ook)
        getoond = repository_beoordelingen(session, [s.id for s in sleutels if s.id in tellend])
        beoordeeld = frozenset(v for s in sleutels for v in s.versie_ids)
        for s in sleutels:
            lu_id = naar_nieuw.get(s.leeruitkomst_id, s.leeruitkomst_id)
            if s.id not in tellend and lu_id in regels:
                regels[lu_id].eerdere += 1
    for beoordeling in getoond:
        lu_id = naar_nieuw.get(beoordeling.leeruitkomst_id, beoordeling.leeruitkomst_id)
        if lu_id in regels:
            regels[lu_id].beoordelingen.append(beoordeling)
    stand = gevonden.voortgang

    zichtbaar = [b for b in alle if mag_bewijsstuk_zien(gebruiker, b)]
    return Portfolio(student, inschrijving, kwalificatie, regels, zichtbaar, stand, getoond, beoordeeld)


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


def oordelen_per_versie(session: Session, gebruiker: Gebruiker, bewijsstuk: Bewijsstuk) -> dict[int, list[Beoordeling]]:
    """The judgements of each version of this bewijsstuk that this person may read, newest first; a corrected
    judgement gives way to its correction. For a caller that already checked the student is visible."""
    versies = {v.id for v in bewijsstuk.versies}
    sleutels = [
        s for s in zichtbare.zichtbare_sleutels(session, gebruiker, bewijsstuk.student_id) if s.versie_ids & versies
    ]
    gevonden = repository_beoordelingen(session, [s.id for s in sleutels])
    vervangen = {b.vervangt_id for b in gevonden}
    per_versie: dict[int, list[Beoordeling]] = {}
    for b in gevonden:
        if b.id in vervangen:
            continue
        for x in b.bewijs:
            if x.versie_id in versies:
                per_versie.setdefault(x.versie_id, []).append(b)
    return per_versie


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


def actuele_inschrijving(session: Session, student_id: int) -> Inschrijving:
    gevonden = voortgang_repository.actuele_inschrijving(session, student_id)
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


def eerdere_oordelen(
    session: Session, gebruiker: Gebruiker, student_id: int, code: str
) -> tuple[Leeruitkomst, list[Beoordeling]]:
    """The whole history of judgements of one leeruitkomst this person may read, newest first."""
    policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    inschrijving = actuele_inschrijving(session, student_id)
    leeruitkomst = next(
        (lu for lu in repository.leeruitkomsten_van(session, inschrijving.kwalificatie_id) if lu.code == code), None
    )
    if leeruitkomst is None:
        raise NietGevonden("Deze leeruitkomst hoort niet bij de kwalificatie van deze student.")
    return leeruitkomst, zichtbare.van_leeruitkomst(session, gebruiker, student_id, leeruitkomst.id)
