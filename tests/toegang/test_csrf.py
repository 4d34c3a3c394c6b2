"""CSRF: every state-changing browser request echoes its session's token; bearer-token calls are exempt."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiToken, Rol, Sessie
from app.toegang import sessies
from app.toegang.aanvrager import CSRF_COOKIE, CSRF_HEADER
from tests import factories
from tests.factories import WACHTWOORD
from tests.toegang.conftest import formulier_token

CSRF_MELDING = "Het formulier is verlopen of niet van deze site."


@pytest.fixture
def ingelogd(client, db: Session):  # noqa: ANN001, ANN201
    """A student logged in by cookie only: no CSRF header unless a test sends one."""
    student = factories.create_gebruiker(db, Rol.student)
    token, sessie = sessies.start(db, student)
    client.cookies.set(sessies.COOKIE, token)
    return sessie


def sessie_leeft(client, db: Session, sessie: Sessie) -> bool:  # noqa: ANN001
    sessie_id = sessie.id
    db.expire_all()
    bestaat = db.scalar(select(Sessie.id).where(Sessie.id == sessie_id)) is not None
    return bestaat and client.get("/kwalificaties", follow_redirects=False).status_code == 200


# --- ordinary forms -------------------------------------------------------------------------------------------


def test_formulier_zonder_token_wordt_geweigerd_en_de_sessie_blijft(client, db, ingelogd) -> None:  # noqa: ANN001
    response = client.post("/uitloggen", data={}, follow_redirects=False)

    assert response.status_code == 403
    assert CSRF_MELDING in response.text
    assert sessie_leeft(client, db, ingelogd)


def test_formulier_met_een_verkeerd_token_wordt_geweigerd(client, db, ingelogd) -> None:  # noqa: ANN001
    response = client.post("/uitloggen", data={"csrf_token": secrets.token_urlsafe(32)}, follow_redirects=False)

    assert response.status_code == 403
    assert sessie_leeft(client, db, ingelogd)


def test_het_token_van_een_andere_sessie_werkt_niet(client, db, ingelogd) -> None:  # noqa: ANN001
    _, andere = sessies.start(db, factories.create_gebruiker(db, Rol.student))

    response = client.post("/uitloggen", data={"csrf_token": andere.csrf_token}, follow_redirects=False)

    assert response.status_code == 403
    assert sessie_leeft(client, db, ingelogd)


def test_het_anonieme_cookietoken_werkt_niet_voor_een_ingelogde_sessie(client, db, ingelogd) -> None:  # noqa: ANN001
    anoniem = secrets.token_urlsafe(32)
    client.cookies.set(CSRF_COOKIE, anoniem)

    response = client.post("/uitloggen", data={"csrf_token": anoniem}, follow_redirects=False)

    assert response.status_code == 403
    assert sessie_leeft(client, db, ingelogd)


def test_formulier_met_token_werkt(client, db, ingelogd) -> None:  # noqa: ANN001
    response = client.post("/uitloggen", data={"csrf_token": ingelogd.csrf_token}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen"
    assert not sessie_leeft(client, db, ingelogd)


def test_een_api_post_met_sessiecookie_zonder_token_wordt_geweigerd(client, db, ingelogd) -> None:  # noqa: ANN001
    response = client.post("/api/v1/gebruikers", json={"email": "x@example.nl", "naam": "X", "rollen": ["student"]})

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert CSRF_MELDING in response.json()["detail"]


# --- htmx -----------------------------------------------------------------------------------------------------


def test_htmx_post_met_token_in_de_header_werkt(client, db, ingelogd) -> None:  # noqa: ANN001
    headers = {"HX-Request": "true", CSRF_HEADER: ingelogd.csrf_token}

    response = client.post("/uitloggen", headers=headers, follow_redirects=False)

    # htmx gets told where to go instead of a redirect fetch would follow into the target.
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/inloggen"
    assert not sessie_leeft(client, db, ingelogd)


def test_htmx_post_zonder_header_wordt_geweigerd_met_een_melding(client, db, ingelogd) -> None:  # noqa: ANN001
    response = client.post("/uitloggen", headers={"HX-Request": "true"}, follow_redirects=False)

    assert response.status_code == 403
    assert 'role="alert"' in response.text  # the toast fragment, not a whole page
    assert CSRF_MELDING in response.text
    assert "<html" not in response.text
    assert sessie_leeft(client, db, ingelogd)


# --- bearer tokens ----------------------------------------------------------------------------------------------


def test_een_api_aanroep_met_bearer_token_heeft_geen_csrf_token_nodig(client, db: Session) -> None:  # noqa: ANN001
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    token = secrets.token_urlsafe(32)
    db.add(ApiToken(gebruiker_id=beheerder.id, naam="script", token_hash=sessies.token_hash(token), prefix=token[:8]))
    db.flush()
    nieuw = {"email": "nieuw@example.nl", "naam": "Nieuwe Student", "rollen": ["student"], "studentnummer": "S999"}

    response = client.post("/api/v1/gebruikers", json=nieuw, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 201, response.text


def test_een_onbekend_bearer_token_geeft_401(client) -> None:  # noqa: ANN001
    response = client.post("/api/v1/gebruikers", json={}, headers={"Authorization": "Bearer verzonnen"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# --- the login form ---------------------------------------------------------------------------------------------


def test_het_inlogformulier_zonder_token_wordt_geweigerd(client, db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    formulier_token(client)  # the browser has the anonymous cookie, but the form field is missing

    response = client.post("/inloggen", data={"email": persoon.email, "wachtwoord": WACHTWOORD})

    assert response.status_code == 403
    assert CSRF_MELDING in response.text
    assert sessies.COOKIE not in response.cookies


def test_het_inlogformulier_met_een_token_zonder_bijbehorend_cookie_wordt_geweigerd(client, db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    token = formulier_token(client)
    # Another browser (e.g. the attacker's page posting a token it once saw) has a cookie of its own.
    client.cookies.clear()
    client.cookies.set(CSRF_COOKIE, secrets.token_urlsafe(32))

    response = client.post("/inloggen", data={"email": persoon.email, "wachtwoord": WACHTWOORD, "csrf_token": token})

    assert response.status_code == 403


def test_het_inlogformulier_met_token_werkt(client, db) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student)
    data = {"email": persoon.email, "wachtwoord": WACHTWOORD, "csrf_token": formulier_token(client)}

    response = client.post("/inloggen", data=data, follow_redirects=False)

    assert response.status_code == 303
    assert sessies.COOKIE in response.cookies
