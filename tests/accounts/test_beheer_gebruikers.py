"""A beheerder manages accounts at /beheer/gebruikers; nobody else may."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.accounts import service
from app.models import Gebruiker, Rol
from app.toegang import sessies
from tests import factories
from tests.accounts.helpers import audit, pad, sessies_van


def _maak(client, **velden):  # noqa: ANN001, ANN003, ANN202
    data = {"email": "", "naam": "", "rollen": [], "studentnummer": "", **velden}
    return client.post("/beheer/gebruikers", data=data)


def test_beheerder_maakt_een_gebruiker_aan_en_krijgt_eenmalig_de_activatielink_te_zien(als, beheerder, db) -> None:
    client = als(beheerder)
    antwoord = _maak(
        client, email="  Nina.Nieuw@Politie.NL ", naam="Nina Nieuw", rollen=["student"], studentnummer="S-991"
    )
    assert antwoord.status_code == 201
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert "Account aangemaakt" in antwoord.text
    assert "/activeren/" in antwoord.text
    nieuw = db.scalar(select(Gebruiker).where(Gebruiker.email == "nina.nieuw@politie.nl"))
    assert nieuw is not None and nieuw.rollen == {Rol.student} and nieuw.studentnummer == "S-991"
    assert nieuw.wachtwoord_hash is None and nieuw.actief
    [record] = audit(db, "gebruiker_aangemaakt", nieuw.id)
    assert record["actor_id"] == beheerder.id
    assert record["rollen"] == ["student"] and record["email"] == "nina.nieuw@politie.nl"


def test_een_e_mailadres_bestaat_maar_een_keer_ongeacht_hoofdletters(als, beheerder, db) -> None:
    factories.create_gebruiker(db, Rol.student, email="dubbel@example.nl")
    antwoord = _maak(als(beheerder), email="Dubbel@Example.NL", naam="Tweede", rollen=["student"])
    assert antwoord.status_code == 409
    assert "Er bestaat al een account met het e-mailadres dubbel@example.nl" in antwoord.text
    assert db.scalar(select(func.count()).where(Gebruiker.email == "dubbel@example.nl")) == 1


def test_ongeldige_invoer_krijgt_nederlandse_meldingen_en_er_wordt_niets_opgeslagen(als, beheerder, db) -> None:
    voor = db.scalar(select(func.count()).select_from(Gebruiker))
    antwoord = _maak(als(beheerder), email="geen-adres", naam="", rollen=[])
    assert antwoord.status_code == 422
    assert "is geen geldig e-mailadres" in antwoord.text
    assert "Vul een naam in." in antwoord.text
    assert "Kies minstens één rol." in antwoord.text
    assert 'aria-invalid="true"' in antwoord.text
    assert 'value="geen-adres"' in antwoord.text  # what was typed stays in the form
    assert db.scalar(select(func.count()).select_from(Gebruiker)) == voor


def test_een_onbekende_rol_wordt_geweigerd(als, beheerder) -> None:
    antwoord = _maak(als(beheerder), email="x@example.nl", naam="X", rollen=["koning"])
    assert antwoord.status_code == 422
    assert "Onbekende rol “koning”" in antwoord.text


def test_zoeken_vindt_op_naam_e_mailadres_en_studentnummer(als, beheerder, db) -> None:
    factories.create_gebruiker(db, Rol.student, naam="Zoë Zoekbaar", email="zoe@example.nl", studentnummer="ZK-777")
    factories.create_gebruiker(db, Rol.student, naam="Iemand Anders", email="ander@example.nl")
    client = als(beheerder)
    for term in ("zoekbaar", "ZOE@example", "zk-777"):
        antwoord = client.get("/beheer/gebruikers", params={"q": term}, headers={"HX-Request": "true"})
        assert antwoord.status_code == 200
        assert "Zoë Zoekbaar" in antwoord.text and "Iemand Anders" not in antwoord.text
        assert "<html" not in antwoord.text  # htmx gets just the results
    pagina = client.get("/beheer/gebruikers", params={"q": "zoekbaar"})
    assert "<html" in pagina.text and "Zoë Zoekbaar" in pagina.text
    assert pagina.headers["Vary"] == "HX-Request"


def test_de_lijst_toont_rollen_en_status(als, beheerder, db) -> None:
    factories.create_gebruiker(db, Rol.praktijkbegeleider, Rol.examencommissie, naam="Dubbele Rol")
    factories.create_gebruiker(db, Rol.student, naam="Weg Gegaan", actief=False)
    antwoord = als(beheerder).get("/beheer/gebruikers")
    assert "Praktijkbegeleider, Examencommissie" in antwoord.text
    assert "gedeactiveerd" in antwoord.text


def test_de_gebruikerslijst_doet_een_vast_aantal_queries(als, beheerder, db, count_queries) -> None:
    client = als(beheerder)
    for _ in range(2):
        factories.create_gebruiker(db, Rol.student)
    with count_queries:
        assert client.get("/beheer/gebruikers").status_code == 200
    bij_drie = count_queries.count
    for _ in range(27):
        factories.create_gebruiker(db, Rol.student, Rol.praktijkbegeleider)
    with count_queries:
        antwoord = client.get("/beheer/gebruikers")
    assert antwoord.text.count("/beheer/gebruikers/") >= 30
    assert count_queries.count == bij_drie, count_queries.statements


@pytest.mark.parametrize("persona", ["student", "praktijkbegeleider", "examencommissielid"])
def test_wie_geen_beheerder_is_krijgt_404_op_gebruikersbeheer(als, persona, request, db) -> None:
    client = als(request.getfixturevalue(persona))
    andere = factories.create_gebruiker(db, Rol.student)
    assert client.get("/beheer/gebruikers").status_code == 404
    assert client.get(f"/beheer/gebruikers/{andere.id}").status_code == 404
    assert _maak(client, email="stiekem@example.nl", naam="S", rollen=["beheerder"]).status_code == 404
    assert client.post(f"/beheer/gebruikers/{andere.id}/deactiveren").status_code == 404
    assert db.scalar(select(Gebruiker).where(Gebruiker.email == "stiekem@example.nl")) is None


def test_wie_niet_is_ingelogd_gaat_naar_de_inlogpagina(client) -> None:
    antwoord = client.get("/beheer/gebruikers", follow_redirects=False)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"].startswith("/inloggen")


def test_een_rolwijziging_wordt_geaudit_met_oude_en_nieuwe_rollen(als, beheerder, student, db) -> None:
    antwoord = als(beheerder).post(
        f"/beheer/gebruikers/{student.id}/rollen",
        data={"rollen": ["student", "praktijkbegeleider"]},
        follow_redirects=False,
    )
    assert antwoord.status_code == 303
    db.refresh(student)
    assert student.rollen == {Rol.student, Rol.praktijkbegeleider}
    [record] = audit(db, "rollen_gewijzigd", student.id)
    assert record["oud"] == ["student"]
    assert record["nieuw"] == ["student", "praktijkbegeleider"]
    assert record["actor_id"] == beheerder.id
    assert "De rollen zijn gewijzigd." in als(beheerder).get(antwoord.headers["location"]).text


def test_een_beheerder_kan_de_eigen_beheerdersrol_niet_intrekken(als, beheerder, db) -> None:
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{beheerder.id}/rollen", data={"rollen": ["student"]})
    assert antwoord.status_code == 409
    assert "Je kunt je eigen beheerdersrol niet intrekken" in antwoord.text
    db.refresh(beheerder)
    assert beheerder.rollen == {Rol.beheerder}
    assert audit(db, "rollen_gewijzigd", beheerder.id) == []


def test_een_beheerder_mag_wel_de_eigen_rollen_uitbreiden(als, beheerder, db) -> None:
    antwoord = als(beheerder).post(
        f"/beheer/gebruikers/{beheerder.id}/rollen",
        data={"rollen": ["beheerder", "examencommissie"]},
        follow_redirects=False,
    )
    assert antwoord.status_code == 303
    db.refresh(beheerder)
    assert beheerder.rollen == {Rol.beheerder, Rol.examencommissie}


def test_een_beheerder_kan_zichzelf_niet_deactiveren(als, beheerder, db) -> None:
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{beheerder.id}/deactiveren")
    assert antwoord.status_code == 409
    assert "Je kunt je eigen account niet deactiveren" in antwoord.text
    db.refresh(beheerder)
    assert beheerder.actief
    # The page around the refusal is as it was: the roles held are still ticked.
    assert re.search(r'id="rollen-beheerder"[^>]*checked', antwoord.text.replace("\n", " "))


def test_een_gedeactiveerde_gebruiker_kan_niet_meer_inloggen_en_de_sessies_eindigen(
    als, app, beheerder, student, db
) -> None:
    from fastapi.testclient import TestClient

    token, _ = sessies.start(db, student)
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{student.id}/deactiveren", follow_redirects=False)
    assert antwoord.status_code == 303
    db.refresh(student)
    assert not student.actief
    assert sessies_van(db, student.id) == []
    assert audit(db, "gedeactiveerd", student.id)[0]["actor_id"] == beheerder.id

    with TestClient(app) as studentclient:
        studentclient.cookies.set(sessies.COOKIE, token)
        assert studentclient.get("/account", follow_redirects=False).status_code == 303
        studentclient.get("/inloggen")
        inloggen = studentclient.post(
            "/inloggen",
            data={
                "email": student.email,
                "wachtwoord": factories.WACHTWOORD,
                "csrf_token": studentclient.cookies.get("portfolio_csrf"),
            },
            follow_redirects=False,
        )
    assert inloggen.status_code == 400
    assert "Onbekende combinatie" in inloggen.text


def test_een_gedeactiveerd_account_kan_weer_worden_geactiveerd(als, beheerder, db) -> None:
    weg = factories.create_gebruiker(db, Rol.student, actief=False)
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{weg.id}/activeren", follow_redirects=False)
    assert antwoord.status_code == 303
    db.refresh(weg)
    assert weg.actief
    assert audit(db, "geactiveerd", weg.id)[0]["actor_id"] == beheerder.id


def test_een_herstellink_wordt_een_keer_getoond_en_geaudit(als, beheerder, student, db) -> None:
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{student.id}/herstellink")
    assert antwoord.status_code == 201
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert "/wachtwoord-herstellen/" in antwoord.text
    assert audit(db, "herstellink_gemaakt", student.id)[0]["actor_id"] == beheerder.id


def test_geen_herstellink_voor_een_gedeactiveerd_account(als, beheerder, db) -> None:
    weg = factories.create_gebruiker(db, Rol.student, actief=False)
    antwoord = als(beheerder).post(f"/beheer/gebruikers/{weg.id}/herstellink")
    assert antwoord.status_code == 409
    assert "gedeactiveerd" in antwoord.text
    assert audit(db, "herstellink_gemaakt", weg.id) == []


def test_een_onbekende_gebruiker_geeft_404(als, beheerder) -> None:
    assert als(beheerder).get("/beheer/gebruikers/999999").status_code == 404


def test_het_formulier_zonder_csrf_token_wordt_geweigerd(als, beheerder, db) -> None:
    client = als(beheerder)
    del client.headers["X-CSRF-Token"]
    antwoord = _maak(client, email="csrf@example.nl", naam="C", rollen=["student"])
    assert antwoord.status_code == 403
    assert service.repository.gebruiker_op_email(db, "csrf@example.nl") is None


def test_de_activatielink_uit_het_beheer_werkt(als, beheerder, db) -> None:
    account = service.maak_gebruiker(db, beheerder, "link@example.nl", "Link Test", ["student"])
    assert als(beheerder).get(pad(account.link)).status_code == 200
