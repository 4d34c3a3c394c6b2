"""Two beheerders move the same enrolment at the same moment: one move, one 409, one audit record."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from app.kwalificaties import service as kwalificaties
from app.main import create_app
from app.models import AuditRecord, Gebruiker, Inschrijving, InschrijvingStatus, Rol, Versiewissel
from tests import factories
from tests.beoordeling.conftest import maak_ingediend
from tests.organisatie.test_versiewissel import VOORBEELD_22

pytestmark = pytest.mark.commits


@dataclass
class Vastgelegd:
    inschrijving_id: int
    student_id: int
    tokens: list[str]


@pytest.fixture
def vastgelegd(engine: Engine) -> Iterator[Vastgelegd]:
    """A student on 2.1 with a waiting submission, version 2.2 and two beheerders, committed for real.

    The rows stay afterwards: the audit trail is append-only, and these tests run last."""
    with Session(engine) as db:
        kwalificaties.laad_bestand(db, VOORBEELD_22)
        student = factories.create_gebruiker(db, Rol.student, naam="Wessel Wissel", wachtwoord=None)
        inschrijving = factories.create_inschrijving(db, student)
        maak_ingediend(db, student, ("LU1.1", "LU2.2"))
        tokens = [
            factories.create_api_token(db, factories.create_gebruiker(db, Rol.beheerder, naam=naam, wachtwoord=None))
            for naam in ("Bea Beheer", "Bas Beheer")
        ]
        db.commit()
        yield Vastgelegd(inschrijving.id, student.id, tokens)


def test_twee_beheerders_tegelijk_een_wint_de_ander_krijgt_409(vastgelegd: Vastgelegd, engine: Engine) -> None:
    app = create_app()  # the real sessionmaker: every request commits its own transaction
    start = threading.Barrier(len(vastgelegd.tokens))
    antwoorden: list[tuple[int, str]] = []

    def wissel(token: str) -> None:
        with TestClient(app) as client:
            start.wait(timeout=10)
            antwoord = client.post(
                f"/api/v1/inschrijvingen/{vastgelegd.inschrijving_id}/versiewissel",
                json={"naar": "2.2"},
                headers={"Authorization": f"Bearer {token}"},
            )
            antwoorden.append((antwoord.status_code, antwoord.headers.get("content-type", "")))

    draden = [threading.Thread(target=wissel, args=(t,)) for t in vastgelegd.tokens]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)

    assert sorted(status for status, _ in antwoorden) == [201, 409]
    assert next(soort for status, soort in antwoorden if status == 409).startswith("application/problem+json")
    with Session(engine) as db:
        inschrijvingen = db.scalars(select(Inschrijving).where(Inschrijving.student_id == vastgelegd.student_id))
        assert sorted(i.status for i in inschrijvingen) == [InschrijvingStatus.actief, InschrijvingStatus.overgezet]
        assert db.scalar(select(func.count()).where(Versiewissel.student_id == vastgelegd.student_id)) == 1
        records = db.scalar(
            select(func.count()).where(
                AuditRecord.actie == "inschrijving_versie_gewisseld",
                AuditRecord.onderwerp_id == str(vastgelegd.inschrijving_id),
            )
        )
        assert records == 1


def test_de_opdracht_toont_eerst_en_zet_met_uitvoeren_over(vastgelegd: Vastgelegd, engine: Engine) -> None:
    with Session(engine) as db:
        student = db.get(Gebruiker, vastgelegd.student_id)
        beheerder = db.scalar(select(Gebruiker).where(Gebruiker.naam == "Bea Beheer").order_by(Gebruiker.id.desc()))
        argumenten = ["inschrijving", "versiewissel", student.email, "--naar", "2.2", "--door", beheerder.email]
    voorbeeld = CliRunner().invoke(cli, argumenten)
    assert voorbeeld.exit_code == 0, voorbeeld.output
    assert "Wessel Wissel: WA-N6 2.1 → WA-N6 2.2" in voorbeeld.output
    assert "LU2.2   Opnieuw aantonen (replacedBy LU2.2)  ter beoordeling → niet gestart" in voorbeeld.output
    assert "LU1.1   Neemt over (exactMatchOf)            ter beoordeling → ter beoordeling" in voorbeeld.output
    assert "Er is niets veranderd" in voorbeeld.output
    with Session(engine) as db:
        assert db.get(Inschrijving, vastgelegd.inschrijving_id).status == InschrijvingStatus.actief
    uitgevoerd = CliRunner().invoke(cli, [*argumenten, "--uitvoeren"])
    assert uitgevoerd.exit_code == 0, uitgevoerd.output
    assert "Overgezet: inschrijving" in uitgevoerd.output
    with Session(engine) as db:
        assert db.get(Inschrijving, vastgelegd.inschrijving_id).status == InschrijvingStatus.overgezet
