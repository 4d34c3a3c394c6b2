"""Pages: logging in and out, beheer of accounts, one-time links, and the person's own account."""

from __future__ import annotations

import asyncio
from typing import Annotated
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.accounts import links, mail, oidc, service, tweede_factor, wachtwoorden
from app.accounts.schemas import MAX_EMAIL, MAX_NAAM, MAX_STUDENTNUMMER, MAX_TOKENNAAM, ROL_LABELS
from app.config import get_settings
from app.db import SessionDep
from app.errors import DomainError
from app.formulieren import Invoer, Weigering, formulier
from app.models import Gebruiker, LinkDoel, Rol
from app.ops.proxy import client_adres
from app.paginering import Paginering, PagineringDep, zoekterm
from app.templating import is_htmx, render
from app.toegang import sessies
from app.toegang.aanvrager import AanvragerDep, CurrentUser, met_rol

router = APIRouter(include_in_schema=False)

BeheerderDep = Annotated[Gebruiker, met_rol(Rol.beheerder)]

# Success messages after a redirect: only these fixed texts, never text from the URL.
MELDINGEN = {
    "account_geactiveerd": "Je wachtwoord is ingesteld. Log in met je e-mailadres en nieuwe wachtwoord.",
    "wachtwoord_hersteld": (
        "Je nieuwe wachtwoord is ingesteld, je bent overal uitgelogd en je API-tokens zijn ingetrokken. Log opnieuw in."
    ),
    "eerste_beheerder": "Het beheerdersaccount is aangemaakt. Log in om verder te gaan.",
    "rollen_gewijzigd": "De rollen zijn gewijzigd.",
    "gedeactiveerd": "Het account is gedeactiveerd; alle sessies van deze persoon zijn beëindigd.",
    "geactiveerd": "Het account is weer actief.",
    "wachtwoord_gewijzigd": (
        "Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd en je API-tokens zijn ingetrokken."
    ),
    "token_ingetrokken": "Het token is ingetrokken en werkt niet meer.",
    "tweede_factor_gereset": (
        "De tweede factor is gereset; bij de volgende keer inloggen stelt deze persoon hem opnieuw in."
    ),
    "koppeling_verwijderd": "De koppeling met de inlogdienst is verwijderd.",
    "sessie_verlopen": "Je sessie is verlopen; log opnieuw in. Daarna ga je terug naar waar je was.",
}


def veilige_volgende(volgende: str | None) -> str:
    """Only local paths: a login link must never send someone to another site."""
    if not volgende or not volgende.startswith("/") or volgende.startswith("//") or urlparse(volgende).netloc:
        return "/"
    return volgende


def _geheim(response: Response) -> Response:
    """Pages that show a link or token once must not be kept by the browser or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _naar(url: str, melding: str | None = None) -> RedirectResponse:
    return RedirectResponse(f"{url}?melding={melding}" if melding else url, status_code=303)


# Logging in and out.


# Where each role starts after login, in this order when someone holds several.
STARTPAGINAS = (
    (Rol.student, "/dashboard"),
    (Rol.praktijkbegeleider, "/te-beoordelen"),
    (Rol.examencommissie, "/examencommissie"),
    (Rol.beheerder, "/beheer"),
)


@router.get("/")
def startpagina(gebruiker: CurrentUser) -> Response:
    doel = next((url for rol, url in STARTPAGINAS if gebruiker.heeft_rol(rol)), "/kwalificaties")
    return RedirectResponse(doel, status_code=303)


@router.get("/inloggen")
def inlogpagina(request: Request, aanvrager: AanvragerDep, volgende: str = "/", melding: str = "") -> Response:
    if aanvrager.gebruiker is not None:
        return RedirectResponse(veilige_volgende(volgende), status_code=303)
    context = {"volgende": volgende, "email": "", "fout": None, "fouten": {}, "melding": MELDINGEN.get(melding)}
    return render(request, "accounts/inloggen.html", context | _oidc_knop(volgende))


def _oidc_knop(volgende: str) -> dict:
    """The provider's button on the login page (a plain link), when an issuer is set."""
    settings = get_settings()
    if not settings.oidc_aan:
        return {"oidc_link": None}
    return {
        "oidc_link": f"/inloggen/oidc?{urlencode({'volgende': veilige_volgende(volgende)})}",
        "oidc_naam": settings.oidc_naam,
    }


