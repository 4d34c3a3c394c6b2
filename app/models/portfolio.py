"""The bewijsstuk aggregate: bewijsstuk → versie → bestanden and leeruitkomst-koppelingen.

A version that was submitted is frozen: a change makes a new version, and every
version keeps its own file rows (same storage key, same checksum), so each one
stays downloadable exactly as it was. A submitted bewijsstuk is never deleted;
a beheerder can only hide it, with a reason.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import BigInteger, Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UtcDateTime
from app.models.gebruiker import Gebruiker
from app.models.kwalificatie import Leeruitkomst


class BewijsstukSoort(StrEnum):
    verslag = "verslag"
    observatie = "observatie"
    video = "video"
    proces_verbaal = "proces_verbaal"
    feedback_360 = "360_feedback"
    product = "product"
    anders = "anders"

    @property
    def label(self) -> str:
        return _SOORT_LABELS[self]


_SOORT_LABELS = {
    BewijsstukSoort.verslag: "Verslag",
    BewijsstukSoort.observatie: "Observatie",
    BewijsstukSoort.video: "Video",
    BewijsstukSoort.proces_verbaal: "Proces-verbaal",
    BewijsstukSoort.feedback_360: "360-feedback",
    BewijsstukSoort.product: "Product",
    BewijsstukSoort.anders: "Anders",
}


class VersieStatus(StrEnum):
    concept = "concept"
    ingediend = "ingediend"
    ingetrokken = "ingetrokken"

    @property
    def label(self) -> str:
        return {"concept": "Concept", "ingediend": "Ter beoordeling aangeboden", "ingetrokken": "Ingetrokken"}[self]


def _waarden(enum: type[StrEnum]) -> list[str]:
    # Store the value ("360_feedback"), not the Python name.
    return [lid.value for lid in enum]


class Bewijsstuk(TimestampMixin, Base):
    __tablename__ = "bewijsstuk"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    verborgen_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    verborgen_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    verborgen_reden: Mapped[str | None] = mapped_column(Text)

    student: Mapped[Gebruiker] = relationship(foreign_keys=[student_id], lazy="raise")
    versies: Mapped[list[BewijsstukVersie]] = relationship(
        back_populates="bewijsstuk",
        order_by="BewijsstukVersie.versie",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def laatste_versie(self) -> BewijsstukVersie:
        return self.versies[-1]

    @property
    def is_verborgen(self) -> bool:
        return self.verborgen_op is not None

    @property
    def ooit_ingediend(self) -> bool:
        return any(v.status != VersieStatus.concept for v in self.versies)


class BewijsstukVersie(TimestampMixin, Base):
    __tablename__ = "bewijsstuk_versie"
    __table_args__ = (UniqueConstraint("bewijsstuk_id", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bewijsstuk_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk.id", ondelete="CASCADE"))
    versie: Mapped[int] = mapped_column(Integer)
    titel: Mapped[str] = mapped_column(String(200))
    soort: Mapped[BewijsstukSoort] = mapped_column(
        Enum(BewijsstukSoort, native_enum=False, length=20, values_callable=_waarden)
    )
    # When and where the activity took place (werkplek/situatie), not when it was uploaded.
    datum: Mapped[dt.date | None] = mapped_column(Date)
    context: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[VersieStatus] = mapped_column(
        Enum(VersieStatus, native_enum=False, length=20, values_callable=_waarden), default=VersieStatus.concept
    )
    ingediend_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    ingetrokken_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    bewijsstuk: Mapped[Bewijsstuk] = relationship(back_populates="versies", lazy="raise")
    bestanden: Mapped[list[Bestand]] = relationship(
        back_populates="versie",
        order_by="Bestand.volgorde",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    koppelingen: Mapped[list[BewijsstukKoppeling]] = relationship(
        back_populates="versie",
        order_by="BewijsstukKoppeling.leeruitkomst_id",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_concept(self) -> bool:
        return self.status == VersieStatus.concept


class Bestand(TimestampMixin, Base):
    """One stored file of one version; a newer version gets its own row pointing at the same key."""

    __tablename__ = "bestand"

    id: Mapped[int] = mapped_column(primary_key=True)
    versie_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk_versie.id", ondelete="CASCADE"), index=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    # Random, from the storage layer; never derived from anything the student typed.
    opslag_sleutel: Mapped[str] = mapped_column(String(64), index=True)
    # The student's file name, sanitised: shown and used for Content-Disposition only.
    naam: Mapped[str] = mapped_column(String(255))
    grootte: Mapped[int] = mapped_column(BigInteger)
    mediatype: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))

    versie: Mapped[BewijsstukVersie] = relationship(back_populates="bestanden", lazy="raise")


class BewijsstukKoppeling(Base):
    """A version shows a leeruitkomst; the onderbouwing says how."""

    __tablename__ = "bewijsstuk_koppeling"
    __table_args__ = (UniqueConstraint("versie_id", "leeruitkomst_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    versie_id: Mapped[int] = mapped_column(ForeignKey("bewijsstuk_versie.id", ondelete="CASCADE"))
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id"), index=True)
    onderbouwing: Mapped[str] = mapped_column(Text, default="")

    versie: Mapped[BewijsstukVersie] = relationship(back_populates="koppelingen", lazy="raise")
    leeruitkomst: Mapped[Leeruitkomst] = relationship(lazy="raise")


class DossierSamenvatting(Base):
    """A dossier's samenvatting.pdf, rendered by a job and kept until the student's next change.

    Kept by what it shows: `inhoud_sha256` is the hash of the summary's HTML (without the moment
    it was made), so two exports that would show the same get the same PDF, and any change to the
    student's evidence, judgements, results or decisions gives another hash and a new rendering.
    """

    __tablename__ = "dossier_samenvatting"
    __table_args__ = (UniqueConstraint("student_id", "inhoud_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id"))
    inhoud_sha256: Mapped[str] = mapped_column(String(64))
    opslag_sleutel: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    grootte: Mapped[int] = mapped_column(BigInteger)
    gemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
