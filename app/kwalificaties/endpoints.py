"""Pages for reading a kwalificatie: list, tree, bouwsteen details and live search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import SessionDep
from app.kwalificaties import service
from app.templating import render
from app.toegang.aanvrager import CurrentUser

router = APIRouter(include_in_schema=False)


@router.get("/kwalificaties")
def lijst(request: Request, session: SessionDep, _gebruiker: CurrentUser) -> Response:
    return render(request, "kwalificaties/lijst.html", {"kwalificaties": service.alle_kwalificaties(session)})


@router.get("/kwalificaties/{code}/versies/{versie}")
def kwalificatie(request: Request, code: str, versie: str, session: SessionDep, _gebruiker: CurrentUser) -> Response:
    boom = service.kwalificatie_boom(session, code, versie)
    return render(request, "kwalificaties/kwalificatie.html", {"kwalificatie": boom})


@router.get("/kwalificaties/{code}/versies/{versie}/bouwstenen/{bouwsteen_code}")
def bouwsteen(
    request: Request, code: str, versie: str, bouwsteen_code: str, session: SessionDep, _gebruiker: CurrentUser
) -> Response:
    details = service.bouwsteen_details(session, code, versie, bouwsteen_code)
    context = {
        "kwalificatie": details.kwalificatie,
        "bouwsteen": details.bouwsteen,
        "beroepsvereisten": details.beroepsvereisten,
    }
    return render(request, "kwalificaties/bouwsteen.html", context, block="details")


@router.get("/kwalificaties/{code}/versies/{versie}/zoeken")
def zoeken(
    request: Request, code: str, versie: str, session: SessionDep, _gebruiker: CurrentUser, q: str = ""
) -> Response:
    resultaat = service.zoek(session, code, versie, q)
    context = {"resultaat": resultaat, "kwalificatie": resultaat.kwalificatie}
    return render(request, "kwalificaties/zoeken.html", context, block="resultaten")
