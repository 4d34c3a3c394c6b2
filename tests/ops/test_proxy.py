"""X-Forwarded-For counts only from PORTFOLIO_TRUSTED_PROXIES; answers with personal data are never cached."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request

from app.cli import uvicorn_proxy_opties
from app.config import Settings, get_settings
from app.models import AuditRecord, Rol
from app.ops.proxy import client_adres
from tests import factories
from tests.factories import WACHTWOORD
from tests.toegang.conftest import formulier_token


def _verbinding(peer: str, *doorgestuurd: str) -> Request:
    headers = [(b"x-forwarded-for", waarde.encode()) for waarde in doorgestuurd]
    return Request({"type": "http", "client": (peer, 40000), "headers": headers})


@pytest.fixture
def proxies(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    return lambda waarde: monkeypatch.setattr(get_settings(), "trusted_proxies", waarde)


def test_zonder_vertrouwde_proxies_telt_alleen_wie_verbinding_maakt(proxies) -> None:  # noqa: ANN001
    proxies("")

    assert client_adres(_verbinding("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_achter_een_vertrouwde_proxy_telt_het_eerste_adres_van_buiten(proxies) -> None:  # noqa: ANN001
    proxies("10.0.0.0/8, 2001:db8::1")

    assert client_adres(_verbinding("10.0.0.2", "198.51.100.7, 10.0.0.3")) == "198.51.100.7"
    assert client_adres(_verbinding("2001:db8::1", "198.51.100.8")) == "198.51.100.8"
    # What the client itself wrote in front is ignored: the proxy appended the real peer last.
    assert client_adres(_verbinding("10.0.0.2", "1.1.1.1, 198.51.100.7")) == "198.51.100.7"
    assert client_adres(_verbinding("10.0.0.2", "1.1.1.1", "198.51.100.9")) == "198.51.100.9"
    # A peer that is not our proxy cannot choose its address.
    assert client_adres(_verbinding("192.0.2.10", "198.51.100.7")) == "192.0.2.10"
    # Rubbish from a trusted proxy does not become an address.
    assert client_adres(_verbinding("10.0.0.2", "geen-adres")) == "10.0.0.2"


def _ingelogd_vanaf(client, db: Session, doorgestuurd: str) -> str:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    data = {"email": persoon.email, "wachtwoord": WACHTWOORD, "csrf_token": formulier_token(client)}
    antwoord = client.post("/inloggen", data=data, headers={"X-Forwarded-For": doorgestuurd}, follow_redirects=False)
    assert antwoord.status_code == 303
    record = db.scalars(
        select(AuditRecord).where(AuditRecord.actie == "ingelogd", AuditRecord.actor_id == persoon.id)
    ).one()
    return json.loads(record.gegevens)["adres"]


def test_de_inlog_registreert_een_doorgestuurd_adres_alleen_van_een_vertrouwde_proxy(
    client,
    db: Session,
    proxies,  # noqa: ANN001
) -> None:
    proxies("")
    assert _ingelogd_vanaf(client, db, "203.0.113.5") == "testclient"

    client.cookies.clear()
    proxies("*")
    assert _ingelogd_vanaf(client, db, "203.0.113.6") == "203.0.113.6"


def test_portfolio_serve_geeft_uvicorn_dezelfde_proxies() -> None:
    assert uvicorn_proxy_opties("") == {"proxy_headers": False, "forwarded_allow_ips": ""}
    assert uvicorn_proxy_opties("10.0.0.0/8") == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.0/8"}


def test_een_onzinnige_proxy_instelling_wordt_bij_het_starten_geweigerd() -> None:
    with pytest.raises(ValidationError, match="PORTFOLIO_TRUSTED_PROXIES"):
        Settings(trusted_proxies="10.0.0.0/8, proxy.example")


def test_antwoorden_voor_wie_is_ingelogd_worden_niet_bewaard(client, als, student, db: Session) -> None:  # noqa: ANN001
    token = factories.create_api_token(db, student)
    assert "no-store" not in client.get("/inloggen").headers.get("cache-control", "")
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")

    assert client.get("/api/v1/ik", headers={"Authorization": f"Bearer {token}"}).headers["cache-control"] == "no-store"
    als(student)
    assert client.get("/portfolio").headers["cache-control"] == "no-store"
    assert client.get("/api/v1/ik").headers["cache-control"] == "no-store"
