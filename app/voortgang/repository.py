"""Every query of the read side: the facts progress is derived from, the current enrolment, and the
judgements a viewer may read; each with its loading strategy spelled out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from sqlalchemy import case, exists, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Beroepsvereiste,
    BeroepsvereisteResultaat,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Bouwsteen,
    Diplomabesluit,
    Gebruiker,
    Heropening,
    Inschrijving,
    InschrijvingStatus,
    Intrekking,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
    LeeruitkomstRelatie,
    Reactie,
    RelatieSoort,
    Versiewissel,
)
from app.models.beroepsvereisten import Resultaat
from app.tijd import lokaal
from app.voortgang import geldigheid
from app.voortgang.rules import IntrekkingFeit
from app.voortgang.status import OordeelFeit, Samenvatting, VersieFeit, samenvatten

# --- The current enrolment -----------------------------------------------------------------------

# The one choice of a student's current enrolment: the active one first, then the newest.
_ACTUELE_EERST = (
    case((Inschrijving.status == InschrijvingStatus.actief, 0), else_=1),
    Inschrijving.startdatum.desc(),
    Inschrijving.id.desc(),
)


def actuele_inschrijving(session: Session, student_id: int) -> Inschrijving | None:
    """The active enrolment (else the most recent one), with its kwalificatie."""
    stmt = (
        select(Inschrijving)
        .where(Inschrijving.student_id == student_id)
        .order_by(*_ACTUELE_EERST)
        .limit(1)
        .options(selectinload(Inschrijving.kwalificatie))
    )
    return session.scalar(stmt)


# --- The facts of progress -------------------------------------------------------------------


@dataclass
class LeeruitkomstFeiten:
    versies: list[VersieFeit] = field(default_factory=list)
    # The judgements no correction replaced: the only ones a status can count.
    oordelen: list[OordeelFeit] = field(default_factory=list)
    # Per assessor, the versions any of their judgements rests on, superseded ones included:
    # a version judged once is no longer waiting, and it is what that assessor has seen.
    beoordeeld: dict[int, set[int]] = field(default_factory=dict)

    def samenvatting(self) -> Samenvatting:
        return samenvatten(self.versies, self.oordelen, self.beoordeeld)


def feiten_van(session: Session, student_ids: Collection[int]) -> dict[int, dict[int, LeeruitkomstFeiten]]:
    """Per student, per leeruitkomst id: the linked versions and the judgements, in three queries for any number.

    Corrections can pile up (a judgement corrected ten times is eleven rows), so only the
    judgements nothing replaced are loaded whole; of the others just which versions they rest on.
    """
    ids = list(student_ids)
    feiten: dict[int, dict[int, LeeruitkomstFeiten]] = {s: defaultdict(LeeruitkomstFeiten) for s in ids}
    if not ids:
        return feiten
    versies = session.execute(
        select(
            BewijsstukVersie.id,
            BewijsstukVersie.bewijsstuk_id,
            BewijsstukVersie.versie,
            BewijsstukVersie.status,
            BewijsstukVersie.ingediend_op,
            Bewijsstuk.student_id,
            BewijsstukKoppeling.leeruitkomst_id,
        )
        .join(BewijsstukVersie.bewijsstuk)
        .join(BewijsstukKoppeling, BewijsstukKoppeling.versie_id == BewijsstukVersie.id)
        # Hidden evidence is out of the dossier: it counts for no status.
        .where(Bewijsstuk.student_id.in_(ids), Bewijsstuk.verborgen_op.is_(None))
    )
    for versie_id, bewijsstuk_id, versie, status, ingediend_op, student_id, leeruitkomst_id in versies:
        feit = VersieFeit(versie_id, bewijsstuk_id, versie, status, ingediend_op)
        feiten[student_id][leeruitkomst_id].versies.append(feit)

    for student_id, leeruitkomst_id, beoordelaar_id, versie_id in session.execute(
        select(
            Beoordeling.student_id, Beoordeling.leeruitkomst_id, Beoordeling.beoordelaar_id, BeoordelingBewijs.versie_id
        )
        .join(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id.in_(ids))
        .distinct()
    ):
        feiten[student_id][leeruitkomst_id].beoordeeld.setdefault(beoordelaar_id, set()).add(versie_id)

    # A correction replaces a judgement of the same student (service.beoordeel takes the assessor's
    # latest of that student and leeruitkomst), so "nothing replaced it" is decided among these
    # students' own judgements: an index range per student, not an anti-join over every judgement.
    vervangen = (
        select(Beoordeling.vervangt_id)
        .where(Beoordeling.student_id.in_(ids), Beoordeling.vervangt_id.is_not(None))
        .scalar_subquery()
    )
    oordelen: dict[int, tuple] = {}
    bewijs: dict[int, set[int]] = defaultdict(set)
    for rij in session.execute(
        select(
            Beoordeling.id,
            Beoordeling.student_id,
            Beoordeling.leeruitkomst_id,
            Beoordeling.beoordelaar_id,
            Gebruiker.naam,
            Beoordeling.tijd,
            Beoordeling.oordeel,
            Beoordeling.vervangt_id,
            BeoordelingBewijs.versie_id,
        )
        .join(Gebruiker, Gebruiker.id == Beoordeling.beoordelaar_id)
        .outerjoin(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id.in_(ids), Beoordeling.id.not_in(vervangen))
    ):
        oordelen.setdefault(rij[0], rij)
        if rij[8] is not None:
            bewijs[rij[0]].add(rij[8])
    for id_, student_id, leeruitkomst_id, beoordelaar_id, naam, tijd, oordeel, vervangt_id, _ in oordelen.values():
        feit = OordeelFeit(id_, beoordelaar_id, naam, tijd, oordeel, frozenset(bewijs[id_]), vervangt_id)
        feiten[student_id][leeruitkomst_id].oordelen.append(feit)
    for student_id, naar_nieuw in overgenomen(session, ids).items():
        for oud, nieuw in naar_nieuw.items():
            if oud in feiten[student_id]:
                _voeg_samen(feiten[student_id][nieuw], feiten[student_id][oud])
    return feiten


def _voeg_samen(doel: LeeruitkomstFeiten, bron: LeeruitkomstFeiten) -> None:
    doel.versies.extend(bron.versies)
    doel.oordelen.extend(bron.oordelen)
    for beoordelaar_id, versies in bron.beoordeeld.items():
        doel.beoordeeld.setdefault(beoordelaar_id, set()).update(versies)


# --- What carries over to a newer version ----------------------------------------------------------


def overgenomen(session: Session, student_ids: Collection[int]) -> dict[int, dict[int, int]]:
    """Per student, old leeruitkomst id → the leeruitkomst of their current version it counts for; one query
    (two for students who moved).

    A move to a newer version (`Versiewissel`) carries over each leeruitkomst the new version marks
    `exactMatchOf` one of the old version: its evidence and judgements count for the new one, as they
    are, resting on the same bewijsstuk versions. After several moves (2.1 → 2.2 → 2.3) the chain is
    followed to the end. Replaced and new leeruitkomsten carry nothing over.
    """
    ids = list(student_ids)
    if not ids:
        return {}
    # Few students ever move: a look at the moves by index first spares everyone else the long join.
    ids = list(session.scalars(select(Versiewissel.student_id).where(Versiewissel.student_id.in_(ids)).distinct()))
    if not ids:
        return {}
    van = aliased(Inschrijving)
    naar = aliased(Inschrijving)
    nieuw_lu, nieuw_bs, nieuw_kt = aliased(Leeruitkomst), aliased(Bouwsteen), aliased(Kerntaak)
    oud_lu, oud_bs, oud_kt = aliased(Leeruitkomst), aliased(Bouwsteen), aliased(Kerntaak)
    stmt = (
        select(Versiewissel.student_id, LeeruitkomstRelatie.vorige_id, LeeruitkomstRelatie.leeruitkomst_id)
        .join(van, van.id == Versiewissel.van_inschrijving_id)
        .join(naar, naar.id == Versiewissel.naar_inschrijving_id)
        .join(nieuw_kt, nieuw_kt.kwalificatie_id == naar.kwalificatie_id)
        .join(nieuw_bs, nieuw_bs.kerntaak_id == nieuw_kt.id)
        .join(nieuw_lu, nieuw_lu.bouwsteen_id == nieuw_bs.id)
        .join(LeeruitkomstRelatie, LeeruitkomstRelatie.leeruitkomst_id == nieuw_lu.id)
        .join(oud_lu, oud_lu.id == LeeruitkomstRelatie.vorige_id)
        .join(oud_bs, oud_bs.id == oud_lu.bouwsteen_id)
        .join(oud_kt, (oud_kt.id == oud_bs.kerntaak_id) & (oud_kt.kwalificatie_id == van.kwalificatie_id))
        .where(Versiewissel.student_id.in_(ids), LeeruitkomstRelatie.soort == RelatieSoort.exactMatchOf)
        .order_by(Versiewissel.tijd, Versiewissel.id)
    )
    stappen: dict[int, dict[int, int]] = defaultdict(dict)
    for student_id, oud, nieuw in session.execute(stmt):
        stappen[student_id][oud] = nieuw
    resultaat: dict[int, dict[int, int]] = {}
    for student_id, stap in stappen.items():
        eind: dict[int, int] = {}
        for oud in stap:
            doel, gezien = stap[oud], {oud}
            while doel in stap and doel not in gezien:
                gezien.add(doel)
                doel = stap[doel]
            eind[oud] = doel
        resultaat[student_id] = eind
    return resultaat


def overgenomen_voor(session: Session, student_id: int) -> dict[int, set[int]]:
    """Per leeruitkomst of the student's version, the older leeruitkomsten whose evidence counts for it."""
    per_nieuw: dict[int, set[int]] = defaultdict(set)
    for oud, nieuw in overgenomen(session, [student_id]).get(student_id, {}).items():
        per_nieuw[nieuw].add(oud)
    return dict(per_nieuw)


