"""Jinja2 templates; an htmx request to a page renders just the block it asks for."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup

from app.tijd import tijdstip

ROOT = Path(__file__).resolve().parent.parent
HTMX_SCRIPT = "htmx-4.0.1.min.js"

templates = Jinja2Blocks(directory=str(ROOT / "templates"))
templates.env.globals["HTMX_SCRIPT"] = HTMX_SCRIPT


def kwalificatie_url(kwalificatie) -> str:  # noqa: ANN001
    return f"/kwalificaties/{kwalificatie.code}/versies/{kwalificatie.versie}"


templates.env.globals["kwalificatie_url"] = kwalificatie_url
templates.env.globals["tijdstip"] = tijdstip


def csrf_token(request: Request) -> str:
    """The token forms and htmx requests echo back (set by the aanvrager dependency)."""
    return getattr(request.state, "csrf_token", "")


def ik(request: Request):  # noqa: ANN201
    """Who is logged in (app.toegang.aanvrager.Ik), or None."""
    return getattr(request.state, "ik", None)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(csrf_token(request))


# The main menu: (url, label, roles that see it; empty = everyone logged in).
MENU = [
    ("/dashboard", "Mijn voortgang", ("student",)),
    ("/portfolio", "Mijn portfolio", ("student",)),
    ("/te-beoordelen", "Te beoordelen", ("praktijkbegeleider",)),
    ("/studenten", "Studenten", ("praktijkbegeleider", "examencommissie", "beheerder")),
    ("/cohorten/voortgang", "Cohortoverzicht", ("praktijkbegeleider", "examencommissie", "beheerder")),
    ("/examencommissie", "Examencommissie", ("examencommissie",)),
    ("/kwalificaties", "Kwalificaties", ()),
    ("/beheer", "Beheer", ("beheerder",)),
]

templates.env.globals["menu"] = MENU
templates.env.globals["csrf_field"] = csrf_field
templates.env.globals["csrf_token"] = csrf_token
templates.env.globals["ik"] = ik


def is_htmx(request: Request) -> bool:
    """An htmx request for a fragment; history restoration asks for the whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(
    request: Request, template: str, context: dict, *, block: str | None = None, status_code: int = 200
) -> Response:
    """Render the whole page, or only `block` when htmx asks for it (same URL, same markup)."""
    if block and is_htmx(request):
        response = templates.TemplateResponse(request, template, context, block_name=block, status_code=status_code)
    else:
        response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response


def teller_html(
    aantal: int, enkelvoud: str = "wacht op beoordeling", meervoud: str = "wachten op beoordeling"
) -> Markup:
    """The count beside a menu item as markup: empty when there is none."""
    if not aantal:
        return Markup("")
    uitleg = enkelvoud if aantal == 1 else meervoud
    return Markup('<span class="teller">{}<span class="visueel-verborgen"> {}</span></span>').format(aantal, uitleg)


templates.env.globals["teller_html"] = teller_html


def teller(aantal: int, enkelvoud: str, meervoud: str) -> Response:
    """The count beside a menu item (loaded after the page); nothing when there is none."""
    if not aantal:
        return HTMLResponse("")
    return HTMLResponse(str(teller_html(aantal, enkelvoud, meervoud)), headers={"Cache-Control": "no-store"})
