"""Pages: the second factor at /account/tweede-factor (enrol, enter a code), and the beheerder's reset."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import oidc, service, tweede_factor
from app.accounts.endpoints import BeheerderDep, veilige_volgende
from app.db import SessionDep
from app.templating import render
from app.toegang.aanvrager import AanvragerDep, CurrentUser

router = APIRouter(include_in_schema=False)

CodeVeld = Annotated[str, Form(max_length=64)]


def _pagina(request: Request, session: SessionDep, ik, aanvrager, *, fout: str | None = None, status_code: int = 200):  # noqa: ANN001, ANN202
    gevonden = tweede_factor.factor(session, ik.id)
    ingesteld = gevonden is not None and gevonden.bevestigd_op is not None
    context = {
        "persoon": ik,
        "ingesteld": ingesteld,
        "open": bool(aanvrager.sessie and aanvrager.sessie.tweede_factor_open),
        "nodig": bool(ik.rollen & service.TWEEDE_FACTOR_ROLLEN),
        "volgende": veilige_volgende(request.query_params.get("volgende") or request.query_params.get("v")),
        "fout": fout,
        "over": tweede_factor.herstelcodes_over(session, ik.id) if ingesteld else 0,
    }
    if not ingesteld and context["nodig"]:
        gevonden = tweede_factor.nieuw_geheim(session, ik)
        context["geheim"] = gevonden.geheim
        context["qr"] = tweede_factor.qr_svg(ik, gevonden.geheim)
    response = render(request, "accounts/tweede_factor.html", context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"  # the secret is on the page
    return response


@router.get("/account/tweede-factor")
def pagina(request: Request, session: SessionDep, ik: CurrentUser, aanvrager: AanvragerDep) -> Response:
    return _pagina(request, session, ik, aanvrager)


@router.post("/account/tweede-factor/instellen")
def instellen(
    request: Request, session: SessionDep, ik: CurrentUser, aanvrager: AanvragerDep, code: CodeVeld = ""
) -> Response:
    try:
        codes = tweede_factor.bevestig(session, ik, aanvrager.sessie, code)
    except tweede_factor.CodeOnjuist as fout:
        # Returned, not raised: the failed attempt's audit record is kept.
        return _pagina(request, session, ik, aanvrager, fout=fout.detail, status_code=400)
    volgende = veilige_volgende(request.query_params.get("volgende"))
    response = render(request, "accounts/herstelcodes.html", {"codes": codes, "volgende": volgende}, status_code=201)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tweede-factor/controleren")
def controleren(
    request: Request, session: SessionDep, ik: CurrentUser, aanvrager: AanvragerDep, code: CodeVeld = ""
) -> Response:
    try:
        tweede_factor.controleer(session, ik, aanvrager.sessie, code)
    except tweede_factor.CodeOnjuist as fout:
        return _pagina(request, session, ik, aanvrager, fout=fout.detail, status_code=400)
    return RedirectResponse(veilige_volgende(request.query_params.get("volgende")), status_code=303)


@router.post("/beheer/gebruikers/{gebruiker_id}/tweede-factor/resetten")
def resetten(session: SessionDep, beheerder: BeheerderDep, gebruiker_id: int) -> Response:
    service.haal_gebruiker(session, gebruiker_id)
    tweede_factor.reset(session, beheerder, gebruiker_id)
    return RedirectResponse(f"/beheer/gebruikers/{gebruiker_id}?melding=tweede_factor_gereset", status_code=303)


@router.post("/beheer/gebruikers/{gebruiker_id}/oidc/{koppeling_id}/verwijderen")
def verwijder_koppeling(session: SessionDep, beheerder: BeheerderDep, gebruiker_id: int, koppeling_id: int) -> Response:
    oidc.verwijder_koppeling(session, beheerder, gebruiker_id, koppeling_id)
    return RedirectResponse(f"/beheer/gebruikers/{gebruiker_id}?melding=koppeling_verwijderd", status_code=303)
