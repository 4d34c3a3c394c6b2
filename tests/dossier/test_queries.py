"""The dossier export loads a student with 30 bewijsstukken in as many queries as one with a single one."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from fastapi.testclient import TestClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Beroepsvereiste,
    BeroepsvereisteResultaat,
    Bewijsstuk,
    BewijsstukVersie,
    Leeruitkomst,
    Oordeel,
    Reactie,
    Rol,
)
from app.models.beroepsvereisten import Resultaat
from app.tijd import nu
from app.voortgang import stand
from tests import factories


def _dossier(db: Session, student, beoordelaar, beheerder, bewijsstukken: int, resultaten: int) -> None:  # noqa: ANN001
    """Bewijsstukken with three versions and a file each, a judgement with a reply per bewijsstuk, results."""
    factories.create_veel_bewijsstukken(db, student, bewijsstukken, versies=3)
    laatste = db.execute(
        select(BewijsstukVersie.id, BewijsstukVersie.bewijsstuk_id)
        .join(Bewijsstuk)
        .where(Bewijsstuk.student_id == student.id, BewijsstukVersie.versie == 3)
    ).all()
    leeruitkomst_id = db.scalar(select(Leeruitkomst.id).order_by(Leeruitkomst.id).limit(1))
    for versie_id, _ in laatste:
        beoordeling = Beoordeling(
            student_id=student.id,
            leeruitkomst_id=leeruitkomst_id,
            beoordelaar_id=beoordelaar.id,
            tijd=nu(),
            oordeel=Oordeel.gedeeltelijk_aangetoond,
            feedback="Werk de samenwerking met de gemeente verder uit.",
            bewijs=[BeoordelingBewijs(versie_id=versie_id)],
            reacties=[Reactie(auteur_id=student.id, tijd=nu(), tekst="Doe ik.")],
        )
        db.add(beoordeling)
    vereisten = list(
        db.scalars(select(Beroepsvereiste.id).where(Beroepsvereiste.kwalificatie_id == factories.wijkagent(db).id))
    )
    if resultaten:
        db.execute(
            insert(BeroepsvereisteResultaat),
            [
                {
                    "student_id": student.id,
                    "beroepsvereiste_id": vereisten[i % len(vereisten)],
                    "datum": dt.date(2026, 10, 1) + dt.timedelta(days=i),
                    "resultaat": Resultaat.voldaan,
                    "geldig_tot": dt.date(2027, 10, 1),
                    "vastgelegd_door_id": beheerder.id,
                }
                for i in range(resultaten)
            ],
        )
    db.flush()
    stand.bijwerken(db, [student.id])  # the results came in by bulk insert, which the hook does not see


def test_het_dossier_van_30_bewijsstukken_kost_evenveel_queries_als_van_1(
    client: TestClient,
    db: Session,
    als,
    count_queries,
    examencommissielid,
    beheerder,  # noqa: ANN001
) -> None:
    beoordelaar = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Bakker", wachtwoord=None)
    als(examencommissielid)
    tellingen = {}
    for bewijsstukken, resultaten in ((1, 1), (30, 6)):
        student = factories.create_gebruiker(db, Rol.student, wachtwoord=None)
        factories.create_inschrijving(db, student)
        _dossier(db, student, beoordelaar, beheerder, bewijsstukken, resultaten)
        db.expunge_all()
        with count_queries:
            antwoord = client.get(f"/api/v1/studenten/{student.id}/dossier")
        assert antwoord.status_code == 200, antwoord.text
        tellingen[bewijsstukken] = count_queries.count
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(antwoord.content)).read("manifest.json"))
        assert len(manifest["bewijsstukken"]) == bewijsstukken
        assert sum(len(b["versies"]) for b in manifest["bewijsstukken"]) == 3 * bewijsstukken
        assert len(manifest["beoordelingen"]) == bewijsstukken
        assert len(manifest["beroepsvereisten"]) == resultaten
    # PostgreSQL adds one: the advisory lock that keeps the audit chain in one line. The export's audit
    # record brings one more: the checkpoint job enqueued in its transaction (INSERT … WHERE NOT EXISTS), and
    # the progress one more: the revoked diplomas not reopened; the summary one to three: whether it is stored,
    # and the job that renders it when it is not, asked for in a transaction of its own (on PostgreSQL its
    # connection's pre-ping is one statement more).
    assert tellingen[1] == tellingen[30] <= 43, tellingen
