"""Two requests on one bewijsstuk at the same moment: one wins, the other hears why, nothing frozen changes.

These run on the real engine (each request commits on its own connection), on
PostgreSQL (row locks) and SQLite (immediate write transactions) alike.
"""

from __future__ import annotations

import hashlib

import httpx
from sqlalchemy import func, select

from app.config import get_settings
from app.models import AuditRecord, Bestand, Bewijsstuk, BewijsstukVersie, Rol
from app.opslag import LocalStorage
from tests.conftest import EchteApp
from tests.gelijktijdig import tegelijk
from tests.portfolio.conftest import MB, PDF, PNG, TEKST, bestanden_in

PDF_FILE = ("bestanden", ("verslag.pdf", PDF, "application/pdf"))


def _concept(client: httpx.Client, student_id: int) -> dict:
    """A complete concept: a file, a leeruitkomst and its onderbouwing, ready to submit."""
    antwoord = client.post(
        f"/api/v1/studenten/{student_id}/bewijsstukken",
        data={"titel": "Wijkschouw", "leeruitkomsten": ["LU1.1"], "onderbouwing": "Samen met de buurt."},
        files=[PDF_FILE],
    )
    assert antwoord.status_code == 201, antwoord.text
    return antwoord.json()


def _versies(client: httpx.Client, bewijsstuk_id: int) -> dict[int, dict]:
    antwoord = client.get(f"/api/v1/bewijsstukken/{bewijsstuk_id}")
    assert antwoord.status_code == 200
    return {v["versie"]: v for v in antwoord.json()["versies"]}


def _inhoud(versie: dict) -> tuple:
    return versie["titel"], [(b["naam"], b["sha256"]) for b in versie["bestanden"]]


def test_wijzigen_met_bestand_tegelijk_met_indienen_verandert_nooit_de_ingediende_versie(
    echte_app: EchteApp,
) -> None:
    student = echte_app.persoon(Rol.student)
    wijzigaar, indiener = echte_app.client(student), echte_app.client(student)
    for poging in range(20):
        bewijsstuk = _concept(wijzigaar, student.id)
        pad = f"/api/v1/bewijsstukken/{bewijsstuk['id']}"

        gewijzigd, ingediend = tegelijk(
            lambda pad=pad, poging=poging: wijzigaar.patch(
                pad, data={"titel": f"Herzien {poging}"}, files=[("bestanden", ("foto.png", PNG, "image/png"))]
            ),
            lambda pad=pad: indiener.post(f"{pad}/indienen"),
        )

        assert (gewijzigd.status_code, ingediend.status_code) == (200, 200), (gewijzigd.text, ingediend.text)
        bevroren = ingediend.json()
        versies = _versies(wijzigaar, bewijsstuk["id"])
        # What was submitted is exactly what the praktijkbegeleider sees, whoever came first.
        assert versies[bevroren["versie"]]["status"] == "ingediend"
        assert _inhoud(versies[bevroren["versie"]]) == _inhoud(bevroren)
        # And the change is not lost: it is in the submitted version or in the new one after it.
        assert _inhoud(versies[gewijzigd.json()["versie"]]) == _inhoud(gewijzigd.json())
        assert gewijzigd.json()["titel"] == f"Herzien {poging}"


