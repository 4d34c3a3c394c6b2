"""The decision through the API: who may decide, on what, and what a decision freezes."""

from __future__ import annotations

import hashlib
import json
import re

from sqlalchemy import select, text

from app import tijd
from app.models import (
    AuditRecord,
    Beoordeling,
    BeoordelingBewijs,
    Bewijsstuk,
    Diplomabesluit,
    Inschrijving,
    InschrijvingStatus,
    Melding,
    Oordeel,
    Rol,
)
from tests import factories
from tests.besluit.conftest import maak_diplomabaar

VASTSTELLEN = {"besluit": "vastgesteld", "motivering": "Het dossier is volledig en overtuigend."}


def _vaststellen(client, student_id: int) -> dict:  # noqa: ANN001
    antwoord = client.post(f"/api/v1/studenten/{student_id}/diplomabesluit", json=VASTSTELLEN)
    assert antwoord.status_code == 201, antwoord.text
    return antwoord.json()


def test_examencommissielid_stelt_het_diploma_vast(als, client, db, diplomabare_student, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    besluit = _vaststellen(client, diplomabare_student.id)

    assert re.fullmatch(rf"WA6-{tijd.vandaag().year}-\d{{6}}", besluit["diplomanummer"])
    assert besluit["besluit"] == "vastgesteld" and besluit["intrekking"] is None
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == diplomabare_student.id))
    db.refresh(inschrijving)
    assert inschrijving.status is InschrijvingStatus.gediplomeerd

    opgeslagen = db.get(Diplomabesluit, besluit["id"])
    assert hashlib.sha256(opgeslagen.snapshot.encode()).hexdigest() == besluit["snapshot_sha256"]
    dossier = json.loads(opgeslagen.snapshot)
    lu = dossier["kerntaken"][0]["leeruitkomsten"][0]
    assert lu["oordelen"][0]["beoordelaar"]["naam"] == "Pieter Praktijkbegeleider"
    assert lu["oordelen"][0]["feedback"].startswith("Overtuigend")
    assert lu["oordelen"][0]["bewijs"][0]["versie"] == 1
    assert {bv["code"] for bv in dossier["beroepsvereisten"]} == {"RTGP", "IBT", "PV"}
    assert all(c["geslaagd"] for c in dossier["controles"])

    record = db.scalar(select(AuditRecord).where(AuditRecord.actie == "diploma_vastgesteld"))
    gegevens = json.loads(record.gegevens)
    assert gegevens["snapshot_sha256"] == besluit["snapshot_sha256"]
    assert gegevens["diplomanummer"] == besluit["diplomanummer"]
    melding = db.scalar(select(Melding).where(Melding.ontvanger_id == diplomabare_student.id))
    assert besluit["diplomanummer"] in melding.tekst and melding.link == f"/diplomas/{besluit['diplomanummer']}"


def test_een_lid_dat_de_student_beoordeelde_mag_niet_beslissen(als, client, db, student, beheerder) -> None:  # noqa: ANN001
    lid = factories.create_gebruiker(db, Rol.praktijkbegeleider, Rol.examencommissie, naam="Dubbel Petje")
    factories.create_begeleiding(db, lid, student)
    maak_diplomabaar(db, student, lid, beheerder)

    als(lid)
    antwoord = client.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=VASTSTELLEN)

    assert antwoord.status_code == 403
    assert "zelf beoordeeld" in antwoord.json()["detail"]
    assert db.scalar(select(Diplomabesluit).where(Diplomabesluit.student_id == student.id)) is None


def test_een_niet_diplomabare_student_wordt_geweigerd_met_de_redenen(
    als,
    client,
    db,
    student,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    maak_diplomabaar(db, student, praktijkbegeleider, beheerder, weglaten=("LU5.3",), vereisten_weglaten=("IBT",))
    als(examencommissielid)

    antwoord = client.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=VASTSTELLEN)

    assert antwoord.status_code == 409
    assert antwoord.headers["content-type"] == "application/problem+json"
    redenen = antwoord.json()["redenen"]
    assert {(r["soort"], r["code"]) for r in redenen} == {("leeruitkomst", "LU5.3"), ("beroepsvereiste", "IBT")}
    assert all(r["melding"] for r in redenen)
    assert "niet diplomabaar" in antwoord.json()["detail"]

    afgewezen = client.post(
        f"/api/v1/studenten/{student.id}/diplomabesluit",
        json={"besluit": "afgewezen", "motivering": "LU5.3 en IBT ontbreken nog."},
    )
    assert afgewezen.status_code == 201
    assert afgewezen.json()["diplomanummer"] is None
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == student.id))
    db.refresh(inschrijving)
    assert inschrijving.status is InschrijvingStatus.actief


