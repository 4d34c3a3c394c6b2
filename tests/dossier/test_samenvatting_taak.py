"""The dossier's samenvatting.pdf is rendered by a worker and kept until the student's next change."""

from __future__ import annotations

import io
import threading
import zipfile

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.dossier import samenvatting
from app.models import DossierSamenvatting, Rol, Taak
from app.opslag import get_storage
from app.taken.werker import Werker
from tests.conftest import EchteApp
from tests.documenten import tekst_van
from tests.portfolio.conftest import PDF
from tests.taken.conftest import wachtrij  # noqa: F401 (fixture)

pytestmark = pytest.mark.commits


def _samenvatting(client, student_id: int) -> bytes:  # noqa: ANN001
    antwoord = client.get(f"/api/v1/studenten/{student_id}/dossier")
    assert antwoord.status_code == 200, antwoord.text
    return zipfile.ZipFile(io.BytesIO(antwoord.content)).read("samenvatting.pdf")


def _upload(client, student_id: int, titel: str) -> None:  # noqa: ANN001
    antwoord = client.post(
        f"/api/v1/studenten/{student_id}/bewijsstukken",
        data={"titel": titel, "leeruitkomsten": ["LU1.1"], "onderbouwing": "Zo."},
        files=[("bestanden", ("verslag.pdf", PDF, "application/pdf"))],
    )
    assert antwoord.status_code == 201, antwoord.text


def _bewaard(maker: sessionmaker[Session], student_id: int) -> list[DossierSamenvatting]:
    with maker() as session:
        return list(session.scalars(select(DossierSamenvatting).where(DossierSamenvatting.student_id == student_id)))


def test_de_werker_maakt_de_samenvatting_en_de_volgende_export_geeft_die(
    echte_app: EchteApp, wachtrij: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    student = echte_app.persoon(Rol.student, naam="Samen Vatting")
    client = echte_app.client(student)
    _upload(client, student.id, "Verslag wijkschouw")

    # No worker in time (the tests wait 0 s): the request renders it itself, and leaves the job behind.
    eerste = _samenvatting(client, student.id)
    assert "Verslag wijkschouw" in tekst_van(eerste)
    with wachtrij() as session:
        assert samenvatting.TAAK in [t.naam for t in session.scalars(select(Taak))]
    Werker(wachtrij).draai_tot_leeg()
    [bewaard] = _bewaard(wachtrij, student.id)

    def niet_hier(*_args: object) -> bytes:
        raise AssertionError("the web process rendered a summary that was stored")

    monkeypatch.setattr(samenvatting, "pdf_van", niet_hier)
    tweede = _samenvatting(client, student.id)
    with get_storage().open(bewaard.opslag_sleutel) as stroom:
        assert tweede == stroom.read()
    assert "Verslag wijkschouw" in tekst_van(tweede)


def test_na_een_wijziging_van_de_student_komt_er_een_nieuwe_samenvatting(
    echte_app: EchteApp,
    wachtrij: sessionmaker[Session],  # noqa: F811
) -> None:
    student = echte_app.persoon(Rol.student, naam="Nieuw Bewijs")
    client = echte_app.client(student)
    _upload(client, student.id, "Eerste verslag")
    _samenvatting(client, student.id)
    Werker(wachtrij).draai_tot_leeg()
    assert len(_bewaard(wachtrij, student.id)) == 1

    _upload(client, student.id, "Tweede verslag")
    nieuw = _samenvatting(client, student.id)
    assert "Tweede verslag" in tekst_van(nieuw)  # never the stored one of before the change
    Werker(wachtrij).draai_tot_leeg()
    assert len(_bewaard(wachtrij, student.id)) == 2


def test_de_export_wacht_op_de_werker_en_rendert_dan_niet_zelf(
    echte_app: EchteApp, wachtrij: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    student = echte_app.persoon(Rol.student, naam="Wacht Even")
    client = echte_app.client(student)
    _upload(client, student.id, "Verslag nachtdienst")
    monkeypatch.setattr(get_settings(), "dossier_pdf_wacht_seconden", 30)
    echte_pdf = samenvatting.pdf_van
    gerenderd_in: list[str] = []

    def pdf_van(html: str) -> bytes:
        gerenderd_in.append(threading.current_thread().name)
        return echte_pdf(html)

    monkeypatch.setattr(samenvatting, "pdf_van", pdf_van)
    stop = threading.Event()
    werker = threading.Thread(target=Werker(wachtrij).draai, args=(stop,), name="werker")
    werker.start()
    try:
        pdf = _samenvatting(client, student.id)
    finally:
        stop.set()
        werker.join(timeout=30)
    assert gerenderd_in == ["werker"]
    assert "Verslag nachtdienst" in tekst_van(pdf)


def test_twee_werkers_tegelijk_bewaren_een_samenvatting_en_laten_geen_bestand_achter(
    echte_app: EchteApp,
    wachtrij: sessionmaker[Session],  # noqa: F811
    engine,  # noqa: ANN001
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("two workers at once are PostgreSQL's (SQLite has one writer)")
    student = echte_app.persoon(Rol.student, naam="Twee Werkers")
    client = echte_app.client(student)
    _upload(client, student.id, "Verslag dubbel")
    voor = {o.key for o in get_storage().list()}

    def werker() -> None:
        with wachtrij() as session:
            samenvatting.maak(session, student.id, student.id)
            session.commit()

    from tests.gelijktijdig import tegelijk

    tegelijk(werker, werker)
    [bewaard] = _bewaard(wachtrij, student.id)
    nieuw = {o.key for o in get_storage().list()} - voor
    assert nieuw == {bewaard.opslag_sleutel}  # the loser removed its own copy
