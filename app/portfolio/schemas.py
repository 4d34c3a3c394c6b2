"""What goes in (the multipart form, for the API and the page alike) and what comes out (JSON)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import BinaryIO

from pydantic import BaseModel
from starlette.datastructures import FormData, UploadFile

from app import tijd
from app.errors import OngeldigeInvoer, te_lang, veldfout
from app.formulieren import Invoer
from app.models import Bestand, Bewijsstuk, BewijsstukSoort, BewijsstukVersie, VersieStatus
from app.ops.invoer import past_in_database

MAX_TITEL = 200
MAX_TEKST = 10_000


@dataclass
class Upload:
    """One file from the form: the name the student gave it (metadata only) and its content."""

    naam: str
    stream: BinaryIO
    grootte: int | None = None


@dataclass
class BewijsstukInvoer:
    """A new bewijsstuk, or a change: None means "leave as it is"."""

    titel: str | None = None
    soort: BewijsstukSoort | None = None
    datum: dt.date | None = None
    datum_gegeven: bool = False
    context: str | None = None
    # leeruitkomst code → onderbouwing (None: keep the one it has, or empty); None: keep the links.
    koppelingen: dict[str, str | None] | None = None
    verwijder_bestanden: list[int] = field(default_factory=list)
    # The version the change was made on, when the client says so (optimistic check).
    versie: int | None = None


def lees_formulier(form: FormData, *, nieuw: bool) -> BewijsstukInvoer:
    """Read and check the fields; a new bewijsstuk needs a titel, a change only what it changes.

    Onderbouwing per leeruitkomst comes in `onderbouwing_<code>`; a single `onderbouwing`
    (API.md) applies to every leeruitkomst that has none of its own.
    """
    fouten: list[dict] = []
    invoer = BewijsstukInvoer()

    if "titel" in form or nieuw:
        titel = _tekst(form, "titel").strip()
        if not titel:
            fouten.append(veldfout("titel", "Geef het bewijsstuk een titel."))
        elif len(titel) > MAX_TITEL:
            fouten.append(veldfout("titel", te_lang(MAX_TITEL, len(titel), "De titel")))
        invoer.titel = titel

    if form.get("soort"):
        try:
            invoer.soort = BewijsstukSoort(_tekst(form, "soort"))
        except ValueError:
            fouten.append(veldfout("soort", "Kies een soort uit de lijst."))
    elif nieuw:
        invoer.soort = BewijsstukSoort.anders

    if "datum" in form:
        invoer.datum_gegeven = True
        if waarde := _tekst(form, "datum").strip():
            try:
                invoer.datum = dt.date.fromisoformat(waarde)
            except ValueError:
                fouten.append(veldfout("datum", "Geef de datum als jjjj-mm-dd."))
            else:
                if invoer.datum > tijd.vandaag():
                    fouten.append(veldfout("datum", "De datum van de activiteit ligt in de toekomst."))

    if "context" in form or nieuw:
        invoer.context = _tekst(form, "context").strip()
        if len(invoer.context) > MAX_TEKST:
            fouten.append(veldfout("context", te_lang(MAX_TEKST, len(invoer.context), "De context")))

    if "leeruitkomsten" in form or nieuw:
        algemeen = _tekst(form, "onderbouwing").strip() or None
        invoer.koppelingen = {}
        for code in form.getlist("leeruitkomsten"):
            code = code.strip() if isinstance(code, str) else ""
            if not code:
                continue  # an empty value lets a form say "these are all the links" with none ticked
            eigen = form.get(f"onderbouwing_{code}")
            if isinstance(eigen, str) and eigen.strip():
                onderbouwing = eigen.strip()
            elif algemeen is not None or not isinstance(eigen, str):
                onderbouwing = algemeen  # None when nothing was sent: a change keeps the link's onderbouwing
            else:
                onderbouwing = ""  # sent empty: emptied
            if onderbouwing and len(onderbouwing) > MAX_TEKST:
                melding = te_lang(MAX_TEKST, len(onderbouwing), "De onderbouwing")
                fouten.append(veldfout(f"onderbouwing_{code}", melding))
            invoer.koppelingen[code] = onderbouwing

    for waarde in form.getlist("verwijder_bestand"):
        try:
            bestand_id = int(waarde)
        except (TypeError, ValueError):
            bestand_id = None
        if bestand_id is None or not past_in_database(bestand_id):
            fouten.append(veldfout("verwijder_bestand", "Onbekend bestand."))
        else:
            invoer.verwijder_bestanden.append(bestand_id)

    if not nieuw and (versie := _tekst(form, "versie").strip()):
        if versie.isascii() and versie.isdigit() and 0 < int(versie) < 1_000_000:
            invoer.versie = int(versie)
        else:
            fouten.append(veldfout("versie", "Geef het nummer van de versie die je wijzigt."))

    if fouten:
        raise OngeldigeInvoer("Het formulier is niet volledig of niet juist ingevuld.", errors=fouten)
    return invoer


def uploads_uit(form: FormData) -> list[Upload]:
    """The files in the `bestanden` field; an empty file input (no file chosen) is skipped."""
    uploads = []
    for waarde in form.getlist("bestanden"):
        if isinstance(waarde, UploadFile) and (waarde.filename or waarde.size):
            # Browsers (WHATWG form encoding) send a quote in a file name as %22; the name is metadata only.
            naam = (waarde.filename or "bestand").replace("%22", '"')
            uploads.append(Upload(naam=naam, stream=waarde.file, grootte=waarde.size))
    return uploads


def _tekst(form: FormData, naam: str) -> str:
    waarde = form.get(naam)
    return waarde if isinstance(waarde, str) else ""


# --- Out -------------------------------------------------------------------------------------


class BestandUit(BaseModel):
    id: int
    naam: str
    grootte: int
    mediatype: str
    sha256: str
    url: str

    @classmethod
    def van(cls, bestand: Bestand, bewijsstuk_id: int) -> BestandUit:
        return cls(
            id=bestand.id,
            naam=bestand.naam,
            grootte=bestand.grootte,
            mediatype=bestand.mediatype,
            sha256=bestand.sha256,
            url=f"/api/v1/bewijsstukken/{bewijsstuk_id}/bestanden/{bestand.id}",
        )


class KoppelingUit(BaseModel):
    leeruitkomst: str
    onderbouwing: str


class VersieUit(BaseModel):
    versie: int
    status: VersieStatus
    titel: str
    soort: BewijsstukSoort
    datum: dt.date | None
    context: str
    ingediend_op: dt.datetime | None
    ingetrokken_op: dt.datetime | None
    leeruitkomsten: list[KoppelingUit]
    bestanden: list[BestandUit]

    @classmethod
    def van(cls, versie: BewijsstukVersie, bewijsstuk_id: int) -> VersieUit:
        return cls(
            versie=versie.versie,
            status=versie.status,
            titel=versie.titel,
            soort=versie.soort,
            datum=versie.datum,
            context=versie.context,
            ingediend_op=versie.ingediend_op,
            ingetrokken_op=versie.ingetrokken_op,
            leeruitkomsten=[
                KoppelingUit(leeruitkomst=k.leeruitkomst.code, onderbouwing=k.onderbouwing) for k in versie.koppelingen
            ],
            bestanden=[BestandUit.van(b, bewijsstuk_id) for b in versie.bestanden],
        )


class VerborgenUit(BaseModel):
    op: dt.datetime
    reden: str


class BewijsstukUit(VersieUit):
    """A bewijsstuk as its latest version (API.md: `{id, versie, status, bestanden, …}`)."""

    id: int
    student: int
    verborgen: VerborgenUit | None = None

    @classmethod
    def van_bewijsstuk(cls, bewijsstuk: Bewijsstuk, *, inhoud_zichtbaar: bool = True) -> BewijsstukUit:
        laatste = VersieUit.van(bewijsstuk.laatste_versie, bewijsstuk.id)
        if not inhoud_zichtbaar:  # hidden for privacy: the student sees that it is, not what
            laatste = laatste.model_copy(update={"context": "", "leeruitkomsten": [], "bestanden": []})
        verborgen = (
            VerborgenUit(op=bewijsstuk.verborgen_op, reden=bewijsstuk.verborgen_reden or "")
            if bewijsstuk.verborgen_op
            else None
        )
        return cls(id=bewijsstuk.id, student=bewijsstuk.student_id, verborgen=verborgen, **laatste.model_dump())


class BewijsstukDetailUit(BewijsstukUit):
    versies: list[VersieUit]

    @classmethod
    def van_details(cls, bewijsstuk: Bewijsstuk, *, inhoud_zichtbaar: bool = True) -> BewijsstukDetailUit:
        basis = BewijsstukUit.van_bewijsstuk(bewijsstuk, inhoud_zichtbaar=inhoud_zichtbaar)
        versies = [VersieUit.van(v, bewijsstuk.id) for v in bewijsstuk.versies] if inhoud_zichtbaar else []
        return cls(**basis.model_dump(), versies=versies)


@dataclass
class FormulierWaarden:
    """What the bewijsstuk form shows: empty, the latest version, or what was just sent (after an error)."""

    titel: str = ""
    soort: str = ""
    datum: str = ""
    context: str = ""
    gekozen: set[str] = field(default_factory=set)
    onderbouwingen: dict[str, str] = field(default_factory=dict)

    @classmethod
    def uit_versie(cls, versie: BewijsstukVersie) -> FormulierWaarden:
        return cls(
            titel=versie.titel,
            soort=versie.soort.value,
            datum=versie.datum.isoformat() if versie.datum else "",
            context=versie.context,
            gekozen={k.leeruitkomst.code for k in versie.koppelingen},
            onderbouwingen={k.leeruitkomst.code: k.onderbouwing for k in versie.koppelingen},
        )

    @classmethod
    def uit_invoer(cls, invoer: Invoer) -> FormulierWaarden:
        """What a refused form sent (app.errors.Invoer: text fields only)."""
        return cls(
            titel=invoer.get("titel", ""),
            soort=invoer.get("soort", ""),
            datum=invoer.get("datum", ""),
            context=invoer.get("context", ""),
            gekozen={c for c in invoer.alle("leeruitkomsten") if c},
            onderbouwingen={
                naam.removeprefix("onderbouwing_"): waarde
                for naam, waarde in invoer.items()
                if naam.startswith("onderbouwing_")
            },
        )
