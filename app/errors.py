"""Domain errors know their HTTP status; one set of handlers renders them.

The handlers that turn them into responses are installed by app.foutafhandeling; unexpected
exceptions are answered by app.ops.beveiliging, inside the security headers.

API requests get RFC 9457 problem JSON, htmx requests a message in the page's
message area (#meldingen; the request's own target stays as it was), page
requests a Dutch error page. A refused form comes back filled in, with each
message at its field: see app.formulieren.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.templating import is_htmx, templates

PROBLEM_JSON = "application/problem+json"

DUTCH_TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Te groot",
    415: "Bestandstype niet toegestaan",
    422: "Ongeldige invoer",
    429: "Te veel pogingen",
    500: "Interne fout",
    503: "Niet beschikbaar",
    507: "Opslag vol",
}


class DomainError(Exception):
    status_code = 400
    # The page that explains this error to a person (the API always gets problem JSON).
    foutpagina = "fout.html"

    def __init__(self, detail: str, *, errors: list[dict] | None = None, extra: dict | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        # Further members of the problem JSON (RFC 9457 extension members), e.g. `redenen`.
        self.extra = extra or {}

    @property
    def title(self) -> str:
        return DUTCH_TITLES.get(self.status_code, HTTPStatus(self.status_code).phrase)


class NietGevonden(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class OngeldigeInvoer(DomainError):
    status_code = 422


# The one field-error shape, for forms and the API alike: {"veld": name, "melding": Dutch message}.


def veldfout(veld: str, melding: str) -> dict[str, str]:
    return {"veld": veld, "melding": melding}


def te_lang(maximum: int, lengte: int, wat: str = "Dit veld") -> str:
    """The one message for text beyond its limit, naming the limit and what was given."""
    return f"{wat} is te lang: hoogstens {maximum} tekens (je gaf {lengte})."


def per_veld(fout: DomainError | None) -> dict[str, list[str]]:
    """Messages by field name; a refusal without fields goes under "" (shown above the form)."""
    if fout is None:
        return {}
    resultaat: dict[str, list[str]] = {}
    for f in fout.errors or [veldfout("", fout.detail)]:
        resultaat.setdefault(f.get("veld", ""), []).append(f.get("melding", ""))
    return resultaat


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem_response(
    request: Request, status: int, detail: str, *, errors: list[dict] | None = None, extra: dict | None = None
) -> Response:
    body: dict = {
        **(extra or {}),
        "type": "about:blank",
        "title": DUTCH_TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def error_response(
    request: Request,
    status: int,
    detail: str,
    *,
    errors: list[dict] | None = None,
    foutpagina: str = "fout.html",
    extra: dict | None = None,
) -> Response:
    if is_api_request(request):
        response = problem_response(request, status, detail, errors=errors, extra=extra)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="portfolio"'
        return response
    if status == 401:
        return _naar_inloggen(request)
    context = {"status": status, "titel": DUTCH_TITLES.get(status, "Fout"), "detail": detail}
    if is_htmx(request):
        # htmx 4 swaps error responses into the request's target; send the message to the
        # page's message area instead, so the part the user was working in stays as it was.
        response = templates.TemplateResponse(request, "partials/_toast.html", context, status_code=status)
        response.headers["HX-Retarget"] = "#meldingen"
        response.headers["HX-Reswap"] = "innerHTML"
    else:
        response = templates.TemplateResponse(request, foutpagina, context, status_code=status)
    response.headers["Vary"] = "HX-Request"
    return response


def _naar_inloggen(request: Request) -> Response:
    """To the login page, which returns to the page afterwards; a form sent to an expired session says so."""
    params = {"volgende": _de_pagina(request)}
    if request.method not in ("GET", "HEAD") or _sessie_verlopen(request):
        params["melding"] = "sessie_verlopen"
    doel = f"/inloggen?{urlencode(params)}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": doel, "Vary": "HX-Request"})
    return RedirectResponse(doel, status_code=303, headers={"Vary": "HX-Request"})


def _sessie_verlopen(request: Request) -> bool:
    # Set by app.toegang.aanvrager: the browser sent a session cookie that no longer opens a session.
    return bool(getattr(request.state, "sessie_verlopen", False))


def _de_pagina(request: Request) -> str:
    """Where to return after logging in: the URL itself for a page (GET); for a form sent (POST) the page the
    form was on (htmx's HX-Current-URL, or the Referer of this site), where its draft comes back; an htmx
    form whose own address is a page too returns there (the judgement form's leads to that leeruitkomst);
    else the form's own address when that is a page, else the start page."""
    eigen = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method in ("GET", "HEAD") or (is_htmx(request) and _is_pagina(request, request.url.path)):
        return eigen
    for bron in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if not bron:
            continue
        adres = urlsplit(bron)
        if adres.netloc in ("", request.url.netloc) and adres.path.startswith("/") and not adres.path.startswith("//"):
            return adres.path + (f"?{adres.query}" if adres.query else "")
    return eigen if _is_pagina(request, request.url.path) else "/"


def _is_pagina(request: Request, pad: str) -> bool:
    """Does a GET route answer at this path?"""
    from starlette.routing import Match

    scope = {**request.scope, "method": "GET", "path": pad}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def domain_response(request: Request, fout: DomainError) -> Response:
    return error_response(
        request, fout.status_code, fout.detail, errors=fout.errors, foutpagina=fout.foutpagina, extra=fout.extra
    )


# --- Dutch messages for fields FastAPI refused ----------------------------------------------------


def _veldnaam(loc: tuple) -> str:
    """The form field's name ("naam", "rollen.0"); other places keep where they are ("path.gebruiker_id")."""
    if len(loc) > 1 and loc[0] in ("body", "query"):
        loc = loc[1:]
    return ".".join(str(p) for p in loc)


def _nederlands(fout: dict) -> str:
    soort, ctx = fout.get("type", ""), fout.get("ctx") or {}
    invoer = fout.get("input")
    if soort == "string_too_long" and isinstance(invoer, str):
        return te_lang(ctx.get("max_length"), len(invoer))
    if soort == "too_long":
        return f"Dit zijn er te veel: hoogstens {ctx.get('max_length')}."
    if soort == "string_too_short":
        return f"Dit veld is te kort: minstens {ctx.get('min_length')} tekens."
    if soort == "missing":
        return "Vul dit veld in."
    if soort in ("int_parsing", "int_type", "float_parsing"):
        return "Vul een getal in."
    if soort.startswith("date"):
        return "Vul een geldige datum in, zoals 01-09-2026."
    if soort.startswith("bool"):
        return "Kies ja of nee."
    if soort in ("enum", "literal_error"):
        return f"Kies een van: {ctx.get('expected', 'de mogelijke waarden')}."
    return "Dit veld is niet goed ingevuld."


ONGELDIG = "De invoer is niet geldig."


def validatiefout(exc: RequestValidationError) -> OngeldigeInvoer:
    """FastAPI's refusal as our own, with a Dutch message per field."""
    errors = [veldfout(_veldnaam(tuple(e.get("loc", ()))), _nederlands(e)) for e in exc.errors()]
    return OngeldigeInvoer(ONGELDIG, errors=errors)


class OngeldigVerzoek(DomainError):
    status_code = 400


def onleesbare_json(exc: RequestValidationError) -> OngeldigVerzoek | None:
    """A JSON body that does not parse, as a Dutch 400 naming where it breaks; None for any other refusal."""
    for fout in exc.errors():
        if fout.get("type") == "json_invalid":
            loc = tuple(fout.get("loc", ()))
            waar = f" (bij teken {loc[1]})" if len(loc) > 1 and isinstance(loc[1], int) else ""
            melding = f"De body is geen geldige JSON{waar}."
            return OngeldigVerzoek(melding, errors=[veldfout("body", melding)])
    return None
