"""Two decisions at the same moment: real transactions in threads released by a barrier, no sleeps."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Diplomabesluit, Heropening, Intrekking, Rol
from tests import factories
from tests.besluit.conftest import maak_diplomabaar
from tests.conftest import EchteApp
from tests.gelijktijdig import tegelijk

pytestmark = pytest.mark.commits

BESLUIT = {"besluit": "vastgesteld", "motivering": "Volledig dossier."}


def _diplomabaar(echte_app: EchteApp, beoordelaar, beheerder):  # noqa: ANN001, ANN202
    """A committed diplomabare student. Made here, not by `echte_app.persoon`: its evidence carries judgements
    and a decision, which stay (both are history), so the clean-up must not try to delete it."""
    with Session(echte_app.engine, expire_on_commit=False) as session, session.begin():
        student = factories.create_gebruiker(
            session, Rol.student, email=f"{secrets.token_hex(6)}@echt.example.nl", wachtwoord=None
        )
        factories.create_inschrijving(session, student, factories.create_cohort(session, secrets.token_hex(6)))
        maak_diplomabaar(session, student, session.merge(beoordelaar), session.merge(beheerder))
    return student


def test_twee_besluiten_tegelijk_krijgen_elk_een_eigen_diplomanummer(echte_app: EchteApp) -> None:
    beoordelaar = echte_app.persoon(Rol.praktijkbegeleider)
    beheerder = echte_app.persoon(Rol.beheerder)
    studenten = [_diplomabaar(echte_app, beoordelaar, beheerder) for _ in range(3)]
    leden = [echte_app.persoon(Rol.examencommissie) for _ in range(2)]
    clients = [echte_app.client(lid) for lid in leden]
    # One decision first, so this year's counter exists and the race is over its row, not over creating it.
    eerste = studenten.pop()
    assert clients[0].post(f"/api/v1/studenten/{eerste.id}/diplomabesluit", json=BESLUIT).status_code == 201

    antwoorden = tegelijk(
        *(
            (lambda c=c, s=s: c.post(f"/api/v1/studenten/{s.id}/diplomabesluit", json=BESLUIT))
            for c, s in zip(clients, studenten, strict=True)
        )
    )

    assert [a.status_code for a in antwoorden] == [201, 201], [a.text for a in antwoorden]
    nummers = [a.json()["diplomanummer"] for a in antwoorden]
    assert len(set(nummers)) == 2
    assert all(re.fullmatch(r"WA6-\d{4}-\d{6}", n) for n in nummers)
    volgnummers = sorted(int(n.rsplit("-", 1)[1]) for n in nummers)
    assert volgnummers[1] == volgnummers[0] + 1  # taken one after the other from the counter
    with echte_app.sessie() as session:
        opgeslagen = session.scalars(
            select(Diplomabesluit.diplomanummer).where(Diplomabesluit.student_id.in_([s.id for s in studenten]))
        ).all()
    assert sorted(opgeslagen) == sorted(nummers)


def test_twee_leden_tegelijk_over_dezelfde_student_geven_een_diploma(echte_app: EchteApp) -> None:
    beoordelaar = echte_app.persoon(Rol.praktijkbegeleider)
    beheerder = echte_app.persoon(Rol.beheerder)
    student = _diplomabaar(echte_app, beoordelaar, beheerder)
    clients = [echte_app.client(echte_app.persoon(Rol.examencommissie)) for _ in range(2)]

    antwoorden = tegelijk(
        *((lambda c=c: c.post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=BESLUIT)) for c in clients)
    )

    assert sorted(a.status_code for a in antwoorden) == [201, 409], [a.text for a in antwoorden]
    with echte_app.sessie() as session:
        aantal = len(session.scalars(select(Diplomabesluit.id).where(Diplomabesluit.student_id == student.id)).all())
    assert aantal == 1


def test_twee_leden_tegelijk_heropenen_hetzelfde_dossier_een_keer(echte_app: EchteApp) -> None:
    beoordelaar = echte_app.persoon(Rol.praktijkbegeleider)
    beheerder = echte_app.persoon(Rol.beheerder)
    student = _diplomabaar(echte_app, beoordelaar, beheerder)
    clients = [echte_app.client(echte_app.persoon(Rol.examencommissie)) for _ in range(2)]
    nummer = clients[0].post(f"/api/v1/studenten/{student.id}/diplomabesluit", json=BESLUIT).json()["diplomanummer"]
    assert clients[0].post(f"/api/v1/diplomas/{nummer}/intrekking", json={"reden": "Fraude."}).status_code == 201

    antwoorden = tegelijk(
        *(
            (lambda c=c: c.post(f"/api/v1/diplomas/{nummer}/heropening", json={"reden": "Opnieuw bekeken."}))
            for c in clients
        )
    )

    assert sorted(a.status_code for a in antwoorden) == [201, 409], [a.text for a in antwoorden]
    verloren = next(a for a in antwoorden if a.status_code == 409)
    assert "al heropend" in verloren.json()["detail"]
    with echte_app.sessie() as session:
        heropeningen = session.scalars(
            select(Heropening.id).join(Intrekking).join(Diplomabesluit).where(Diplomabesluit.student_id == student.id)
        ).all()
    assert len(heropeningen) == 1
    # Reopened once: the stored progress says diplomabaar again, as the rule does.
    antwoord = clients[1].get(f"/api/v1/studenten/{student.id}/voortgang").json()
    assert antwoord["diplomabaarheid"]["diplomabaar"] is True


def test_twee_besluiten_tegelijk_die_dezelfde_statusplaats_trekken_krijgen_elk_een_eigen_bit(
    echte_app: EchteApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from app.openbadge import service as openbadge

    beoordelaar = echte_app.persoon(Rol.praktijkbegeleider)
    beheerder = echte_app.persoon(Rol.beheerder)
    studenten = [_diplomabaar(echte_app, beoordelaar, beheerder) for _ in range(2)]
    clients = [echte_app.client(echte_app.persoon(Rol.examencommissie)) for _ in range(2)]
    with echte_app.sessie() as session:
        bezet = set(session.scalars(select(Diplomabesluit.ob_statusindex).where(Diplomabesluit.ob_statuslijst == 1)))
    vrij = [i for i in range(1000) if i not in bezet][:2]
    # Both decisions draw the same free place first: the second must see the first's and draw again.
    trekkingen = iter([vrij[0], vrij[0], vrij[1]])
    slot = threading.Lock()

    def vast(_bovengrens: int) -> int:
        with slot:
            return next(trekkingen)

    monkeypatch.setattr(openbadge.secrets, "randbelow", vast)

    antwoorden = tegelijk(
        *(
            (lambda c=c, s=s: c.post(f"/api/v1/studenten/{s.id}/diplomabesluit", json=BESLUIT))
            for c, s in zip(clients, studenten, strict=True)
        )
    )

    assert [a.status_code for a in antwoorden] == [201, 201], [a.text for a in antwoorden]
    with echte_app.sessie() as session:
        indexen = session.scalars(
            select(Diplomabesluit.ob_statusindex).where(Diplomabesluit.student_id.in_([s.id for s in studenten]))
        ).all()
    assert sorted(indexen) == vrij  # one bit each: revoking one can never revoke the other
