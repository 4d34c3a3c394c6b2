"""The second factor for those who decide (examencommissie, beheerder): TOTP (RFC 6238) and recovery codes.

A password login of such an account leaves its session "open" (Sessie.tweede_factor_open) until a code
is entered; an account without a confirmed factor enrols first. Accounts that sign in through the
OpenID Connect provider rely on the provider's own factors.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.errors import DomainError
from app.models import Gebruiker, Herstelcode, Sessie, TweedeFactor
from app.tijd import nu

UITGEVER = "Leeruitkomstportfolio"
AANTAL_HERSTELCODES = 10
_STAP = 30


class CodeOnjuist(DomainError):
    status_code = 400


def _hash(code: str) -> str:
    return hashlib.sha256(_normaal(code).encode()).hexdigest()


def _normaal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def factor(session: Session, gebruiker_id: int) -> TweedeFactor | None:
    return session.get(TweedeFactor, gebruiker_id)


def is_ingesteld(session: Session, gebruiker_id: int) -> bool:
    gevonden = factor(session, gebruiker_id)
    return gevonden is not None and gevonden.bevestigd_op is not None


def nieuw_geheim(session: Session, persoon: Gebruiker) -> TweedeFactor:
    """The secret to enrol with; kept (unconfirmed) so the QR code stays the same while the person scans."""
    gevonden = factor(session, persoon.id)
    if gevonden is None:
        gevonden = TweedeFactor(gebruiker_id=persoon.id, geheim=pyotp.random_base32())
        session.add(gevonden)
        session.flush()
    return gevonden


def uri(persoon: Gebruiker, geheim: str) -> str:
    return pyotp.TOTP(geheim).provisioning_uri(name=persoon.email, issuer_name=UITGEVER)


def qr_svg(persoon: Gebruiker, geheim: str) -> str:
    return segno.make(uri(persoon, geheim), error="m").svg_inline(scale=5, title="QR-code voor je authenticator-app")


def _stap(geheim: str, code: str) -> int | None:
    """The time step this code belongs to (now, or one step either side for clock drift), or None."""
    code = _normaal(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(geheim)
    nu_stap = int(time.time()) // _STAP
    for stap in (nu_stap - 1, nu_stap, nu_stap + 1):
        if secrets.compare_digest(totp.at(stap * _STAP), code):
            return stap
    return None


def _neem_stap(session: Session, gevonden: TweedeFactor, stap: int) -> bool:
    """Claim the step atomically: the same code (or an earlier one) is never accepted twice, not even at once."""
    claim = session.execute(
        update(TweedeFactor)
        .where(
            TweedeFactor.gebruiker_id == gevonden.gebruiker_id,
            (TweedeFactor.laatste_stap.is_(None)) | (TweedeFactor.laatste_stap < stap),
        )
        .values(laatste_stap=stap)
        .execution_options(synchronize_session=False)
    )
    session.expire(gevonden, ["laatste_stap"])
    return claim.rowcount == 1


def bevestig(session: Session, persoon: Gebruiker, sessie: Sessie | None, code: str) -> list[str]:
    """Enrol: the first correct code confirms the secret; returns the recovery codes (shown once)."""
    gevonden = factor(session, persoon.id)
    if gevonden is None or gevonden.bevestigd_op is not None:
        raise CodeOnjuist("Begin opnieuw met instellen: laad de pagina opnieuw.")
    stap = _stap(gevonden.geheim, code)
    if stap is None or not _neem_stap(session, gevonden, stap):
        audit.registreer(session, persoon, "tweede_factor_mislukt", "gebruiker", persoon.id, bij="instellen")
        raise CodeOnjuist("Deze code klopt niet. Kijk of de tijd op je telefoon goed staat, en typ de nieuwste code.")
    gevonden.bevestigd_op = nu()
    codes = _nieuwe_herstelcodes(session, persoon.id)
    _sluit(session, sessie)
    audit.registreer(session, persoon, "tweede_factor_ingesteld", "gebruiker", persoon.id)
    return codes


def _nieuwe_herstelcodes(session: Session, gebruiker_id: int) -> list[str]:
    session.execute(delete(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker_id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(AANTAL_HERSTELCODES)]
    session.add_all(Herstelcode(gebruiker_id=gebruiker_id, code_hash=_hash(c)) for c in codes)
    session.flush()
    return codes


def controleer(session: Session, persoon: Gebruiker, sessie: Sessie | None, code: str) -> None:
    """After a password login: a current code, or one unused recovery code, opens the session."""
    gevonden = factor(session, persoon.id)
    if gevonden is None or gevonden.bevestigd_op is None:
        raise CodeOnjuist("Stel eerst je tweede factor in.")
    stap = _stap(gevonden.geheim, code)
    if stap is not None and _neem_stap(session, gevonden, stap):
        _sluit(session, sessie)
        return
    if stap is None and _gebruik_herstelcode(session, persoon.id, code):
        _sluit(session, sessie)
        audit.registreer(session, persoon, "tweede_factor_herstelcode_gebruikt", "gebruiker", persoon.id)
        return
    audit.registreer(session, persoon, "tweede_factor_mislukt", "gebruiker", persoon.id, bij="inloggen")
    raise CodeOnjuist(
        "Deze code klopt niet of is al gebruikt. Wacht op de volgende code in je app, of gebruik een herstelcode."
    )


def _gebruik_herstelcode(session: Session, gebruiker_id: int, code: str) -> bool:
    claim = session.execute(
        update(Herstelcode)
        .where(
            Herstelcode.gebruiker_id == gebruiker_id,
            Herstelcode.code_hash == _hash(code),
            Herstelcode.gebruikt_op.is_(None),
        )
        .values(gebruikt_op=nu())
        .execution_options(synchronize_session=False)
    )
    return claim.rowcount == 1


def herstelcodes_over(session: Session, gebruiker_id: int) -> int:
    stmt = select(Herstelcode.id).where(Herstelcode.gebruiker_id == gebruiker_id, Herstelcode.gebruikt_op.is_(None))
    return len(list(session.scalars(stmt)))


def _sluit(session: Session, sessie: Sessie | None) -> None:
    if sessie is not None:
        session.execute(
            update(Sessie)
            .where(Sessie.id == sessie.id)
            .values(tweede_factor_open=False)
            .execution_options(synchronize_session=False)
        )
        sessie.tweede_factor_open = False


def reset(session: Session, actor: Gebruiker, gebruiker_id: int) -> None:
    """A beheerder removes someone's factor (lost phone, no codes left): they enrol again at their next login."""
    session.execute(delete(TweedeFactor).where(TweedeFactor.gebruiker_id == gebruiker_id))
    session.execute(delete(Herstelcode).where(Herstelcode.gebruiker_id == gebruiker_id))
    session.flush()
    audit.registreer(session, actor, "tweede_factor_gereset", "gebruiker", gebruiker_id)
