"""Every query for reading the audit trail, with its loading strategy spelled out."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Row, Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from app.audit.schemas import AuditFilter
from app.models import AuditRecord, Gebruiker


def namen(session: Session, ids: set[int]) -> dict[int, str]:
    """The names of these people, in one query: the records a page shows are about them."""
    if not ids:
        return {}
    rijen = session.execute(select(Gebruiker.id, Gebruiker.naam).where(Gebruiker.id.in_(ids)))
    return {id_: naam for id_, naam in rijen}


def _bevat(kolom, term: str) -> ColumnElement[bool]:  # noqa: ANN001
    return func.lower(kolom).contains(term.lower(), autoescape=True)


def _voorwaarden(filters: AuditFilter) -> list[ColumnElement[bool]]:
    voorwaarden: list[ColumnElement[bool]] = []
    if filters.actie:
        voorwaarden.append(AuditRecord.actie == filters.actie)
    if filters.onderwerp_type:
        voorwaarden.append(AuditRecord.onderwerp_type == filters.onderwerp_type)
    if filters.actor:
        personen = select(Gebruiker.id).where(
            or_(_bevat(Gebruiker.naam, filters.actor), _bevat(Gebruiker.email, filters.actor))
        )
        voorwaarden.append(AuditRecord.actor_id.in_(personen))
    if (van := filters.van_utc) is not None:
        voorwaarden.append(AuditRecord.tijd >= van)
    if (tot := filters.tot_utc) is not None:
        voorwaarden.append(AuditRecord.tijd < tot)
    return voorwaarden


def _met_actor(stmt: Select) -> Select:
    # One LEFT JOIN for the actor; their roles are not shown, so never loaded (no query per row).
    return stmt.options(joinedload(AuditRecord.actor).raiseload(Gebruiker.rol_records))


def pagina(session: Session, filters: AuditFilter, grootte: int) -> tuple[list[AuditRecord], bool]:
    """One page of matching records, newest first, and whether there is a page beyond it.

    Keyset pagination on volgnummer: `voor` pages towards older records, `na`
    towards newer ones; "beyond" means in the direction of travel. One query,
    however many records the trail holds.
    """
    stmt = _met_actor(select(AuditRecord).where(*_voorwaarden(filters)))
    if filters.na is not None:
        stmt = stmt.where(AuditRecord.volgnummer > filters.na).order_by(AuditRecord.volgnummer.asc())
    else:
        if filters.voor is not None:
            stmt = stmt.where(AuditRecord.volgnummer < filters.voor)
        stmt = stmt.order_by(AuditRecord.volgnummer.desc())
    records = list(session.scalars(stmt.limit(grootte + 1)))
    verder = len(records) > grootte
    records = records[:grootte]
    if filters.na is not None:
        records.reverse()
    return records, verder


def records_vanaf(session: Session, volgnummer: int, grootte: int) -> list[Row]:
    """The next `grootte` records from `volgnummer` on, in chain order (the walk of a check).

    Plain rows, not ORM objects: a full walk reads every record once, and
    skipping the identity map makes it several times faster.
    """
    tabel = AuditRecord.__table__
    stmt = select(tabel).where(tabel.c.volgnummer >= volgnummer).order_by(tabel.c.volgnummer).limit(grootte)
    return list(session.execute(stmt))


def record(session: Session, record_id: int) -> AuditRecord | None:
    """One record as stored now, even when an older copy sits in the session."""
    return session.get(AuditRecord, record_id, populate_existing=True)


def kop(session: Session) -> Row | None:
    """The newest record's volgnummer and time."""
    return session.execute(
        select(AuditRecord.volgnummer, AuditRecord.tijd).order_by(AuditRecord.volgnummer.desc()).limit(1)
    ).first()