def test_zonder_motivering_of_met_een_onbekend_besluit_is_het_422(
    als,
    client,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    url = f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluit"
    leeg = client.post(url, json={"besluit": "vastgesteld", "motivering": "   "})
    assert leeg.status_code == 422 and leeg.json()["errors"][0]["veld"] == "motivering"
    onbekend = client.post(url, json={"besluit": "misschien", "motivering": "Tja."})
    assert onbekend.status_code == 422 and onbekend.json()["errors"][0]["veld"] == "besluit"
    nul = client.post(url, json={"besluit": "vastgesteld", "motivering": "a\x00b"})
    assert nul.status_code == 422


def test_alleen_de_examencommissie_beslist(
    als, client, diplomabare_student, praktijkbegeleider, andere_student
) -> None:  # noqa: ANN001
    als(praktijkbegeleider)
    assert (
        client.post(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluit", json=VASTSTELLEN).status_code == 403
    )
    assert client.post(f"/api/v1/studenten/{andere_student.id}/diplomabesluit", json=VASTSTELLEN).status_code == 404
    als(diplomabare_student)
    assert (
        client.post(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluit", json=VASTSTELLEN).status_code == 403
    )


def test_een_geldig_diploma_krijgt_geen_tweede_besluit(als, client, diplomabare_student, examencommissielid) -> None:  # noqa: ANN001
    als(examencommissielid)
    eerste = _vaststellen(client, diplomabare_student.id)
    tweede = client.post(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluit", json=VASTSTELLEN)
    assert tweede.status_code == 409
    assert eerste["diplomanummer"] in tweede.json()["detail"]


def test_het_dossier_verandert_niet_door_een_latere_beoordeling(
    als,
    client,
    db,
    diplomabare_student,
    praktijkbegeleider,
    examencommissielid,
    beheerder,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    besluit = _vaststellen(client, diplomabare_student.id)
    voor = db.get(Diplomabesluit, besluit["id"])
    tekst, sha = voor.snapshot, voor.snapshot_sha256

    # Afterwards: a second assessor judges LU1.1 niet aangetoond, the first corrects theirs, the evidence is hidden.
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Later Beoordelaar")
    eerste = db.scalar(select(Beoordeling).where(Beoordeling.student_id == diplomabare_student.id).limit(1))
    versie_id = db.scalar(select(BeoordelingBewijs.versie_id).where(BeoordelingBewijs.beoordeling_id == eerste.id))
    for beoordelaar, vervangt in ((tweede, None), (praktijkbegeleider, eerste.id)):
        db.add(
            Beoordeling(
                student_id=diplomabare_student.id,
                leeruitkomst_id=eerste.leeruitkomst_id,
                beoordelaar_id=beoordelaar.id,
                tijd=tijd.nu(),
                oordeel=Oordeel.niet_aangetoond,
                feedback="Bij nader inzien niet.",
                vervangt_id=vervangt,
                reden="Herzien." if vervangt else None,
                bewijs=[BeoordelingBewijs(versie_id=versie_id)],
                reacties=[],
            )
        )
    bewijsstuk = db.scalar(select(Bewijsstuk).where(Bewijsstuk.student_id == diplomabare_student.id))
    bewijsstuk.verborgen_op, bewijsstuk.verborgen_door_id, bewijsstuk.verborgen_reden = tijd.nu(), beheerder.id, "AVG"
    db.flush()

    db.expire_all()
    na = db.get(Diplomabesluit, besluit["id"])
    assert na.snapshot == tekst and na.snapshot_sha256 == sha
    lijst = client.get(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluiten").json()
    assert lijst[0]["snapshot_sha256"] == sha
    # The live dossier did change: the frozen one is not a view of it.
    pagina = client.get(f"/examencommissie/studenten/{diplomabare_student.id}")
    assert "Later Beoordelaar" in pagina.text


def test_een_besluit_is_in_de_database_niet_te_wijzigen(
    als, client, db, diplomabare_student, examencommissielid
) -> None:  # noqa: ANN001
    als(examencommissielid)
    besluit = _vaststellen(client, diplomabare_student.id)
    for sql in (
        "UPDATE diplomabesluit SET motivering = 'anders' WHERE id = :id",
        "DELETE FROM diplomabesluit WHERE id = :id",
    ):
        try:
            with db.begin_nested():
                db.execute(text(sql), {"id": besluit["id"]})
        except Exception as fout:  # noqa: BLE001 - the driver's error differs per database
            assert "niet gewijzigd of verwijderd" in str(fout)
        else:
            raise AssertionError(f"{sql} was allowed")


def test_ingetrokken_diploma_verifieert_als_niet_geldig_met_de_reden(
    als,
    client,
    db,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    besluit = _vaststellen(client, diplomabare_student.id)
    nummer, code = besluit["diplomanummer"], besluit["verificatiecode"]

    client.cookies.clear()
    # The number alone says only whether it is valid: sequential numbers must not list the graduates.
    assert client.get(f"/api/v1/diplomas/{nummer}/verificatie").json() == {"diplomanummer": nummer, "geldig": True}
    fout = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert client.get(f"/api/v1/diplomas/{nummer}/verificatie", params={"code": fout}).json() == {
        "diplomanummer": nummer,
        "geldig": True,
    }
    assert "Sanne Student" not in client.get(f"/diplomas/{nummer}").text
    # Typed without dashes and in lower case it is the same code.
    geldig = client.get(f"/api/v1/diplomas/{nummer}/verificatie", params={"code": code.replace("-", "").lower()})
    assert geldig.status_code == 200
    assert geldig.json() == {
        "diplomanummer": nummer,
        "geldig": True,
        "kwalificatie": "Wijkagent (niveau 6), versie 2.1",
        "naam": "Sanne Student",
        "datum": tijd.vandaag().isoformat(),
    }

    als(examencommissielid)
    ingetrokken = client.post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": "Fraude met bewijs vastgesteld."})
    assert ingetrokken.status_code == 201
    assert client.post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": "Nog eens."}).status_code == 409

    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    na = client.get(f"/api/v1/diplomas/{nummer}/verificatie", params={"code": code})
    assert na.json() == {
        "diplomanummer": nummer,
        "geldig": False,
        "kwalificatie": "Wijkagent (niveau 6), versie 2.1",
        "naam": "Sanne Student",
        "datum": tijd.vandaag().isoformat(),
        "reden": "Fraude met bewijs vastgesteld.",
    }
    kaal = client.get(f"/api/v1/diplomas/{nummer}/verificatie").json()
    assert kaal == {"diplomanummer": nummer, "geldig": False}
    assert "Fraude" not in client.get(f"/diplomas/{nummer}").text
    pagina = client.get(f"/diplomas/{nummer}", params={"code": code})
    assert (
        pagina.status_code == 200 and "ingetrokken" in pagina.text and "Fraude met bewijs vastgesteld." in pagina.text
    )
    # The page says when: "ingetrokken op <date>".
    assert f"het is ingetrokken op {tijd.vandaag():%d-%m-%Y}." in pagina.text
    assert "Sanne Student" not in pagina.text  # a revoked diploma's page: the number, the reason and the date

    assert db.scalar(select(AuditRecord).where(AuditRecord.actie == "diploma_ingetrokken")) is not None
    inschrijving = db.scalar(select(Inschrijving).where(Inschrijving.student_id == diplomabare_student.id))
    db.refresh(inschrijving)
    assert inschrijving.status is InschrijvingStatus.actief
    als(diplomabare_student)
    eigen = client.get(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluiten").json()
    assert eigen[0]["intrekking"]["reden"] == "Fraude met bewijs vastgesteld."


def test_alleen_de_examencommissie_trekt_in(als, client, diplomabare_student, examencommissielid, beheerder) -> None:  # noqa: ANN001
    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)["diplomanummer"]
    als(beheerder)
    assert client.post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": "Zomaar."}).status_code == 403
    als(examencommissielid)
    leeg = client.post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": ""})
    assert leeg.status_code == 422


def test_na_een_intrekking_is_de_student_pas_na_heropening_weer_diplomabaar(
    als, client, db, diplomabare_student, examencommissielid, beheerder
) -> None:  # noqa: ANN001
    student_id = diplomabare_student.id
    als(examencommissielid)
    nummer = _vaststellen(client, student_id)["diplomanummer"]
    client.post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": "Fraude met bewijs vastgesteld."})

    # The evidence is as it was, yet every view says the same: not diplomabaar, because of the revocation.
    voortgang = client.get(f"/api/v1/studenten/{student_id}/voortgang").json()["diplomabaarheid"]
    assert voortgang["diplomabaar"] is False
    assert [(r["soort"], r["code"]) for r in voortgang["redenen"]] == [("intrekking", nummer)]
    assert "heropent eerst het dossier" in voortgang["redenen"][0]["melding"]
    lijst = client.get("/api/v1/studenten", params={"diplomabaar": "true"}).json()
    assert student_id not in [s["id"] for s in lijst]
    assert "Diploma " + nummer + " is op" in client.get("/examencommissie", params={"toon": "alle"}).text
    opnieuw = client.post(f"/api/v1/studenten/{student_id}/diplomabesluit", json=VASTSTELLEN)
    assert opnieuw.status_code == 409 and "ingetrokken" in opnieuw.text

    als(beheerder)
    assert client.post(f"/api/v1/diplomas/{nummer}/heropening", json={"reden": "Zomaar."}).status_code == 403
    als(examencommissielid)
    assert client.post(f"/api/v1/diplomas/{nummer}/heropening", json={"reden": " "}).status_code == 422
    heropend = client.post(f"/api/v1/diplomas/{nummer}/heropening", json={"reden": "Bewijs opnieuw beoordeeld."})
    assert heropend.status_code == 201, heropend.text
    assert heropend.json()["reden"] == "Bewijs opnieuw beoordeeld."
    assert client.post(f"/api/v1/diplomas/{nummer}/heropening", json={"reden": "Nog eens."}).status_code == 409

    assert client.get(f"/api/v1/studenten/{student_id}/voortgang").json()["diplomabaarheid"]["diplomabaar"] is True
    lijst = client.get("/api/v1/studenten", params={"diplomabaar": "true"}).json()
    assert student_id in [s["id"] for s in lijst]
    besluiten = client.get(f"/api/v1/studenten/{student_id}/diplomabesluiten").json()
    assert besluiten[0]["intrekking"]["heropening"]["reden"] == "Bewijs opnieuw beoordeeld."
    assert db.scalar(select(AuditRecord).where(AuditRecord.actie == "dossier_heropend")) is not None
    nieuw = _vaststellen(client, student_id)
    assert nieuw["diplomanummer"] != nummer
    # The verification of the revoked number still says revoked.
    client.cookies.clear()
    assert client.get(f"/api/v1/diplomas/{nummer}/verificatie").json()["geldig"] is False
    # The revocation and the reopening are history: neither can be changed or removed afterwards.
    for sql in (
        "UPDATE diploma_intrekking SET reden = 'anders'",
        "DELETE FROM diploma_heropening",
        "UPDATE diploma_heropening SET reden = 'anders'",
    ):
        try:
            with db.begin_nested():
                db.execute(text(sql))
        except Exception as fout:  # noqa: BLE001 - the driver's error differs per database
            assert "niet gewijzigd of verwijderd" in str(fout)
        else:
            raise AssertionError(f"{sql} was allowed")


def test_onbekend_diplomanummer_is_404(client) -> None:  # noqa: ANN001
    for nummer in ("WA6-2026-999999", "iets-anders", "WA6-2026-" + "9" * 40):
        antwoord = client.get(f"/api/v1/diplomas/{nummer}/verificatie")
        assert antwoord.status_code == 404, nummer
        assert antwoord.headers["content-type"] == "application/problem+json"
        assert client.get(f"/diplomas/{nummer}").status_code == 404


def test_verificatie_is_begrensd_per_adres(client, monkeypatch) -> None:  # noqa: ANN001
    from app.config import get_settings

    monkeypatch.setattr(get_settings(), "verificatie_max_per_minuut", 3)
    codes = [client.get("/api/v1/diplomas/WA6-2026-000001/verificatie").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    te_veel = client.get("/api/v1/diplomas/WA6-2026-000001/verificatie")
    assert te_veel.headers["content-type"] == "application/problem+json"
    assert "Te veel" in te_veel.json()["detail"]
    assert client.get("/diplomas/WA6-2026-000001").status_code == 429


def test_wie_de_besluiten_ziet(als, client, db, diplomabare_student, examencommissielid, praktijkbegeleider) -> None:  # noqa: ANN001
    als(examencommissielid)
    _vaststellen(client, diplomabare_student.id)
    lijst = client.get(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluiten")
    assert len(lijst.json()) == 1 and lijst.headers["X-Total-Count"] == "1"
    als(praktijkbegeleider)
    assert client.get(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluiten").status_code == 403
    andere = factories.create_gebruiker(db, Rol.student)
    als(andere)
    assert client.get(f"/api/v1/studenten/{diplomabare_student.id}/diplomabesluiten").status_code == 404


def test_de_gegevens_van_het_diploma_voor_de_student_en_de_examencommissie(
    als,
    client,
    db,
    diplomabare_student,
    examencommissielid,
    praktijkbegeleider,  # noqa: ANN001
) -> None:
    from app.besluit import service
    from app.errors import NietGevonden

    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)["diplomanummer"]
    for persoon in (diplomabare_student, examencommissielid):
        diploma = service.diploma(db, persoon, nummer)
        assert (diploma.naam, diploma.kwalificatie_titel, diploma.niveau) == ("Sanne Student", "Wijkagent", 6)
        assert diploma.kerntaken[0] == ("KT1", "Werken binnen de politieorganisatie") and len(diploma.kerntaken) == 5
        assert not diploma.ingetrokken
    for persoon in (praktijkbegeleider, factories.create_gebruiker(db, Rol.student)):
        try:
            service.diploma(db, persoon, nummer)
        except NietGevonden:
            pass
        else:
            raise AssertionError(f"{persoon.naam} zag het diploma")


def test_het_gedownloade_diploma_noemt_de_student_en_de_qr_code_verifieert(
    als,
    client,
    db,
    diplomabare_student,
    examencommissielid,
    praktijkbegeleider,  # noqa: ANN001
) -> None:
    from urllib.parse import urlsplit

    from tests.documenten import qr_codes_van, tekst_van

    als(examencommissielid)
    nummer = _vaststellen(client, diplomabare_student.id)["diplomanummer"]
    for persoon in (diplomabare_student, examencommissielid):
        als(persoon)
        antwoord = client.get(f"/api/v1/diplomas/{nummer}/pdf")
        assert antwoord.status_code == 200, antwoord.text[:300]
        assert antwoord.headers["content-type"] == "application/pdf"
        assert f"diploma-{nummer}.pdf" in antwoord.headers["content-disposition"]
        tekst = tekst_van(antwoord.content)
        assert "Sanne Student" in tekst and "Wijkagent (niveau 6)" in tekst and nummer in tekst

    [code] = qr_codes_van(antwoord.content)
    assert re.search(rf"/diplomas/{nummer}\?code=[A-Z0-9-]{{19}}$", code)
    # Scanned with any phone, without logging in: the page confirms the diploma.
    client.cookies.clear()
    verificatie = client.get(urlsplit(code).path + "?" + urlsplit(code).query)
    assert verificatie.status_code == 200
    assert "Dit diploma is geldig." in verificatie.text and "Sanne Student" in verificatie.text

    # Whoever may not see the diploma cannot download it; without logging in it is 401.
    assert client.get(f"/api/v1/diplomas/{nummer}/pdf").status_code == 401
    for persoon in (praktijkbegeleider, factories.create_gebruiker(db, Rol.student)):
        als(persoon)
        assert client.get(f"/api/v1/diplomas/{nummer}/pdf").status_code == 404, persoon.naam
