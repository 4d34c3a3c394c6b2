"""Reading an upload request: refuse it by its announced size first, then parse the multipart form.

The endpoints take the form from this dependency instead of declaring File()
parameters, because FastAPI reads a declared body before any check can run.
Starlette spools each file to a temporary file on disk (1 MB in memory at most),
so memory does not grow with the size of the upload.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from app.db import SessionDep, alleen_lezen, tussentijds_vastleggen
from app.errors import NietGevonden, OngeldigeInvoer
from app.models import Gebruiker
from app.ops.invoer import weiger_nul_tekens
from app.portfolio import bestanden
from app.toegang import policy
from app.toegang.aanvrager import CurrentUser, controleer_formulier_token

MAX_VELDEN = 200
# The text fields and multipart framing around the files of one upload.
UPLOAD_MARGE = 2 * 1024 * 1024

# The multipart body for the OpenAPI document (the form is read by hand, see above).
UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "bestanden": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "titel": {"type": "string", "maxLength": 200},
                        "soort": {
                            "type": "string",
                            "enum": [
                                "verslag",
                                "observatie",
                                "video",
                                "proces_verbaal",
                                "360_feedback",
                                "product",
                                "anders",
                            ],
                        },
                        "datum": {"type": "string", "format": "date"},
                        "context": {"type": "string"},
                        "leeruitkomsten": {"type": "array", "items": {"type": "string"}},
                        "onderbouwing": {"type": "string", "description": "voor elke leeruitkomst zonder eigen"},
                        "onderbouwing_{code}": {"type": "string", "description": "per leeruitkomst, bv. LU1.1"},
                        "verwijder_bestand": {"type": "array", "items": {"type": "integer"}},
                        "versie": {
                            "type": "integer",
                            "description": "bij wijzigen: de versie die je wijzigt; is het bewijsstuk intussen "
                            "verder, dan 409",
                        },
                    },
                }
            }
        },
    }
}


def _content_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _controleer_vooraf(session: Session, gebruiker: Gebruiker, content_length: int | None) -> None:
    with alleen_lezen(session):
        bestanden.controleer_aangekondigde_grootte(session, gebruiker, content_length)
        # The body may take minutes to arrive: wait for it without a database connection.
        tussentijds_vastleggen(session)


async def upload_formulier(request: Request, session: SessionDep, gebruiker: CurrentUser) -> AsyncIterator[FormData]:
    """The parsed form of an upload to the requester's own portfolio; 404 for anyone else, 413 when too big."""
    try:
        student_id = int(request.path_params.get("student_id", gebruiker.id))
    except ValueError as fout:
        raise NietGevonden(policy.NIET_GEVONDEN_STUDENT) from fout
    policy.vereis_eigen_portfolio(gebruiker, student_id)
    await run_in_threadpool(_controleer_vooraf, session, gebruiker, _content_length(request))
    try:
        form = await request.form(max_files=bestanden.MAX_BESTANDEN, max_fields=MAX_VELDEN)
    except HTTPException as fout:
        raise OngeldigeInvoer(
            f"De upload kon niet worden gelezen. Stuur hoogstens {bestanden.MAX_BESTANDEN} bestanden tegelijk."
        ) from fout
    try:
        controleer_formulier_token(request, form)
        weiger_nul_tekens(form)
        _weiger_naamloze_bestanden(form)
        yield form
    finally:
        await form.close()


def _weiger_naamloze_bestanden(form: FormData) -> None:
    # A part with only `filename*=` (RFC 5987) reaches us as a text field, its bytes decoded as text:
    # refused out loud rather than stored damaged or silently left out.
    if any(isinstance(waarde, str) and waarde for waarde in form.getlist("bestanden")):
        raise OngeldigeInvoer(
            "Een bestand kwam aan zonder gewone bestandsnaam (alleen filename*=) en is niet opgeslagen. "
            'Stuur elk bestand met filename="…"; een naam met bijzondere tekens mag daarnaast in filename* staan.',
            errors=[{"veld": "bestanden", "melding": "Dit bestand heeft geen filename= in Content-Disposition."}],
        )


def upload_limiet() -> int:
    """The largest upload body: every file at its limit, plus the form fields."""
    return bestanden.MAX_BESTANDEN * bestanden.max_bestand_bytes() + UPLOAD_MARGE


# The route reads its body itself, with this limit (app.toegang.aanvrager.eigen_lezer: the body limit
# and the CSRF check find it there).
upload_formulier.body_limiet = upload_limiet  # type: ignore[attr-defined]

# scope="function": like the session it uses; the spooled files are closed once the endpoint returns.
UploadFormulier = Annotated[FormData, Depends(upload_formulier, scope="function")]
