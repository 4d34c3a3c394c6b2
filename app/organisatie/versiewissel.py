"""Moving a student to a newer version of their kwalificatie: first what carries over, then the move itself.

A leeruitkomst of the new version that is `exactMatchOf` one of the old version carries over: its evidence
and judgements keep counting, as they are, resting on the same bewijsstuk versions (the read side maps
them, `voortgang.repository.overgenomen`; nothing is copied or rewritten). A leeruitkomst that replaces one
(`replacedBy`) or is new must be shown again. The old enrolment is ended (`overgezet`), never deleted, so its
history stays readable; the move is one transaction with one audit record per student, and the stored
progress is rebuilt for the student before that transaction commits (app.voortgang.bijhouden).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app import tijd
from app.audit import service as audit
from app.errors import Conflict, NietGevonden, OngeldigeInvoer
from app.models import (
    Cohort,
    Gebruiker,
    Inschrijving,
    InschrijvingStatus,
    Kwalificatie,
    RelatieSoort,
    Rol,
    Versiewissel,
)
from app.models.kwalificatie import KwalificatieStatus
from app.organisatie import repository
from app.toegang import policy
from app.voortgang import repository as voortgang_repository
from app.voortgang import status as lu_status


class Overgang(StrEnum):
    overgenomen = "overgenomen"  # exactMatchOf: what was shown keeps counting
    opnieuw = "opnieuw"  # replacedBy: shown again
    nieuw = "nieuw"  # no relation: shown for the first time

    @property
    def label(self) -> str:
        return {
            "overgenomen": "Neemt over (exactMatchOf)",
            "opnieuw": "Opnieuw aantonen (replacedBy)",
            "nieuw": "Nieuw: aantonen",
        }[self]


@dataclass(frozen=True)
class Regel:
    """One leeruitkomst of the new version: where it comes from and what it takes along."""

    code: str
    overgang: Overgang
    vorige: str | None  # the old version's leeruitkomst it matches or replaces
    status_nu: lu_status.LeeruitkomstStatus | None  # that leeruitkomst's status today
    status_na: lu_status.LeeruitkomstStatus  # this one's status right after the move
    oordelen: int  # counting judgements that carry over
    versies: int  # bewijsstuk versions that carry over
    wachtend: int  # submissions waiting for judgement that carry over


@dataclass(frozen=True)
class Voorbeeld:
    inschrijving: Inschrijving
    naar: Kwalificatie
    regels: list[Regel]
    # Old leeruitkomsten nothing in the new version matches or replaces: their evidence no longer counts.
    vervallen: list[str] = field(default_factory=list)

    def aantal(self, overgang: Overgang) -> int:
        return sum(1 for r in self.regels if r.overgang == overgang)

    def als_tekst(self) -> str:
        """The preview as plain text, e.g. for the command line."""
        kop = self.inschrijving.kwalificatie
        regels = [
            f"{self.inschrijving.student.naam}: {kop.code} {kop.versie} → {self.naar.code} {self.naar.versie}",
            f"{self.aantal(Overgang.overgenomen)} leeruitkomsten nemen over, "
            f"{self.aantal(Overgang.opnieuw) + self.aantal(Overgang.nieuw)} opnieuw aan te tonen.",
        ]
        for r in self.regels:
            nu = r.status_nu.label.lower() if r.status_nu else "—"
            wat = r.overgang.label
            if r.overgang is Overgang.opnieuw:
                wat = f"Opnieuw aantonen (replacedBy {r.vorige})"
            regel = f"  {r.code:7} {wat:36} {nu} → {r.status_na.label.lower()}"
            if r.overgang is Overgang.overgenomen and (r.oordelen or r.versies):
                regel += f"; gaat mee: {_aantal(r.oordelen, 'oordeel', 'oordelen')}, "
                regel += _aantal(r.versies, "bewijsversie", "bewijsversies")
                if r.wachtend:
                    regel += f" ({r.wachtend} wacht op oordeel)"
            regels.append(regel)
        if self.vervallen:
            regels.append(f"  Telt niet meer mee: {', '.join(self.vervallen)}")
        return "\n".join(regels)


def _aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    return f"{n} {enkelvoud if n == 1 else meervoud}"


def studenten_op_nummer(session: Session, studentnummer: str) -> list[Gebruiker]:
    return list(session.scalars(select(Gebruiker).where(Gebruiker.studentnummer == studentnummer.strip())))


def _vereis_beheerder(actor: Gebruiker) -> None:
    policy.vereis_een_rol(actor, Rol.beheerder)


def _inschrijving(session: Session, inschrijving_id: int, *, vergrendel: bool = False) -> Inschrijving:
    if not 0 < inschrijving_id < 2**31:
        raise NietGevonden("Deze inschrijving bestaat niet.")
    stmt = (
        select(Inschrijving)
        .where(Inschrijving.id == inschrijving_id)
        .options(
            selectinload(Inschrijving.student),
            selectinload(Inschrijving.kwalificatie),
            selectinload(Inschrijving.cohort),
        )
        .execution_options(populate_existing=True)
    )
    if vergrendel:
        # Two beheerders moving the same enrolment: the second waits here and then sees it moved.
        stmt = stmt.with_for_update(of=Inschrijving)
    gevonden = session.scalar(stmt)
    if gevonden is None:
        raise NietGevonden("Deze inschrijving bestaat niet.")
    return gevonden


def _doelversie(session: Session, inschrijving: Inschrijving, naar: str, code: str | None = None) -> Kwalificatie:
    naar = (naar or "").strip()
    code = (code or "").strip() or inschrijving.kwalificatie.code
    if not naar:
        raise OngeldigeInvoer(
            "Kies de versie waarnaar de student overgaat.",
            errors=[{"veld": "naar", "melding": "Kies een versie, zoals 2.2."}],
        )
    doel = repository.kwalificatie_op_code(session, code, naar)
    if doel is None:
        raise NietGevonden(f"Kwalificatie {code} versie {naar} is niet geladen.")
    if doel.id == inschrijving.kwalificatie_id:
        raise OngeldigeInvoer(
            f"De student volgt {code} versie {naar} al.",
            errors=[{"veld": "naar", "melding": "Kies een andere versie dan de huidige."}],
        )
    if doel.status != KwalificatieStatus.gepubliceerd:
        raise Conflict(f"{code} versie {naar} is niet gepubliceerd; op een concept schrijft niemand zich in.")
    return doel


def _controleer_actief(inschrijving: Inschrijving) -> None:
    if inschrijving.status == InschrijvingStatus.overgezet:
        raise Conflict("Deze inschrijving is al overgezet naar een andere versie. Laad de pagina opnieuw.")
    if inschrijving.status != InschrijvingStatus.actief:
        raise Conflict(
            f"Deze inschrijving is {inschrijving.status.value}; alleen een actieve inschrijving gaat over "
            "naar een nieuwe versie."
        )


def _voorbeeld(session: Session, inschrijving: Inschrijving, doel: Kwalificatie) -> Voorbeeld:
    return _voorbeelden(session, [inschrijving], doel)[0]


def _voorbeelden(session: Session, inschrijvingen: list[Inschrijving], doel: Kwalificatie) -> list[Voorbeeld]:
    """The previews of these enrolments, in a fixed number of queries however many students."""
    oude = {i.kwalificatie_id for i in inschrijvingen}
    structuren = voortgang_repository.structuren_van(session, [*oude, doel.id])
    feiten = voortgang_repository.feiten_van(session, [i.student_id for i in inschrijvingen])
    relaties = {k: voortgang_repository.relaties_tussen(session, doel.id, k) for k in oude}
    return [
        _voorbeeld_uit(
            i,
            doel,
            structuren[i.kwalificatie_id],
            structuren[doel.id],
            feiten[i.student_id],
            relaties[i.kwalificatie_id],
        )
        for i in inschrijvingen
    ]


def _voorbeeld_uit(
    inschrijving: Inschrijving,
    doel: Kwalificatie,
    oud: voortgang_repository.StudentKwalificatie,
    nieuw: voortgang_repository.StudentKwalificatie,
    feiten: Mapping[int, voortgang_repository.LeeruitkomstFeiten],
    tussen: list[tuple[int, int, RelatieSoort]],
) -> Voorbeeld:
    feiten = defaultdict(voortgang_repository.LeeruitkomstFeiten, feiten)
    oud_codes = {lu.id: lu.code for lu in oud.leeruitkomsten}
    relaties: dict[int, tuple[int, RelatieSoort]] = {}
    for nieuw_lu, oud_lu, soort in tussen:
        # An exact match wins over a replacement when a file names both for one leeruitkomst.
        if nieuw_lu not in relaties or soort is RelatieSoort.exactMatchOf:
            relaties[nieuw_lu] = (oud_lu, soort)
    regels: list[Regel] = []
    for lu in nieuw.leeruitkomsten:
        oud_lu, soort = relaties.get(lu.id, (None, None))
        nu = None
        if oud_lu is not None:
            nu = lu_status.status_van(feiten[oud_lu].samenvatting(), oud.beoordelaars_vereist).status
        if soort is RelatieSoort.exactMatchOf:
            samenvatting = feiten[oud_lu].samenvatting()
            na = lu_status.status_van(samenvatting, nieuw.beoordelaars_vereist)
            regels.append(
                Regel(
                    lu.code,
                    Overgang.overgenomen,
                    oud_codes[oud_lu],
                    nu,
                    na.status,
                    len(lu_status.tellende_oordelen(feiten[oud_lu].oordelen)),
                    len({v.versie_id for v in feiten[oud_lu].versies}),
                    len(na.wachtend),
                )
            )
        else:
            overgang = Overgang.opnieuw if soort is RelatieSoort.replacedBy else Overgang.nieuw
            vorige = oud_codes[oud_lu] if oud_lu is not None else None
            regels.append(Regel(lu.code, overgang, vorige, nu, lu_status.LeeruitkomstStatus.niet_gestart, 0, 0, 0))
    gedekt = {oud_lu for oud_lu, _ in relaties.values()}
    vervallen = [lu.code for lu in oud.leeruitkomsten if lu.id not in gedekt]
    return Voorbeeld(inschrijving, doel, regels, vervallen)


def voorbeeld(
    session: Session, actor: Gebruiker, inschrijving_id: int, naar: str, code: str | None = None
) -> Voorbeeld:
    """What moving this enrolment to version `naar` would carry over; writes nothing."""
    _vereis_beheerder(actor)
    inschrijving = _inschrijving(session, inschrijving_id)
    doel = _doelversie(session, inschrijving, naar, code)
    _controleer_actief(inschrijving)
    return _voorbeeld(session, inschrijving, doel)


def keuze(session: Session, actor: Gebruiker, inschrijving_id: int) -> tuple[Inschrijving, list[Kwalificatie]]:
    """The enrolment and the published versions of its kwalificatie it could move to."""
    _vereis_beheerder(actor)
    inschrijving = _inschrijving(session, inschrijving_id)
    stmt = (
        select(Kwalificatie)
        .where(
            Kwalificatie.code == inschrijving.kwalificatie.code,
            Kwalificatie.id != inschrijving.kwalificatie_id,
            Kwalificatie.status == KwalificatieStatus.gepubliceerd,
        )
        .order_by(Kwalificatie.versiedatum.desc(), Kwalificatie.versie.desc())
    )
    return inschrijving, list(session.scalars(stmt))


def _wissel(session: Session, actor: Gebruiker, inschrijving: Inschrijving, doel: Kwalificatie) -> Versiewissel:
    _controleer_actief(inschrijving)
    if repository.inschrijving_bestaat(session, inschrijving.student_id, doel.id):
        raise Conflict(f"{inschrijving.student.naam} heeft al een inschrijving op {doel.code} versie {doel.versie}.")
    gezien = _voorbeeld(session, inschrijving, doel)
    inschrijving.status = InschrijvingStatus.overgezet
    nieuw = Inschrijving(
        student=inschrijving.student,
        kwalificatie=doel,
        cohort=inschrijving.cohort,
        startdatum=tijd.vandaag(),
        status=InschrijvingStatus.actief,
        aangesteld_bij_politie_op=inschrijving.aangesteld_bij_politie_op,
    )
    try:
        with session.begin_nested():
            session.add(nieuw)
            session.flush()
            wissel = Versiewissel(
                van_inschrijving=inschrijving,
                naar_inschrijving=nieuw,
                student_id=inschrijving.student_id,
                van_inschrijving_id=inschrijving.id,
                naar_inschrijving_id=nieuw.id,
                door_id=actor.id,
                tijd=tijd.nu(),
            )
            session.add(wissel)
            session.flush()
    except IntegrityError as exc:
        raise Conflict("Deze inschrijving is intussen al overgezet. Laad de pagina opnieuw.") from exc
    audit.registreer(
        session,
        actor,
        "inschrijving_versie_gewisseld",
        "inschrijving",
        inschrijving.id,
        student_id=inschrijving.student_id,
        van=f"{inschrijving.kwalificatie.code} {inschrijving.kwalificatie.versie}",
        naar=f"{doel.code} {doel.versie}",
        naar_inschrijving_id=nieuw.id,
        overgenomen=[r.code for r in gezien.regels if r.overgang is Overgang.overgenomen],
        opnieuw=[r.code for r in gezien.regels if r.overgang is not Overgang.overgenomen],
    )
    return wissel


def wissel(
    session: Session, actor: Gebruiker, inschrijving_id: int, naar: str, code: str | None = None
) -> Versiewissel:
    """Move one enrolment to version `naar`: the old one ends (`overgezet`), a new active one begins."""
    _vereis_beheerder(actor)
    inschrijving = _inschrijving(session, inschrijving_id, vergrendel=True)
    doel = _doelversie(session, inschrijving, naar, code)
    return _wissel(session, actor, inschrijving, doel)


# --- A whole cohort -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortVoorbeeld:
    cohort: Cohort
    naar: Kwalificatie
    studenten: list[Voorbeeld]


def _cohort_inschrijvingen(
    session: Session, cohort_code: str, doel_code: str, naar: str, *, vergrendel: bool = False
) -> tuple[Cohort, Kwalificatie, list[Inschrijving]]:
    cohort = repository.cohort_op_code(session, (cohort_code or "").strip())
    if cohort is None:
        raise NietGevonden("Dit cohort bestaat niet.")
    doel = repository.kwalificatie_op_code(session, (doel_code or "").strip(), (naar or "").strip())
    if doel is None:
        raise NietGevonden(f"Kwalificatie {doel_code} versie {naar} is niet geladen.")
    stmt = (
        select(Inschrijving)
        .join(Inschrijving.kwalificatie)
        .where(
            Inschrijving.cohort_id == cohort.id,
            Inschrijving.status == InschrijvingStatus.actief,
            Kwalificatie.code == doel.code,
            Inschrijving.kwalificatie_id != doel.id,
        )
        .order_by(Inschrijving.id)
        .options(
            selectinload(Inschrijving.student),
            selectinload(Inschrijving.kwalificatie),
            selectinload(Inschrijving.cohort),
        )
        .execution_options(populate_existing=True)
    )
    if vergrendel:
        stmt = stmt.with_for_update(of=Inschrijving)
    return cohort, doel, list(session.scalars(stmt))


def cohort_voorbeeld(session: Session, actor: Gebruiker, cohort_code: str, code: str, naar: str) -> CohortVoorbeeld:
    """Per active student of the cohort on another version of `code`: what a move to `naar` carries over."""
    _vereis_beheerder(actor)
    cohort, doel, inschrijvingen = _cohort_inschrijvingen(session, cohort_code, code, naar)
    return CohortVoorbeeld(cohort, doel, _voorbeelden(session, inschrijvingen, doel))


def cohort_keuzes(session: Session, actor: Gebruiker, cohort_code: str) -> tuple[Cohort, list[Kwalificatie]]:
    """The cohort and every published version that one of its active students could move to."""
    _vereis_beheerder(actor)
    cohort = repository.cohort_op_code(session, (cohort_code or "").strip())
    if cohort is None:
        raise NietGevonden("Dit cohort bestaat niet.")
    gevolgd = (
        select(Kwalificatie.code)
        .join(Inschrijving, Inschrijving.kwalificatie_id == Kwalificatie.id)
        .where(Inschrijving.cohort_id == cohort.id, Inschrijving.status == InschrijvingStatus.actief)
    )
    stmt = (
        select(Kwalificatie)
        .where(Kwalificatie.code.in_(gevolgd), Kwalificatie.status == KwalificatieStatus.gepubliceerd)
        .order_by(Kwalificatie.code, Kwalificatie.versiedatum.desc(), Kwalificatie.versie.desc())
    )
    return cohort, list(session.scalars(stmt))


def wissel_cohort(session: Session, actor: Gebruiker, cohort_code: str, code: str, naar: str) -> list[Versiewissel]:
    """Move every active enrolment of the cohort on another version of `code` to `naar`, in one transaction."""
    _vereis_beheerder(actor)
    _cohort, doel, inschrijvingen = _cohort_inschrijvingen(session, cohort_code, code, naar, vergrendel=True)
    if not inschrijvingen:
        raise Conflict(f"In dit cohort volgt niemand een andere versie van {doel.code} dan {doel.versie}.")
    return [_wissel(session, actor, i, doel) for i in inschrijvingen]
