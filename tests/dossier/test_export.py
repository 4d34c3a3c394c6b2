"""The dossier export: a ZIP the student or the examencommissie takes home, complete and checkable."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.audit.vocabulaire import actie_label
from app.models import AuditRecord, Bestand, Gebruiker
from app.opslag import LocalStorage
from tests import factories
from tests.beoordeling.conftest import Aanbieder, oordeel
from tests.documenten import tekst_van
from tests.portfolio.conftest import PNG, TEKST, Uploader

FEEDBACK = "Je gesprek met de wijkvereniging laat goed zien hoe je samenwerkt met burgers."
REACTIE = "Dank je, ik neem de buurtapp mee in de volgende versie."


def dossier_van(client: TestClient, student: Gebruiker) -> httpx.Response:
    return client.get(f"/api/v1/studenten/{student.id}/dossier")


def uitgepakt(antwoord: httpx.Response) -> tuple[zipfile.ZipFile, dict]:
    assert antwoord.status_code == 200, antwoord.text
    assert antwoord.headers["content-type"] == "application/zip"
    archief = zipfile.ZipFile(io.BytesIO(antwoord.content))
    assert archief.testzip() is None  # every entry's CRC holds
    return archief, json.loads(archief.read("manifest.json"))


def bestanden_in_manifest(manifest: dict) -> list[dict]:
    return [b for stuk in manifest["bewijsstukken"] for v in stuk["versies"] for b in v["bestanden"]]


@pytest.fixture
def beoordeeld_dossier(client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, upload: Uploader):  # noqa: ANN001, ANN201
    """Two bewijsstukken (one in two versions, one with two files of the same name), a judgement with feedback,
    the student's reply, and a concept."""
    eerste = aanbieden(student, ("LU1.1",), titel="Verslag wijkschouw")
    # A second version of the first, with a new file: both versions keep their own files.
    wijziging = client.patch(
        f"/api/v1/bewijsstukken/{eerste['id']}",
        data={"titel": "Verslag wijkschouw (Zuid)"},
        files=[("bestanden", ("foto.png", PNG, "image/png"))],
    )
    assert wijziging.status_code == 200, wijziging.text
    tweede = client.post(f"/api/v1/bewijsstukken/{eerste['id']}/indienen").json()
    derde = upload(
        student,
        [("reflectie.txt", TEKST), ("reflectie.txt", TEKST + b"Tweede versie.\n")],
        titel="Reflectie op de netwerkdag",
        leeruitkomsten=("LU4.1",),
    ).json()

    als(praktijkbegeleider)
    beoordeling = client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen", json=oordeel(tweede, "LU1.1", "aangetoond", feedback=FEEDBACK)
    ).json()
    als(student)
    assert (
        client.post(f"/api/v1/beoordelingen/{beoordeling['id']}/reacties", json={"tekst": REACTIE}).status_code == 201
    )
    return {"eerste": tweede, "derde": derde}


