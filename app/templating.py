"""Jinja2 templates; an htmx request to a page renders just the block it asks for."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from jinja2_fragments.fastapi import Jinja2Blocks

ROOT = Path(__file__).resolve().parent.parent
HTMX_SCRIPT = "htmx-4.0.1.min.js"

templates = Jinja2Blocks(directory=str(ROOT / "templates"))
templates.env.globals["HTMX_SCRIPT"] = HTMX_SCRIPT


def kwalificatie_url(kwalificatie) -> str:  # noqa: ANN001
    return f"/kwalificaties/{kwalificatie.code}/versies/{kwalificatie.versie}"


templates.env.globals["kwalificatie_url"] = kwalificatie_url


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request, template: str, context: dict, *, block: str | None = None, status_code: int = 200
) -> Response:
    """Render the whole page, or only `block` when htmx asks for it (same URL, same markup)."""
    if block and is_htmx(request):
        response = templates.TemplateResponse(
            request, template, context, block_name=block, status_code=status_code
        )
    else:
        response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response
