"""The exception handlers: a domain error, an HTTP error or a refused field becomes its Dutch answer.

app.errors knows how each error is answered; a refused form comes back filled in
(app.formulieren). This module only wires the two to the app.
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError, domain_response, error_response, is_api_request, onleesbare_json, validatiefout
from app.formulieren import formulier_opnieuw

_HTTP_DETAILS = {
    404: "Deze pagina of dit gegeven bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
}


def install_error_handlers(app: FastAPI) -> None:
    # Plain functions: Starlette runs them in a thread, so re-rendering a form may query the database.
    @app.exception_handler(DomainError)
    def _domain(request: Request, exc: DomainError) -> Response:
        return formulier_opnieuw(request, exc) or domain_response(request, exc)

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
    def _validation(request: Request, exc: RequestValidationError) -> Response:
        if (onleesbaar := onleesbare_json(exc)) is not None and is_api_request(request):
            # A body that is not JSON at all is a request nobody can read (400); JSON that parses
            # but does not fit stays 422 with a message per field.
            return domain_response(request, onleesbaar)
        fout = validatiefout(exc)
        # A bad path (/beheer/gebruikers/abc) names no form that could be shown again.
        van_formulier = all(e.get("loc", ("",))[0] in ("body", "query") for e in exc.errors())
        return (van_formulier and formulier_opnieuw(request, fout)) or error_response(
            request, 422, fout.detail, errors=fout.errors
        )
