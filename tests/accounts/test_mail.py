"""Links go out by e-mail over STARTTLS when SMTP is configured, to the console in development, nowhere in tests."""

from __future__ import annotations

import smtplib

import pytest

from app.accounts import mail
from app.config import get_settings
from app.models import LinkDoel

LINK = "http://127.0.0.1:8000/activeren/abc"


class NepSmtp:
    verstuurd: list = []

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.stappen = host, port, []

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


@pytest.fixture
def met_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    instellingen = get_settings().model_copy(
        update={"smtp_host": "smtp.example.nl", "smtp_gebruiker": "portfolio", "smtp_wachtwoord": "geheim"}
    )
    monkeypatch.setattr(mail, "get_settings", lambda: instellingen)
    monkeypatch.setattr(mail.smtplib, "SMTP", NepSmtp)
    NepSmtp.verstuurd = []


def test_met_smtp_gaat_de_link_over_starttls_naar_de_persoon(met_smtp: None) -> None:
    assert mail.mailt_links()
    assert mail.verstuur_link("nina@example.nl", "Nina", LinkDoel.activatie, LINK) is True
    [(host, port, stappen, bericht)] = NepSmtp.verstuurd
    assert (host, port) == ("smtp.example.nl", 587)
    assert stappen == ["starttls", "login portfolio"]
    assert bericht["To"] == "nina@example.nl"
    assert bericht["Subject"] == "Je account voor het Leeruitkomstportfolio"
    assert LINK in bericht.get_content() and "Beste Nina" in bericht.get_content()


def test_een_mailfout_wordt_gelogd_en_niet_doorgegeven(met_smtp: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def kapot(*_args: object, **_kwargs: object) -> None:
        raise smtplib.SMTPConnectError(421, "weg")

    monkeypatch.setattr(mail.smtplib, "SMTP", kapot)
    assert mail.verstuur_link("nina@example.nl", "Nina", LinkDoel.reset, LINK) is False


def test_in_development_komt_de_link_op_de_console(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    instellingen = get_settings().model_copy(update={"environment": "development", "smtp_host": ""})
    monkeypatch.setattr(mail, "get_settings", lambda: instellingen)
    assert mail.verstuur_link("nina@example.nl", "Nina", LinkDoel.activatie, LINK) is False
    assert LINK in capsys.readouterr().out


def test_in_de_tests_wordt_niets_verstuurd_of_getoond(capsys) -> None:  # noqa: ANN001
    assert not mail.mailt_links()
    assert mail.verstuur_link("nina@example.nl", "Nina", LinkDoel.activatie, LINK) is False
    assert LINK not in capsys.readouterr().out
