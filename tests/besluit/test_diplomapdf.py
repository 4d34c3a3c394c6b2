"""The diploma PDF is a job: rendered once per state by a worker, stored by its sha256, then served from storage."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.besluit import api, diplomapdf
from app.models import Diplomabesluit, DiplomaPdf, Taak
from app.opslag import check_storage, get_storage
from app.portfolio import repository as portfolio_repository


def _pdf_taken(db: Session) -> list[Taak]:
    return list(db.scalars(select(Taak).where(Taak.naam == diplomapdf.PDFTAAK).order_by(Taak.id)))


def test_een_vastgesteld_diploma_wordt_eenmaal_gerenderd_en_daarna_uit_de_opslag_geserveerd(
    client,
    als,
    db: Session,
    diplomabare_student,
    examencommissielid,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    client.post(f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig dossier."})
    besluit = db.scalar(select(Diplomabesluit).where(Diplomabesluit.student_id == diplomabare_student.id))
    [taak] = _pdf_taken(db)  # enqueued with the decision itself
    assert taak.argumenten == {"besluit_id": besluit.id, "ingetrokken": False}

    db.commit()  # what the test made so far stays; the job's own rollback only ends its reading part
    diplomapdf.maak(db, **taak.argumenten)
    diplomapdf.maak(db, **taak.argumenten)  # a repeat (a retried job) renders nothing new
    [bewaard] = db.scalars(select(DiplomaPdf).where(DiplomaPdf.besluit_id == besluit.id)).all()
    assert bewaard.ingetrokken is False

    def niet_renderen(_gegevens: object) -> bytes:
        raise AssertionError("the web process rendered the diploma again")

    monkeypatch.setattr(api, "diploma_pdf", niet_renderen)
    antwoord = client.get(f"/api/v1/diplomas/{besluit.diplomanummer}/pdf")
    assert antwoord.status_code == 200 and antwoord.content.startswith(b"%PDF")
    assert hashlib.sha256(antwoord.content).hexdigest() == bewaard.sha256
    # `portfolio storage check` knows the file: not an orphan, size and sha256 as recorded.
    rapport = check_storage(portfolio_repository.alle_bestanden(db), get_storage())
    assert bewaard.opslag_sleutel not in rapport.orphans
    assert rapport.ok, rapport.summary()


def test_zonder_werker_wordt_het_diploma_ter_plekke_gerenderd(
    client,
    als,
    db: Session,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    client.post(f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig dossier."})
    nummer = db.scalar(select(Diplomabesluit.diplomanummer).where(Diplomabesluit.student_id == diplomabare_student.id))

    antwoord = client.get(f"/api/v1/diplomas/{nummer}/pdf")

    assert antwoord.status_code == 200 and antwoord.content.startswith(b"%PDF")
    assert db.scalars(select(DiplomaPdf)).all() == []


def test_een_intrekking_laat_de_ingetrokken_versie_renderen_en_die_wordt_geserveerd(
    client,
    als,
    db: Session,
    diplomabare_student,
    examencommissielid,  # noqa: ANN001
) -> None:
    als(examencommissielid)
    url = f"/examencommissie/studenten/{diplomabare_student.id}"
    client.post(f"{url}/besluit", data={"besluit": "vastgesteld", "motivering": "Volledig."})
    besluit = db.scalar(select(Diplomabesluit).where(Diplomabesluit.student_id == diplomabare_student.id))
    client.post(f"{url}/diplomas/{besluit.diplomanummer}/intrekking", data={"reden": "Vervalst bewijs."})

    geldig, ingetrokken = _pdf_taken(db)
    assert ingetrokken.argumenten == {"besluit_id": besluit.id, "ingetrokken": True}
    db.commit()
    for taak in (geldig, ingetrokken):  # each job commits on its own, as in a worker
        diplomapdf.maak(db, **taak.argumenten)
        db.commit()

    bewaard = {p.ingetrokken: p for p in db.scalars(select(DiplomaPdf).where(DiplomaPdf.besluit_id == besluit.id))}
    assert set(bewaard) == {False, True} and bewaard[False].sha256 != bewaard[True].sha256
    antwoord = client.get(f"/api/v1/diplomas/{besluit.diplomanummer}/pdf")
    assert hashlib.sha256(antwoord.content).hexdigest() == bewaard[True].sha256
