"""A job that keeps failing is retried with back-off, then shown to the beheerder with its error, and can be retried."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from app.accounts import mail
from app.cli import cli
from app.config import get_settings
from app.models import Taak, TaakStatus
from app.taken.werker import Werker
from tests.taken.conftest import Postvak, taken

pytestmark = pytest.mark.commits


def test_een_mislukte_mail_wacht_steeds_langer_en_staat_na_de_laatste_poging_bij_de_beheerder(
    wachtrij: sessionmaker[Session], werker: Werker, postvak: Postvak, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings()
    werkend = settings.smtp_port
    with socket.socket() as dicht:  # a port nobody listens on: the mail server is down
        dicht.bind(("127.0.0.1", 0))
        monkeypatch.setattr(settings, "smtp_port", dicht.getsockname()[1])
    monkeypatch.setattr(settings, "taak_max_pogingen", 2)
    with wachtrij() as session, session.begin():
        mail.mail_bericht(session, "later@example.nl", "Straks", "Als de server er weer is.")

    assert werker.draai_tot_leeg() == 1
    [taak] = taken(wachtrij)
    assert taak.status == TaakStatus.wachtend and taak.pogingen == 1
    assert "ConnectionRefusedError" in taak.laatste_fout
    # The first retry waits PORTFOLIO_TAAK_WACHT_SECONDEN (30 s), so nothing is due right now.
    assert dt.timedelta(seconds=25) < taak.uitvoeren_na - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=30)
    assert werker.draai_tot_leeg() == 0

    with wachtrij() as session, session.begin():  # the 30 seconds pass
        session.execute(update(Taak).values(uitvoeren_na=dt.datetime.now(dt.UTC)))
    assert werker.draai_tot_leeg() == 1
    [taak] = taken(wachtrij)
    assert (taak.status, taak.pogingen) == (TaakStatus.mislukt, 2)
    assert werker.draai_tot_leeg() == 0  # failed is failed: no more tries by itself

    lijst = CliRunner().invoke(cli, ["taken"])
    assert lijst.exit_code == 0, lijst.output
    assert "1 mislukte taak" in lijst.output
    assert f"{taak.id}\tmail\t2 pogingen" in lijst.output and "ConnectionRefusedError" in lijst.output

    monkeypatch.setattr(settings, "smtp_port", werkend)  # the mail server is back
    opnieuw = CliRunner().invoke(cli, ["taken", "opnieuw", str(taak.id)])
    assert opnieuw.exit_code == 0, opnieuw.output
    assert f"Taak {taak.id} (mail) staat weer in de wachtrij." in opnieuw.output
    assert werker.draai_tot_leeg() == 1
    assert len(postvak.aan("later@example.nl")) == 1
    assert taken(wachtrij)[0].status == TaakStatus.klaar

    nogmaals = CliRunner().invoke(cli, ["taken", "opnieuw", str(taak.id)])
    assert nogmaals.exit_code == 1
    assert f"Taak {taak.id} is niet mislukt (status: klaar)" in nogmaals.output
    assert "Geen mislukte taken." in CliRunner().invoke(cli, ["taken"]).output


def test_een_onbekende_taak_mislukt_met_haar_naam(wachtrij: sessionmaker[Session], werker: Werker) -> None:
    with wachtrij() as session, session.begin():
        session.add(
            Taak(
                naam="bestaat.niet",
                argumenten={},
                pogingen=0,
                max_pogingen=1,
                uitvoeren_na=dt.datetime.now(dt.UTC),
            )
        )
    assert werker.draai_tot_leeg() == 1
    [taak] = taken(wachtrij)
    assert taak.status == TaakStatus.mislukt
    assert "onbekende taak 'bestaat.niet'" in taak.laatste_fout
