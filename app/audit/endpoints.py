"""Beheer › Audittrail: browse the trail and check its hash chain (beheerder only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.audit import repository, vocabulaire
from app.audit import service as audit
from app.audit.schemas import PAGINA_GROOTTE, AuditFilter, AuditPagina, AuditRegel, Ketencontrole
from app.db import SessionDep
from app.models import Rol
from app.templating import is_htmx, render
from app.toegang.aanvrager import met_rol

router = APIRouter(include_in_schema=False)
BEHEERDER = met_rol(Rol.beheerder)
TEMPLATE = "audit/lijst.html"


def _pagina(session: Session, filters: AuditFilter) -> AuditPagina:
    """The filter choices (from the vocabulary, not the trail) and one page of records: a fixed number of queries."""
    records, verder = repository.pagina(session, filters, PAGINA_GROOTTE)
    ouder = nieuwer = None
    if records:
        naar_ouder = verder if filters.na is None else True
        naar_nieuwer = (filters.voor is not None) if filters.na is None else verder
        if naar_ouder:
            ouder = filters.querystring(voor=records[-1].volgnummer)
        if naar_nieuwer:
            nieuwer = filters.querystring(na=records[0].volgnummer)
    over_personen = {vocabulaire.persoon_id(r.onderwerp_type, r.onderwerp_id) for r in records} - {None}
    namen = repository.namen(session, over_personen)
    return AuditPagina(
        regels=[AuditRegel.van(r, namen) for r in records],
        acties=vocabulaire.keuzes(vocabulaire.ACTIES, filters.actie),
        onderwerp_types=vocabulaire.keuzes(vocabulaire.ONDERWERP_TYPES, filters.onderwerp_type),
        filter=filters,
        ouder=ouder,
        nieuwer=nieuwer,
    )


def _prive(response: Response) -> Response:
    # Who did what is personal data: never keep it in a shared or browser cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/beheer/audit", dependencies=[BEHEERDER])
def audittrail(request: Request, session: SessionDep, filters: Annotated[AuditFilter, Query()]) -> Response:
    context = {"pagina": _pagina(session, filters), "controle": None}
    return _prive(render(request, TEMPLATE, context, block="resultaten"))


@router.post("/beheer/audit/controle", dependencies=[BEHEERDER])
def ketencontrole(request: Request, session: SessionDep) -> Response:
    """Check the chain from the last checkpoint; htmx shows the outcome in place, without JS it comes with the page.

    From the checkpoint, so the page stays fast however long the trail grows;
    `portfolio audit verify` walks it from record 1.
    """
    controle = Ketencontrole.uit(audit.verifieer(session, vanaf_checkpoint=True))
    if is_htmx(request):
        return _prive(render(request, TEMPLATE, {"controle": controle}, block="controle"))
    context = {"pagina": _pagina(session, AuditFilter()), "controle": controle}
    return _prive(render(request, TEMPLATE, context))
