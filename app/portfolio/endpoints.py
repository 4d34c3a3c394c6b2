"""Pages of the portfolio: "Mijn portfolio", the staff view, the bewijsstuk form and its detail page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.db import SessionDep
from app.errors import DomainError, per_veld
from app.formulieren import Weigering, formulier
from app.models import Bewijsstuk, BewijsstukSoort, Gebruiker, Rol
from app.opslag import StorageDep
from app.opslag.storage import leesbare_grootte
from app.portfolio import bestanden, overzicht, schemas, service
from app.portfolio.schemas import FormulierWaarden
from app.portfolio.upload import UploadFormulier
from app.templating import render
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

Student = Annotated[Gebruiker, met_rol(Rol.student)]


def _naar(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


@router.get("/portfolio")
def mijn_portfolio(request: Request, session: SessionDep, gebruiker: Student, draad: str = "") -> Response:
    """The student's own portfolio; `?draad=ID` (a notification's link) opens the thread under that judgement."""
    open_draad = _draad(draad)
    try:
        portfolio = overzicht.portfolio(session, gebruiker, gebruiker.id, ook=_ook(open_draad))
    except overzicht.GeenInschrijving:
        return render(request, "portfolio/niet_ingeschreven.html", {})
    context = {
        "portfolio": portfolio,
        "eigen": True,
        "draad": open_draad,
        "dossier_exporteren": policy.mag_dossier_exporteren(gebruiker, gebruiker.id),
    }
    return render(request, "portfolio/portfolio.html", context)


def _draad(waarde: str) -> int | None:
    return int(waarde) if waarde.isdigit() and len(waarde) < 10 else None


def _ook(draad: int | None) -> set[int]:
    # A thread a notification points at is shown even when its judgement no longer counts.
    return {draad} if draad is not None else set()


@router.get("/studenten/{student_id}/leeruitkomsten/{code}/oordelen")
def oordelen(request: Request, student_id: int, code: str, session: SessionDep, gebruiker: CurrentUser) -> Response:
    """Every judgement of one leeruitkomst this person may read, newest first: the portfolio's history on demand."""
    leeruitkomst, beoordelingen = overzicht.eerdere_oordelen(session, gebruiker, student_id, code)
    student = policy.vereis_student_zichtbaar(session, gebruiker, student_id)
    context = {"leeruitkomst": leeruitkomst, "beoordelingen": beoordelingen, "student": student}
    context["eigen"] = gebruiker.id == student_id
    return render(request, "portfolio/oordelen.html", context, block="lijst")


@router.get("/studenten/{student_id}/portfolio")
def portfolio_van_student(
    request: Request, student_id: int, session: SessionDep, gebruiker: CurrentUser, draad: str = ""
) -> Response:
    """The staff view of a portfolio; `?draad=ID` opens the thread under that judgement, where its assessor replies."""
    open_draad = _draad(draad)
    if student_id == gebruiker.id:
        return _naar("/portfolio" + (f"?draad={open_draad}" if open_draad else ""))
    try:
        portfolio = overzicht.portfolio(session, gebruiker, student_id, ook=_ook(open_draad))
    except overzicht.GeenInschrijving:
        student = policy.vereis_student_zichtbaar(session, gebruiker, student_id)
        return render(request, "portfolio/niet_ingeschreven.html", {"student": student})
    context = {
        "portfolio": portfolio,
        "eigen": False,
        "draad": open_draad,
        "dossier_exporteren": policy.mag_dossier_exporteren(gebruiker, student_id),
    }
    return render(request, "portfolio/portfolio.html", context)


# --- The bewijsstuk form -------------------------------------------------------------------------


def _formulier(
    request: Request,
    session: Session,
    gebruiker: Gebruiker,
    waarden: FormulierWaarden,
    *,
    bewijsstuk: Bewijsstuk | None = None,
    fout: DomainError | None = None,
) -> Response:
    laatste = bewijsstuk.laatste_versie if bewijsstuk is not None else None
    context = {
        "bewijsstuk": bewijsstuk,
        "laatste_beoordeeld": laatste is not None
        and laatste.status == "ingediend"
        and bool(overzicht.oordelen_per_versie(session, gebruiker, bewijsstuk).get(laatste.id)),
        "waarden": waarden,
        "fout": fout,
        "fouten": per_veld(fout),
        "leeruitkomsten": overzicht.leeruitkomsten_voor_formulier(session, gebruiker),
        "soorten": list(BewijsstukSoort),
        "max_bestand_bytes": bestanden.max_bestand_bytes(),
        "ruimte_over": max(0, bestanden.ruimte_over(session, gebruiker.id)),
        "max_bestanden": bestanden.MAX_BESTANDEN,
        "grootte": leesbare_grootte,
    }
    return render(
        request, "portfolio/formulier.html", context, status_code=fout.status_code if fout is not None else 200
    )


def _formulier_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    bewijsstuk = None
    if "bewijsstuk_id" in request.path_params:
        bewijsstuk = service.eigen_bewijsstuk(session, weigering.gebruiker, int(request.path_params["bewijsstuk_id"]))
    waarden = FormulierWaarden.uit_invoer(weigering.invoer)
    return _formulier(request, session, weigering.gebruiker, waarden, bewijsstuk=bewijsstuk, fout=weigering.fout)


