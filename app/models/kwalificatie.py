"""The kwalificatie aggregate: kwalificatie → kerntaak → bouwsteen → leeruitkomst, BOK and beroepsvereisten.

A loaded version is immutable: later issues hang enrolments and judgements on
these rows, so students enrolled on an old version keep it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin


class KwalificatieStatus(StrEnum):
    concept = "concept"
    gepubliceerd = "gepubliceerd"
    vervallen = "vervallen"


class Aanvulling(StrEnum):
    niveau_6 = "niveau_6"
    profiel = "profiel"


class Kwalificatie(TimestampMixin, Base):
    __tablename__ = "kwalificatie"
    __table_args__ = (
        UniqueConstraint("code", "versie"),
        CheckConstraint("beoordelaars_vereist IN (1, 2)", name="beoordelaars_vereist"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    versie: Mapped[str] = mapped_column(String(20))
    versiedatum: Mapped[dt.date] = mapped_column(Date)
    titel: Mapped[str] = mapped_column(String(200))
    niveau: Mapped[int] = mapped_column(Integer)
    status: Mapped[KwalificatieStatus] = mapped_column(Enum(KwalificatieStatus, native_enum=False, length=20))
    bron: Mapped[str] = mapped_column(Text, default="")
    # sha256 of the validated file content: reloading the same version is a no-op,
    # loading different content under a published version is refused.
    inhoud_sha256: Mapped[str] = mapped_column(String(64))
    # The beoordelingsregel: how many different assessors must hold `aangetoond` (1 or 2).
    beoordelaars_vereist: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    kerntaken: Mapped[list[Kerntaak]] = relationship(
        back_populates="kwalificatie", order_by="Kerntaak.volgorde", lazy="raise"
    )
    beroepsvereisten: Mapped[list[Beroepsvereiste]] = relationship(
        back_populates="kwalificatie", order_by="Beroepsvereiste.volgorde", lazy="raise"
    )
    kernthemas: Mapped[list[Kernthema]] = relationship(
        back_populates="kwalificatie", order_by="Kernthema.naam", lazy="raise"
    )


class Kerntaak(Base):
    __tablename__ = "kerntaak"
    __table_args__ = (UniqueConstraint("kwalificatie_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kwalificatie_id: Mapped[int] = mapped_column(ForeignKey("kwalificatie.id", ondelete="CASCADE"))
    volgorde: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    titel: Mapped[str] = mapped_column(Text)
    omschrijving: Mapped[str] = mapped_column(Text)
    context: Mapped[str] = mapped_column(Text)
    complexiteit: Mapped[str] = mapped_column(Text)
    zelfstandigheid_en_verantwoordelijkheid: Mapped[str] = mapped_column(Text)

    kwalificatie: Mapped[Kwalificatie] = relationship(back_populates="kerntaken", lazy="raise")
    bouwstenen: Mapped[list[Bouwsteen]] = relationship(
        back_populates="kerntaak", order_by="Bouwsteen.volgorde", lazy="raise"
    )


class Bouwsteen(Base):
    __tablename__ = "bouwsteen"
    __table_args__ = (UniqueConstraint("kerntaak_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kerntaak_id: Mapped[int] = mapped_column(ForeignKey("kerntaak.id", ondelete="CASCADE"))
    volgorde: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    titel: Mapped[str] = mapped_column(Text)
    omschrijving: Mapped[str] = mapped_column(Text)

    kerntaak: Mapped[Kerntaak] = relationship(back_populates="bouwstenen", lazy="raise")
    leeruitkomsten: Mapped[list[Leeruitkomst]] = relationship(
        back_populates="bouwsteen", order_by="Leeruitkomst.volgorde", lazy="raise"
    )
    kernthema_koppelingen: Mapped[list[BouwsteenKernthema]] = relationship(
        back_populates="bouwsteen", order_by="BouwsteenKernthema.volgorde", lazy="raise"
    )


class Leeruitkomst(Base):
    __tablename__ = "leeruitkomst"
    __table_args__ = (UniqueConstraint("bouwsteen_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bouwsteen_id: Mapped[int] = mapped_column(ForeignKey("bouwsteen.id", ondelete="CASCADE"))
    volgorde: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))

    bouwsteen: Mapped[Bouwsteen] = relationship(back_populates="leeruitkomsten", lazy="raise")
    onderdelen: Mapped[list[LeeruitkomstOnderdeel]] = relationship(
        back_populates="leeruitkomst", order_by="LeeruitkomstOnderdeel.volgorde", lazy="raise"
    )

    @property
    def tekst(self) -> str:
        """The complete text as published: named parts and marked addenda in order."""
        return "\n\n".join(o.als_tekst() for o in self.onderdelen)


class LeeruitkomstOnderdeel(Base):
    """A part of a leeruitkomst text: a named part or an addendum (niveau 6, profiel).

    `kop` is the heading exactly as published: a part's name ("Samenwerken met
    burgers") or an addendum's own sentence ("Specifiek voor de wijkagent op
    niveau 6 geldt aanvullend:"); `aanvulling` says which kind of addendum it is.
    """

    __tablename__ = "leeruitkomst_onderdeel"

    id: Mapped[int] = mapped_column(primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"))
    volgorde: Mapped[int] = mapped_column(Integer)
    kop: Mapped[str | None] = mapped_column(Text)
    aanvulling: Mapped[Aanvulling | None] = mapped_column(Enum(Aanvulling, native_enum=False, length=20))
    tekst: Mapped[str] = mapped_column(Text)

    leeruitkomst: Mapped[Leeruitkomst] = relationship(back_populates="onderdelen", lazy="raise")

    def als_tekst(self) -> str:
        return f"{self.kop}\n{self.tekst}" if self.kop else self.tekst


class Kernthema(Base):
    """One BOK knowledge theme of a kwalificatie version, however many bouwstenen list it."""

    __tablename__ = "kernthema"
    __table_args__ = (UniqueConstraint("kwalificatie_id", "naam"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kwalificatie_id: Mapped[int] = mapped_column(ForeignKey("kwalificatie.id", ondelete="CASCADE"))
    naam: Mapped[str] = mapped_column(String(300))

    kwalificatie: Mapped[Kwalificatie] = relationship(back_populates="kernthemas", lazy="raise")


class BouwsteenKernthema(Base):
    """A bouwsteen requires a kernthema; profielspecifiek when listed under the profile's own BOK."""

    __tablename__ = "bouwsteen_kernthema"

    bouwsteen_id: Mapped[int] = mapped_column(ForeignKey("bouwsteen.id", ondelete="CASCADE"), primary_key=True)
    kernthema_id: Mapped[int] = mapped_column(ForeignKey("kernthema.id", ondelete="CASCADE"), primary_key=True)
    volgorde: Mapped[int] = mapped_column(Integer)
    profielspecifiek: Mapped[bool] = mapped_column(default=False)

    bouwsteen: Mapped[Bouwsteen] = relationship(back_populates="kernthema_koppelingen", lazy="raise")
    kernthema: Mapped[Kernthema] = relationship(lazy="raise")


