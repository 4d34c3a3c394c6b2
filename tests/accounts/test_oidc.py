"""Signing in through an OpenID Connect provider on loopback (oidc-provider-mock, and a provider of our own)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import func, select

from app.models import Gebruiker, OidcAanvraag, OidcKoppeling, Rol
from tests import factories
from tests.accounts import oidc_helpers as h
from tests.accounts.helpers import anonieme_csrf, audit


@pytest.fixture(scope="module")
def mock_issuer() -> Iterator[str]:
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def mock(monkeypatch, mock_issuer: str) -> str:  # noqa: ANN001
    h.zet_aan(monkeypatch, mock_issuer)
    return mock_issuer


@pytest.fixture
def nep(monkeypatch) -> Iterator[h.NepAanbieder]:  # noqa: ANN001
    with h.nep_aanbieder() as aanbieder:
        h.zet_aan(monkeypatch, aanbieder.url)
        yield aanbieder


def _aanmelden(client, issuer: str, sub: str, volgende: str = "/"):  # noqa: ANN001, ANN202
    authorize = h.begin(client, volgende)
    return client.get(h.terug_pad(h.kies_bij_mock(authorize, sub)), follow_redirects=False)


def test_login_page_shows_the_button_only_when_an_issuer_is_set(client, mock) -> None:  # noqa: ANN001
    pagina = client.get("/inloggen?volgende=/account")
    assert "Inloggen met SURFconext" in pagina.text
    assert 'href="/inloggen/oidc?volgende=%2Faccount"' in pagina.text


def test_without_issuer_there_is_no_button_and_no_route(client) -> None:  # noqa: ANN001
    assert "oidc-inloggen" not in client.get("/inloggen").text
    assert client.get("/inloggen/oidc", follow_redirects=False).status_code == 404


def test_first_sign_in_links_by_verified_email_then_sub_finds_it_after_the_email_changed(client, db, mock) -> None:  # noqa: ANN001
    student = factories.create_gebruiker(db, Rol.student, email="sanne@school.nl")
    h.zet_gebruiker(mock, "sub-sanne", email="sanne@school.nl", email_verified=True)

    antwoord = _aanmelden(client, mock, "sub-sanne", "/account")
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/account"
    assert "Sanne" in client.get("/account").text or client.get("/account").status_code == 200
    koppeling = db.scalar(select(OidcKoppeling).where(OidcKoppeling.sub == "sub-sanne"))
    assert koppeling.gebruiker_id == student.id and koppeling.issuer == mock
    assert audit(db, "oidc_gekoppeld", student.id)

    # The provider now gives another e-mail: the link by sub still opens the same account, its e-mail stays.
    client.cookies.clear()
    h.zet_gebruiker(mock, "sub-sanne", email="s.devries@elders.nl", email_verified=True)
    antwoord = _aanmelden(client, mock, "sub-sanne")
    assert antwoord.status_code == 303
    assert client.get("/account").status_code == 200
    db.expire_all()
    assert db.get(Gebruiker, student.id).email == "sanne@school.nl"
    assert [r for r in audit(db, "ingelogd", student.id) if r.get("via") == "oidc"]


def test_the_app_sends_pkce_s256_and_the_matching_verifier(client, db, nep) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="pkce@school.nl")
    nep.claims = {"sub": "pkce", "email": "pkce@school.nl", "email_verified": True}
    authorize = h.begin(client)
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["response_type"] == ["code"] and query["client_id"] == ["portfolio-test"]
    assert query["redirect_uri"] == ["http://testserver/inloggen/oidc/terug"]
    assert query["scope"] == ["openid email profile"]
    assert client.get(nep.code_voor(authorize), follow_redirects=False).status_code == 303
    assert h.challenge(nep.verifiers[-1]) == query["code_challenge"][0]


def test_email_not_verified_is_refused_and_not_logged_in(client, db, mock) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student, email="onbevestigd@school.nl")
    h.zet_gebruiker(mock, "sub-onbevestigd", email="onbevestigd@school.nl", email_verified=False)
    antwoord = _aanmelden(client, mock, "sub-onbevestigd")
    assert antwoord.status_code == 403
    assert "niet als bevestigd" in antwoord.text
    assert client.get("/account", follow_redirects=False).status_code == 303  # to the login page
    gekoppeld = select(func.count()).select_from(OidcKoppeling).where(OidcKoppeling.gebruiker_id == persoon.id)
    assert db.scalar(gekoppeld) == 0
    assert [r for r in audit(db, "oidc_geweigerd") if r["reden"] == "email_niet_bevestigd"]


def test_without_the_claim_the_email_counts_only_when_trusted(client, db, mock, monkeypatch) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.praktijkbegeleider, email="entra@politie.nl")
    h.zet_gebruiker(mock, "sub-entra", email="entra@politie.nl")
    assert _aanmelden(client, mock, "sub-entra").status_code == 403
    monkeypatch.setattr(h.get_settings(), "oidc_email_vertrouwd", True)
    assert _aanmelden(client, mock, "sub-entra").status_code == 303


def test_an_unknown_person_is_refused_and_nothing_is_created(client, db, mock) -> None:  # noqa: ANN001
    voor = db.scalar(select(func.count()).select_from(Gebruiker))
    h.zet_gebruiker(mock, "sub-onbekend", email="onbekend@school.nl", email_verified=True)
    antwoord = _aanmelden(client, mock, "sub-onbekend")
    assert antwoord.status_code == 403
    assert "Er is geen account voor onbekend@school.nl; vraag de beheerder" in antwoord.text
    assert db.scalar(select(func.count()).select_from(Gebruiker)) == voor


def test_aanmaken_creates_an_account_with_that_role(client, db, mock, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(h.get_settings(), "oidc_aanmaken", "student")
    h.zet_gebruiker(mock, "sub-nieuw", email="nieuw@school.nl", email_verified=True, name="Nina Nieuw")
    assert _aanmelden(client, mock, "sub-nieuw").status_code == 303
    nieuw = db.scalar(select(Gebruiker).where(Gebruiker.email == "nieuw@school.nl"))
    assert nieuw.naam == "Nina Nieuw" and nieuw.rollen == {Rol.student}


def test_a_replayed_code_is_refused(client, db, mock) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="replay@school.nl")
    h.zet_gebruiker(mock, "sub-replay", email="replay@school.nl", email_verified=True)
    terug = h.kies_bij_mock(h.begin(client), "sub-replay")
    code = parse_qs(urlparse(terug).query)["code"][0]
    assert client.get(h.terug_pad(terug), follow_redirects=False).status_code == 303
    # Same code again, with a fresh state of this browser: the provider refuses the used code.
    client.cookies.clear()
    authorize = h.begin(client)
    state = parse_qs(urlparse(authorize).query)["state"][0]
    antwoord = client.get("/inloggen/oidc/terug", params={"code": code, "state": state}, follow_redirects=False)
    assert antwoord.status_code == 400
    assert "niet geaccepteerd" in antwoord.text
    assert [r for r in audit(db, "oidc_geweigerd") if r["reden"] == "code_geweigerd"]


def test_tampered_state_is_refused(client, db, mock) -> None:  # noqa: ANN001
    h.zet_gebruiker(mock, "sub-state", email="state@school.nl", email_verified=True)
    terug = h.kies_bij_mock(h.begin(client), "sub-state")
    query = parse_qs(urlparse(terug).query)
    params = {"code": query["code"][0], "state": query["state"][0] + "x"}
    antwoord = client.get("/inloggen/oidc/terug", params=params, follow_redirects=False)
    assert antwoord.status_code == 400
    assert "hoort niet bij jouw inlogpoging" in antwoord.text
    assert [r for r in audit(db, "oidc_geweigerd") if r["reden"] == "state"]


def test_the_state_works_once(client, db, nep) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="eenmaal@school.nl")
    nep.claims = {"sub": "eenmaal", "email": "eenmaal@school.nl", "email_verified": True}
    authorize = h.begin(client)
    terug = nep.code_voor(authorize)
    cookie = client.cookies.get("portfolio_oidc_state")
    assert client.get(terug, follow_redirects=False).status_code == 303
    client.cookies.set("portfolio_oidc_state", cookie, path="/inloggen/oidc")
    antwoord = client.get(terug, follow_redirects=False)
    assert antwoord.status_code == 400 and "verlopen of al gebruikt" in antwoord.text
    assert db.scalar(select(func.count()).select_from(OidcAanvraag)) == 0


@pytest.mark.parametrize(
    ("bederf", "omschrijving"),
    [
        ({"nonce": "een-andere-nonce"}, "wrong nonce"),
        ({"aud": "een-andere-applicatie"}, "wrong audience"),
        ({"exp": 1_000_000_000, "iat": 999_999_000}, "expired"),
        ({"iss": "https://elders.example"}, "wrong issuer"),
        ({"iat": None}, "no iat"),
    ],
)
def test_a_spoiled_id_token_is_refused_and_audited(client, db, nep, bederf, omschrijving) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="bederf@school.nl")
    nep.claims = {"sub": "bederf", "email": "bederf@school.nl", "email_verified": True}
    nep.wijzig = {k: v for k, v in bederf.items() if v is not None}
    if bederf.get("iat", 0) is None:
        nep.claims["iat"] = None
    antwoord = client.get(nep.code_voor(h.begin(client)), follow_redirects=False)
    assert antwoord.status_code == 400, omschrijving
    assert "Het identiteitsbewijs van de inlogdienst is niet geldig" in antwoord.text
    assert "portfolio_sessie" not in antwoord.headers.get("set-cookie", "")
    assert [r for r in audit(db, "oidc_geweigerd") if r["reden"] == "id_token_ongeldig"]


def test_a_token_signed_by_another_key_is_refused(client, db, nep) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="sleutel@school.nl")
    nep.claims = {"sub": "sleutel", "email": "sleutel@school.nl", "email_verified": True}
    # Same key id as the published key, but another key: the signature does not verify.
    nep.sleutel = h.RSAKey.generate_key(2048, parameters={"kid": "a"})
    antwoord = client.get(nep.code_voor(h.begin(client)), follow_redirects=False)
    assert antwoord.status_code == 400
    assert [r for r in audit(db, "oidc_geweigerd") if r["reden"] == "id_token_ongeldig"]


def test_a_rotated_key_is_fetched_again(client, db, nep) -> None:  # noqa: ANN001
    factories.create_gebruiker(db, Rol.student, email="rotatie@school.nl")
    nep.claims = {"sub": "rotatie", "email": "rotatie@school.nl", "email_verified": True}
    assert client.get(nep.code_voor(h.begin(client)), follow_redirects=False).status_code == 303
    opgehaald = nep.jwks_opgehaald
    nieuw = h.RSAKey.generate_key(2048, parameters={"kid": "b"})
    nep.sleutel, nep.gepubliceerd = nieuw, [nieuw]
    client.cookies.clear()
    assert client.get(nep.code_voor(h.begin(client)), follow_redirects=False).status_code == 303
    assert nep.jwks_opgehaald == opgehaald + 1


def test_verplicht_blocks_a_students_password_login(client, db, mock, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(h.get_settings(), "oidc_verplicht", "student")
    student = factories.create_gebruiker(db, Rol.student, email="verplicht@school.nl")
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, email="extern@bureau.nl")
    csrf = anonieme_csrf(client, "/inloggen")
    antwoord = client.post(
        "/inloggen",
        data={"email": student.email, "wachtwoord": factories.WACHTWOORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert antwoord.status_code == 400
    assert "Inloggen met SURFconext" in antwoord.text
    assert client.get("/account", follow_redirects=False).status_code == 303
    antwoord = client.post(
        "/inloggen",
        data={"email": begeleider.email, "wachtwoord": factories.WACHTWOORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert antwoord.status_code == 303


def test_the_beheerder_sees_and_removes_the_link(client, db, mock) -> None:  # noqa: ANN001
    persoon = factories.create_gebruiker(db, Rol.student, email="beheer@school.nl")
    h.zet_gebruiker(mock, "sub-beheer", email="beheer@school.nl", email_verified=True)
    assert _aanmelden(client, mock, "sub-beheer").status_code == 303
    client.cookies.clear()
    beheerder = factories.create_gebruiker(db, Rol.beheerder)
    factories.login(client, db, beheerder)
    pagina = client.get(f"/beheer/gebruikers/{persoon.id}")
    assert "sub-beheer" in pagina.text
    koppeling = db.scalar(select(OidcKoppeling).where(OidcKoppeling.sub == "sub-beheer"))
    antwoord = client.post(f"/beheer/gebruikers/{persoon.id}/oidc/{koppeling.id}/verwijderen", follow_redirects=False)
    assert antwoord.status_code == 303
    assert "sub-beheer" not in client.get(f"/beheer/gebruikers/{persoon.id}").text
    assert audit(db, "oidc_koppeling_verwijderd", persoon.id)


def test_provider_unreachable_is_a_dutch_page_not_a_500(client, monkeypatch) -> None:  # noqa: ANN001
    h.zet_aan(monkeypatch, "http://127.0.0.1:9")
    antwoord = client.get("/inloggen/oidc", follow_redirects=False)
    assert antwoord.status_code == 503
    assert "niet bereikbaar" in antwoord.text
