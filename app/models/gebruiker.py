"""People and their access: accounts, roles, sessions, one-time links, API tokens."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, TimestampMixin, UtcDateTime


class Rol(StrEnum):
    student = "student"
    praktijkbegeleider = "praktijkbegeleider"
    examencommissie = "examencommissie"
    beheerder = "beheerder"


class Gebruiker(TimestampMixin, Base):
    __tablename__ = "gebruiker"
    # Lists and person pickers show people by name, a page at a time.
    __table_args__ = (Index("ix_gebruiker_naam_id", "naam", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: unique case-insensitively on every database.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    naam: Mapped[str] = mapped_column(String(200))
    studentnummer: Mapped[str | None] = mapped_column(String(40), unique=True)
    wachtwoord_hash: Mapped[str | None] = mapped_column(String(255))
    actief: Mapped[bool] = mapped_column(Boolean, default=True)

    rol_records: Mapped[list[GebruikerRol]] = relationship(
        back_populates="gebruiker", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def rollen(self) -> set[Rol]:
        return {r.rol for r in self.rol_records}

    def heeft_rol(self, rol: Rol) -> bool:
        return rol in self.rollen


class GebruikerRol(Base):
    __tablename__ = "gebruiker_rol"
    # "Everyone with role X" (the person pickers, the student lists); the primary key starts with the person.
    __table_args__ = (Index("ix_gebruiker_rol_rol_gebruiker_id", "rol", "gebruiker_id"),)

    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    rol: Mapped[Rol] = mapped_column(Enum(Rol, native_enum=False, length=30), primary_key=True)

    gebruiker: Mapped[Gebruiker] = relationship(back_populates="rol_records", lazy="raise")


class Sessie(Base):
    """A server-side login session; the cookie holds a random token, the table its sha256."""

    __tablename__ = "sessie"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    laatst_gezien_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # A password login of a role that decides (examencommissie, beheerder) waits for its second factor:
    # until then the session can only enrol or enter a code.
    tweede_factor_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set when the session began at an OpenID Connect provider: logging out ends that one's session too.
    oidc_issuer: Mapped[str | None] = mapped_column(String(500))

    gebruiker: Mapped[Gebruiker] = relationship(lazy="raise")


class LinkDoel(StrEnum):
    activatie = "activatie"
    reset = "reset"
    eerste_beheerder = "eerste_beheerder"


class EenmaligeLink(Base):
    """A one-time, expiring link for activation, password reset or creating the first beheerder."""

    __tablename__ = "eenmalige_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    doel: Mapped[LinkDoel] = mapped_column(Enum(LinkDoel, native_enum=False, length=30))
    gebruiker_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"))
    verloopt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    gebruikt_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    gebruiker: Mapped[Gebruiker | None] = relationship(lazy="raise")


class ApiToken(TimestampMixin, Base):
    """A personal API token; only its sha256 is stored, the token is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    naam: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    laatst_gebruikt_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    ingetrokken_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    gebruiker: Mapped[Gebruiker] = relationship(lazy="raise")


class Inlogpoging(Base):
    """A failed login, per account and per client address, for throttling."""

    __tablename__ = "inlogpoging"
    __table_args__ = (Index("ix_inlogpoging_sleutel_tijd", "sleutel", "tijd"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(400))
    tijd: Mapped[dt.datetime] = mapped_column(UtcDateTime(), server_default=func.now())


class Verzoekteller(Base):
    """Requests per key (a client address) per fixed window, for limits that must hold across processes and servers.

    One row per key and window, incremented in place, so bulk requests cannot fill the table; rows of
    windows that no longer count are removed as new windows start.
    """

    __tablename__ = "verzoekteller"
    __table_args__ = (Index("ix_verzoekteller_venster", "venster"),)

    sleutel: Mapped[str] = mapped_column(String(200), primary_key=True)
    venster: Mapped[dt.datetime] = mapped_column(UtcDateTime(), primary_key=True)
    aantal: Mapped[int] = mapped_column(Integer, default=0)
