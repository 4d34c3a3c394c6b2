"""The thread under a judgement: the student and the assessor who gave it both reply; a notification opens it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Melding, MeldingSoort, Rol
from tests import factories
from tests.beoordeling.conftest import Aanbieder, oordeel


def _beoordeel(client: TestClient, als, student, praktijkbegeleider, bewijs: dict) -> int:  # noqa: ANN001
    als(praktijkbegeleider)
    antwoord = client.post(
        f"/api/v1/studenten/{student.id}/beoordelingen",
        json=oordeel(bewijs, oordeel_="gedeeltelijk_aangetoond", feedback="Beschrijf je eigen rol."),
    )
    assert antwoord.status_code == 201, antwoord.text
    return antwoord.json()["id"]


def _laatste_melding(db: Session, ontvanger) -> Melding:  # noqa: ANN001
    return db.scalars(
        select(Melding).where(Melding.ontvanger_id == ontvanger.id).order_by(Melding.id.desc()).limit(1)
    ).one()


def _open_draad(pagina: str) -> bool:
    return re.search(r'<details class="feedback-blok"\s+open>', pagina) is not None


def test_student_en_beoordelaar_reageren_om_beurten_en_de_melding_opent_het_gesprek(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    beoordeling_id = _beoordeel(client, als, student, praktijkbegeleider, bewijs)

    als(student)
    antwoord = client.post(
        f"/beoordelingen/{beoordeling_id}/reactie", data={"tekst": "Welke rol bedoel je?"}, follow_redirects=False
    )
    assert antwoord.status_code == 303

    melding = _laatste_melding(db, praktijkbegeleider)
    assert melding.soort == MeldingSoort.nieuwe_reactie
    assert melding.link.startswith(f"/studenten/{student.id}/portfolio?draad={beoordeling_id}#reactie-")

    als(praktijkbegeleider)
    # Without the notification's parameter the feedback of another's portfolio stays folded; with it, open.
    assert not _open_draad(client.get(f"/studenten/{student.id}/portfolio").text)
    pagina = client.get(melding.link.split("#")[0]).text
    assert _open_draad(pagina)
    assert "Welke rol bedoel je?" in pagina
    assert "Antwoord de student" in pagina

    antwoord = client.post(
        f"/beoordelingen/{beoordeling_id}/reactie",
        data={"tekst": "Wat jij zelf deed bij de melding."},
        follow_redirects=False,
    )
    assert antwoord.status_code == 303
    assert antwoord.headers["location"].startswith(f"/studenten/{student.id}/portfolio?draad={beoordeling_id}#reactie-")

    melding = _laatste_melding(db, student)
    assert melding.soort == MeldingSoort.nieuwe_reactie
    assert melding.link.startswith(f"/portfolio?draad={beoordeling_id}#reactie-")
    als(student)
    pagina = client.get(melding.link.split("#")[0]).text
    assert _open_draad(pagina)
    # One thread, in order, the assessor's reply marked as theirs.
    assert pagina.index("Welke rol bedoel je?") < pagina.index("Wat jij zelf deed bij de melding.")
    assert "(beoordelaar)" in pagina


def test_alleen_student_en_eigen_beoordelaar_reageren(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    beoordeling_id = _beoordeel(client, als, student, praktijkbegeleider, bewijs)
    # A second praktijkbegeleider of the same student reads the thread but is not part of it.
    tweede = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Tim Tweedebegeleider")
    factories.create_begeleiding(db, tweede, student)
    commissie = factories.create_gebruiker(db, Rol.examencommissie, naam="Els Commissie")

    for persoon in (tweede, commissie):
        als(persoon)
        pagina = client.get(f"/studenten/{student.id}/portfolio?draad={beoordeling_id}").text
        assert "Beschrijf je eigen rol." in pagina
        assert "Antwoord de student" not in pagina
        antwoord = client.post(f"/beoordelingen/{beoordeling_id}/reactie", data={"tekst": "Ik ook."})
        assert antwoord.status_code == 403
        assert "Alleen de student en wie dit oordeel gaf" in antwoord.text


def test_de_beoordelaar_reageert_ook_via_de_api(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder, db: Session
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    beoordeling_id = _beoordeel(client, als, student, praktijkbegeleider, bewijs)

    antwoord = client.post(f"/api/v1/beoordelingen/{beoordeling_id}/reacties", json={"tekst": "Nog een tip."})

    assert antwoord.status_code == 201, antwoord.text
    assert antwoord.json()["auteur"] == praktijkbegeleider.naam
    als(student)
    assert client.get("/api/v1/meldingen").json()[0]["link"].startswith(f"/portfolio?draad={beoordeling_id}")


def test_een_geweigerde_reactie_van_de_beoordelaar_komt_terug_in_het_open_gesprek(
    client: TestClient, als, student, praktijkbegeleider, aanbieden: Aanbieder
) -> None:  # noqa: ANN001
    bewijs = aanbieden(student)
    beoordeling_id = _beoordeel(client, als, student, praktijkbegeleider, bewijs)

    antwoord = client.post(f"/beoordelingen/{beoordeling_id}/reactie", data={"tekst": "   "})

    assert antwoord.status_code == 422
    assert _open_draad(antwoord.text)
    assert "Een lege reactie wordt niet bewaard." in antwoord.text
