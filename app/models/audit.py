"""The audit trail: append-only, each record chained to the previous one by its hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UtcDateTime
from app.models.gebruiker import Gebruiker


class AuditRecord(Base):
    __tablename__ = "audit_record"
    # The audit page filters on one column and pages newest first by volgnummer: each filter gets an
    # index ending in volgnummer, so a filtered page reads its 50 rows from the index, not the trail.
    __table_args__ = (
        Index("ix_audit_record_actie_volgnummer", "actie", "volgnummer"),
        Index("ix_audit_record_onderwerp_type_volgnummer", "onderwerp_type", "volgnummer"),
        Index("ix_audit_record_actor_id_volgnummer", "actor_id", "volgnummer"),
        Index("ix_audit_record_tijd", "tijd"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Position in the chain, unique so two writers cannot both append after the same record.
    volgnummer: Mapped[int] = mapped_column(Integer, unique=True)
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    actie: Mapped[str] = mapped_column(String(60))
    onderwerp_type: Mapped[str] = mapped_column(String(60))
    onderwerp_id: Mapped[str | None] = mapped_column(String(60))
    gegevens: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    vorige_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[Gebruiker | None] = relationship(lazy="raise")
