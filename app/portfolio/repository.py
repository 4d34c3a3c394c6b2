"""Every query on bewijsstukken, with its loading strategy spelled out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import (
    BeoordelingBewijs,
    Beroepsvereiste,
    Bestand,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukVersie,
    Bouwsteen,
    DiplomaPdf,
    DossierSamenvatting,
    Gebruiker,
    Kerntaak,
    Kwalificatie,
    Leeruitkomst,
)

# A bewijsstuk with everything its pages show: versions, their files and leeruitkomsten. The versions come in
# one selectin query per (at most 500) bewijsstukken; their files and links are joined into that same query,
# because a second selectin level would split into several IN batches once a page holds over 500 versions.
_BEWIJSSTUK_VOLLEDIG = (
    selectinload(Bewijsstuk.versies).options(
        joinedload(BewijsstukVersie.bestanden),
        # A code is always shown with its bouwsteen's title ("LU1.1 Weet waar de politie staat").
        joinedload(BewijsstukVersie.koppelingen)
        .joinedload(BewijsstukKoppeling.leeruitkomst)
        .joinedload(Leeruitkomst.bouwsteen),
    ),
)
# For the portfolio and the progress: every version with its links, no files (the pages show none). Joining
# the files as well multiplied the rows by files × links per version, the heaviest part of the portfolio.
_BEWIJSSTUK_MET_KOPPELINGEN = (
    selectinload(Bewijsstuk.versies).options(
        joinedload(BewijsstukVersie.koppelingen)
        .joinedload(BewijsstukKoppeling.leeruitkomst)
        .joinedload(Leeruitkomst.bouwsteen),
    ),
)


def kwalificatie_boom(session: Session, kwalificatie_id: int) -> Kwalificatie | None:
    """Kerntaken → bouwstenen → leeruitkomsten with their text, and the beroepsvereisten, in fixed queries."""
    leeruitkomsten = (
        selectinload(Kwalificatie.kerntaken).selectinload(Kerntaak.bouwstenen).selectinload(Bouwsteen.leeruitkomsten)
    )
    stmt = (
        select(Kwalificatie)
        .where(Kwalificatie.id == kwalificatie_id)
        .options(
            leeruitkomsten.selectinload(Leeruitkomst.onderdelen),
            selectinload(Kwalificatie.beroepsvereisten).selectinload(Beroepsvereiste.leeruitkomsten),
        )
    )
    return session.scalar(stmt)


def leeruitkomsten_van(session: Session, kwalificatie_id: int) -> list[Leeruitkomst]:
    """Every leeruitkomst of a kwalificatie version in the order of the document, with its bouwsteen."""
    stmt = (
        select(Leeruitkomst)
        .join(Leeruitkomst.bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
        .options(selectinload(Leeruitkomst.bouwsteen))
    )
    return list(session.scalars(stmt))


def bewijsstukken_van(session: Session, student_id: int, *, met_bestanden: bool = True) -> list[Bewijsstuk]:
    """All of a student's bewijsstukken, newest first, with versions and links (and files unless
    `met_bestanden` is false) in a fixed number of queries."""
    stmt = (
        select(Bewijsstuk)
        .where(Bewijsstuk.student_id == student_id)
        .order_by(Bewijsstuk.id.desc())
        .options(*(_BEWIJSSTUK_VOLLEDIG if met_bestanden else _BEWIJSSTUK_MET_KOPPELINGEN))
    )
    return list(session.scalars(stmt))


def bewijsstukken_stmt(student_id: int, *, met_verborgen: bool) -> Select[tuple[Bewijsstuk]]:
    """A student's bewijsstukken, newest first, fully loaded per page in a fixed number of queries."""
    stmt = select(Bewijsstuk).where(Bewijsstuk.student_id == student_id)
    if not met_verborgen:
        stmt = stmt.where(Bewijsstuk.verborgen_op.is_(None))
    return stmt.order_by(Bewijsstuk.id.desc()).options(*_BEWIJSSTUK_VOLLEDIG)


