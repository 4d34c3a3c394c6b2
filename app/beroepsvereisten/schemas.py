"""API shapes for beroepsvereisten results (API.md: POST/GET /studenten/{id}/beroepsvereisten)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.models import BeroepsvereisteResultaat, Resultaat


class ResultaatIn(BaseModel):
    # Text, not date types: the service checks every field and answers in Dutch, as a form does.
    code: str = Field(max_length=20, examples=["RTGP"], description="RTGP, IBT of PV")
    resultaat: str = Field(max_length=20, examples=["voldaan"], description="voldaan of niet_voldaan")
    datum: str = Field(max_length=20, examples=["2026-11-12"], json_schema_extra={"format": "date"})
    geldig_tot: str | None = Field(
        default=None,
        max_length=20,
        examples=["2027-11-12"],
        json_schema_extra={"format": "date"},
        description="verplicht bij voldaan, op of na datum; leeg bij niet_voldaan",
    )
    corrigeert: int | None = Field(default=None, description="id van het resultaat dat dit corrigeert")


class ResultaatUit(BaseModel):
    id: int
    code: str
    resultaat: Resultaat
    datum: dt.date
    geldig_tot: dt.date | None
    corrigeert: int | None
    vastgelegd_op: dt.datetime

    @classmethod
    def van(cls, r: BeroepsvereisteResultaat) -> ResultaatUit:
        return cls(
            id=r.id,
            code=r.beroepsvereiste.code,
            resultaat=r.resultaat,
            datum=r.datum,
            geldig_tot=r.geldig_tot,
            corrigeert=r.corrigeert_id,
            vastgelegd_op=r.created_at,
        )
