"""API shapes of the cohort overview (API.md)."""

from __future__ import annotations

from pydantic import BaseModel

from app.cohortoverzicht.service import Rij


class StudentKort(BaseModel):
    id: int
    naam: str
    studentnummer: str | None


class CohortRijUit(BaseModel):
    student: StudentKort
    aangetoond: int
    totaal: int
    diplomabaar: bool
    # Leeruitkomst code → status (API.md vocabulary), in the kwalificatie's order.
    leeruitkomsten: dict[str, str]

    @classmethod
    def van(cls, rij: Rij) -> CohortRijUit:
        return cls(
            student=StudentKort(id=rij.student_id, naam=rij.naam, studentnummer=rij.studentnummer),
            aangetoond=rij.aangetoond,
            totaal=rij.totaal,
            diplomabaar=rij.diplomabaar,
            leeruitkomsten={code: status.value for code, status in rij.statussen.items()},
        )
