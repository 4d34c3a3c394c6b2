"""Everyone logged in has /account: their details, their password and their personal API tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.accounts import service
from app.models import ApiToken, Rol
from app.toegang import sessies
from tests import factories
from tests.accounts.helpers import STERK, api_token, audit, sessies_van, token_uit


def test_de_accountpagina_toont_naam_e_mailadres_en_rollen(als, praktijkbegeleider) -> None:
    antwoord = als(praktijkbegeleider).get("/account")
    assert antwoord.status_code == 200
    assert "Pieter Praktijkbegeleider" in antwoord.text
    assert praktijkbegeleider.email in antwoord.text
    assert "Praktijkbegeleider" in antwoord.text
    assert "Wachtwoord wijzigen" in antwoord.text and "Persoonlijke API-tokens" in antwoord.text


def test_wie_niet_is_ingelogd_heeft_geen_accountpagina(client) -> None:
    antwoord = client.get("/account", follow_redirects=False)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"].startswith("/inloggen")


def _wijzig(client, huidig: str = factories.WACHTWOORD, nieuw: str = STERK, herhaling: str | None = None):  # noqa: ANN001, ANN202
    data = {"huidig": huidig, "nieuw": nieuw, "herhaling": nieuw if herhaling is None else herhaling}
    return client.post("/account/wachtwoord", data=data, follow_redirects=False)


def test_wachtwoord_wijzigen_beeindigt_de_andere_sessies_maar_niet_deze(als, student, db) -> None:
    client = als(student)
    sessies.start(db, student)
    sessies.start(db, student)
    antwoord = _wijzig(client)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/account?melding=wachtwoord_gewijzigd"
    assert len(sessies_van(db, student.id)) == 1  # this one
    pagina = client.get(antwoord.headers["location"])
    assert pagina.status_code == 200 and "Je wachtwoord is gewijzigd" in pagina.text
    db.expire_all()
    assert service.inloggen(db, student.email, STERK, "test")
    assert audit(db, "wachtwoord_gewijzigd", student.id)[0]["actor_id"] == student.id


def test_een_verkeerd_huidig_wachtwoord_wordt_geweigerd(als, student, db) -> None:
    oude_hash = student.wachtwoord_hash
    antwoord = _wijzig(als(student), huidig="fout-fout-fout-fout")
    assert antwoord.status_code == 422
    assert "Je huidige wachtwoord klopt niet." in antwoord.text
    db.refresh(student)
    assert student.wachtwoord_hash == oude_hash


def test_een_zwak_nieuw_wachtwoord_wordt_met_redenen_geweigerd(als, student, db) -> None:
    sessies.start(db, student)
    antwoord = _wijzig(als(student), nieuw="123456789012")
    assert antwoord.status_code == 422
    assert "veelgebruikte wachtwoorden" in antwoord.text
    assert len(sessies_van(db, student.id)) == 2  # nothing happened
    antwoord = _wijzig(als(student), nieuw=f"mijn-{student.email.split('@')[0]}-wachtwoord")
    assert "Het wachtwoord mag je naam of e-mailadres niet bevatten." in antwoord.text
    antwoord = _wijzig(als(student), herhaling="iets-anders-dan-nieuw")
    assert "De twee wachtwoorden zijn niet gelijk." in antwoord.text
    antwoord = _wijzig(als(student), nieuw=factories.WACHTWOORD)
    assert "Kies een ander wachtwoord dan je huidige." in antwoord.text


def test_een_sessieformulier_zonder_csrf_token_wordt_geweigerd(als, student, db) -> None:
    client = als(student)
    del client.headers["X-CSRF-Token"]
    assert _wijzig(client).status_code == 403
    assert client.post("/account/tokens", data={"naam": "x"}).status_code == 403
    assert db.scalars(select(ApiToken).where(ApiToken.gebruiker_id == student.id)).all() == []


def test_een_nieuw_token_werkt_voor_de_api_en_alleen_de_hash_wordt_bewaard(als, app, student, db) -> None:
    antwoord = als(student).post("/account/tokens", data={"naam": "Rapportage-script"})
    assert antwoord.status_code == 201
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert "het wordt niet opnieuw getoond" in antwoord.text
    token = token_uit(antwoord.text)
    opgeslagen = api_token(db, token)
    assert opgeslagen is not None and opgeslagen.gebruiker_id == student.id
    assert opgeslagen.prefix == token[:8] and opgeslagen.naam == "Rapportage-script"
    kolommen = [str(getattr(opgeslagen, c.key)) for c in ApiToken.__table__.columns]
    assert not any(token in waarde for waarde in kolommen)
    assert opgeslagen.laatst_gebruikt_op is None
    assert audit(db, "token_aangemaakt", opgeslagen.id)[0]["actor_id"] == student.id

    with TestClient(app) as script:
        ik = script.get("/api/v1/ik", headers={"Authorization": f"Bearer {token}"})
    assert ik.status_code == 200
    assert ik.json() == {"id": student.id, "email": student.email, "naam": "Sanne Student", "rollen": ["student"]}
    assert api_token(db, token).laatst_gebruikt_op is not None
    assert token not in als(student).get("/account").text  # shown once


def test_de_tokenlijst_toont_naam_prefix_en_gebruik(als, student, db) -> None:
    nieuw = service.maak_token(db, student, "Koppeling SIS")
    pagina = als(student).get("/account")
    assert "Koppeling SIS" in pagina.text
    assert nieuw.api_token.prefix in pagina.text
    assert "nog niet" in pagina.text


def test_token_aanmaken_met_htmx_geeft_alleen_het_tokendeel(als, student) -> None:
    antwoord = als(student).post("/account/tokens", data={"naam": "Via htmx"}, headers={"HX-Request": "true"})
    assert antwoord.status_code == 201
    assert antwoord.text.lstrip().startswith('<section id="tokens"')
    assert "<html" not in antwoord.text
    assert token_uit(antwoord.text).startswith("pf_")


def test_een_token_zonder_naam_wordt_geweigerd(als, student, db) -> None:
    antwoord = als(student).post("/account/tokens", data={"naam": "  "}, headers={"HX-Request": "true"})
    assert antwoord.status_code == 422
    assert "Geef het token een naam" in antwoord.text
    assert db.scalars(select(ApiToken).where(ApiToken.gebruiker_id == student.id)).all() == []


def test_een_ingetrokken_token_geeft_401_problem_json(als, app, student, db) -> None:
    nieuw = service.maak_token(db, student, "Oud script")
    antwoord = als(student).post(f"/account/tokens/{nieuw.api_token.id}/intrekken", headers={"HX-Request": "true"})
    assert antwoord.status_code == 200
    assert "<html" not in antwoord.text and "ingetrokken" in antwoord.text
    assert api_token(db, nieuw.token).ingetrokken_op is not None
    assert audit(db, "token_ingetrokken", nieuw.api_token.id)[0]["actor_id"] == student.id

    with TestClient(app) as script:
        geweigerd = script.get("/api/v1/ik", headers={"Authorization": f"Bearer {nieuw.token}"})
    assert geweigerd.status_code == 401
    assert geweigerd.headers["content-type"].startswith("application/problem+json")
    assert geweigerd.json()["title"] == "Niet ingelogd"


def test_intrekken_werkt_ook_zonder_javascript(als, student, db) -> None:
    nieuw = service.maak_token(db, student, "Zonder JS")
    antwoord = als(student).post(f"/account/tokens/{nieuw.api_token.id}/intrekken", follow_redirects=False)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/account?melding=token_ingetrokken#tokens"
    assert api_token(db, nieuw.token).ingetrokken_op is not None
    pagina = als(student).get("/account?melding=token_ingetrokken")
    assert pagina.text.count("Het token is ingetrokken en werkt niet meer.") == 1


def test_het_token_van_een_ander_intrekken_geeft_404(als, student, andere_student, db) -> None:
    van_een_ander = service.maak_token(db, andere_student, "Niet van jou")
    antwoord = als(student).post(f"/account/tokens/{van_een_ander.api_token.id}/intrekken")
    assert antwoord.status_code == 404
    assert api_token(db, van_een_ander.token).ingetrokken_op is None


def test_het_token_van_een_gedeactiveerde_gebruiker_werkt_niet(app, beheerder, db) -> None:
    persoon = factories.create_gebruiker(db, Rol.praktijkbegeleider)
    nieuw = service.maak_token(db, persoon, "Script")
    service.deactiveer(db, beheerder, persoon.id)
    with TestClient(app) as script:
        assert script.get("/api/v1/ik", headers={"Authorization": f"Bearer {nieuw.token}"}).status_code == 401
