"""The durable job queue: a job is a row, written in the transaction of the change that causes it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Enum, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class TaakStatus(StrEnum):
    wachtend = "wachtend"  # to run once `uitvoeren_na` has passed (new, or waiting for its next try)
    bezig = "bezig"  # claimed by a worker until `geclaimd_tot`; after that any worker may take it again
    klaar = "klaar"
    mislukt = "mislukt"  # its last try failed: waits for the beheerder


class Taak(Base):
    __tablename__ = "taak"
    __table_args__ = (
        # The worker's question: what is due, oldest first (and which claims have run out).
        Index("ix_taak_status_uitvoeren_na", "status", "uitvoeren_na"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(100))
    argumenten: Mapped[dict] = mapped_column(JSON)
    status: Mapped[TaakStatus] = mapped_column(
        Enum(TaakStatus, native_enum=False, length=20), default=TaakStatus.wachtend
    )
    # Once enqueued under a key, never again: "one reminder per result" holds under races too.
    sleutel: Mapped[str | None] = mapped_column(String(200), unique=True)
    pogingen: Mapped[int] = mapped_column(default=0)
    max_pogingen: Mapped[int]
    uitvoeren_na: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    geclaimd_door: Mapped[str | None] = mapped_column(String(100))  # while bezig, and who finished it
    geclaimd_tot: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    laatste_fout: Mapped[str | None] = mapped_column(Text)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime(), server_default=func.now())
    voltooid_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
