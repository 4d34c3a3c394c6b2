"""Pages of assessment: the inbox "Te beoordelen", one submission with its forms, replies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app import tijd
from app.beoordeling import pagina as paginas
from app.beoordeling import repository, service
from app.beoordeling.schemas import BeoordelingIn, BewijsVerwijzing
from app.db import SessionDep
from app.errors import NietGevonden, OngeldigeInvoer
from app.formulieren import Weigering, formulier
from app.models import Gebruiker, Oordeel, Rol
from app.paginering import Paginering, paginering_met
from app.templating import is_htmx, kwalificatie_url, render, teller, templates
from app.toegang.aanvrager import CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

Praktijkbegeleider = Annotated[Gebruiker, met_rol(Rol.praktijkbegeleider)]
Staf = Annotated[Gebruiker, met_rol(Rol.praktijkbegeleider, Rol.examencommissie, Rol.beheerder)]
INBOX_PER_PAGINA = 25


def _naar(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


@router.get("/te-beoordelen")
def te_beoordelen(
    request: Request,
    session: SessionDep,
    gebruiker: Praktijkbegeleider,
    paginering: Annotated[Paginering, paginering_met(INBOX_PER_PAGINA)],
    student: str = "",
    cohort: str = "",
    sorteer: str = "",
) -> Response:
    """The praktijkbegeleider's inbox: submissions of the students they supervise today, oldest first, the ones
    offered in the last 24 hours marked new; `?sorteer=student` groups them by student (by name)."""
    student_id = int(student) if student.isdigit() and len(student) < 10 else None
    op_student = sorteer == "student"
    inbox = paginas.inbox(session, gebruiker, paginering, student_id, cohort.strip() or None, op_student=op_student)
    context = {
        "inbox": inbox,
        "filter_student": student_id,
        "filter_cohort": cohort.strip(),
        "sorteer": "student" if op_student else "",
        "wachttijd": _wachttijd,
    }
    return render(request, "beoordeling/inbox.html", context, block="lijst")


@router.get("/te-beoordelen/aantal")
def aantal_te_beoordelen(request: Request, session: SessionDep, gebruiker: CurrentUser) -> Response:
    """The count beside "Te beoordelen" in the navigation, loaded after the page."""
    return teller(paginas.aantal_te_beoordelen(session, gebruiker), "wacht op beoordeling", "wachten op beoordeling")


@router.get("/te-beoordelen/{versie_id}")
def inzending(request: Request, versie_id: int, session: SessionDep, gebruiker: Staf) -> Response:
    """One submission: the leeruitkomsten, the evidence, the onderbouwing and a form per leeruitkomst."""
    opgeslagen = request.query_params.get("opgeslagen", "")
    return _inzending_pagina(request, paginas.inzending(session, gebruiker, versie_id), opgeslagen=opgeslagen)


@router.get("/te-beoordelen/{versie_id}/leeruitkomsten/{code}")
def terug_naar_formulier(versie_id: int, code: str, _gebruiker: Staf) -> Response:
    """Where a save that met an expired session returns after logging in again: the form, with its draft."""
    return _naar(f"/te-beoordelen/{versie_id}#lu-{code.replace('.', '-')}")


def _inzending_pagina(  # noqa: ANN202
    request: Request,
    gevonden,
    *,
    fout=None,
    waarden=None,
    fouten=None,
    status_code=200,
    opgeslagen="",  # noqa: ANN001
):
    context = {
        "opgeslagen_code": opgeslagen,
        "inzending": gevonden,
        "basis": kwalificatie_url(gevonden.kwalificatie),
        "fout": fout,
        "waarden": waarden or {},
        "fouten": fouten or {},
        "oordelen": list(Oordeel),
        "vandaag": tijd.vandaag().isoformat(),
    }
    return render(request, "beoordeling/inzending.html", context, status_code=status_code)


@router.get("/te-beoordelen/{versie_id}/volgende")
def volgende(versie_id: int, session: SessionDep, gebruiker: Praktijkbegeleider) -> Response:
    """The next submission waiting after this one, or the inbox when nothing else waits."""
    volgende_id = paginas.volgende_inzending(session, gebruiker, versie_id)
    return _naar(f"/te-beoordelen/{volgende_id}" if volgende_id else "/te-beoordelen")


def _oordeel_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    """A refused judgement comes back as it was typed, each message at its field.

    With htmx just this leeruitkomst's block, its form kept even when a newer version made the page
    out of date (409), so the feedback is still there to copy; the message also goes to #meldingen.
    """
    versie_id, code = int(request.path_params["versie_id"]), request.path_params["code"]
    gevonden = paginas.inzending(session, weigering.gebruiker, versie_id)
    regel = gevonden.leeruitkomst(code)
    velden = ("oordeel", "feedback", "observatiedatum", "reden")
    waarden = {code: {veld: weigering.invoer.get(veld, "") for veld in velden}}
    fouten = {code: weigering.fouten}
    if not is_htmx(request):
        return _inzending_pagina(request, gevonden, fout=weigering.fout, waarden=waarden, fouten=fouten)
    context = {
        "inzending": gevonden,
        "regel": regel,
        "oordelen": list(Oordeel),
        "waarden": waarden,
        "fouten": fouten,
        "vandaag": tijd.vandaag().isoformat(),
    }
    return templates.TemplateResponse(request, "beoordeling/partials/_leeruitkomst.html", context)


@router.post("/te-beoordelen/{versie_id}/leeruitkomsten/{code}", dependencies=[formulier(_oordeel_geweigerd)])
def opslaan(
    request: Request,
    versie_id: int,
    code: str,
    session: SessionDep,
    gebruiker: Praktijkbegeleider,
    oordeel: Annotated[str, Form(max_length=40)] = "",
    feedback: Annotated[str, Form(max_length=20_000)] = "",
    observatiedatum: Annotated[str, Form(max_length=20)] = "",
    reden: Annotated[str, Form(max_length=5_000)] = "",
    gezien: Annotated[int | None, Form(ge=0, le=2**31 - 1)] = None,
) -> Response:
    """Save one judgement; htmx swaps just this leeruitkomst's block. A refusal is shown by _oordeel_geweigerd."""
    gevonden = paginas.inzending(session, gebruiker, versie_id)
    regel = gevonden.leeruitkomst(code)
    invoer = BeoordelingIn(
        leeruitkomst=code,
        oordeel=_oordeel(oordeel),
        feedback=feedback,
        observatiedatum=_datum(observatiedatum),
        reden=reden or None,
        # The page's own version: if the student submitted a newer one meanwhile, the service answers 409.
        bewijsstukken=[BewijsVerwijzing(id=gevonden.versie.bewijsstuk_id, versie=gevonden.versie.versie)],
    )
    service.beoordelen(session, gebruiker, gevonden.versie.bewijsstuk.student_id, invoer, gezien=gezien)
    if not is_htmx(request):
        return _naar(f"/te-beoordelen/{versie_id}?opgeslagen={quote(code)}#lu-{regel.anker}")
    gevonden = paginas.inzending(session, gebruiker, versie_id)
    context = {
        "inzending": gevonden,
        "regel": gevonden.leeruitkomst(code),
        "oordelen": list(Oordeel),
        "waarden": {},
        "opgeslagen": True,
        "aantal_te_beoordelen": paginas.aantal_te_beoordelen(session, gebruiker),
        "vandaag": tijd.vandaag().isoformat(),
    }
    return templates.TemplateResponse(request, "beoordeling/partials/_leeruitkomst.html", context)