@dataclass(frozen=True)
class LeeruitkomstRij:
    id: int
    code: str
    bouwsteen: str = ""  # the bouwsteen's code
    kerntaak: str = ""  # the kerntaak's code


@dataclass(frozen=True)
class StudentKwalificatie:
    """A kwalificatie version with its leeruitkomsten in document order; for a student, the enrolment on it."""

    kwalificatie_id: int
    code: str
    versie: str
    beoordelaars_vereist: int
    leeruitkomsten: tuple[LeeruitkomstRij, ...]
    inschrijving_id: int = 0


def structuren_van(session: Session, kwalificatie_ids: Collection[int]) -> dict[int, StudentKwalificatie]:
    """These kwalificatie versions with their leeruitkomsten in document order; one query."""
    ids = sorted(set(kwalificatie_ids))
    if not ids:
        return {}
    kop: dict[int, tuple[str, str, int]] = {}
    per_kwalificatie: dict[int, list[LeeruitkomstRij]] = defaultdict(list)
    for rij in session.execute(
        select(
            Kwalificatie.id,
            Kwalificatie.code,
            Kwalificatie.versie,
            Kwalificatie.beoordelaars_vereist,
            Leeruitkomst.id,
            Leeruitkomst.code,
            Bouwsteen.code,
            Kerntaak.code,
        )
        .join(Kerntaak, Kerntaak.kwalificatie_id == Kwalificatie.id)
        .join(Bouwsteen, Bouwsteen.kerntaak_id == Kerntaak.id)
        .join(Leeruitkomst, Leeruitkomst.bouwsteen_id == Bouwsteen.id)
        .where(Kwalificatie.id.in_(ids))
        .order_by(Kwalificatie.id, Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
    ):
        kwalificatie_id, code, versie, vereist, lu_id, lu_code, bouwsteen, kerntaak = rij
        kop[kwalificatie_id] = (code, versie, vereist)
        per_kwalificatie[kwalificatie_id].append(LeeruitkomstRij(lu_id, lu_code, bouwsteen, kerntaak))
    return {k: StudentKwalificatie(k, *kop[k], tuple(per_kwalificatie[k])) for k in kop}


def kwalificaties_van(session: Session, student_ids: Collection[int]) -> dict[int, StudentKwalificatie]:
    """Each student's current enrolment with its kwalificatie version and leeruitkomsten, in two queries."""
    ids = list(student_ids)
    if not ids:
        return {}
    gekozen: dict[int, tuple[int, int]] = {}
    for student_id, inschrijving_id, kwalificatie_id in session.execute(
        select(Inschrijving.student_id, Inschrijving.id, Inschrijving.kwalificatie_id)
        .where(Inschrijving.student_id.in_(ids))
        .order_by(Inschrijving.student_id, *_ACTUELE_EERST)
    ):
        gekozen.setdefault(student_id, (inschrijving_id, kwalificatie_id))
    structuren = structuren_van(session, {k for _, k in gekozen.values()})
    return {
        student_id: replace(structuren[kwalificatie_id], inschrijving_id=inschrijving_id)
        for student_id, (inschrijving_id, kwalificatie_id) in gekozen.items()
        if kwalificatie_id in structuren
    }


@dataclass(frozen=True)
class VereisteRij:
    id: int
    code: str
    naam: str


def vereisten_van(session: Session, kwalificatie_ids: Collection[int]) -> dict[int, list[VereisteRij]]:
    """Per kwalificatie version its beroepsvereisten, in published order; one query."""
    per_kwalificatie: dict[int, list[VereisteRij]] = defaultdict(list)
    if kwalificatie_ids:
        for kwalificatie_id, id_, code, naam in session.execute(
            select(Beroepsvereiste.kwalificatie_id, Beroepsvereiste.id, Beroepsvereiste.code, Beroepsvereiste.naam)
            .where(Beroepsvereiste.kwalificatie_id.in_(list(kwalificatie_ids)))
            .order_by(Beroepsvereiste.kwalificatie_id, Beroepsvereiste.volgorde)
        ):
            per_kwalificatie[kwalificatie_id].append(VereisteRij(id_, code, naam))
    return per_kwalificatie


def open_intrekkingen_van(session: Session, student_ids: Collection[int]) -> dict[int, list[IntrekkingFeit]]:
    """Per student the revoked diplomas whose dossier the examencommissie has not reopened; one query."""
    per_student: dict[int, list[IntrekkingFeit]] = defaultdict(list)
    if student_ids:
        for student_id, nummer, moment, reden in session.execute(
            select(Diplomabesluit.student_id, Diplomabesluit.diplomanummer, Intrekking.tijd, Intrekking.reden)
            .join(Intrekking, Intrekking.besluit_id == Diplomabesluit.id)
            .where(
                Diplomabesluit.student_id.in_(list(student_ids)),
                ~exists().where(Heropening.intrekking_id == Intrekking.id),
            )
            .order_by(Intrekking.tijd, Intrekking.id)
        ):
            per_student[student_id].append(IntrekkingFeit(nummer or "", lokaal(moment).date(), reden))
    return per_student


def uitslagen_van(session: Session, student_ids: Collection[int]) -> dict[int, list[geldigheid.Uitslag]]:
    """Every student's recorded results as the rules need them; one query."""
    per_student: dict[int, list[geldigheid.Uitslag]] = defaultdict(list)
    if student_ids:
        for rij in session.execute(
            select(
                BeroepsvereisteResultaat.id,
                BeroepsvereisteResultaat.student_id,
                Beroepsvereiste.code,
                BeroepsvereisteResultaat.datum,
                BeroepsvereisteResultaat.resultaat,
                BeroepsvereisteResultaat.geldig_tot,
                BeroepsvereisteResultaat.corrigeert_id,
            )
            .join(Beroepsvereiste, Beroepsvereiste.id == BeroepsvereisteResultaat.beroepsvereiste_id)
            .where(BeroepsvereisteResultaat.student_id.in_(list(student_ids)))
        ):
            per_student[rij.student_id].append(
                geldigheid.Uitslag(
                    id=rij.id,
                    code=rij.code,
                    datum=rij.datum,
                    voldaan=rij.resultaat is Resultaat.voldaan,
                    geldig_tot=rij.geldig_tot,
                    corrigeert=rij.corrigeert_id,
                )
            )
    return per_student


# --- The judgements a viewer may read ------------------------------------------------------------

# A judgement with everything its pages and the API show; many-to-one joined, so a list costs few queries.
BEOORDELING_VOLLEDIG = (
    joinedload(Beoordeling.beoordelaar),
    joinedload(Beoordeling.leeruitkomst),
    selectinload(Beoordeling.bewijs).joinedload(BeoordelingBewijs.versie),
    selectinload(Beoordeling.reacties).joinedload(Reactie.auteur),
)
# What the portfolio and the assessment page show of a judgement, and what its status needs: the assessor,
# the ids of the versions it rests on (not the versions themselves), and the replies unless left out.
_BEOORDELING_FEITEN = (joinedload(Beoordeling.beoordelaar), selectinload(Beoordeling.bewijs))
_BEOORDELING_OP_PAGINA = (*_BEOORDELING_FEITEN, selectinload(Beoordeling.reacties).joinedload(Reactie.auteur))


def beoordelingen_van(session: Session, student_id: int, *, laden: str = "volledig") -> list[Beoordeling]:
    """Every judgement of the student, newest first, superseded ones included.

    `laden`: "volledig" with everything the API shows, "pagina" without the leeruitkomst and the versions
    themselves (the pages have those at hand), "feiten" without the replies too (only the statuses).
    """
    opties = {"volledig": BEOORDELING_VOLLEDIG, "pagina": _BEOORDELING_OP_PAGINA, "feiten": _BEOORDELING_FEITEN}
    stmt = (
        select(Beoordeling)
        .where(Beoordeling.student_id == student_id)
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
        .options(*opties[laden])
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class BeoordelingSleutel:
    """Just what deciding who may read a judgement needs: its assessor, leeruitkomst and versions."""

    id: int
    beoordelaar_id: int
    leeruitkomst_id: int
    versie_ids: frozenset[int]


def beoordeling_sleutels(session: Session, student_id: int) -> list[BeoordelingSleutel]:
    """Every judgement of the student as a key, newest first: one query however many there are."""
    rijen = session.execute(
        select(Beoordeling.id, Beoordeling.beoordelaar_id, Beoordeling.leeruitkomst_id, BeoordelingBewijs.versie_id)
        .outerjoin(BeoordelingBewijs, BeoordelingBewijs.beoordeling_id == Beoordeling.id)
        .where(Beoordeling.student_id == student_id)
        .order_by(Beoordeling.tijd.desc(), Beoordeling.id.desc())
    ).all()
    per_id: dict[int, tuple[int, int, set[int]]] = {}
    for id_, beoordelaar_id, leeruitkomst_id, versie_id in rijen:
        _, _, versies = per_id.setdefault(id_, (beoordelaar_id, leeruitkomst_id, set()))
        if versie_id is not None:
            versies.add(versie_id)
    return [BeoordelingSleutel(i, b, lu, frozenset(v)) for i, (b, lu, v) in per_id.items()]


def beoordelingen_met_ids(session: Session, ids: list[int]) -> list[Beoordeling]:
    """These judgements (one page of them), fully loaded, in the order given."""
    if not ids:
        return []
    gevonden = {
        b.id: b
        for b in session.scalars(select(Beoordeling).where(Beoordeling.id.in_(ids)).options(*BEOORDELING_VOLLEDIG))
    }
    return [gevonden[i] for i in ids]


def relaties_tussen(session: Session, nieuw_id: int, oud_id: int) -> list[tuple[int, int, RelatieSoort]]:
    """(leeruitkomst of `nieuw_id`, leeruitkomst of `oud_id`, soort) for every relation between the two versions."""
    nieuw_bs, nieuw_kt = aliased(Bouwsteen), aliased(Kerntaak)
    oud_lu, oud_bs, oud_kt = aliased(Leeruitkomst), aliased(Bouwsteen), aliased(Kerntaak)
    stmt = (
        select(LeeruitkomstRelatie.leeruitkomst_id, LeeruitkomstRelatie.vorige_id, LeeruitkomstRelatie.soort)
        .join(Leeruitkomst, Leeruitkomst.id == LeeruitkomstRelatie.leeruitkomst_id)
        .join(nieuw_bs, nieuw_bs.id == Leeruitkomst.bouwsteen_id)
        .join(nieuw_kt, nieuw_kt.id == nieuw_bs.kerntaak_id)
        .join(oud_lu, oud_lu.id == LeeruitkomstRelatie.vorige_id)
        .join(oud_bs, oud_bs.id == oud_lu.bouwsteen_id)
        .join(oud_kt, oud_kt.id == oud_bs.kerntaak_id)
        .where(nieuw_kt.kwalificatie_id == nieuw_id, oud_kt.kwalificatie_id == oud_id)
        .order_by(LeeruitkomstRelatie.id)
    )
    return [(n, o, s) for n, o, s in session.execute(stmt)]