class BeroepsvereisteLeeruitkomst(Base):
    """A leeruitkomst that names a beroepsvereiste (RTGP is named by LU3.1 and LU3.2)."""

    __tablename__ = "beroepsvereiste_leeruitkomst"

    beroepsvereiste_id: Mapped[int] = mapped_column(
        ForeignKey("beroepsvereiste.id", ondelete="CASCADE"), primary_key=True
    )
    leeruitkomst_id: Mapped[int] = mapped_column(
        ForeignKey("leeruitkomst.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Beroepsvereiste(Base):
    """A legal condition for startbekwaamheid (RTGP, IBT, PV), named by one or more leeruitkomsten."""

    __tablename__ = "beroepsvereiste"
    __table_args__ = (UniqueConstraint("kwalificatie_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kwalificatie_id: Mapped[int] = mapped_column(ForeignKey("kwalificatie.id", ondelete="CASCADE"))
    volgorde: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    naam: Mapped[str] = mapped_column(Text)
    omschrijving: Mapped[str] = mapped_column(Text, default="")

    kwalificatie: Mapped[Kwalificatie] = relationship(back_populates="beroepsvereisten", lazy="raise")
    leeruitkomsten: Mapped[list[Leeruitkomst]] = relationship(
        secondary="beroepsvereiste_leeruitkomst", order_by="Leeruitkomst.id", lazy="raise"
    )


class RelatieSoort(StrEnum):
    """How a leeruitkomst of a newer version stands to one of the version it follows (CASE association types)."""

    exactMatchOf = "exactMatchOf"  # the same leeruitkomst: what was shown for the old one counts for the new one
    replacedBy = "replacedBy"  # the old one is replaced by the new one: it is shown again


class LeeruitkomstRelatie(Base):
    """A leeruitkomst (`leeruitkomst_id`, the newer version) and the one it follows (`vorige_id`, an older version).

    Stored the same way for both CASE directions: `exactMatchOf` new → old and `replacedBy` old → new.
    Part of the loaded version, so as immutable as the rest of it.
    """

    __tablename__ = "leeruitkomst_relatie"
    __table_args__ = (UniqueConstraint("leeruitkomst_id", "vorige_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leeruitkomst_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), index=True)
    vorige_id: Mapped[int] = mapped_column(ForeignKey("leeruitkomst.id", ondelete="CASCADE"), index=True)
    soort: Mapped[RelatieSoort] = mapped_column(Enum(RelatieSoort, native_enum=False, length=20))

    leeruitkomst: Mapped[Leeruitkomst] = relationship(foreign_keys=[leeruitkomst_id], lazy="raise")
    vorige: Mapped[Leeruitkomst] = relationship(foreign_keys=[vorige_id], lazy="raise")
