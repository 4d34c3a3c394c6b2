"""Pages: beheer of cohorten, inschrijvingen, begeleidingen, the CSV import, and the staff's student list."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.db import SessionDep
from app.errors import DomainError, NietGevonden, per_veld
from app.formulieren import Weigering, formulier
from app.models import Gebruiker, Rol
from app.organisatie import csv_import, kiezer, service, studentenlijst, versiewissel
from app.organisatie.kiezer import Keuzes
from app.organisatie.schemas import Fouten, lees_datum
from app.paginering import Paginering, PagineringDep, lees_paginering
from app.templating import is_htmx, render
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

BEHEERDER = met_rol(Rol.beheerder)
STAFF = met_rol(*service.STAFF)

# Form fields are checked in the service; this only stops absurd requests early.
Tekst = Annotated[str, Form(max_length=1000)]

EERSTE_PAGINA = Paginering()


KIESBAAR = {Rol.student.value, Rol.praktijkbegeleider.value}
LEGE_ZOEK = {"praktijkbegeleider": "", "student": ""}


MELDINGEN = {
    "cohort-aangemaakt": "Het cohort is aangemaakt.",
    "inschrijving-aangemaakt": "De student is ingeschreven.",
    "status-gewijzigd": "De status van de inschrijving is gewijzigd.",
    "aanstelling-vastgelegd": "De datum van aanstelling bij de politie is vastgelegd.",
    "begeleiding-aangemaakt": "De begeleiding is vastgelegd.",
    "versie-gewisseld": "De student is overgezet naar de nieuwe versie; de oude inschrijving blijft leesbaar.",
    "cohort-versie-gewisseld": "Het cohort is overgezet naar de nieuwe versie.",
    "begeleiding-beeindigd": "De begeleiding is beëindigd.",
}


def _terug(pad: str, melding: str, anker: str = "", request: Request | None = None) -> Response:
    """Post/redirect/get; the message is chosen by key, so a link cannot put words on the page.
    A row's form carries the list's search and page in its URL, so the beheerder lands where they were."""
    stand = f"&{_stand_query(request)}" if request is not None and _stand_query(request) else ""
    return RedirectResponse(f"{pad}?melding={melding}{stand}{anker}", status_code=303)


def _stand(request: Request) -> tuple[str, Paginering]:
    """The search and page a list was on (from the query string), for a POST that shows it again."""
    parameters = request.query_params
    return parameters.get("q", ""), lees_paginering(parameters.get("pagina"), parameters.get("per_pagina"))


def _stand_query(request: Request) -> str:
    parameters = request.query_params
    return urlencode([(k, parameters[k]) for k in ("q", "pagina", "per_pagina") if parameters.get(k)])


def _context(request: Request, fout: DomainError | None, invoer: dict | None = None) -> dict:
    return {
        "melding": MELDINGEN.get(request.query_params.get("melding", "")) if fout is None else None,
        "fouten": per_veld(fout),
        "invoer": invoer or {},
        "vandaag": policy.vandaag(),
    }


def _alleen_lijst(request: Request) -> bool:
    """Live search (an htmx GET) asks only for the list, not for the form above it."""
    return request.method == "GET" and is_htmx(request)


def _kiezers(session: Session, gebruiker: Gebruiker, invoer: dict, **zoektermen: str) -> dict[str, Keuzes]:
    """The search-as-you-type person fields of a form: what was searched (without JavaScript the search
    is a GET of the page) and who was chosen before the form came back with an error."""
    return {
        veld: kiezer.keuzes(session, gebruiker, Rol(veld), zoekterm, invoer.get(veld, ""))
        for veld, zoekterm in zoektermen.items()
    }


@router.get("/beheer/kiezer/{rol}", dependencies=[BEHEERDER])
def kies_persoon(request: Request, session: SessionDep, gebruiker: CurrentUser, rol: str) -> Response:
    """The matches for a person field as it is typed in (htmx); the chosen one stays on top."""
    if rol not in KIESBAAR:
        raise NietGevonden("Hier kun je alleen een student of een praktijkbegeleider kiezen.")
    parameters = request.query_params
    keuzes = kiezer.keuzes(session, gebruiker, Rol(rol), parameters.get(f"{rol}_zoek", ""), parameters.get(rol, ""))
    return render(request, "organisatie/partials/_keuzes.html", {"keuzes": keuzes})


def _pagina(toon, *, met_zoekterm: bool = True):  # noqa: ANN001, ANN202
    """The form dependency for a list page helper `toon(request, session, gebruiker, fout, invoer, ...)`.

    The list comes back on the search and page it was on (a row's form carries them in its URL).
    """

    def geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
        invoer = dict(weigering.invoer)
        # A row's own form (one per row): only that row shows the message and keeps what was sent.
        rij = request.path_params.get("begeleiding_id") or request.path_params.get("inschrijving_id")
        if rij is not None:
            invoer = {"rij": int(rij), **{f"rij_{k}": v for k, v in invoer.items()}}
        q, paginering = _stand(request)
        stand = {"q": q, "paginering": paginering} if met_zoekterm else {"paginering": paginering}
        return toon(request, session, weigering.gebruiker, weigering.fout, invoer, **stand)

    return formulier(geweigerd)


# Cohorten


def _cohorten(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
    paginering: Paginering = EERSTE_PAGINA,
) -> Response:
    pagina = service.cohorten_overzicht(session, gebruiker, paginering)
    context = _context(request, fout, invoer) | {"pagina": pagina, "cohorten": pagina.items}
    return render(request, "organisatie/cohorten.html", context, status_code=fout.status_code if fout else 200)


@router.get("/beheer/cohorten", dependencies=[BEHEERDER])
def cohorten(request: Request, session: SessionDep, gebruiker: CurrentUser, paginering: PagineringDep) -> Response:
    return _cohorten(request, session, gebruiker, paginering=paginering)


@router.post("/beheer/cohorten", dependencies=[BEHEERDER, _pagina(_cohorten, met_zoekterm=False)])
def cohort_aanmaken(
    session: SessionDep,
    gebruiker: CurrentUser,
    code: Annotated[str, Form(max_length=service.MAX_COHORTCODE)] = "",
    naam: Annotated[str, Form(max_length=service.MAX_COHORTNAAM)] = "",
) -> Response:
    service.maak_cohort(session, gebruiker, code, naam)
    return _terug("/beheer/cohorten", "cohort-aangemaakt")


# Inschrijvingen


def _inschrijvingen(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
    *,
    q: str = "",
    paginering: Paginering = EERSTE_PAGINA,
    student_zoek: str = "",
) -> Response:
    invoer = invoer or {}
    met_formulier = not _alleen_lijst(request)
    context = _context(request, fout, invoer) | {
        "overzicht": service.inschrijvingen_overzicht(session, gebruiker, q, paginering, met_formulier=met_formulier),
        "statussen": service.HANDMATIGE_STATUSSEN,
        "stand": _stand_query(request),
        "kiezers": _kiezers(session, gebruiker, invoer, student=student_zoek) if met_formulier else {},
    }
    return render(
        request,
        "organisatie/inschrijvingen.html",
        context,
        block=None if met_formulier else "resultaten",
        status_code=fout.status_code if fout else 200,
    )


@router.get("/beheer/inschrijvingen", dependencies=[BEHEERDER])
def inschrijvingen(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
    q: str = "",
    student_zoek: str = "",
) -> Response:
    return _inschrijvingen(request, session, gebruiker, q=q, paginering=paginering, student_zoek=student_zoek)


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
    request: Request, inschrijving_id: int, session: SessionDep, gebruiker: CurrentUser, status: Tekst = ""
) -> Response:
    service.wijzig_status(session, gebruiker, inschrijving_id, status)
    return _terug("/beheer/inschrijvingen", "status-gewijzigd", f"#inschrijving-{inschrijving_id}", request)


@router.post("/beheer/inschrijvingen/{inschrijving_id}/aanstelling", dependencies=[BEHEERDER, _pagina(_inschrijvingen)])
def inschrijving_aanstelling(
    request: Request,
    inschrijving_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    aangesteld_bij_politie_op: Tekst = "",
) -> Response:
    service.leg_aanstelling_vast(session, gebruiker, inschrijving_id, aangesteld_bij_politie_op)
    return _terug("/beheer/inschrijvingen", "aanstelling-vastgelegd", f"#inschrijving-{inschrijving_id}", request)


# Naar een nieuwere versie


def _versiewissel(
    request: Request,
    session: Session,
    gebruiker: Gebruiker,
    inschrijving_id: int,
    naar: str = "",
    fout: DomainError | None = None,
) -> Response:
    """Choose the new version, see per leeruitkomst what carries over, then confirm."""
    inschrijving, versies = versiewissel.keuze(session, gebruiker, inschrijving_id)
    gezien, voorbeeld_fout = None, None
    if naar:
        try:
            gezien = versiewissel.voorbeeld(session, gebruiker, inschrijving_id, naar)
        except DomainError as exc:
            voorbeeld_fout = exc
    fout = fout or voorbeeld_fout
    context = _context(request, fout) | {
        "inschrijving": inschrijving,
        "versies": versies,
        "naar": naar,
        "voorbeeld": gezien,
        "fout": fout,
    }
    return render(request, "organisatie/versiewissel.html", context, status_code=fout.status_code if fout else 200)


def _versiewissel_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    inschrijving_id = int(request.path_params["inschrijving_id"])
    return _versiewissel(
        request, session, weigering.gebruiker, inschrijving_id, weigering.invoer.get("naar", ""), weigering.fout
    )


@router.get("/beheer/inschrijvingen/{inschrijving_id}/versiewissel", dependencies=[BEHEERDER])
def versiewissel_pagina(
    request: Request, inschrijving_id: int, session: SessionDep, gebruiker: CurrentUser, naar: str = ""
) -> Response:
    return _versiewissel(request, session, gebruiker, inschrijving_id, naar[:20])


@router.post(
    "/beheer/inschrijvingen/{inschrijving_id}/versiewissel",
    dependencies=[BEHEERDER, formulier(_versiewissel_geweigerd)],
)
def versiewissel_uitvoeren(
    inschrijving_id: int, session: SessionDep, gebruiker: CurrentUser, naar: Tekst = ""
) -> Response:
    wissel = versiewissel.wissel(session, gebruiker, inschrijving_id, naar)
    return _terug("/beheer/inschrijvingen", "versie-gewisseld", f"#inschrijving-{wissel.naar_inschrijving_id}")


def _cohort_versiewissel(
    request: Request, session: Session, gebruiker: Gebruiker, code: str, naar: str = "", fout: DomainError | None = None
) -> Response:
    cohort, versies = versiewissel.cohort_keuzes(session, gebruiker, code)
    kwalificatie, _, versie = naar.partition(" ")
    gezien = None
    if naar and fout is None:
        try:
            gezien = versiewissel.cohort_voorbeeld(session, gebruiker, code, kwalificatie, versie)
        except DomainError as exc:
            fout = exc
    context = _context(request, fout) | {
        "cohort": cohort,
        "versies": versies,
        "naar": naar,
        "voorbeeld": gezien,
        "fout": fout,
    }
    return render(
        request, "organisatie/cohort_versiewissel.html", context, status_code=fout.status_code if fout else 200
    )


def _cohort_versiewissel_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    code = request.path_params["code"]
    naar = f"{weigering.invoer.get('kwalificatie', '')} {weigering.invoer.get('naar', '')}".strip()
    return _cohort_versiewissel(request, session, weigering.gebruiker, code, naar, weigering.fout)


@router.get("/beheer/cohorten/{code}/versiewissel", dependencies=[BEHEERDER])
def cohort_versiewissel_pagina(
    request: Request, code: str, session: SessionDep, gebruiker: CurrentUser, naar: str = ""
) -> Response:
    """`naar` is code and version, as 'WA-N6 2.2'."""
    return _cohort_versiewissel(request, session, gebruiker, code[:60], naar[:70])


@router.post(
    "/beheer/cohorten/{code}/versiewissel", dependencies=[BEHEERDER, formulier(_cohort_versiewissel_geweigerd)]
)
def cohort_versiewissel_uitvoeren(
    code: str, session: SessionDep, gebruiker: CurrentUser, kwalificatie: Tekst = "", naar: Tekst = ""
) -> Response:
    versiewissel.wissel_cohort(session, gebruiker, code, kwalificatie, naar)
    return _terug("/beheer/cohorten", "cohort-versie-gewisseld")


# Begeleidingen


def _begeleidingen(
    request: Request,
    session: SessionDep,
    gebruiker: Gebruiker,
    fout: DomainError | None = None,
    invoer: dict | None = None,
    *,
    q: str = "",
    paginering: Paginering = EERSTE_PAGINA,
    zoek: dict[str, str] | None = None,
) -> Response:
    invoer = invoer or {}
    met_formulier = not _alleen_lijst(request)
    context = _context(request, fout, invoer) | {
        "overzicht": service.begeleidingen_overzicht(session, gebruiker, q, paginering),
        "stand": _stand_query(request),
        "kiezers": _kiezers(session, gebruiker, invoer, **(zoek or LEGE_ZOEK)) if met_formulier else {},
    }
    return render(
        request,
        "organisatie/begeleidingen.html",
        context,
        block=None if met_formulier else "resultaten",
        status_code=fout.status_code if fout else 200,
    )


@router.get("/beheer/begeleidingen", dependencies=[BEHEERDER])
def begeleidingen(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
    q: str = "",
    student_zoek: str = "",
    praktijkbegeleider_zoek: str = "",
) -> Response:
    zoek = {"student": student_zoek, "praktijkbegeleider": praktijkbegeleider_zoek}
    return _begeleidingen(request, session, gebruiker, q=q, paginering=paginering, zoek=zoek)


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
    request: Request, begeleiding_id: int, session: SessionDep, gebruiker: CurrentUser, tot: Tekst = ""
) -> Response:
    service.beeindig_begeleiding(session, gebruiker, begeleiding_id, tot)
    return _terug("/beheer/begeleidingen", "begeleiding-beeindigd", f"#begeleiding-{begeleiding_id}", request)


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
def studenten(
    request: Request,
    session: SessionDep,
    gebruiker: CurrentUser,
    paginering: PagineringDep,
    q: str = "",
    cohort: str = "",
    diplomabaar: str = "",
) -> Response:
    lijst = studentenlijst.studenten(
        session, gebruiker, q, paginering, cohort, studentenlijst.lees_diplomabaar(diplomabaar)
    )
    context = {"lijst": lijst, "cohorten": [] if is_htmx(request) else studentenlijst.cohortcodes(session, gebruiker)}
    return render(request, "organisatie/studenten.html", context, block="resultaten")