def _inlogpagina(request: Request, weigering: Weigering) -> Response:
    invoer = weigering.invoer
    fouten = weigering.fouten
    context = {
        "volgende": invoer.get("volgende", "/"),
        "email": invoer.get("email", ""),
        "fout": fouten.pop("", [None])[0],
        "fouten": fouten,
    } | _oidc_knop(invoer.get("volgende", "/"))
    return render(request, "accounts/inloggen.html", context, status_code=weigering.fout.status_code)


def _inloggen_geweigerd(request: Request, _session: Session, weigering: Weigering) -> Response:
    return _inlogpagina(request, weigering)


async def _vertraag_een_vaak_mislukt_adres(request: Request) -> None:
    """Before the password is checked, an address that failed often waits (service.vertraging_voor_adres).

    An async wait holds no thread, no database connection and no place in the password pool.
    """

    def vertraging() -> float:
        with request.app.state.sessionmaker() as session:
            return service.vertraging_voor_adres(session, client_adres(request))

    seconden = await run_in_threadpool(vertraging)
    if seconden:
        await asyncio.sleep(seconden)


@router.post("/inloggen", dependencies=[Depends(_vertraag_een_vaak_mislukt_adres), formulier(_inloggen_geweigerd)])
def inloggen(
    request: Request,
    session: SessionDep,
    aanvrager: AanvragerDep,
    email: Annotated[str, Form(max_length=320)] = "",
    wachtwoord: Annotated[str, Form(max_length=1024)] = "",
    volgende: Annotated[str, Form()] = "/",
) -> Response:
    try:
        ingelogd = service.inloggen(session, email, wachtwoord, client_adres(request), vorige=aanvrager.sessie)
    except DomainError as fout:
        # The one refusal that must not be undone: the failed attempt itself is kept (throttling,
        # audit), so this returns normally and the request commits it.
        response = _inlogpagina(request, Weigering(fout, Invoer([("email", email), ("volgende", volgende)]), None))
        if isinstance(fout, wachtwoorden.WachtwoordenBezet):
            response.headers["Retry-After"] = str(fout.retry_after)
        return response
    doel = veilige_volgende(volgende)
    if ingelogd.sessie.tweede_factor_open:
        doel = f"/account/tweede-factor?{urlencode({'volgende': doel})}"
    response = RedirectResponse(doel, status_code=303)
    zet_sessiecookie(response, ingelogd.token)
    return response


def zet_sessiecookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        sessies.COOKIE,
        token,
        max_age=settings.sessie_max_uren * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


@router.post("/uitloggen")
def uitloggen(request: Request, session: SessionDep, gebruiker: CurrentUser, aanvrager: AanvragerDep) -> Response:
    doel = "/inloggen"
    if aanvrager.sessie is not None:
        # Signed in at the provider: end that session too, when it offers RP-initiated logout.
        if aanvrager.sessie.oidc_issuer and (bij_aanbieder := oidc.eind_sessie_url(get_settings())):
            doel = bij_aanbieder
        service.uitloggen(session, gebruiker, aanvrager.sessie)
    if is_htmx(request):
        response = Response(status_code=204, headers={"HX-Redirect": doel})
    else:
        response = RedirectResponse(doel, status_code=303)
    response.delete_cookie(sessies.COOKIE)
    return response


# Beheer: /beheer/gebruikers.


def _lijst_context(session: Session, q: str, paginering: Paginering, rol: str) -> dict:
    pagina = service.gebruikers_pagina(session, q, paginering, rol)
    return {"pagina": pagina, "q": zoekterm(q), "rol": rol.strip(), "rol_labels": ROL_LABELS}


@router.get("/beheer/gebruikers")
def gebruikers(
    request: Request,
    session: SessionDep,
    _beheerder: BeheerderDep,
    paginering: PagineringDep,
    q: str = "",
    rol: str = "",
) -> Response:
    return render(request, "gebruikers/lijst.html", _lijst_context(session, q, paginering, rol), block="resultaten")