def test_twee_wijzigingen_op_dezelfde_ingediende_versie_een_wint_de_ander_krijgt_409(
    echte_app: EchteApp, opslag: LocalStorage
) -> None:
    student = echte_app.persoon(Rol.student)
    eerste, tweede = echte_app.client(student), echte_app.client(student)
    bewijsstuk = _concept(eerste, student.id)
    pad = f"/api/v1/bewijsstukken/{bewijsstuk['id']}"
    assert eerste.post(f"{pad}/indienen").status_code == 200

    def wijzig(client: httpx.Client, tabblad: str) -> httpx.Response:
        bijlage = ("bestanden", (f"{tabblad}.txt", TEKST + tabblad.encode(), "text/plain"))
        return client.patch(pad, data={"versie": "1", "titel": f"Versie van het {tabblad} tabblad"}, files=[bijlage])

    antwoorden = tegelijk(lambda: wijzig(eerste, "eerste"), lambda: wijzig(tweede, "tweede"))

    assert sorted(a.status_code for a in antwoorden) == [200, 409], [a.text for a in antwoorden]
    verloren = next(a for a in antwoorden if a.status_code == 409)
    assert verloren.headers["content-type"].startswith("application/problem+json")
    assert "intussen" in verloren.json()["detail"]
    winnaar = next(a for a in antwoorden if a.status_code == 200).json()
    versies = _versies(eerste, bewijsstuk["id"])
    assert sorted(versies) == [1, 2]
    assert versies[1]["titel"] == "Wijkschouw" and versies[1]["status"] == "ingediend"
    assert versies[2]["titel"] == winnaar["titel"]
    # The file of the change that lost was removed again; only files some version refers to are stored.
    in_gebruik = {b["sha256"] for v in versies.values() for b in v["bestanden"]}
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in bestanden_in(opslag)} == in_gebruik
    assert len(bestanden_in(opslag)) == 2


def test_tweemaal_tegelijk_indienen_geeft_een_auditrecord(echte_app: EchteApp) -> None:
    student = echte_app.persoon(Rol.student)
    eerste, tweede = echte_app.client(student), echte_app.client(student)
    for _ in range(5):
        bewijsstuk = _concept(eerste, student.id)
        pad = f"/api/v1/bewijsstukken/{bewijsstuk['id']}/indienen"

        antwoorden = tegelijk(lambda pad=pad: eerste.post(pad), lambda pad=pad: tweede.post(pad))

        assert sorted(a.status_code for a in antwoorden) == [200, 409], [a.text for a in antwoorden]
        with echte_app.sessie() as session:
            records = session.scalar(
                select(func.count())
                .select_from(AuditRecord)
                .where(
                    AuditRecord.actie == "ingediend",
                    AuditRecord.onderwerp_id == str(bewijsstuk["id"]),
                    AuditRecord.actor_id == student.id,
                )
            )
        assert records == 1


def test_tien_uploads_tegelijk_blijven_binnen_de_ruimte_van_de_student(
    echte_app: EchteApp, opslag: LocalStorage, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "max_student_mb", 3)
    student = echte_app.persoon(Rol.student)
    inhoud = [(TEKST * (900 * 1024 // len(TEKST)))[:-n] + b"\n" for n in range(1, 11)]  # ten different files

    def upload(client: httpx.Client, data: bytes) -> httpx.Response:
        return client.post(
            f"/api/v1/studenten/{student.id}/bewijsstukken",
            data={"titel": "Verslag"},
            files=[("bestanden", ("verslag.txt", data, "text/plain"))],
        )

    clients = [echte_app.client(student) for _ in inhoud]
    antwoorden = tegelijk(*[lambda c=c, data=data: upload(c, data) for c, data in zip(clients, inhoud, strict=True)])

    assert sorted({a.status_code for a in antwoorden}) == [201, 413], [a.text for a in antwoorden]
    assert sum(a.status_code == 201 for a in antwoorden) == 3
    with echte_app.sessie() as session:
        opgeslagen = session.scalar(
            select(func.coalesce(func.sum(Bestand.grootte), 0))
            .join(Bestand.versie)
            .join(BewijsstukVersie.bewijsstuk)
            .where(Bewijsstuk.student_id == student.id)
        )
    assert opgeslagen <= 3 * MB
    # The refused uploads left no file behind.
    assert sum(p.stat().st_size for p in bestanden_in(opslag)) == opgeslagen
    bewaard = {hashlib.sha256(p.read_bytes()).hexdigest() for p in bestanden_in(opslag)}
    assert bewaard == {b["sha256"] for a in antwoorden if a.status_code == 201 for b in a.json()["bestanden"]}
