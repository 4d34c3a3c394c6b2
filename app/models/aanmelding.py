"""Signing in beyond a password: links to an OpenID Connect provider, and the second factor (TOTP)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UtcDateTime


class OidcKoppeling(Base):
    """An account is found by (issuer, sub) after its first sign-in, whatever its e-mail becomes."""

    __tablename__ = "oidc_koppeling"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    sub: Mapped[str] = mapped_column(String(255))
    # The e-mail the provider gave at linking time: shown to the beheerder, never used to find the account.
    email: Mapped[str | None] = mapped_column(String(320))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    laatst_gebruikt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class OidcAanvraag(Base):
    """One started sign-in, from /inloggen/oidc until the provider sends the browser back; used once."""

    __tablename__ = "oidc_aanvraag"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(128))
    code_verifier: Mapped[str] = mapped_column(String(128))
    volgende: Mapped[str] = mapped_column(String(500))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class TweedeFactor(Base):
    """A TOTP secret (RFC 6238); bevestigd_op stays empty until the first correct code."""

    __tablename__ = "tweede_factor"

    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), primary_key=True)
    geheim: Mapped[str] = mapped_column(String(64))
    bevestigd_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The time step of the last accepted code: a code is accepted once, even within its window.
    laatste_stap: Mapped[int | None] = mapped_column(Integer)


class Herstelcode(Base):
    """A single-use recovery code for when the phone is lost; only its sha256 is kept."""

    __tablename__ = "herstelcode"

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    gebruikt_op: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
