"""The login throttle holds when the wrong passwords arrive all at once, not only one after another."""

from __future__ import annotations

import secrets
import threading

import httpx
import pytest

from app.accounts import wachtwoorden
from app.config import get_settings
from app.models import Rol
from tests.conftest import EchteApp
from tests.gelijktijdig import tegelijk


@pytest.fixture
def controles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the live server actually hashed to compare (throttled attempts are not checked)."""
    gezien: list[str] = []
    lock = threading.Lock()
    echte_controle = wachtwoorden.controleer

    def tellend(wachtwoord: str, opgeslagen: str | None) -> tuple[bool, str | None]:
        with lock:
            gezien.append(wachtwoord)
        return echte_controle(wachtwoord, opgeslagen)

    monkeypatch.setattr(wachtwoorden, "controleer", tellend)
    return gezien


def _inlogpoging(echte_app: EchteApp, email: str, wachtwoord: str) -> httpx.Response:
    client = echte_app.client()
    csrf = secrets.token_urlsafe(16)
    client.cookies.set("portfolio_csrf", csrf)
    return client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord, "csrf_token": csrf})


def test_dertig_foute_wachtwoorden_tegelijk_worden_hoogstens_het_maximum_keer_gecontroleerd(
    echte_app: EchteApp, controles: list[str]
) -> None:
    student = echte_app.persoon(Rol.student)
    maximum = get_settings().inlog_max_per_account

    antwoorden = tegelijk(
        *[lambda n=n: _inlogpoging(echte_app, student.email, f"fout-wachtwoord-{n}") for n in range(30)]
    )

    assert len(controles) <= maximum
    assert sum(a.status_code == 400 for a in antwoorden) <= maximum
    assert {a.status_code for a in antwoorden} <= {400, 429}
    assert sum(a.status_code == 429 for a in antwoorden) >= 30 - maximum
    assert "Te veel mislukte pogingen" in next(a for a in antwoorden if a.status_code == 429).text


def test_foute_wachtwoorden_voor_veel_accounts_tegelijk_worden_allemaal_geteld_voor_het_adres(
    echte_app: EchteApp, controles: list[str]
) -> None:
    from app.accounts import service

    antwoorden = tegelijk(
        *[lambda n=n: _inlogpoging(echte_app, f"{secrets.token_hex(4)}-{n}@onbekend.nl", "x") for n in range(20)]
    )

    assert [a.status_code for a in antwoorden] == [400] * 20
    assert len(controles) == 20  # each checked (bounded by the pool), none refused unseen
    with echte_app.sessie() as session:
        assert service.vertraging_voor_adres(session, "127.0.0.1") > 0  # the next attempt from here waits


def test_25_goede_logins_tegelijk_vanaf_een_adres_komen_allemaal_binnen(
    echte_app: EchteApp, controles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.factories import WACHTWOORD

    # A class behind one NAT arrives at once: attempts in flight never count against the address.
    monkeypatch.setattr(get_settings(), "inlog_vertragen_vanaf", 3)
    studenten = [echte_app.persoon(Rol.student) for _ in range(25)]

    antwoorden = tegelijk(*[lambda s=s: _inlogpoging(echte_app, s.email, WACHTWOORD) for s in studenten])

    assert [a.status_code for a in antwoorden] == [303] * 25


def test_na_een_mislukte_race_logt_de_student_met_het_goede_wachtwoord_gewoon_in(
    echte_app: EchteApp, controles: list[str]
) -> None:
    from tests.factories import WACHTWOORD

    student = echte_app.persoon(Rol.student)
    antwoorden = tegelijk(*[lambda: _inlogpoging(echte_app, student.email, WACHTWOORD) for _ in range(3)])

    assert [a.status_code for a in antwoorden] == [303, 303, 303]
    assert len(controles) == 3
