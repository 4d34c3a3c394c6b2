"""Domain errors know their HTTP status; one set of handlers renders them.

Unexpected exceptions are answered by app.ops.beveiliging, inside the security headers.

API requests get RFC 9457 problem JSON, htmx requests a toast fragment, page
requests a Dutch error page.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

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

    def __init__(self, detail: str, *, errors: list[dict] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []

    @property
    def title(self) -> str:
        return DUTCH_TITLES.get(self.status_code, HTTPStatus(self.status_code).phrase)


class NietGevonden(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class OngeldigeInvoer(DomainError):
    status_code = 422


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem_response(request: Request, status: int, detail: str, *, errors: list[dict] | None = None) -> Response:
    body: dict = {
        "type": "about:blank",
        "title": DUTCH_TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def error_response(request: Request, status: int, detail: str, *, errors: list[dict] | None = None) -> Response:
    if is_api_request(request):
        response = problem_response(request, status, detail, errors=errors)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="portfolio"'
        return response
    if status == 401:
        return _naar_inloggen(request)
    context = {"status": status, "titel": DUTCH_TITLES.get(status, "Fout"), "detail": detail}
    if is_htmx(request):
        return templates.TemplateResponse(request, "partials/_toast.html", context, status_code=status)
    return templates.TemplateResponse(request, "fout.html", context, status_code=status)


def _naar_inloggen(request: Request) -> Response:
    volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    doel = f"/inloggen?{urlencode({'volgende': volgende})}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": doel})
    return RedirectResponse(doel, status_code=303)


_HTTP_DETAILS = {
    404: "Deze pagina of dit gegeven bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return error_response(request, exc.status_code, exc.detail, errors=exc.errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = (
            exc.detail
            if isinstance(exc.detail, str) and exc.detail not in (HTTPStatus(exc.status_code).phrase,)
            else _HTTP_DETAILS.get(exc.status_code, "Er ging iets mis.")
        )
        response = error_response(request, exc.status_code, detail)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"veld": ".".join(str(p) for p in e["loc"]), "melding": e["msg"]} for e in exc.errors()]
        return error_response(request, 422, "De invoer is niet geldig.", errors=errors)
