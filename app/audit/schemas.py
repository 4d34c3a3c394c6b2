"""The audit page's filter form and the rows it shows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.audit import vocabulaire
from app.models import AuditRecord
from app.tijd import TIJDZONE, lokaal, tijdstip

PAGINA_GROOTTE = 50
# Services record `via="cli"` in the gegevens when the command line did it (nobody is logged in there).
VIA_COMMANDOREGEL = frozenset({"cli", "commandoregel"})


class AuditFilter(BaseModel):
    """What the beheerder narrows the trail down to; blank form fields mean 'any'."""

    model_config = ConfigDict(extra="ignore")

    actie: str | None = Field(default=None, max_length=60)
    actor: str | None = Field(default=None, max_length=320)
    onderwerp_type: str | None = Field(default=None, max_length=60)
    van: dt.date | None = None
    tot: dt.date | None = None
    # Keyset pagination on volgnummer: older than `voor`, or newer than `na`.
    voor: int | None = Field(default=None, ge=1)
    na: int | None = Field(default=None, ge=0)

    @field_validator("actie", "actor", "onderwerp_type", "van", "tot", "voor", "na", mode="before")
    @classmethod
    def _leeg_is_niets(cls, waarde: object) -> object:
        if isinstance(waarde, str):
            waarde = waarde.strip()
            return waarde or None
        return waarde

    @model_validator(mode="after")
    def _een_richting(self) -> AuditFilter:
        if self.voor is not None and self.na is not None:
            self.na = None
        return self

    @property
    def van_utc(self) -> dt.datetime | None:
        """Start of the `van` day in the Netherlands, as UTC (SQLite compares wall-clock strings)."""
        if self.van is None:
            return None
        return dt.datetime.combine(self.van, dt.time(), TIJDZONE).astimezone(dt.UTC)

    @property
    def tot_utc(self) -> dt.datetime | None:
        """Start of the day after `tot`: the range includes the whole `tot` day."""
        if self.tot is None:
            return None
        return dt.datetime.combine(self.tot + dt.timedelta(days=1), dt.time(), TIJDZONE).astimezone(dt.UTC)

    @property
    def is_gefilterd(self) -> bool:
        return any(v is not None for v in (self.actie, self.actor, self.onderwerp_type, self.van, self.tot))

    def querystring(self, **bladeren: int) -> str:
        """The filters as a query string, plus the paging key asked for (voor=… or na=…)."""
        waarden = {
            "actie": self.actie,
            "actor": self.actor,
            "onderwerp_type": self.onderwerp_type,
            "van": self.van.isoformat() if self.van else None,
            "tot": self.tot.isoformat() if self.tot else None,
            **bladeren,
        }
        return urlencode({k: v for k, v in waarden.items() if v is not None})


@dataclass(frozen=True)
class AuditRegel:
    """One record as the page shows it: local time, who, what in Dutch, about what (linked), details."""

    volgnummer: int
    tijd: str
    tijd_iso: str
    actor: str
    actor_email: str | None
    actor_url: str | None
    actie: str
    actie_label: str
    onderwerp_type: str
    onderwerp_label: str
    onderwerp_id: str | None
    onderwerp_naam: str | None
    onderwerp_url: str | None
    gegevens: str

    @classmethod
    def van(cls, record: AuditRecord, namen: dict[int, str] | None = None) -> AuditRegel:
        """`namen` holds the names of the people the page's records are about (loaded in one query)."""
        persoon = vocabulaire.persoon_id(record.onderwerp_type, record.onderwerp_id)
        naam = (namen or {}).get(persoon) if persoon is not None else None
        return cls(
            volgnummer=record.volgnummer,
            tijd=tijdstip(record.tijd, seconden=True),
            tijd_iso=lokaal(record.tijd).isoformat(timespec="seconds"),
            actor=actor_label(record),
            actor_email=record.actor.email if record.actor else None,
            actor_url=vocabulaire.onderwerp_url("gebruiker", str(record.actor_id)) if record.actor_id else None,
            actie=record.actie,
            actie_label=vocabulaire.actie_label(record.actie),
            onderwerp_type=record.onderwerp_type,
            onderwerp_label=vocabulaire.onderwerp_label(record.onderwerp_type),
            onderwerp_id=record.onderwerp_id,
            onderwerp_naam=naam,
            onderwerp_url=vocabulaire.onderwerp_url(record.onderwerp_type, record.onderwerp_id),
            gegevens=mooie_gegevens(record.gegevens),
        )


def _gegevens(record: AuditRecord) -> object:
    try:
        return json.loads(record.gegevens)
    except ValueError:
        return None


def actor_label(record: AuditRecord) -> str:
    """The actor's name; without one, "commandoregel" when gegevens.via says so, else "systeem"."""
    if record.actor is not None:
        return record.actor.naam
    gegevens = _gegevens(record)
    if isinstance(gegevens, dict) and gegevens.get("via") in VIA_COMMANDOREGEL:
        return "commandoregel"
    return "systeem"


def mooie_gegevens(gegevens: str) -> str:
    """Indented JSON for reading; stored text as is when it is not JSON (e.g. after tampering)."""
    try:
        waarde = json.loads(gegevens)
    except ValueError:
        return gegevens
    if waarde in ({}, [], None, ""):
        return ""
    return json.dumps(waarde, ensure_ascii=False, indent=2, sort_keys=True)


@dataclass(frozen=True)
class AuditPagina:
    regels: list[AuditRegel]
    acties: list[tuple[str, str]]  # (value, Dutch label) for the filter select
    onderwerp_types: list[tuple[str, str]]
    filter: AuditFilter
    ouder: str | None  # query string of the next (older) page, if any
    nieuwer: str | None  # query string of the previous (newer) page, if any


@dataclass
class Verificatie:
    gecontroleerd: int
    eerste_fout: AuditRecord | None = None
    reden: str = ""
    # Where the chain breaks, also when no record is there to name (cut short).
    plaats: int | None = None
    # The checkpoint the walk started from; None: from record 1.
    vanaf: int | None = None

    @property
    def ok(self) -> bool:
        return not self.reden


@dataclass(frozen=True)
class Ketencontrole:
    """The outcome of `verifieer`, ready to show or print."""

    ok: bool
    gecontroleerd: int
    volgnummer: int | None = None
    tijd: str | None = None
    actie: str | None = None
    reden: str = ""
    # The checkpoint the check started from; None when it walked from record 1.
    vanaf: int | None = None

    @classmethod
    def uit(cls, verificatie: Verificatie) -> Ketencontrole:
        if verificatie.ok:
            return cls(ok=True, gecontroleerd=verificatie.gecontroleerd, vanaf=verificatie.vanaf)
        fout = verificatie.eerste_fout
        # Without a record (the chain was cut short, or the checkpoint file is bad) only the place is known.
        return cls(
            ok=False,
            gecontroleerd=verificatie.gecontroleerd,
            volgnummer=fout.volgnummer if fout is not None else verificatie.plaats,
            tijd=tijdstip(fout.tijd, seconden=True) if fout is not None else None,
            actie=fout.actie if fout is not None else None,
            reden=verificatie.reden,
            vanaf=verificatie.vanaf,
        )
