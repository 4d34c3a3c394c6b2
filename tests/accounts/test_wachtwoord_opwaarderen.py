"""Passwords hashed with an older scheme keep working and are upgraded to argon2id at login."""

from __future__ import annotations

from passlib.hash import pbkdf2_sha256

from app.accounts import service, wachtwoorden
from app.models import Rol
from tests import factories

WACHTWOORD = "een-oud-maar-goed-wachtwoord"


def test_een_oude_hash_wordt_bij_inloggen_argon2id(db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
    persoon.wachtwoord_hash = pbkdf2_sha256.hash(WACHTWOORD)
    db.flush()

    service.inloggen(db, persoon.email, WACHTWOORD, "127.0.0.1")

    assert persoon.wachtwoord_hash.startswith("$argon2id$")
    assert wachtwoorden.controleer(WACHTWOORD, persoon.wachtwoord_hash)[0]


def test_een_actuele_hash_blijft_zoals_hij_is(db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student, wachtwoord=WACHTWOORD)
    voor = persoon.wachtwoord_hash

    service.inloggen(db, persoon.email, WACHTWOORD, "127.0.0.1")

    assert persoon.wachtwoord_hash == voor