def _nieuw_formulier(request: Request, invoer: dict, fouten: dict, status_code: int = 200) -> Response:
    context = {"invoer": invoer, "fouten": fouten, "rollen": list(Rol), "rol_labels": ROL_LABELS}
    return render(request, "gebruikers/nieuw.html", context, status_code=status_code)


def _nieuw_geweigerd(request: Request, _session: Session, weigering: Weigering) -> Response:
    invoer = dict(weigering.invoer) | {"rollen": weigering.invoer.alle("rollen")}
    return _nieuw_formulier(request, invoer, weigering.fouten)


@router.get("/beheer/gebruikers/nieuw")
def nieuw_formulier(request: Request, _beheerder: BeheerderDep) -> Response:
    leeg = {"email": "", "naam": "", "rollen": [], "studentnummer": ""}
    return _nieuw_formulier(request, leeg, {})


@router.post("/beheer/gebruikers", dependencies=[formulier(_nieuw_geweigerd)])
def maak_gebruiker(
    request: Request,
    session: SessionDep,
    beheerder: BeheerderDep,
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    naam: Annotated[str, Form(max_length=MAX_NAAM)] = "",
    rollen: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    studentnummer: Annotated[str, Form(max_length=MAX_STUDENTNUMMER)] = "",
) -> Response:
    account = service.maak_gebruiker(session, beheerder, email, naam, rollen, studentnummer)
    persoon = account.gebruiker
    # A job in this transaction: mailed once the account is committed, never for one rolled back.
    mail.mail_link(session, persoon.email, persoon.naam, LinkDoel.activatie, account.link)
    context = {"persoon": persoon, "link": account.link, "doel": "activatie", **_link_uitleg()}
    return _geheim(render(request, "gebruikers/link.html", context, status_code=201))


def _link_uitleg() -> dict:
    return {"geldig_uren": get_settings().link_geldig_uren, "gemaild": mail.mailt_links()}


def _detail(request: Request, session: Session, gebruiker_id: int, weigering: Weigering | None = None) -> Response:
    persoon = service.haal_gebruiker(session, gebruiker_id)
    melding = MELDINGEN.get(request.query_params.get("melding", "")) if weigering is None else None
    # After a refused role change the boxes show what was sent; after any other refusal, the roles held.
    wijziging = weigering is not None and request.url.path.endswith("/rollen")
    gekozen = weigering.invoer.alle("rollen") if wijziging else [r.value for r in persoon.rollen]
    context = {
        "persoon": persoon,
        "rollen": list(Rol),
        "rol_labels": ROL_LABELS,
        "fouten": weigering.fouten if weigering else {},
        "gekozen": gekozen,
        "melding": melding,
        "koppelingen": oidc.koppelingen(session, persoon.id),
        "tweede_factor": tweede_factor.is_ingesteld(session, persoon.id),
    }
    return render(request, "gebruikers/gebruiker.html", context)


def _detail_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    return _detail(request, session, int(request.path_params["gebruiker_id"]), weigering)


@router.get("/beheer/gebruikers/{gebruiker_id}")
def gebruiker(request: Request, session: SessionDep, _beheerder: BeheerderDep, gebruiker_id: int) -> Response:
    return _detail(request, session, gebruiker_id)