def bewijsstuk(session: Session, bewijsstuk_id: int, *, voor_wijziging: bool = False) -> Bewijsstuk | None:
    """The bewijsstuk, fully loaded; `voor_wijziging` locks it first, until the transaction ends.

    Every change of a bewijsstuk takes that lock (SELECT … FOR UPDATE on PostgreSQL; on
    SQLite the writing request's immediate transaction already serialises writers), so
    two changes never both start from the same version. It is read afresh after the lock.
    """
    if voor_wijziging:
        vergrendeld = session.scalar(select(Bewijsstuk.id).where(Bewijsstuk.id == bewijsstuk_id).with_for_update())
        if vergrendeld is None:
            return None
    stmt = (
        select(Bewijsstuk)
        .where(Bewijsstuk.id == bewijsstuk_id)
        .options(selectinload(Bewijsstuk.student), *_BEWIJSSTUK_VOLLEDIG)
        .execution_options(populate_existing=voor_wijziging)
    )
    return session.scalar(stmt)


def vergrendel_ruimte(session: Session, student_id: int) -> None:
    """Lock the student's row until the transaction ends, so two uploads never count the same free space.

    FOR NO KEY UPDATE: it waits only for another such lock, not for rows that merely refer to the student.
    """
    session.execute(select(Gebruiker.id).where(Gebruiker.id == student_id).with_for_update(key_share=True))


def gebruikte_ruimte(session: Session, student_id: int) -> int:
    """Bytes stored for this student; a file shared by several versions counts once."""
    per_sleutel = (
        select(Bestand.opslag_sleutel, func.max(Bestand.grootte).label("grootte"))
        .join(Bestand.versie)
        .join(BewijsstukVersie.bewijsstuk)
        .where(Bewijsstuk.student_id == student_id)
        .group_by(Bestand.opslag_sleutel)
        .subquery()
    )
    return int(session.scalar(select(func.coalesce(func.sum(per_sleutel.c.grootte), 0))) or 0)


def sleutels_in_gebruik(session: Session, sleutels: Iterable[str]) -> set[str]:
    sleutels = list(sleutels)
    if not sleutels:
        return set()
    stmt = select(Bestand.opslag_sleutel).where(Bestand.opslag_sleutel.in_(sleutels)).distinct()
    return set(session.scalars(stmt))


def alle_bestanden(session: Session) -> Iterator[tuple[str, int, str, str]]:
    """(key, size, sha256, which file it is) of every stored file row, streamed, for `portfolio storage check` and
    `overzetten`: the evidence files, then the diploma PDFs and dossier summaries the jobs keep."""
    bewijs = (
        select(
            Bestand.opslag_sleutel,
            Bestand.grootte,
            Bestand.sha256,
            Bestand.naam,
            BewijsstukVersie.bewijsstuk_id,
            BewijsstukVersie.versie,
        )
        .join(BewijsstukVersie, BewijsstukVersie.id == Bestand.versie_id)
        .order_by(Bestand.id)
        .execution_options(yield_per=1000)
    )
    for rij in session.execute(bewijs):
        waar = f"bewijsstuk {rij.bewijsstuk_id} versie {rij.versie}, {rij.naam}"
        yield rij.opslag_sleutel, rij.grootte, rij.sha256, waar
    diplomas = (
        select(DiplomaPdf.opslag_sleutel, DiplomaPdf.grootte, DiplomaPdf.sha256, DiplomaPdf.besluit_id)
        .order_by(DiplomaPdf.id)
        .execution_options(yield_per=1000)
    )
    for rij in session.execute(diplomas):
        yield rij.opslag_sleutel, rij.grootte, rij.sha256, f"diploma-PDF van besluit {rij.besluit_id}"
    samenvattingen = (
        select(
            DossierSamenvatting.opslag_sleutel,
            DossierSamenvatting.grootte,
            DossierSamenvatting.sha256,
            DossierSamenvatting.student_id,
        )
        .order_by(DossierSamenvatting.id)
        .execution_options(yield_per=1000)
    )
    for rij in session.execute(samenvattingen):
        yield rij.opslag_sleutel, rij.grootte, rij.sha256, f"dossiersamenvatting van student {rij.student_id}"


def versie_is_beoordeeld(session: Session, versie_id: int) -> bool:
    """Has any assessor judged this version? Then it stays in the dossier and can no longer be withdrawn."""
    stmt = select(BeoordelingBewijs.versie_id).where(BeoordelingBewijs.versie_id == versie_id).limit(1)
    return session.scalar(stmt) is not None