def _oordeel(waarde: str) -> Oordeel:
    try:
        return Oordeel(waarde)
    except ValueError:
        raise OngeldigeInvoer(
            "Kies een oordeel: niet aangetoond, gedeeltelijk aangetoond of aangetoond.",
            errors=[{"veld": "oordeel", "melding": "Kies een oordeel."}],
        ) from None


def _datum(waarde: str) -> dt.date | None:
    if not waarde.strip():
        return None
    try:
        datum = dt.date.fromisoformat(waarde.strip())
    except ValueError:
        raise OngeldigeInvoer(
            "De observatiedatum is geen geldige datum.",
            errors=[{"veld": "observatiedatum", "melding": "Gebruik een datum als 2026-11-12."}],
        ) from None
    return datum


def _reactie_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    """The portfolio again (the student's own or the assessor's view of it), the refused reply kept in its own
    form, its thread open, with the message at it."""
    from app.portfolio import overzicht
    from app.toegang import policy

    gebruiker = weigering.gebruiker
    beoordeling_id = int(request.path_params["beoordeling_id"])
    beoordeling = repository.beoordeling(session, beoordeling_id)
    if beoordeling is None:
        raise NietGevonden("Deze beoordeling bestaat niet of je hebt er geen toegang toe.")
    student_id = beoordeling.student_id
    context = {
        # The refused reply comes back at its own judgement, also when that one no longer counts.
        "portfolio": overzicht.portfolio(session, gebruiker, student_id, ook={beoordeling_id}),
        "eigen": gebruiker.id == student_id,
        "draad": beoordeling_id,
        "dossier_exporteren": policy.mag_dossier_exporteren(gebruiker, student_id),
        "reactie": {
            "beoordeling_id": beoordeling_id,
            "fouten": weigering.fouten,
            "tekst": weigering.invoer.get("tekst", ""),
        },
    }
    return render(request, "portfolio/portfolio.html", context, status_code=weigering.fout.status_code)


