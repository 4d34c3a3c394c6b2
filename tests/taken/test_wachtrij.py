"""A job is enqueued in the change's transaction and runs once a worker takes it, exactly once, on both databases."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from app.accounts import mail
from app.cli import cli
from app.models import Gebruiker, Taak, TaakStatus
from app.taken.werker import Werker
from tests.taken.conftest import Postvak, taken

pytestmark = pytest.mark.commits


def _uniek() -> str:
    return f"taak-{uuid.uuid4().hex[:10]}@example.nl"


def test_een_mail_uit_een_teruggedraaide_transactie_gaat_nooit_weg(
    wachtrij: sessionmaker[Session], werker: Werker, postvak: Postvak
) -> None:
    adres = _uniek()
    with wachtrij() as session:
        assert mail.mail_bericht(session, adres, "Onderwerp", "Tekst")
        session.rollback()

    assert werker.draai_tot_leeg() == 0
    assert postvak.aan(adres) == []
    assert taken(wachtrij) == []


def test_een_activatiemail_zonder_werker_wordt_eenmaal_verstuurd_als_de_werker_start(
    engine: Engine, wachtrij: sessionmaker[Session], werker: Werker, postvak: Postvak
) -> None:
    adres = _uniek()
    aangemaakt = CliRunner().invoke(cli, ["user", "create", adres, "--name", "Nina Wachtrij", "--role", "student"])
    try:
        assert aangemaakt.exit_code == 0, aangemaakt.output
        assert f"De activatielink wordt gemaild naar {adres}" in aangemaakt.output
        assert postvak.aan(adres) == []  # committed, waiting: nobody ran it yet
        [wachtend] = taken(wachtrij, "mail")
        assert wachtend.status == TaakStatus.wachtend

        assert werker.draai_tot_leeg() == 2  # the mail, and the checkpoint of the account's audit record
        assert Werker(wachtrij, naam="werker-b").draai_tot_leeg() == 0  # done is done

        [ontvangen] = postvak.aan(adres)
        assert ontvangen["Subject"] == "Je account voor het Leeruitkomstportfolio"
        link = aangemaakt.output.strip().splitlines()[-1]
        assert link in ontvangen.get_payload(decode=True).decode()
        [klaar] = taken(wachtrij, "mail")
        # Done, and the one-time link no longer sits in the queue.
        assert (klaar.status, klaar.argumenten) == (TaakStatus.klaar, {})
    finally:
        with Session(engine) as session, session.begin():
            session.execute(update(Gebruiker).where(Gebruiker.email == adres).values(actief=False))


def test_een_werker_die_halverwege_sterft_laat_de_taak_na_zijn_lease_aan_een_ander(
    wachtrij: sessionmaker[Session], werker: Werker, postvak: Postvak
) -> None:
    adres = _uniek()
    with wachtrij() as session, session.begin():
        mail.mail_bericht(session, adres, "Eenmaal", "Precies één keer.")

    gestorven = werker.claim()  # claims, then dies: never runs it, never reports back
    assert gestorven is not None
    ander = Werker(wachtrij, naam="werker-b")
    assert ander.draai_tot_leeg() == 0  # the lease still holds: nobody else takes it
    assert postvak.aan(adres) == []

    with wachtrij() as session, session.begin():  # the lease runs out
        session.execute(update(Taak).values(geclaimd_tot=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert ander.draai_tot_leeg() == 1

    assert len(postvak.aan(adres)) == 1
    [taak] = taken(wachtrij)
    assert (taak.status, taak.pogingen) == (TaakStatus.klaar, 2)
    # The first worker coming back late (a long pause, not a death) finds its claim gone: it sends nothing.
    assert werker.voer_uit(gestorven) is False
    assert len(postvak.aan(adres)) == 1


def test_portfolio_worker_tot_leeg_voert_uit_wat_klaarstaat_en_stopt(
    wachtrij: sessionmaker[Session], postvak: Postvak
) -> None:
    adres = _uniek()
    with wachtrij() as session, session.begin():
        mail.mail_bericht(session, adres, "Via de opdrachtregel", "Door portfolio worker.")

    resultaat = CliRunner().invoke(cli, ["worker", "--tot-leeg"])

    assert resultaat.exit_code == 0, resultaat.output
    # The mail, and today's daily jobs (reminders, clean-ups) the worker planned first.
    assert "taken uitgevoerd." in resultaat.output
    assert len(postvak.aan(adres)) == 1
    assert {t.status for t in taken(wachtrij)} == {TaakStatus.klaar}
