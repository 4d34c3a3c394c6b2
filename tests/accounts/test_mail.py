"""Mail is a job: enqueued with the change, sent by a worker over STARTTLS, TLS or (to loopback only) plain SMTP."""

from __future__ import annotations

import smtplib

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import mail
from app.config import Settings, get_settings
from app.models import LinkDoel, Taak

LINK = "http://127.0.0.1:8000/activeren/abc"


class NepSmtp:
    verstuurd: list = []

    def __init__(self, host: str, port: int, timeout: float, context: object = None) -> None:
        self.host, self.port, self.stappen = host, port, ["tls"] if context is not None else []

    def __enter__(self) -> NepSmtp:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def starttls(self, context: object) -> None:
        self.stappen.append("starttls")

    def login(self, gebruiker: str, wachtwoord: str) -> None:
        self.stappen.append(f"login {gebruiker}")

    def send_message(self, bericht: object) -> None:
        NepSmtp.verstuurd.append((self.host, self.port, list(self.stappen), bericht))


def _met_smtp(monkeypatch: pytest.MonkeyPatch, **anders: object) -> None:
    instellingen = get_settings().model_copy(
        update={"smtp_host": "smtp.example.nl", "smtp_gebruiker": "portfolio", "smtp_wachtwoord": "geheim", **anders}
    )
    monkeypatch.setattr(mail, "get_settings", lambda: instellingen)
    monkeypatch.setattr(mail.smtplib, "SMTP", NepSmtp)
    monkeypatch.setattr(mail.smtplib, "SMTP_SSL", NepSmtp)
    NepSmtp.verstuurd = []


def _mailtaken(db: Session) -> list[Taak]:
    return list(db.scalars(select(Taak).where(Taak.naam == mail.MAILTAAK)))


def test_met_smtp_wordt_de_link_een_mailtaak_die_over_starttls_naar_de_persoon_gaat(
    monkeypatch: pytest.MonkeyPatch, db: Session
) -> None:
    _met_smtp(monkeypatch)
    assert mail.mail_link(db, "nina@example.nl", "Nina", LinkDoel.activatie, LINK) is True
    [taak] = _mailtaken(db)
    assert NepSmtp.verstuurd == []  # nothing is sent inside the transaction

    mail.mail_taak(db, **taak.argumenten)

    [(host, port, stappen, bericht)] = NepSmtp.verstuurd
    assert (host, port) == ("smtp.example.nl", 587)
    assert stappen == ["starttls", "login portfolio"]
    assert bericht["To"] == "nina@example.nl"
    assert bericht["Subject"] == "Je account voor het Leeruitkomstportfolio"
    assert LINK in bericht.get_content() and "Beste Nina" in bericht.get_content()


def test_met_tls_is_de_verbinding_versleuteld_vanaf_het_eerste_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    _met_smtp(monkeypatch, smtp_beveiliging="tls", smtp_port=465)
    mail.verstuur(mail.bericht("nina@example.nl", "Onderwerp", "Tekst"))
    [(_host, port, stappen, _bericht)] = NepSmtp.verstuurd
    assert (port, stappen) == (465, ["tls", "login portfolio"])


def test_zonder_beveiliging_gaat_de_mail_onversleuteld_naar_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    _met_smtp(monkeypatch, smtp_beveiliging="geen", smtp_host="127.0.0.1", smtp_port=25, smtp_gebruiker="")
    mail.verstuur(mail.bericht("nina@example.nl", "Onderwerp", "Tekst"))
    [(host, _port, stappen, _bericht)] = NepSmtp.verstuurd
    assert (host, stappen) == ("127.0.0.1", [])


@pytest.mark.parametrize("host", ["smtp.example.nl", "10.0.0.5", "localhost.example.nl"])
def test_onversleuteld_naar_een_andere_machine_is_een_configuratiefout(host: str) -> None:
    with pytest.raises(ValidationError, match="PORTFOLIO_SMTP_BEVEILIGING=geen .* mag alleen naar een mailserver op"):
        Settings(smtp_host=host, smtp_beveiliging="geen", secret_key="s" * 40)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "::1"])
def test_onversleuteld_naar_loopback_mag(host: str) -> None:
    assert Settings(smtp_host=host, smtp_beveiliging="geen", secret_key="s" * 40).smtp_beveiliging == "geen"


def test_een_mailfout_laat_de_taak_mislukken_zodat_ze_opnieuw_wordt_geprobeerd(monkeypatch: pytest.MonkeyPatch) -> None:
    _met_smtp(monkeypatch)

    def kapot(*_args: object, **_kwargs: object) -> None:
        raise smtplib.SMTPConnectError(421, "weg")

    monkeypatch.setattr(mail.smtplib, "SMTP", kapot)
    with pytest.raises(smtplib.SMTPConnectError):
        mail.mail_taak(None, "nina@example.nl", "Onderwerp", "Tekst")


def test_in_development_komt_de_link_op_de_console(monkeypatch: pytest.MonkeyPatch, capsys, db: Session) -> None:  # noqa: ANN001
    instellingen = get_settings().model_copy(update={"environment": "development", "smtp_host": ""})
    monkeypatch.setattr(mail, "get_settings", lambda: instellingen)
    assert mail.mail_link(db, "nina@example.nl", "Nina", LinkDoel.activatie, LINK) is False
    assert LINK in capsys.readouterr().out
    assert _mailtaken(db) == []


def test_in_de_tests_wordt_niets_verstuurd_of_getoond(capsys, db: Session) -> None:  # noqa: ANN001
    assert not mail.mailt_links()
    assert mail.mail_link(db, "nina@example.nl", "Nina", LinkDoel.activatie, LINK) is False
    assert LINK not in capsys.readouterr().out
    assert _mailtaken(db) == []