def test_elk_bestand_uit_het_manifest_zit_in_de_zip_met_zijn_sha256_en_grootte(
    client: TestClient,
    als,
    student,
    examencommissielid,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    archief, manifest = uitgepakt(dossier_van(client, student))

    bestanden = bestanden_in_manifest(manifest)
    # Version 1 has the PDF, version 2 the PDF and the photo, the concept its two text files.
    assert len(bestanden) == 5
    for bestand in bestanden:
        inhoud = archief.read(bestand["pad"])
        assert hashlib.sha256(inhoud).hexdigest() == bestand["sha256"], bestand["pad"]
        assert len(inhoud) == bestand["grootte"]
    assert sorted(archief.namelist()) == sorted(["manifest.json", "samenvatting.pdf", *(b["pad"] for b in bestanden)])


def test_de_bestanden_staan_per_bewijsstuk_en_per_versie(
    client: TestClient,
    student,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    archief, manifest = uitgepakt(dossier_van(client, student))
    eerste, derde = beoordeeld_dossier["eerste"]["id"], beoordeeld_dossier["derde"]["id"]

    namen = set(archief.namelist())
    map_ = f"bewijsstukken/{eerste}-verslag-wijkschouw-zuid"
    assert {f"{map_}/v1/verslag.pdf", f"{map_}/v2/verslag.pdf", f"{map_}/v2/foto.png"} <= namen
    # Two files with the same name in one version both arrive.
    reflectie = f"bewijsstukken/{derde}-reflectie-op-de-netwerkdag/v1"
    assert {f"{reflectie}/reflectie.txt", f"{reflectie}/reflectie (2).txt"} <= namen
    assert archief.read(f"{reflectie}/reflectie (2).txt").endswith(b"Tweede versie.\n")

    [stuk] = [b for b in manifest["bewijsstukken"] if b["id"] == eerste]
    assert [(v["versie"], v["titel"], v["status"]) for v in stuk["versies"]] == [
        (1, "Verslag wijkschouw", "ingediend"),
        (2, "Verslag wijkschouw (Zuid)", "ingediend"),
    ]
    assert stuk["versies"][0]["leeruitkomsten"] == [
        {"code": "LU1.1", "onderbouwing": "Laat zien hoe ik samenwerk met de buurt."}
    ]


def test_het_manifest_noemt_student_kwalificatie_beoordelingen_en_besluiten(
    client: TestClient,
    student,
    praktijkbegeleider,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    _, manifest = uitgepakt(dossier_van(client, student))

    assert manifest["student"] == {"id": student.id, "naam": "Sanne Student", "studentnummer": student.studentnummer}
    assert (manifest["kwalificatie"]["code"], manifest["kwalificatie"]["versie"]) == ("WA-N6", "2.1")
    [beoordeling] = manifest["beoordelingen"]
    assert beoordeling["leeruitkomst"] == "LU1.1"
    assert beoordeling["oordeel"] == "aangetoond"
    assert beoordeling["beoordelaar"] == {"id": praktijkbegeleider.id, "naam": "Pieter Praktijkbegeleider"}
    assert beoordeling["feedback"] == FEEDBACK
    assert beoordeling["bewijsstukken"] == [{"id": beoordeeld_dossier["eerste"]["id"], "versie": 2}]
    assert [r["tekst"] for r in beoordeling["reacties"]] == [REACTIE]
    assert {lu["code"]: lu["status"] for lu in manifest["voortgang"]["leeruitkomsten"]}["LU1.1"] == "aangetoond"
    assert manifest["besluiten"] == []
    assert manifest["beroepsvereisten"] == []


def test_de_samenvatting_noemt_elke_leeruitkomst_met_oordeel_feedback_en_reactie(
    client: TestClient,
    student,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    archief, _ = uitgepakt(dossier_van(client, student))
    tekst = tekst_van(archief.read("samenvatting.pdf"))

    for code in ("LU1.1", "LU1.2", "LU2.3", "LU3.2", "LU4.1", "LU5.3"):
        assert code in tekst
    assert "Dossier van Sanne Student" in tekst
    assert FEEDBACK in tekst
    assert REACTIE in tekst
    assert "Aangetoond volgens Pieter Praktijkbegeleider" in tekst
    assert "1 van de 12 leeruitkomsten aangetoond" in tekst


def test_de_samenvatting_komt_als_laatste_en_de_zip_heeft_een_bestandsnaam(
    client: TestClient, student, beoordeeld_dossier: dict
) -> None:  # noqa: ANN001
    antwoord = dossier_van(client, student)

    # The summary is rendered when the stream reaches it, after the manifest and every file: the first bytes
    # do not wait for it.
    namen = zipfile.ZipFile(io.BytesIO(antwoord.content)).namelist()
    assert namen[0] == "manifest.json" and namen[-1] == "samenvatting.pdf" and len(namen) > 2
    assert antwoord.headers["content-disposition"].startswith(f'attachment; filename="dossier-{student.studentnummer}-')
    assert antwoord.headers["cache-control"] == "private, no-store"


def test_een_student_zonder_bewijs_krijgt_toch_een_geldige_zip(client: TestClient, als, student) -> None:  # noqa: ANN001
    als(student)
    archief, manifest = uitgepakt(dossier_van(client, student))

    assert sorted(archief.namelist()) == ["manifest.json", "samenvatting.pdf"]
    assert manifest["bewijsstukken"] == []
    assert manifest["beoordelingen"] == []
    tekst = tekst_van(archief.read("samenvatting.pdf"))
    assert "0 van de 12 leeruitkomsten aangetoond" in tekst
    assert "LU5.3" in tekst


@pytest.mark.parametrize("wie", ["andere_student", "praktijkbegeleider", "beheerder"])
def test_wie_het_dossier_niet_mag_meenemen_krijgt_404(
    client: TestClient,
    als,
    request: pytest.FixtureRequest,
    student,
    wie: str,  # noqa: ANN001
) -> None:
    als(request.getfixturevalue(wie))
    antwoord = dossier_van(client, student)

    assert antwoord.status_code == 404
    assert antwoord.headers["content-type"] == "application/problem+json"
    assert antwoord.json()["detail"] == "Deze student bestaat niet of je hebt er geen toegang toe."


def test_anoniem_krijgt_401(client: TestClient, student) -> None:  # noqa: ANN001
    assert dossier_van(client, student).status_code == 401


def test_de_export_staat_in_de_audittrail(
    client: TestClient, db, student, examencommissielid, beoordeeld_dossier
) -> None:  # noqa: ANN001
    factories.login(client, db, examencommissielid)
    uitgepakt(dossier_van(client, student))

    record = db.scalars(
        select(AuditRecord).where(AuditRecord.actie == "dossier_geexporteerd").order_by(AuditRecord.id.desc())
    ).first()
    assert record is not None
    assert (record.actor_id, record.onderwerp_type, record.onderwerp_id) == (
        examencommissielid.id,
        "gebruiker",
        str(student.id),
    )
    assert json.loads(record.gegevens)["bestanden"] == 5
    assert actie_label("dossier_geexporteerd") != "dossier_geexporteerd"


def test_verborgen_bewijs_valt_buiten_het_dossier_en_het_manifest_zegt_het(
    client: TestClient,
    als,
    student,
    examencommissielid,
    beheerder,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    verborgen = beoordeeld_dossier["derde"]["id"]
    als(beheerder)
    reden = "Herkenbare omstander op de foto"
    assert client.post(f"/api/v1/bewijsstukken/{verborgen}/verbergen", json={"reden": reden}).status_code == 200

    als(examencommissielid)
    archief, manifest = uitgepakt(dossier_van(client, student))
    assert verborgen not in [b["id"] for b in manifest["bewijsstukken"]]
    assert not [n for n in archief.namelist() if n.startswith(f"bewijsstukken/{verborgen}-")]
    assert "privacyredenen" in manifest["verborgen_bewijsstukken"]["toelichting"]
    assert manifest["verborgen_bewijsstukken"]["bewijsstukken"] == []

    # The student is told which of theirs was hidden, and why, as on their portfolio page; its files stay out.
    als(student)
    archief, manifest = uitgepakt(dossier_van(client, student))
    assert not [n for n in archief.namelist() if n.startswith(f"bewijsstukken/{verborgen}-")]
    [gemeld] = manifest["verborgen_bewijsstukken"]["bewijsstukken"]
    assert (gemeld["id"], gemeld["titel"], gemeld["reden"]) == (verborgen, "Reflectie op de netwerkdag", reden)
    assert reden in tekst_van(archief.read("samenvatting.pdf"))


def test_een_bestand_dat_in_de_opslag_ontbreekt_breekt_de_zip_niet(
    client: TestClient,
    db,
    student,
    opslag: LocalStorage,
    beoordeeld_dossier: dict,  # noqa: ANN001
) -> None:
    foto = db.scalars(select(Bestand).where(Bestand.naam == "foto.png")).one()
    opslag.delete(foto.opslag_sleutel)

    archief, manifest = uitgepakt(dossier_van(client, student))

    pad = f"bewijsstukken/{beoordeeld_dossier['eerste']['id']}-verslag-wijkschouw-zuid/v2/foto.png"
    assert manifest["ontbrekende_bestanden"]["paden"] == [pad]
    assert pad not in archief.namelist()
    aanwezig = [b for b in bestanden_in_manifest(manifest) if b["pad"] != pad]
    for bestand in aanwezig:
        assert hashlib.sha256(archief.read(bestand["pad"])).hexdigest() == bestand["sha256"]


def test_na_het_besluit_zit_het_diploma_in_de_zip_en_noemt_de_samenvatting_het_besluit(
    client: TestClient,
    db,
    als,
    student,
    praktijkbegeleider,
    beheerder,
    examencommissielid,  # noqa: ANN001
) -> None:
    import re

    from tests.besluit.conftest import maak_diplomabaar

    maak_diplomabaar(db, student, praktijkbegeleider, beheerder)
    als(student)
    voor = tekst_van(uitgepakt(dossier_van(client, student))[0].read("samenvatting.pdf"))
    assert "het besluit neemt de examencommissie" in " ".join(voor.split())
    als(examencommissielid)
    besluit = {"besluit": "vastgesteld", "motivering": "Het dossier is volledig."}
    genomen = client.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=besluit).json()
    nummer = genomen["diplomanummer"]

    archief, manifest = uitgepakt(dossier_van(client, student))

    pdf = archief.read(f"diploma-{nummer}.pdf")
    assert pdf.startswith(b"%PDF") and nummer in tekst_van(pdf)
    assert manifest["diplomas"] == [
        {"pad": f"diploma-{nummer}.pdf", "diplomanummer": nummer, "datum": genomen["datum"], "ingetrokken": False}
    ]
    assert archief.namelist()[-1] == "samenvatting.pdf"
    tekst = " ".join(tekst_van(archief.read("samenvatting.pdf")).split())
    assert "het besluit neemt de examencommissie" not in tekst
    datum = "-".join(reversed(genomen["datum"].split("-")))  # 2026-12-07 → 07-12-2026
    assert f"Op {datum} heeft de examencommissie het diploma vastgesteld (diplomanummer {nummer})" in tekst
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", tekst), "an ISO date among the Dutch ones"
    assert not re.search(
        r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}",
        tekst,
    )


def test_een_student_zonder_diploma_krijgt_geen_diploma_in_de_zip(client: TestClient, als, student) -> None:  # noqa: ANN001
    als(student)
    archief, manifest = uitgepakt(dossier_van(client, student))
    assert not [n for n in archief.namelist() if n.startswith("diploma-")]
    assert manifest["diplomas"] == []
