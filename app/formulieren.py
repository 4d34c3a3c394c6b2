"""A refused form comes back filled in: one mechanism for every form page.

A route names the page that shows its form (`dependencies=[formulier(pagina)]`). When the
request is refused, app.errors' handler calls `formulier_opnieuw`, which shows that page
again with what was sent and each message at its field (app.errors.per_veld).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import Response

from app.errors import DUTCH_TITLES, ONGELDIG, DomainError, NietGevonden, domain_response, is_api_request, per_veld
from app.templating import is_htmx, templates


class Invoer(dict):
    """What a refused form sent, by field name (first value); `alle()` for repeated fields."""

    def __init__(self, paren: list[tuple[str, Any]] | None = None):
        self._paren = [(k, v) for k, v in (paren or []) if isinstance(v, str)]
        super().__init__()
        for naam, waarde in self._paren:
            self.setdefault(naam, waarde)

    def alle(self, naam: str) -> list[str]:
        return [v for k, v in self._paren if k == naam]


@dataclass
class Weigering:
    """A refused form: the error, its messages by field, what was sent, and who sent it."""

    fout: DomainError
    invoer: Invoer
    gebruiker: Any  # app.models.Gebruiker attached to the fresh session, or None

    @property
    def fouten(self) -> dict[str, list[str]]:
        return per_veld(self.fout)


FormulierPagina = Callable[[Request, Any, Weigering], Response]


def formulier(pagina: FormulierPagina) -> Any:
    """Route dependency: when this request is refused, show `pagina` again, filled in.

    The refusal may be a DomainError from the service or a field FastAPI refused (far too
    long, not a number). By then the request's session has rolled back everything it wrote,
    stored files included (app.db.get_session); the handler calls `pagina(request, session,
    weigering)` with a fresh session, so no endpoint has to catch or undo anything.
    """

    def onthoud(request: Request) -> None:
        request.state.formulier = pagina

    return Depends(onthoud)


# Not logged in, not allowed (CSRF): there is no form to show again. Nor for what was not found
# (NietGevonden, below); a form page may still explain another 404, such as an unknown link.
_GEEN_FORMULIER = {401, 403}


def _ingezonden(request: Request) -> Invoer:
    # Only a form that was already read: an error handler must never start reading an unread
    # (possibly huge) upload body. Starlette keeps the parsed form on the request.
    form = getattr(request, "_form", None)
    if form is not None:
        return Invoer(list(form.multi_items()))
    return Invoer(list(request.query_params.multi_items()) if request.method == "GET" else [])


def formulier_opnieuw(request: Request, fout: DomainError) -> Response | None:
    """The refused form's page, filled in, if the route named one and there is a form to show."""
    pagina = getattr(request.state, "formulier", None)
    if pagina is None or is_api_request(request) or fout.status_code in _GEEN_FORMULIER:
        return None
    if isinstance(fout, NietGevonden):
        return None
    with request.app.state.sessionmaker() as session:
        aanvrager = getattr(request.state, "aanvrager", None)
        gebruiker = getattr(aanvrager, "gebruiker", None)
        if gebruiker is not None:
            # Loaded by the request's own (closed, rolled back) session: re-attach it to this one.
            gebruiker = session.merge(gebruiker)
        try:
            response = pagina(request, session, Weigering(fout, _ingezonden(request), gebruiker))
        except DomainError as ander:
            return domain_response(request, ander)
    response.status_code = fout.status_code
    response.headers["Vary"] = "HX-Request"
    if is_htmx(request):
        _ook_in_meldingen(request, response, fout)
    return response


def _ook_in_meldingen(request: Request, response: Response, fout: DomainError) -> None:
    """The form comes back into its own target; the message also goes to the page's message area."""
    # A field FastAPI refused alone: its own message says more than the general "De invoer is niet geldig.".
    detail = fout.errors[0]["melding"] if fout.detail == ONGELDIG and len(fout.errors) == 1 else fout.detail
    toast = templates.get_template("partials/_toast.html").render(
        {"request": request, "titel": DUTCH_TITLES.get(fout.status_code, "Fout"), "detail": detail}
    )
    response.body += f'<div id="meldingen" hx-swap-oob="innerHTML">{toast}</div>'.encode()
    response.headers["Content-Length"] = str(len(response.body))
