"""Helpers for the organisation tests: audit lookups and many students at once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.models import AuditRecord, Cohort, Gebruiker, Inschrijving, Rol
from tests import factories

_begin = {"volgnummer": 0}


@pytest.fixture(autouse=True)
def _audit_begin(db) -> None:  # noqa: ANN001, PT004
    """Remember where the trail stood, so audit_records sees only this test's records
    (browser tests commit records of their own to the same database)."""
    _begin["volgnummer"] = db.scalar(select(func.coalesce(func.max(AuditRecord.volgnummer), 0)))


def audit_records(db, actie: str) -> list[dict]:  # noqa: ANN001
    records = db.scalars(
        select(AuditRecord)
        .where(AuditRecord.actie == actie, AuditRecord.volgnummer > _begin["volgnummer"])
        .order_by(AuditRecord.volgnummer)
    )
    return [{"actor_id": r.actor_id, "onderwerp_id": r.onderwerp_id, **json.loads(r.gegevens)} for r in records]


def tellingen(db) -> dict[str, int]:  # noqa: ANN001
    return {
        "gebruikers": db.scalar(select(func.count()).select_from(Gebruiker)),
        "cohorten": db.scalar(select(func.count()).select_from(Cohort)),
        "inschrijvingen": db.scalar(select(func.count()).select_from(Inschrijving)),
    }


@pytest.fixture
def maak_studenten(db):  # noqa: ANN001, ANN201
    """`maak_studenten(n, begeleider=None)`: n enrolled students, optionally all assigned to one begeleider."""

    def maak(aantal: int, begeleider: Gebruiker | None = None) -> list[Gebruiker]:
        studenten = []
        for _ in range(aantal):
            student = factories.create_gebruiker(db, Rol.student)
            factories.create_inschrijving(db, student)
            if begeleider is not None:
                factories.create_begeleiding(db, begeleider, student)
            studenten.append(student)
        return studenten

    return maak