@router.post("/beheer/gebruikers/{gebruiker_id}/rollen", dependencies=[formulier(_detail_geweigerd)])
def wijzig_rollen(
    request: Request,
    session: SessionDep,
    beheerder: BeheerderDep,
    gebruiker_id: int,
    rollen: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    service.wijzig_rollen(session, beheerder, gebruiker_id, rollen)
    return _naar(f"/beheer/gebruikers/{gebruiker_id}", "rollen_gewijzigd")


@router.post("/beheer/gebruikers/{gebruiker_id}/deactiveren", dependencies=[formulier(_detail_geweigerd)])
def deactiveer(session: SessionDep, beheerder: BeheerderDep, gebruiker_id: int) -> Response:
    service.deactiveer(session, beheerder, gebruiker_id)
    return _naar(f"/beheer/gebruikers/{gebruiker_id}", "gedeactiveerd")


@router.post("/beheer/gebruikers/{gebruiker_id}/activeren")
def activeer(session: SessionDep, beheerder: BeheerderDep, gebruiker_id: int) -> Response:
    service.activeer(session, beheerder, gebruiker_id)
    return _naar(f"/beheer/gebruikers/{gebruiker_id}", "geactiveerd")


@router.post("/beheer/gebruikers/{gebruiker_id}/herstellink", dependencies=[formulier(_detail_geweigerd)])
def maak_herstellink(request: Request, session: SessionDep, beheerder: BeheerderDep, gebruiker_id: int) -> Response:
    herstel = service.maak_herstellink(session, beheerder, gebruiker_id)
    persoon = herstel.gebruiker
    mail.mail_link(session, persoon.email, persoon.naam, LinkDoel.reset, herstel.link)
    context = {"persoon": persoon, "link": herstel.link, "doel": "reset", **_link_uitleg()}
    return _geheim(render(request, "gebruikers/link.html", context, status_code=201))


# One-time links (public: the token is the key).


_WACHTWOORD_PAGINA = {
    LinkDoel.activatie: ("Account activeren", "Kies een wachtwoord om je account te activeren.", "account_geactiveerd"),
    LinkDoel.reset: ("Nieuw wachtwoord instellen", "Kies een nieuw wachtwoord.", "wachtwoord_hersteld"),
}


def _wachtwoord_pagina(
    request: Request, session: Session, doel: LinkDoel, token: str, fouten: dict | None = None, status_code: int = 200
) -> Response:
    link = links.geldige_link(session, doel, token)  # an unusable link explains itself (its foutpagina)
    titel, uitleg, _ = _WACHTWOORD_PAGINA[doel]
    context = {
        "titel": titel,
        "uitleg": uitleg,
        "actie": f"{links.PADEN[doel]}/{token}",
        "persoon": service.haal_gebruiker(session, link.gebruiker_id),
        "fouten": fouten or {},
    }
    return _geheim(render(request, "accounts/wachtwoord_instellen.html", context, status_code=status_code))


def _wachtwoord_geweigerd(doel: LinkDoel):  # noqa: ANN202
    def pagina(request: Request, session: Session, weigering: Weigering) -> Response:
        return _wachtwoord_pagina(request, session, doel, request.path_params["token"], weigering.fouten)

    return formulier(pagina)


def _stel_wachtwoord_in(session: Session, doel: LinkDoel, token: str, wachtwoord: str, herhaling: str) -> Response:
    service.stel_wachtwoord_in_via_link(session, doel, token, wachtwoord, herhaling)
    return _naar("/inloggen", _WACHTWOORD_PAGINA[doel][2])


WachtwoordVeld = Annotated[str, Form(max_length=1024)]


@router.get("/activeren/{token}")
def activeren(request: Request, session: SessionDep, token: str) -> Response:
    return _wachtwoord_pagina(request, session, LinkDoel.activatie, token)


@router.post("/activeren/{token}", dependencies=[_wachtwoord_geweigerd(LinkDoel.activatie)])
def activeren_opslaan(
    session: SessionDep, token: str, wachtwoord: WachtwoordVeld = "", herhaling: WachtwoordVeld = ""
) -> Response:
    return _stel_wachtwoord_in(session, LinkDoel.activatie, token, wachtwoord, herhaling)


@router.get("/wachtwoord-herstellen/{token}")
def herstellen(request: Request, session: SessionDep, token: str) -> Response:
    return _wachtwoord_pagina(request, session, LinkDoel.reset, token)


@router.post("/wachtwoord-herstellen/{token}", dependencies=[_wachtwoord_geweigerd(LinkDoel.reset)])
def herstellen_opslaan(
    session: SessionDep, token: str, wachtwoord: WachtwoordVeld = "", herhaling: WachtwoordVeld = ""
) -> Response:
    return _stel_wachtwoord_in(session, LinkDoel.reset, token, wachtwoord, herhaling)


def _eerste_beheerder_pagina(
    request: Request, token: str, invoer: dict, fouten: dict, status_code: int = 200
) -> Response:
    context = {"actie": f"/eerste-beheerder/{token}", "invoer": invoer, "fouten": fouten}
    return _geheim(render(request, "accounts/eerste_beheerder.html", context, status_code=status_code))


@router.get("/eerste-beheerder/{token}")
def eerste_beheerder(request: Request, session: SessionDep, token: str) -> Response:
    links.geldige_link(session, LinkDoel.eerste_beheerder, token)
    return _eerste_beheerder_pagina(request, token, {"email": "", "naam": ""}, {})


def _eerste_beheerder_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    links.geldige_link(session, LinkDoel.eerste_beheerder, request.path_params["token"])
    invoer = {"email": weigering.invoer.get("email", ""), "naam": weigering.invoer.get("naam", "")}
    return _eerste_beheerder_pagina(request, request.path_params["token"], invoer, weigering.fouten)


@router.post("/eerste-beheerder/{token}", dependencies=[formulier(_eerste_beheerder_geweigerd)])
def eerste_beheerder_opslaan(
    session: SessionDep,
    token: str,
    email: Annotated[str, Form(max_length=MAX_EMAIL)] = "",
    naam: Annotated[str, Form(max_length=MAX_NAAM)] = "",
    wachtwoord: WachtwoordVeld = "",
    herhaling: WachtwoordVeld = "",
) -> Response:
    service.maak_eerste_beheerder(session, token, email, naam, wachtwoord, herhaling)
    return _naar("/inloggen", "eerste_beheerder")


# The person's own account: details, password, API tokens.


def _account(
    request: Request,
    session: Session,
    persoon: Gebruiker,
    *,
    fouten: dict | None = None,
    token_fouten: dict | None = None,
    token_invoer: dict | None = None,
    nieuw_token: service.NieuwToken | None = None,
    token_melding: str | None = None,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    sleutel = request.query_params.get("melding", "")
    uit_url = MELDINGEN.get(sleutel)
    context = {
        "persoon": persoon,
        "rol_labels": ROL_LABELS,
        "tokens": service.tokens(session, persoon),
        "fouten": fouten or {},
        "token_fouten": token_fouten or {},
        "token_invoer": token_invoer or {},
        "nieuw_token": nieuw_token,
        # Token messages belong in the token section (which htmx swaps), the rest at the top.
        "melding": None if sleutel.startswith("token_") else uit_url,
        "token_melding": token_melding or (uit_url if sleutel.startswith("token_") else None),
    }
    response = render(request, "accounts/account.html", context, block=block, status_code=status_code)
    return _geheim(response) if nieuw_token else response


@router.get("/account")
def account(request: Request, session: SessionDep, ik: CurrentUser) -> Response:
    return _account(request, session, ik)


def _wachtwoord_wijzigen_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    return _account(request, session, weigering.gebruiker, fouten=weigering.fouten)


def _token_geweigerd(request: Request, session: Session, weigering: Weigering) -> Response:
    fouten, invoer = weigering.fouten, weigering.invoer
    return _account(request, session, weigering.gebruiker, token_fouten=fouten, token_invoer=invoer, block="tokens")


@router.post("/account/wachtwoord", dependencies=[formulier(_wachtwoord_wijzigen_geweigerd)])
def wijzig_wachtwoord(
    session: SessionDep,
    ik: CurrentUser,
    aanvrager: AanvragerDep,
    huidig: WachtwoordVeld = "",
    nieuw: WachtwoordVeld = "",
    herhaling: WachtwoordVeld = "",
) -> Response:
    service.wijzig_wachtwoord(session, ik, aanvrager.sessie, huidig, nieuw, herhaling)
    return _naar("/account", "wachtwoord_gewijzigd")


@router.post("/account/tokens", dependencies=[formulier(_token_geweigerd)])
def maak_token(
    request: Request, session: SessionDep, ik: CurrentUser, naam: Annotated[str, Form(max_length=MAX_TOKENNAAM)] = ""
) -> Response:
    nieuw = service.maak_token(session, ik, naam)
    return _account(request, session, ik, nieuw_token=nieuw, block="tokens", status_code=201)


@router.post("/account/tokens/{token_id}/intrekken")
def trek_token_in(request: Request, session: SessionDep, ik: CurrentUser, token_id: int) -> Response:
    service.trek_token_in(session, ik, token_id)
    if is_htmx(request):
        return _account(request, session, ik, token_melding=MELDINGEN["token_ingetrokken"], block="tokens")
    return RedirectResponse("/account?melding=token_ingetrokken#tokens", status_code=303)
