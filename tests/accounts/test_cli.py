"""`portfolio user create` and `portfolio token create` (API.md).

The command line opens its own sessions on the test database, outside the
per-test transaction: every test uses unique e-mail addresses and removes
what it committed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.accounts import wachtwoorden
from app.cli import cli
from app.main import create_app
from app.models import ApiToken, AuditRecord, Gebruiker, GebruikerRol, Rol
from app.toegang import sessies


@pytest.fixture
def uniek_email(engine: Engine) -> Iterator[str]:
    email = f"cli-{uuid.uuid4().hex[:10]}@example.nl"
    yield email
    with Session(engine) as session, session.begin():
        session.execute(delete(Gebruiker).where(Gebruiker.email == email))


def _audit(engine: Engine, actie: str, onderwerp_id: object) -> list[AuditRecord]:
    with Session(engine) as session:
        stmt = select(AuditRecord).where(AuditRecord.actie == actie, AuditRecord.onderwerp_id == str(onderwerp_id))
        return list(session.scalars(stmt))


def test_user_create_maakt_een_account_en_toont_de_activatielink(engine: Engine, uniek_email: str) -> None:
    resultaat = CliRunner().invoke(
        cli,
        [
            "user",
            "create",
            uniek_email.upper(),
            "--name",
            "Cli Persoon",
            "--role",
            "student",
            "--role",
            "praktijkbegeleider",
        ],
    )
    assert resultaat.exit_code == 0, resultaat.output
    link = resultaat.output.split()[-1]
    assert link.startswith("http") and "/activeren/" in link
    with Session(engine) as session:
        persoon = session.scalar(select(Gebruiker).where(Gebruiker.email == uniek_email))
        assert persoon is not None and persoon.naam == "Cli Persoon"
        assert persoon.rollen == {Rol.student, Rol.praktijkbegeleider}
    [record] = _audit(engine, "gebruiker_aangemaakt", persoon.id)
    assert record.actor_id is None
    assert json.loads(record.gegevens)["via"] == "cli"

    with TestClient(create_app()) as browser:
        assert browser.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_user_create_weigert_een_onbekende_rol_in_het_nederlands(engine: Engine, uniek_email: str) -> None:
    resultaat = CliRunner().invoke(cli, ["user", "create", uniek_email, "--name", "X", "--role", "koning"])
    assert resultaat.exit_code == 1
    assert "Onbekende rol “koning”" in resultaat.output
    assert "er is niets opgeslagen" in resultaat.output
    with Session(engine) as session:
        assert session.scalar(select(Gebruiker).where(Gebruiker.email == uniek_email)) is None


def test_user_create_weigert_een_bestaand_e_mailadres(engine: Engine, uniek_email: str) -> None:
    assert CliRunner().invoke(cli, ["user", "create", uniek_email, "--name", "Een", "--role", "student"]).exit_code == 0
    tweede = CliRunner().invoke(cli, ["user", "create", uniek_email, "--name", "Twee", "--role", "student"])
    assert tweede.exit_code == 1
    assert "Er bestaat al een account" in tweede.output


def test_token_create_toont_het_token_als_laatste_woord(engine: Engine, uniek_email: str) -> None:
    with Session(engine) as session, session.begin():
        persoon = Gebruiker(
            email=uniek_email,
            naam="Token Gebruiker",
            wachtwoord_hash=wachtwoorden.hash_wachtwoord("iets-lang-genoeg-hier"),
            rol_records=[GebruikerRol(rol=Rol.praktijkbegeleider)],
        )
        session.add(persoon)
        session.flush()
        persoon_id = persoon.id
    resultaat = CliRunner().invoke(cli, ["token", "create", uniek_email])
    assert resultaat.exit_code == 0, resultaat.output
    assert "bewaar het nu" in resultaat.output
    token = resultaat.output.split()[-1]
    assert token.startswith("pf_")
    with Session(engine) as session:
        opgeslagen = session.scalar(select(ApiToken).where(ApiToken.gebruiker_id == persoon_id))
        assert opgeslagen.token_hash == sessies.token_hash(token)
        assert opgeslagen.prefix == token[:8]
    [record] = _audit(engine, "token_aangemaakt", opgeslagen.id)
    assert record.actor_id is None and json.loads(record.gegevens)["via"] == "cli"

    with TestClient(create_app()) as script:
        ik = script.get("/api/v1/ik", headers={"Authorization": f"Bearer {token}"})
    assert ik.status_code == 200
    assert ik.json()["email"] == uniek_email


def test_token_create_voor_een_onbekend_e_mailadres_stopt_met_exitcode_1(engine: Engine) -> None:
    resultaat = CliRunner().invoke(cli, ["token", "create", "niemand-hier@example.nl"])
    assert resultaat.exit_code == 1
    assert "Er is geen account met het e-mailadres niemand-hier@example.nl" in resultaat.output
