"""Assessment tests: evidence is uploaded and submitted through the API, as the student would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.models import (
    Beoordeling,
    BeoordelingBewijs,
    Bewijsstuk,
    BewijsstukKoppeling,
    BewijsstukSoort,
    BewijsstukVersie,
    Gebruiker,
    Oordeel,
    VersieStatus,
)
from app.portfolio import repository as portfolio_repository
from app.tijd import nu
from tests import factories
from tests.portfolio.conftest import PDF, PNG, Uploader, opslag, upload  # noqa: F401 - shared fixtures

Aanbieder = Callable[..., dict]


@pytest.fixture
def aanbieden(client: TestClient, als, upload: Uploader) -> Aanbieder:  # noqa: ANN001, F811
    """The student uploads and submits a bewijsstuk; answers its JSON (id, versie). Logs in as the student."""

    def _aanbieden(student: Gebruiker, leeruitkomsten: tuple[str, ...] = ("LU1.1",), **velden) -> dict:  # noqa: ANN003
        als(student)
        bewijsstuk = upload(student, leeruitkomsten=leeruitkomsten, **velden).json()
        antwoord = client.post(f"/api/v1/bewijsstukken/{bewijsstuk['id']}/indienen")
        assert antwoord.status_code == 200, antwoord.text
        return antwoord.json()

    return _aanbieden


def oordeel(bewijsstuk: dict, leeruitkomst: str = "LU1.1", oordeel_: str = "aangetoond", **velden) -> dict:  # noqa: ANN003
    """The body of POST /studenten/{id}/beoordelingen for this bewijsstuk's current version."""
    return {
        "leeruitkomst": leeruitkomst,
        "oordeel": oordeel_,
        "feedback": velden.pop("feedback", "Goed gedaan."),
        "bewijsstukken": [{"id": bewijsstuk["id"], "versie": bewijsstuk["versie"]}],
        **velden,
    }


_ = (PDF, PNG)


def maak_ingediend(
    db, student: Gebruiker, codes: tuple[str, ...] = ("LU1.1",), titel: str = "Verslag"
) -> BewijsstukVersie:  # noqa: ANN001
    """A submitted version straight in the database: for tests that need many students fast."""
    kwalificatie = factories.wijkagent(db)
    per_code = {lu.code: lu for lu in portfolio_repository.leeruitkomsten_van(db, kwalificatie.id)}
    versie = BewijsstukVersie(
        versie=1,
        titel=titel,
        soort=BewijsstukSoort.verslag,
        context="",
        status=VersieStatus.ingediend,
        ingediend_op=nu(),
        koppelingen=[BewijsstukKoppeling(leeruitkomst=per_code[c], onderbouwing="Zo toon ik het aan.") for c in codes],
        bestanden=[],
    )
    db.add(Bewijsstuk(student_id=student.id, versies=[versie]))
    db.flush()
    return versie


def maak_beoordeling(  # noqa: ANN201
    db,
    student: Gebruiker,
    beoordelaar: Gebruiker,
    versie: BewijsstukVersie,
    oordeel_: Oordeel = Oordeel.aangetoond,  # noqa: ANN001
):
    """A judgement straight in the database, of the version's first leeruitkomst."""
    koppeling = versie.koppelingen[0]
    beoordeling = Beoordeling(
        student_id=student.id,
        leeruitkomst_id=koppeling.leeruitkomst_id,
        beoordelaar_id=beoordelaar.id,
        tijd=nu(),
        oordeel=oordeel_,
        feedback="",
        bewijs=[BeoordelingBewijs(versie_id=versie.id)],
        reacties=[],
    )
    db.add(beoordeling)
    db.flush()
    return beoordeling
