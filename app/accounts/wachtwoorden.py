"""Password hashing through passlib, and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from passlib.context import CryptContext

from app.config import get_settings

MIN_LENGTE = 12
_LIJST = Path(__file__).parent / "data" / "veelgebruikte_wachtwoorden.txt"


@lru_cache
def _context() -> CryptContext:
    # argon2id for new hashes; older schemes still verify and are upgraded at login.
    extra = {}
    if get_settings().environment == "test":
        extra = {"argon2__memory_cost": 1024, "argon2__time_cost": 1, "argon2__parallelism": 1}
    return CryptContext(schemes=["argon2", "bcrypt", "pbkdf2_sha256"], deprecated="auto", **extra)


def hash_wachtwoord(wachtwoord: str) -> str:
    return _context().hash(wachtwoord)


def controleer(wachtwoord: str, opgeslagen: str | None) -> tuple[bool, str | None]:
    """(correct, new hash when the stored one uses an outdated scheme or cost)."""
    if not opgeslagen:
        # Same work as a real check, so timing does not reveal a missing account.
        _context().dummy_verify()
        return False, None
    return _context().verify_and_update(wachtwoord, opgeslagen)


def dummy_controle() -> None:
    _context().dummy_verify()


@lru_cache
def _veelgebruikt() -> frozenset[str]:
    return frozenset(r.strip().casefold() for r in _LIJST.read_text(encoding="utf-8").splitlines() if r.strip())


def zwakheden(wachtwoord: str, *, email: str = "", naam: str = "") -> list[str]:
    """Dutch reasons why a new password is not accepted; empty when it is fine."""
    redenen = []
    if len(wachtwoord) < MIN_LENGTE:
        redenen.append(f"Het wachtwoord moet minstens {MIN_LENGTE} tekens lang zijn.")
    gevouwen = wachtwoord.casefold()
    if gevouwen in _veelgebruikt() or len(set(gevouwen)) <= 2:
        redenen.append("Dit wachtwoord komt voor in lijsten van veelgebruikte wachtwoorden; kies een ander.")
    # The e-mail's local part and every name part of four letters or more.
    delen = [email.split("@")[0], *naam.split()]
    if any(len(deel) >= 4 and deel.casefold() in gevouwen for deel in delen):
        redenen.append("Het wachtwoord mag je naam of e-mailadres niet bevatten.")
    return redenen