@router.get("/portfolio/bewijsstukken/nieuw")
def nieuw(request: Request, session: SessionDep, gebruiker: Student, leeruitkomst: str | None = None) -> Response:
    return _formulier(request, session, gebruiker, FormulierWaarden(gekozen={leeruitkomst} if leeruitkomst else set()))


@router.post("/portfolio/bewijsstukken", dependencies=[formulier(_formulier_geweigerd)])
def toevoegen(upload: UploadFormulier, session: SessionDep, gebruiker: Student, storage: StorageDep) -> Response:
    invoer = schemas.lees_formulier(upload, nieuw=True)
    uploads = schemas.uploads_uit(upload)
    bewijsstuk = service.bewijsstuk_toevoegen(session, storage, gebruiker, gebruiker.id, invoer, uploads)
    return _naar(f"/bewijsstukken/{bewijsstuk.id}")


@router.get("/bewijsstukken/{bewijsstuk_id}/bewerken")
def bewerken(request: Request, bewijsstuk_id: int, session: SessionDep, gebruiker: Student) -> Response:
    bewijsstuk = service.eigen_bewijsstuk(session, gebruiker, bewijsstuk_id)
    waarden = FormulierWaarden.uit_versie(bewijsstuk.laatste_versie)
    return _formulier(request, session, gebruiker, waarden, bewijsstuk=bewijsstuk)


@router.post("/bewijsstukken/{bewijsstuk_id}/bewerken", dependencies=[formulier(_formulier_geweigerd)])
def opslaan(
    bewijsstuk_id: int, upload: UploadFormulier, session: SessionDep, gebruiker: Student, storage: StorageDep
) -> Response:
    invoer = schemas.lees_formulier(upload, nieuw=False)
    uploads = schemas.uploads_uit(upload)
    service.bewijsstuk_wijzigen(session, storage, gebruiker, bewijsstuk_id, invoer, uploads)
    return _naar(f"/bewijsstukken/{bewijsstuk_id}")


# --- The detail page and its actions -------------------------------------------------------------


def _detail(
    request: Request,
    session: Session,
    gebruiker: Gebruiker,
    bewijsstuk_id: int,
    fout: DomainError | None = None,
    invoer: dict | None = None,
) -> Response:
    bewijsstuk = overzicht.bewijsstuk_details(session, gebruiker, bewijsstuk_id)
    context = {
        "bewijsstuk": bewijsstuk,
        "oordelen": overzicht.oordelen_per_versie(session, gebruiker, bewijsstuk),
        "eigen": bewijsstuk.student_id == gebruiker.id,
        "inhoud_zichtbaar": overzicht.inhoud_zichtbaar(gebruiker, bewijsstuk),
        "mag_verbergen": policy.mag_verborgen_bewijs_zien(gebruiker) and not bewijsstuk.is_verborgen,
        "fout": fout,
        "fouten": per_veld(fout),
        "invoer": invoer or {},
        "grootte": leesbare_grootte,
    }
    status_code = fout.status_code if fout is not None else 200
    return render(request, "portfolio/bewijsstuk.html", context, status_code=status_code)


def _detail_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    bewijsstuk_id = int(request.path_params["bewijsstuk_id"])
    return _detail(request, session, weigering.gebruiker, bewijsstuk_id, weigering.fout, weigering.invoer)


DetailFormulier = formulier(_detail_geweigerd)


@router.get("/bewijsstukken/{bewijsstuk_id}")
def detail(request: Request, bewijsstuk_id: int, session: SessionDep, gebruiker: CurrentUser) -> Response:
    return _detail(request, session, gebruiker, bewijsstuk_id)


@router.post("/bewijsstukken/{bewijsstuk_id}/indienen", dependencies=[DetailFormulier])
def indienen(bewijsstuk_id: int, session: SessionDep, gebruiker: Student) -> Response:
    service.indienen(session, gebruiker, bewijsstuk_id)
    return _naar(f"/bewijsstukken/{bewijsstuk_id}")


@router.post("/bewijsstukken/{bewijsstuk_id}/intrekken", dependencies=[DetailFormulier])
def intrekken(bewijsstuk_id: int, session: SessionDep, gebruiker: Student) -> Response:
    service.intrekken(session, gebruiker, bewijsstuk_id)
    return _naar(f"/bewijsstukken/{bewijsstuk_id}")


@router.post("/bewijsstukken/{bewijsstuk_id}/verwijderen", dependencies=[DetailFormulier])
def verwijderen(bewijsstuk_id: int, session: SessionDep, gebruiker: Student, storage: StorageDep) -> Response:
    helemaal = service.concept_verwijderen(session, storage, gebruiker, bewijsstuk_id)
    return _naar("/portfolio" if helemaal else f"/bewijsstukken/{bewijsstuk_id}")


@router.post("/bewijsstukken/{bewijsstuk_id}/verbergen", dependencies=[DetailFormulier])
def verbergen(
    bewijsstuk_id: int,
    session: SessionDep,
    gebruiker: Annotated[Gebruiker, met_rol(Rol.beheerder)],
    reden: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    service.verbergen(session, gebruiker, bewijsstuk_id, reden)
    return _naar(f"/bewijsstukken/{bewijsstuk_id}")
