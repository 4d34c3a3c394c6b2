"""Diploma PDFs as jobs: rendered once per decision and state from the frozen snapshot, kept by their sha256.

A decision that sets a diploma (and a revocation) enqueues the rendering in its
own transaction; a worker renders it (not the web process) and stores it. The
download then streams the stored file; until the job has run it renders on the
spot, so a download never waits for a worker.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import taken
from app.besluit import repository
from app.diploma.pdf import DiplomaGegevens, diploma_pdf, verificatie_url
from app.models import Diplomabesluit, DiplomaPdf
from app.opslag import bewaar, get_storage
from app.tijd import nu

logger = logging.getLogger("portfolio.besluit")

PDFTAAK = "diploma.pdf"


def diploma_gegevens(besluit: Diplomabesluit) -> DiplomaGegevens:
    """What the diploma of this decision shows, from its frozen snapshot alone (no permission check)."""
    diplomanummer = besluit.diplomanummer or ""
    inhoud = json.loads(besluit.snapshot)
    kwalificatie = inhoud["kwalificatie"]
    return DiplomaGegevens(
        naam=inhoud["student"]["naam"],
        kwalificatie_titel=kwalificatie["titel"],
        kwalificatie_code=kwalificatie["code"],
        versie=kwalificatie["versie"],
        niveau=kwalificatie["niveau"],
        datum=besluit.datum,
        diplomanummer=diplomanummer,
        kerntaken=tuple((kt["code"], kt["titel"]) for kt in inhoud["kerntaken"]),
        verificatie_url=verificatie_url(diplomanummer, besluit.verificatiecode or ""),
        ingetrokken=besluit.intrekking is not None,
        verificatiecode=besluit.verificatiecode or "",
    )


def vraag_aan(session: Session, besluit_id: int, *, ingetrokken: bool) -> None:
    """Enqueue the rendering in the decision's transaction; once per decision and state."""
    taken.enqueue(
        session,
        PDFTAAK,
        sleutel=f"{PDFTAAK}:{besluit_id}:{'ingetrokken' if ingetrokken else 'geldig'}",
        besluit_id=besluit_id,
        ingetrokken=ingetrokken,
    )


def opgeslagen(session: Session, besluit_id: int, *, ingetrokken: bool) -> DiplomaPdf | None:
    return session.scalar(
        select(DiplomaPdf).where(DiplomaPdf.besluit_id == besluit_id, DiplomaPdf.ingetrokken.is_(ingetrokken))
    )


@taken.taak(PDFTAAK)
def maak(session: Session, besluit_id: int, ingetrokken: bool) -> None:
    """Render the diploma as it stands in this state and store it; a repeat finds it already there."""
    if opgeslagen(session, besluit_id, ingetrokken=ingetrokken) is not None:
        return
    kaal = session.get(Diplomabesluit, besluit_id)
    besluit = repository.besluit_op_nummer(session, kaal.diplomanummer) if kaal and kaal.diplomanummer else None
    if besluit is None:
        raise LookupError(f"diplomabesluit {besluit_id} heeft geen diplomanummer")
    gegevens = dataclasses.replace(diploma_gegevens(besluit), ingetrokken=ingetrokken)
    # The database is not needed while WeasyPrint renders.
    session.rollback()
    pdf = diploma_pdf(gegevens)
    bestand = bewaar(get_storage(), io.BytesIO(pdf), len(pdf))
    session.add(
        DiplomaPdf(
            besluit_id=besluit_id,
            ingetrokken=ingetrokken,
            opslag_sleutel=bestand.key,
            sha256=bestand.sha256,
            grootte=bestand.size,
            gemaakt_op=nu(),
        )
    )
    session.flush()
    logger.info("diploma-pdf opgeslagen", extra={"fields": {"besluit": besluit_id, "sha256": bestand.sha256}})


def lees(bestand: DiplomaPdf) -> bytes:
    with get_storage().open(bestand.opslag_sleutel) as stroom:
        return stroom.read()
