"""Every query on the kwalificatie aggregate, with its loading strategy spelled out."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from app.models import (
    Beroepsvereiste,
    BeroepsvereisteLeeruitkomst,
    Bouwsteen,
    BouwsteenKernthema,
    Kerntaak,
    Kernthema,
    Kwalificatie,
    Leeruitkomst,
    LeeruitkomstOnderdeel,
    LeeruitkomstRelatie,
    RelatieSoort,
)

_BOUWSTEEN_DETAILS = (
    selectinload(Bouwsteen.leeruitkomsten).selectinload(Leeruitkomst.onderdelen),
    selectinload(Bouwsteen.kernthema_koppelingen).selectinload(BouwsteenKernthema.kernthema),
)


def alle_kwalificaties(session: Session) -> list[Kwalificatie]:
    stmt = select(Kwalificatie).order_by(Kwalificatie.code, Kwalificatie.versie)
    return list(session.scalars(stmt))


def kwalificatie(session: Session, code: str, versie: str) -> Kwalificatie | None:
    stmt = select(Kwalificatie).where(Kwalificatie.code == code, Kwalificatie.versie == versie)
    return session.scalar(stmt)


def kwalificatie_met_boom(session: Session, code: str, versie: str) -> Kwalificatie | None:
    """The whole tree in a fixed number of queries, however large the kwalificatie."""
    stmt = (
        select(Kwalificatie)
        .where(Kwalificatie.code == code, Kwalificatie.versie == versie)
        .options(
            selectinload(Kwalificatie.kerntaken).selectinload(Kerntaak.bouwstenen).options(*_BOUWSTEEN_DETAILS),
            selectinload(Kwalificatie.beroepsvereisten).selectinload(Beroepsvereiste.leeruitkomsten),
        )
    )
    return session.scalar(stmt)


def bouwsteen(session: Session, kwalificatie_id: int, code: str) -> Bouwsteen | None:
    stmt = (
        select(Bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id, Bouwsteen.code == code)
        .options(selectinload(Bouwsteen.kerntaak), *_BOUWSTEEN_DETAILS)
    )
    return session.scalar(stmt)


def beroepsvereisten_van(session: Session, leeruitkomst_ids: list[int]) -> list[Beroepsvereiste]:
    stmt = (
        select(Beroepsvereiste)
        .where(
            Beroepsvereiste.id.in_(
                select(BeroepsvereisteLeeruitkomst.beroepsvereiste_id).where(
                    BeroepsvereisteLeeruitkomst.leeruitkomst_id.in_(leeruitkomst_ids)
                )
            )
        )
        .order_by(Beroepsvereiste.volgorde)
        .options(selectinload(Beroepsvereiste.leeruitkomsten))
    )
    return list(session.scalars(stmt))


def _bevat(kolom, term: str):  # noqa: ANN001, ANN202
    return func.lower(kolom).contains(term.lower(), autoescape=True)


def zoek_leeruitkomsten(session: Session, kwalificatie_id: int, term: str) -> list[Leeruitkomst]:
    """Leeruitkomsten whose code, text, bouwsteen title or beroepsvereiste mentions the term."""
    in_tekst = select(LeeruitkomstOnderdeel.leeruitkomst_id).where(
        or_(_bevat(LeeruitkomstOnderdeel.tekst, term), _bevat(LeeruitkomstOnderdeel.kop, term))
    )
    via_beroepsvereiste = (
        select(BeroepsvereisteLeeruitkomst.leeruitkomst_id)
        .join(Beroepsvereiste, Beroepsvereiste.id == BeroepsvereisteLeeruitkomst.beroepsvereiste_id)
        .where(
            Beroepsvereiste.kwalificatie_id == kwalificatie_id,
            or_(_bevat(Beroepsvereiste.code, term), _bevat(Beroepsvereiste.naam, term)),
        )
    )
    stmt = (
        select(Leeruitkomst)
        .join(Leeruitkomst.bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(
            Kerntaak.kwalificatie_id == kwalificatie_id,
            or_(
                _bevat(Leeruitkomst.code, term),
                _bevat(Bouwsteen.titel, term),
                Leeruitkomst.id.in_(in_tekst),
                Leeruitkomst.id.in_(via_beroepsvereiste),
            ),
        )
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
        .options(selectinload(Leeruitkomst.bouwsteen), selectinload(Leeruitkomst.onderdelen))
    )
    return list(session.scalars(stmt))


def zoek_kernthemas(session: Session, kwalificatie_id: int, term: str) -> list[Kernthema]:
    stmt = (
        select(Kernthema)
        .where(Kernthema.kwalificatie_id == kwalificatie_id, _bevat(Kernthema.naam, term))
        .order_by(Kernthema.naam)
    )
    return list(session.scalars(stmt))


def bouwstenen_met_kernthemas(session: Session, kernthema_ids: list[int]) -> list[BouwsteenKernthema]:
    stmt = (
        select(BouwsteenKernthema)
        .where(BouwsteenKernthema.kernthema_id.in_(kernthema_ids))
        .join(BouwsteenKernthema.bouwsteen)
        .order_by(Bouwsteen.code)
        .options(selectinload(BouwsteenKernthema.bouwsteen))
    )
    return list(session.scalars(stmt))


def leeruitkomsten_van_versie(session: Session, kwalificatie_id: int) -> list[Leeruitkomst]:
    stmt = (
        select(Leeruitkomst)
        .join(Leeruitkomst.bouwsteen)
        .join(Bouwsteen.kerntaak)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde)
    )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Relatie:
    """A relation of a leeruitkomst of this version to one of an older version, by codes."""

    soort: RelatieSoort
    leeruitkomst: str
    vorige_code: str
    vorige_versie: str
    vorige_leeruitkomst: str


def relaties_van(session: Session, kwalificatie_id: int) -> list[Relatie]:
    """The relations of this version's leeruitkomsten to older versions; one query."""
    vorige_lu = aliased(Leeruitkomst)
    vorige_bs = aliased(Bouwsteen)
    vorige_kt = aliased(Kerntaak)
    vorige_kw = aliased(Kwalificatie)
    stmt = (
        select(LeeruitkomstRelatie.soort, Leeruitkomst.code, vorige_kw.code, vorige_kw.versie, vorige_lu.code)
        .join(Leeruitkomst, Leeruitkomst.id == LeeruitkomstRelatie.leeruitkomst_id)
        .join(Bouwsteen, Bouwsteen.id == Leeruitkomst.bouwsteen_id)
        .join(Kerntaak, Kerntaak.id == Bouwsteen.kerntaak_id)
        .join(vorige_lu, vorige_lu.id == LeeruitkomstRelatie.vorige_id)
        .join(vorige_bs, vorige_bs.id == vorige_lu.bouwsteen_id)
        .join(vorige_kt, vorige_kt.id == vorige_bs.kerntaak_id)
        .join(vorige_kw, vorige_kw.id == vorige_kt.kwalificatie_id)
        .where(Kerntaak.kwalificatie_id == kwalificatie_id)
        .order_by(Kerntaak.volgorde, Bouwsteen.volgorde, Leeruitkomst.volgorde, LeeruitkomstRelatie.id)
    )
    return [Relatie(*rij) for rij in session.execute(stmt)]


def alle_leeruitkomstcodes(session: Session) -> list[tuple[str, str, str]]:
    """(kwalificatie code, versie, leeruitkomst code) of every loaded version; one query."""
    stmt = (
        select(Kwalificatie.code, Kwalificatie.versie, Leeruitkomst.code)
        .join(Kerntaak, Kerntaak.kwalificatie_id == Kwalificatie.id)
        .join(Bouwsteen, Bouwsteen.kerntaak_id == Kerntaak.id)
        .join(Leeruitkomst, Leeruitkomst.bouwsteen_id == Bouwsteen.id)
    )
    return [(k, v, lu) for k, v, lu in session.execute(stmt)]
