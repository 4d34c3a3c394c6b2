"""API shape of a melding (API.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from app.models import Melding, MeldingSoort


class MeldingUit(BaseModel):
    id: int
    soort: MeldingSoort
    tekst: str
    link: str
    gelezen: bool
    tijd: dt.datetime

    @classmethod
    def van(cls, m: Melding) -> MeldingUit:
        return cls(id=m.id, soort=m.soort, tekst=m.tekst, link=m.link, gelezen=m.gelezen, tijd=m.tijd)
