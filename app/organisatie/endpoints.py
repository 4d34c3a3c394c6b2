"""Pages: beheer of cohorten, inschrijvingen, begeleidingen, the CSV import, and the staff's student list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.db import SessionDep
from app.errors import DomainError, per_veld
from app.formulieren import Weigering, formulier
from app.models import Gebruiker, Rol
from app.organisatie import csv_import, service
from app.organisatie.schemas import Fouten, lees_datum
from app.templating import render
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

BEHEERDER = met_rol(Rol.beheerder)
STAFF = met_rol(*service.STAFF)
STUDENTEN_PER_PAGINA = 250

# Form fields are checked in the service; this only stops absurd requests early.
Tekst = Annotated[str, Form(max_length=1000)]

MELDINGEN = {
    "cohort-aangemaakt": "Het cohort is aangemaakt.",
    "inschrijving-aangemaakt": "De student is ingeschreven.",
    "status-gewijzigd": "De status van de inschrijving is gewijzigd.",
    "begeleiding-aangemaakt": "De begeleiding is vastgelegd.",
    "begeleiding-beeindigd": "De begeleiding is beëindigd.",
}


def _terug(pad: str, melding: str, anker: str = "") -> Response:
    """Post/redirect/get; the message is chosen by key, so a link cannot put words on the page."""
    return RedirectResponse(f"{pad}?melding={melding}{anker}", status_code=303)


def _context(request: Request, fout: DomainError | None, invoer: dict | None = None) -> dict:
    return {
        "melding": MELDINGEN.get(request.query_params.get("melding", "")) if fout is None else None,
        "fouten": per_veld(fout),
        "invoer": invoer or {},
        "vandaag": policy.vandaag(),
    }


def _pagina(toon):  # noqa: ANN001, ANN202
    """The form dependency for a page helper `toon(request, session, gebruiker, fout, invoer)`."""

    def geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
        invoer = dict(weigering.invoer)
        # A row's own form (one per row): only that row shows the message and keeps what was sent.
        rij = request.path_params.get("begeleiding_id") or request.path_params.get("inschrijving_id")
        if rij is not None:
            invoer = {"rij": int(rij), **{f"rij_{k}": v for k, v in invoer.items()}}
        return toon(request, session, weigering.gebruiker, weigering.fout, invoer)

    return formulier(geweigerd)


# Cohorten


def _cohorten(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    context = _context(request, fout, invoer) | {"cohorten": service.cohorten_overzicht(session, gebruiker)}
    return render(request, "organisatie/cohorten.html", context, status_code=fout.status_code if fout else 200)


@router.get("/beheer/cohorten", dependencies=[BEHEERDER])
def cohorten(request: Request, session: SessionDep, gebruiker: CurrentUser) -> Response:
    return _cohorten(request, session, gebruiker)


@router.post("/beheer/cohorten", dependencies=[BEHEERDER, _pagina(_cohorten)])
def cohort_aanmaken(session: SessionDep, gebruiker: CurrentUser, code: Tekst = "", naam: Tekst = "") -> Response:
    service.maak_cohort(session, gebruiker, code, naam)
    return _terug("/beheer/cohorten", "cohort-aangemaakt")


# Inschrijvingen


def _inschrijvingen(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    context = _context(request, fout, invoer) | {
        "overzicht": service.inschrijvingen_overzicht(session, gebruiker),
        "statussen": service.HANDMATIGE_STATUSSEN,
    }
    return render(request, "organisatie/inschrijvingen.html", context, status_code=fout.status_code if fout else 200)


@router.get("/beheer/inschrijvingen", dependencies=[BEHEERDER])
def inschrijvingen(request: Request, session: SessionDep, gebruiker: CurrentUser) -> Response:
    return _inschrijvingen(request, session, gebruiker)


@router.post("/beheer/inschrijvingen", dependencies=[BEHEERDER, _pagina(_inschrijvingen)])
def inschrijving_aanmaken(
    session: SessionDep,
    gebruiker: CurrentUser,
    student: Tekst = "",
    kwalificatie: Tekst = "",
    cohort: Tekst = "",
    startdatum: Tekst = "",
) -> Response:
    service.schrijf_in_via_formulier(session, gebruiker, student, kwalificatie, cohort, startdatum)
    return _terug("/beheer/inschrijvingen", "inschrijving-aangemaakt")


@router.post("/beheer/inschrijvingen/{inschrijving_id}/status", dependencies=[BEHEERDER, _pagina(_inschrijvingen)])
def inschrijving_status(
    inschrijving_id: int, session: SessionDep, gebruiker: CurrentUser, status: Tekst = ""
) -> Response:
    service.wijzig_status(session, gebruiker, inschrijving_id, status)
    return _terug("/beheer/inschrijvingen", "status-gewijzigd", f"#inschrijving-{inschrijving_id}")


# Begeleidingen


def _begeleidingen(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    context = _context(request, fout, invoer) | {"overzicht": service.begeleidingen_overzicht(session, gebruiker)}
    return render(request, "organisatie/begeleidingen.html", context, status_code=fout.status_code if fout else 200)


@router.get("/beheer/begeleidingen", dependencies=[BEHEERDER])
def begeleidingen(request: Request, session: SessionDep, gebruiker: CurrentUser) -> Response:
    return _begeleidingen(request, session, gebruiker)


@router.post("/beheer/begeleidingen", dependencies=[BEHEERDER, _pagina(_begeleidingen)])
def begeleiding_aanmaken(
    session: SessionDep,
    gebruiker: CurrentUser,
    praktijkbegeleider: Tekst = "",
    student: Tekst = "",
    van: Tekst = "",
    tot: Tekst = "",
) -> Response:
    service.koppel_via_formulier(session, gebruiker, praktijkbegeleider, student, van, tot)
    return _terug("/beheer/begeleidingen", "begeleiding-aangemaakt")


@router.post("/beheer/begeleidingen/{begeleiding_id}/beeindigen", dependencies=[BEHEERDER, _pagina(_begeleidingen)])
def begeleiding_beeindigen(
    begeleiding_id: int, session: SessionDep, gebruiker: CurrentUser, tot: Tekst = ""
) -> Response:
    service.beeindig_begeleiding(session, gebruiker, begeleiding_id, tot)
    return _terug("/beheer/begeleidingen", "begeleiding-beeindigd", f"#begeleiding-{begeleiding_id}")


# CSV-import


def _import(request: Request, context: dict, status_code: int = 200) -> Response:
    basis = {
        "fout": None,
        "fouten": {},
        "voorbeeld": None,
        "resultaat": None,
        "startdatum": policy.vandaag().isoformat(),
        "max_mb": csv_import.MAX_BYTES // (1024 * 1024),
        "max_rijen": csv_import.MAX_RIJEN,
    }
    return render(request, "organisatie/import.html", basis | context, status_code=status_code)


@router.get("/beheer/import", dependencies=[BEHEERDER])
def importpagina(request: Request) -> Response:
    return _import(request, {})


# The hard limit is well above the file limit, so a too-large file gets the friendly Dutch message;
# only absurd uploads meet Starlette's plain "413 Content Too Large".
def _import_geweigerd(request: Request, _session: Session, weigering: Weigering) -> Response:
    fout = weigering.fout
    if isinstance(fout, csv_import.ImportGeweigerd):
        context = {"fout": fout, "voorbeeld": fout.voorbeeld, "startdatum": fout.voorbeeld.startdatum.isoformat()}
    else:
        context = {"fout": fout, "fouten": weigering.fouten}
        if "startdatum" in weigering.invoer:
            context["startdatum"] = weigering.invoer["startdatum"]
    return _import(request, context)


@router.post(
    "/beheer/import/voorbeeld",
    dependencies=[BEHEERDER, formulier(_import_geweigerd)],
    max_body_size=csv_import.MAX_BYTES * 5,
)
def import_voorbeeld(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    bestand: Annotated[UploadFile | None, File()] = None,
    startdatum: Tekst = "",
) -> Response:
    fouten = Fouten()
    datum = lees_datum(startdatum, "startdatum", fouten, "startdatum")
    if bestand is None or not bestand.filename:
        fouten.voeg_toe("bestand", "Kies een CSV-bestand.")
    fouten.controleer()
    assert bestand is not None and datum is not None
    inhoud = bestand.file.read(csv_import.MAX_BYTES + 1)
    voorbeeld = csv_import.voorbeeld(session, gebruiker, inhoud, bestand.filename or "", datum)
    context = {"voorbeeld": voorbeeld, "startdatum": datum.isoformat()}
    return _import(request, context, 200 if voorbeeld.ok else 422)


@router.post(
    "/beheer/import",
    dependencies=[BEHEERDER, formulier(_import_geweigerd)],
    form_limits={"max_part_size": csv_import.MAX_PAKKET},
    max_body_size=csv_import.MAX_PAKKET + 64 * 1024,
)
def import_uitvoeren(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    pakket: Annotated[str, Form(max_length=csv_import.MAX_PAKKET)] = "",
) -> Response:
    resultaat = csv_import.importeer(session, gebruiker, pakket)
    return _import(request, {"resultaat": resultaat})


# Studenten (staff)


@router.get("/studenten", dependencies=[STAFF])
def studenten(request: Request, session: SessionDep, gebruiker: CurrentUser, q: str = "") -> Response:
    lijst = service.studenten(session, gebruiker, q, limiet=STUDENTEN_PER_PAGINA)
    context = {"lijst": lijst, "limiet": STUDENTEN_PER_PAGINA}
    return render(request, "organisatie/studenten.html", context, block="resultaten")
