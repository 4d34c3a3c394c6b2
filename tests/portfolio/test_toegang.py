"""Need to know: only the student, their current praktijkbegeleiders, the examencommissie and beheer see evidence."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.models import Gebruiker
from tests.portfolio.conftest import Uploader


@pytest.fixture
def bewijs(als, student: Gebruiker, upload: Uploader, client: TestClient) -> dict:
    """A submitted bewijsstuk of `student`, with a concept version 2 on top."""
    als(student)
    eerste = upload(student).json()
    client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen")
    client.patch(f"/api/v1/bewijsstukken/{eerste['id']}", data={"titel": "Versie twee"})
    return eerste


def leesadressen(student: Gebruiker, bewijs: dict) -> list[str]:
    return [
        f"/api/v1/studenten/{student.id}/bewijsstukken",
        f"/api/v1/studenten/{student.id}/voortgang",
        f"/api/v1/bewijsstukken/{bewijs['id']}",
        bewijs["bestanden"][0]["url"],
        bewijs["bestanden"][0]["url"] + "?download=1",
        f"/studenten/{student.id}/portfolio",
        f"/bewijsstukken/{bewijs['id']}",
    ]


def schrijfverzoeken(student: Gebruiker, bewijs: dict) -> list[tuple[str, str, dict]]:
    return [
        ("POST", f"/api/v1/studenten/{student.id}/bewijsstukken", {"data": {"titel": "x"}}),
        ("PATCH", f"/api/v1/bewijsstukken/{bewijs['id']}", {"data": {"titel": "x"}}),
        ("DELETE", f"/api/v1/bewijsstukken/{bewijs['id']}", {}),
        ("POST", f"/api/v1/bewijsstukken/{bewijs['id']}/indienen", {}),
        ("POST", f"/api/v1/bewijsstukken/{bewijs['id']}/intrekken", {}),
        ("GET", f"/bewijsstukken/{bewijs['id']}/bewerken", {}),
        ("POST", f"/bewijsstukken/{bewijs['id']}/bewerken", {"data": {"titel": "x"}}),
        ("POST", f"/bewijsstukken/{bewijs['id']}/indienen", {}),
        ("POST", f"/bewijsstukken/{bewijs['id']}/intrekken", {}),
        ("POST", f"/bewijsstukken/{bewijs['id']}/verwijderen", {}),
    ]


@pytest.mark.parametrize("buitenstaander", ["andere_student", "andere_praktijkbegeleider", "oud_praktijkbegeleider"])
def test_wie_de_student_niet_mag_zien_krijgt_404_op_elk_bewijsadres(
    request: pytest.FixtureRequest, als, student: Gebruiker, bewijs: dict, client: TestClient, buitenstaander: str
) -> None:
    als(request.getfixturevalue(buitenstaander))

    for adres in leesadressen(student, bewijs):
        antwoord = client.get(adres)
        assert antwoord.status_code == 404, adres
        assert "Verslag" not in antwoord.text, adres
    for methode, adres, extra in schrijfverzoeken(student, bewijs):
        assert client.request(methode, adres, **extra).status_code == 404, (methode, adres)

    # Nothing changed for the student.
    als(student)
    details = client.get(f"/api/v1/bewijsstukken/{bewijs['id']}").json()
    assert [(v["versie"], v["status"], v["titel"]) for v in details["versies"]] == [
        (1, "ingediend", "Verslag wijkschouw"),
        (2, "concept", "Versie twee"),
    ]


@pytest.mark.parametrize("betrokkene", ["praktijkbegeleider", "examencommissielid", "beheerder"])
def test_wie_de_student_mag_zien_leest_het_bewijs_maar_verandert_het_niet(
    request: pytest.FixtureRequest, als, student: Gebruiker, bewijs: dict, client: TestClient, betrokkene: str
) -> None:
    als(request.getfixturevalue(betrokkene))

    for adres in leesadressen(student, bewijs):
        assert client.get(adres).status_code == 200, adres
    for methode, adres, extra in schrijfverzoeken(student, bewijs):
        assert client.request(methode, adres, **extra).status_code == 404, (methode, adres)


def test_een_onbekend_bestand_of_een_bestand_van_een_ander_bewijsstuk_is_404(
    als, student: Gebruiker, bewijs: dict, upload: Uploader, client: TestClient
) -> None:
    tweede = upload(student).json()
    vreemd_bestand = tweede["bestanden"][0]["id"]

    assert client.get(f"/api/v1/bewijsstukken/{bewijs['id']}/bestanden/{vreemd_bestand}").status_code == 404
    assert client.get(f"/api/v1/bewijsstukken/{bewijs['id']}/bestanden/999999").status_code == 404
    assert client.get("/api/v1/bewijsstukken/999999").status_code == 404


def test_zonder_inloggen_geen_bewijs(student: Gebruiker, bewijs: dict, client: TestClient) -> None:
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)

    assert client.get(bewijs["bestanden"][0]["url"]).status_code == 401
    assert client.get("/portfolio", follow_redirects=False).status_code == 303
