"""Password hashing through passlib, and the rules a new password must meet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from passlib.context import CryptContext

from app.config import get_settings
from app.errors import DomainError

MIN_LENGTE = 12
_LIJST = Path(__file__).parent / "data" / "veelgebruikte_wachtwoorden.txt"


class WachtwoordenBezet(DomainError):
    """Every password check of this process is busy for longer than a login may wait: try again shortly."""

    status_code = 503
    retry_after = 5

    def __init__(self) -> None:
        super().__init__("Er loggen nu heel veel mensen tegelijk in. Probeer het over een paar seconden opnieuw.")


# argon2id at OWASP's m=19 MiB, t=2, p=1: about 40 ms a check here, where passlib's default
# (m=64 MiB, t=3, p=4) took 120-170 ms and 64 MiB each. Hashes with other costs are re-hashed at login.
_KOSTEN = {"argon2__memory_cost": 19456, "argon2__time_cost": 2, "argon2__parallelism": 1}


@lru_cache
def _context() -> CryptContext:
    # argon2id for new hashes; older schemes still verify and are upgraded at login.
    extra = _KOSTEN
    if get_settings().environment == "test":
        extra = {"argon2__memory_cost": 1024, "argon2__time_cost": 1, "argon2__parallelism": 1}
    return CryptContext(schemes=["argon2", "bcrypt", "pbkdf2_sha256"], deprecated="auto", **extra)


@lru_cache
def _pool() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(get_settings().wachtwoord_pool)


@contextmanager
def _beurt() -> Iterator[None]:
    """A place in the bounded pool: a burst of logins queues here (no connection held, see the callers),
    instead of running dozens of argon2 checks at once, each with its memory, on two cores."""
    if not _pool().acquire(timeout=get_settings().wachtwoord_wacht_seconden):
        raise WachtwoordenBezet()
    try:
        yield
    finally:
        _pool().release()


def hash_wachtwoord(wachtwoord: str) -> str:
    with _beurt():
        return _context().hash(wachtwoord)


def controleer(wachtwoord: str, opgeslagen: str | None) -> tuple[bool, str | None]:
    """(correct, new hash when the stored one uses an outdated scheme or cost)."""
    with _beurt():
        if not opgeslagen:
            # Same work as a real check, so timing does not reveal a missing account.
            _context().dummy_verify()
            return False, None
        return _context().verify_and_update(wachtwoord, opgeslagen)


def dummy_controle() -> None:
    with _beurt():
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
