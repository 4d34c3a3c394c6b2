"""The dossier's samenvatting.pdf as a job: rendered by a worker, kept until the student's next change.

A summary is kept by what it shows: the hash of its HTML, rendered with a fixed moment, so
Jinja (milliseconds) decides whether the PDF (about 40 ms a page, seconds for a long
dossier) must be made again. Any change to the student's evidence, judgements, results or
decisions, and any status that changes with the date, gives another hash.

The export asks for it only when its ZIP stream reaches the last entry, after every file:
a stored PDF is streamed from storage; otherwise the request enqueues the rendering and
waits for a worker (`PORTFOLIO_DOSSIER_PDF_WACHT_SECONDEN`), holding no database
connection; a worker that does not come in time is no reason to fail the download, so
then, and only then, the web process renders it itself (and says so in the log).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app import taken
from app.beroepsvereisten import repository as beroepsvereisten_repository
from app.besluit import repository as besluit_repository
from app.besluit.schemas import BesluitUit
from app.config import get_settings
from app.db import als_schrijver
from app.documenten import pdf_van, render_html
from app.dossier import repository
from app.models import DossierSamenvatting, Gebruiker
from app.opslag import Storage, bewaar, get_storage
from app.portfolio import overzicht
from app.tijd import nu

logger = logging.getLogger("portfolio.dossier")

TAAK = "dossier.samenvatting"
TEMPLATE = "dossier/samenvatting.html"
# The moment the hash is taken with: the real one is printed on the PDF, and must not make every rendering new.
_VAST_MOMENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_POLL_SECONDEN = 0.2


def besluiten_van(session: Session, student_id: int) -> list[BesluitUit]:
    """The examencommissie's decisions on this student, newest first, as GET /studenten/{id}/diplomabesluiten
    shows them (the manifest holds them as JSON)."""
    return [BesluitUit.van(b) for b in besluit_repository.besluiten_van(session, student_id)]


def context_van(session: Session, gebruiker: Gebruiker, student_id: int) -> dict:
    """What the summary shows to `gebruiker` (need-to-know as on the portfolio page); no permission check."""
    portfolio = overzicht.portfolio(session, gebruiker, student_id, volledig=True)
    return {
        "portfolio": portfolio,
        "cohort": repository.cohort(session, portfolio.inschrijving.cohort_id),
        "resultaten": beroepsvereisten_repository.resultaten_van(session, student_id),
        "besluiten": besluiten_van(session, student_id),
        "verborgen": [b for b in portfolio.bewijsstukken if not overzicht.inhoud_zichtbaar(gebruiker, b)],
        "vervangen": {b.vervangt_id for b in portfolio.beoordelingen if b.vervangt_id is not None},
    }


def inhoud_sha256(context: dict) -> str:
    return hashlib.sha256(render_html(TEMPLATE, {**context, "moment": _VAST_MOMENT}).encode()).hexdigest()


def opgeslagen(session: Session, student_id: int, inhoud: str) -> DossierSamenvatting | None:
    return session.scalar(
        select(DossierSamenvatting).where(
            DossierSamenvatting.student_id == student_id, DossierSamenvatting.inhoud_sha256 == inhoud
        )
    )


def vraag_aan(session: Session, student_id: int, gebruiker_id: int, inhoud: str) -> None:
    """Enqueue the rendering of this content; once per student and content, however many ask."""
    taken.enqueue(
        session, TAAK, sleutel=f"{TAAK}:{student_id}:{inhoud}", student_id=student_id, gebruiker_id=gebruiker_id
    )


@taken.taak(TAAK)
def maak(session: Session, student_id: int, gebruiker_id: int) -> None:
    """Render the summary as `gebruiker_id` sees it now and keep it; a repeat finds it already there."""
    gebruiker = session.get(Gebruiker, gebruiker_id)
    if gebruiker is None:
        raise LookupError(f"gebruiker {gebruiker_id} bestaat niet")
    context = context_van(session, gebruiker, student_id)
    inhoud = inhoud_sha256(context)
    if opgeslagen(session, student_id, inhoud) is not None:
        return
    html = render_html(TEMPLATE, {**context, "moment": nu()})
    session.rollback()  # the database is not needed while WeasyPrint renders
    pdf = pdf_van(html)
    storage = get_storage()
    bestand = bewaar(storage, io.BytesIO(pdf), len(pdf))
    try:
        with session.begin_nested():
            session.add(
                DossierSamenvatting(
                    student_id=student_id,
                    inhoud_sha256=inhoud,
                    opslag_sleutel=bestand.key,
                    sha256=bestand.sha256,
                    grootte=bestand.size,
                    gemaakt_op=nu(),
                )
            )
    except IntegrityError:  # another worker kept the same content first: ours is not needed
        storage.delete(bestand.key)


def leverancier(
    maker: sessionmaker[Session], storage: Storage, context: dict, student_id: int, gebruiker_id: int
) -> Callable[[], bytes]:
    """The summary's bytes, for the ZIP's last entry: stored, made by a worker, or (too slow) made here."""

    def lever() -> bytes:
        inhoud = inhoud_sha256(context)
        with maker() as session:
            gevonden = opgeslagen(session, student_id, inhoud)
        if gevonden is None:
            # A transaction of its own that writes from its first statement: on SQLite a read followed by
            # a write fails at once ("database is locked") when a worker committed in between.
            with als_schrijver(maker()) as session:
                vraag_aan(session, student_id, gebruiker_id, inhoud)
                session.commit()
        deadline = time.monotonic() + get_settings().dossier_pdf_wacht_seconden
        while gevonden is None and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDEN)  # the worker is another process: look again, without holding a connection
            with maker() as session:
                gevonden = opgeslagen(session, student_id, inhoud)
        if gevonden is None:
            logger.warning("samenvatting van student %s: geen werker op tijd, hier gerenderd", student_id)
            return pdf_van(render_html(TEMPLATE, {**context, "moment": nu()}))
        with storage.open(gevonden.opslag_sleutel) as stroom:
            return stroom.read()

    return lever
