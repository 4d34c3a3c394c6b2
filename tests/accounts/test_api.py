"""/api/v1/ik for everyone logged in; /api/v1/gebruikers for the beheerder only (API.md)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.accounts import service
from app.models import Gebruiker, Rol
from tests import factories
from tests.accounts.helpers import audit, pad

PROBLEM = "application/problem+json"


def test_ik_geeft_wie_er_via_de_sessie_is_ingelogd(als, examencommissielid) -> None:
    antwoord = als(examencommissielid).get("/api/v1/ik")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "id": examencommissielid.id,
        "email": examencommissielid.email,
        "naam": "Eva Examencommissie",
        "rollen": ["examencommissie"],
    }


def test_ik_zonder_inloggen_geeft_401_problem_json(client) -> None:
    antwoord = client.get("/api/v1/ik")
    assert antwoord.status_code == 401
    assert antwoord.headers["content-type"].startswith(PROBLEM)
    assert antwoord.headers["WWW-Authenticate"].startswith("Bearer")


def test_een_onbekend_token_geeft_401(client) -> None:
    antwoord = client.get("/api/v1/ik", headers={"Authorization": "Bearer pf_bestaat-niet"})
    assert antwoord.status_code == 401
    assert antwoord.json()["detail"] == "Log in om verder te gaan."


def test_de_beheerder_krijgt_alle_gebruikers_met_rollen_en_status(als, beheerder, student, db) -> None:
    weg = factories.create_gebruiker(db, Rol.praktijkbegeleider, Rol.examencommissie, actief=False)
    antwoord = als(beheerder).get("/api/v1/gebruikers")
    assert antwoord.status_code == 200
    per_id = {g["id"]: g for g in antwoord.json()}
    assert per_id[student.id] == {
        "id": student.id,
        "email": student.email,
        "naam": "Sanne Student",
        "rollen": ["student"],
        "actief": True,
    }
    assert per_id[weg.id]["rollen"] == ["praktijkbegeleider", "examencommissie"]
    assert per_id[weg.id]["actief"] is False


@pytest.mark.parametrize("persona", ["student", "praktijkbegeleider", "examencommissielid"])
def test_gebruikers_geeft_404_aan_wie_geen_beheerder_is(als, persona, request) -> None:
    client = als(request.getfixturevalue(persona))
    lijst = client.get("/api/v1/gebruikers")
    assert lijst.status_code == 404
    assert lijst.headers["content-type"].startswith(PROBLEM)
    aanmaken = client.post("/api/v1/gebruikers", json={"email": "x@example.nl", "naam": "X", "rollen": ["beheerder"]})
    assert aanmaken.status_code == 404


def test_gebruikers_zonder_inloggen_geeft_401(client) -> None:
    assert client.get("/api/v1/gebruikers").status_code == 401
    antwoord = client.post("/api/v1/gebruikers", json={"email": "x@example.nl", "naam": "X", "rollen": ["student"]})
    assert antwoord.status_code in (401, 403)  # no session: the CSRF check or the login check refuses


def test_de_beheerder_maakt_via_de_api_een_gebruiker_met_activatielink(als, client, beheerder, db) -> None:
    antwoord = als(beheerder).post(
        "/api/v1/gebruikers",
        json={"email": "API.Nieuw@Example.nl", "naam": "Api Nieuw", "rollen": ["student"], "studentnummer": "A-1"},
    )
    assert antwoord.status_code == 201
    body = antwoord.json()
    assert set(body) == {"id", "email", "naam", "rollen", "actief", "studentnummer", "activatielink"}
    assert body["email"] == "api.nieuw@example.nl" and body["rollen"] == ["student"] and body["actief"] is True
    assert body["studentnummer"] == "A-1"
    assert "/activeren/" in body["activatielink"]
    assert client.get(pad(body["activatielink"])).status_code == 200
    assert audit(db, "gebruiker_aangemaakt", body["id"])[0]["via"] == "api"


def test_een_bearer_token_van_de_beheerder_heeft_geen_csrf_token_nodig(app, beheerder, db) -> None:
    token = service.maak_token(db, beheerder, "SIS-koppeling").token
    with TestClient(app) as sis:
        antwoord = sis.post(
            "/api/v1/gebruikers",
            json={"email": "uit-sis@example.nl", "naam": "Uit Sis", "rollen": ["student"]},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert antwoord.status_code == 201, antwoord.text


def test_een_dubbel_e_mailadres_geeft_409_problem_json(als, beheerder, student) -> None:
    antwoord = als(beheerder).post(
        "/api/v1/gebruikers", json={"email": student.email.upper(), "naam": "Dubbel", "rollen": ["student"]}
    )
    assert antwoord.status_code == 409
    assert antwoord.headers["content-type"].startswith(PROBLEM)
    assert antwoord.json()["title"] == "Conflict"
    assert "Er bestaat al een account met het e-mailadres" in antwoord.json()["detail"]


def test_een_dubbel_studentnummer_geeft_409(als, beheerder, student) -> None:
    antwoord = als(beheerder).post(
        "/api/v1/gebruikers",
        json={
            "email": "ander@example.nl",
            "naam": "Ander",
            "rollen": ["student"],
            "studentnummer": student.studentnummer,
        },
    )
    assert antwoord.status_code == 409
    assert "studentnummer" in antwoord.json()["detail"]


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        ({"email": "x@example.nl", "naam": "X", "rollen": ["directeur"]}, "Onbekende rol “directeur”"),
        ({"email": "geen-e-mail", "naam": "X", "rollen": ["student"]}, "is geen geldig e-mailadres"),
        ({"email": "x@example.nl", "naam": "X", "rollen": []}, "Kies minstens één rol."),
        ({"email": "x@example.nl", "naam": " ", "rollen": ["student"]}, "Vul een naam in."),
    ],
    ids=["onbekende-rol", "ongeldig-e-mailadres", "geen-rol", "geen-naam"],
)
def test_ongeldige_invoer_geeft_422_met_nederlandse_uitleg(als, beheerder, db, invoer: dict, melding: str) -> None:
    antwoord = als(beheerder).post("/api/v1/gebruikers", json=invoer)
    assert antwoord.status_code == 422
    assert antwoord.headers["content-type"].startswith(PROBLEM)
    assert melding in antwoord.json()["detail"]
    assert antwoord.json()["errors"]
    assert db.scalar(select(Gebruiker).where(Gebruiker.email == "x@example.nl")) is None


def test_de_api_staat_in_openapi(client) -> None:
    paden = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/ik", "/gebruikers"} <= set(paden)  # under the server, /api/v1
    assert "post" in paden["/gebruikers"]