@router.post("/beoordelingen/{beoordeling_id}/reactie", dependencies=[formulier(_reactie_geweigerd)])
def reageren(
    request: Request,
    beoordeling_id: int,
    session: SessionDep,
    gebruiker: CurrentUser,
    tekst: Annotated[str, Form(max_length=5_000)] = "",
) -> Response:
    """A reply in the thread under a judgement, by the student or its assessor; back to the thread, open."""
    reactie = service.reageren(session, gebruiker, beoordeling_id, tekst)
    return _naar(service.draad_url(reactie.beoordeling, gebruiker.id, reactie.id))


def _regel_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    """The kwalificatie page again, the message at the beoordelingsregel's choice."""
    from app.kwalificaties import service as kwalificaties

    boom = kwalificaties.kwalificatie_boom(session, request.path_params["code"], request.path_params["versie"])
    context = {"kwalificatie": boom, "regel_fouten": weigering.fouten}
    return render(request, "kwalificaties/kwalificatie.html", context, status_code=weigering.fout.status_code)


@router.post("/kwalificaties/{code}/versies/{versie}/beoordelingsregel", dependencies=[formulier(_regel_geweigerd)])
def beoordelingsregel(
    code: str,
    versie: str,
    session: SessionDep,
    gebruiker: Annotated[Gebruiker, met_rol(Rol.beheerder)],
    beoordelaars_vereist: Annotated[int, Form(ge=1, le=2)] = 1,
) -> Response:
    """A beheerder sets how many different assessors must hold aangetoond."""
    k = service.beoordelingsregel_instellen(session, gebruiker, code, versie, beoordelaars_vereist)
    return _naar(kwalificatie_url(k) + "#beoordelingsregel")


def _wachttijd(sinds: dt.datetime | None, nu: dt.datetime) -> str:
    """'3 dagen' — how long a submission has waited, as a person says it."""
    if sinds is None:
        return ""
    dagen = (nu - sinds).days
    if dagen >= 1:
        return "1 dag" if dagen == 1 else f"{dagen} dagen"
    uren = int((nu - sinds).total_seconds() // 3600)
    return "minder dan een uur" if uren < 1 else ("1 uur" if uren == 1 else f"{uren} uur")
