"""The dossier export: load everything in a fixed number of queries, put the export on the record, let go of
the database, and only then read the files and render the summary (app.dossier.stroom streams them).

Who may take it: the student their own dossier, the examencommissie any (policy).
What is in it follows need-to-know: exactly what this person sees on the
portfolio page, every version of every bewijsstuk with its files; hidden
evidence is out of the dossier (DOMAIN.md), and the manifest says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from app import tijd
from app.audit import service as audit
from app.beroepsvereisten import repository as beroepsvereisten_repository
from app.besluit import repository as besluit_repository
from app.besluit.schemas import BesluitUit
from app.db import schrijft_voortaan, tussentijds_vastleggen
from app.documenten import render_pdf
from app.dossier import manifest, repository
from app.dossier.rules import DossierBestand
from app.models import Gebruiker
from app.opslag import Storage
from app.portfolio import overzicht
from app.toegang import policy

logger = logging.getLogger("portfolio.dossier")


@dataclass(frozen=True)
class DossierExport:
    bestandsnaam: str  # of the ZIP, for Content-Disposition
    manifest: bytes
    # Renders samenvatting.pdf from what was loaded; called when the ZIP reaches it, as its last entry,
    # so the download starts before the PDF is made (about 40 ms a page).
    samenvatting: Callable[[], bytes]
    bestanden: tuple[DossierBestand, ...]  # present in storage, in manifest order


def besluiten_voor_manifest(session: Session, student_id: int) -> list[dict]:
    """The examencommissie's decisions on this student as GET /studenten/{id}/diplomabesluiten shows them."""
    return [BesluitUit.van(b).model_dump(mode="json") for b in besluit_repository.besluiten_van(session, student_id)]


def dossier_exporteren(session: Session, storage: Storage, gebruiker: Gebruiker, student_id: int) -> DossierExport:
    """The whole dossier of the student, ready to stream; the export is in the audit trail when this returns."""
    policy.vereis_mag_dossier_exporteren(session, gebruiker, student_id)
    portfolio = overzicht.portfolio(session, gebruiker, student_id, volledig=True)
    cohort = repository.cohort(session, portfolio.inschrijving.cohort_id)
    resultaten = beroepsvereisten_repository.resultaten_van(session, student_id)
    besluiten = besluiten_voor_manifest(session, student_id)
    # Everything is loaded: give the connection back before touching storage or rendering the PDF.
    tussentijds_vastleggen(session)

    bewijs = [manifest.bewijs_van(b) for b in portfolio.bewijsstukken if overzicht.inhoud_zichtbaar(gebruiker, b)]
    verborgen = [b for b in portfolio.bewijsstukken if not overzicht.inhoud_zichtbaar(gebruiker, b)]
    alle_bestanden = manifest.bestanden_van(bewijs)
    ontbreekt = {b.pad for b in alle_bestanden if not _aanwezig(storage, b)}
    aanwezig = [b for b in alle_bestanden if b.pad not in ontbreekt]
    ontbrekend = [b.pad for b in alle_bestanden if b.pad in ontbreekt]
    if ontbrekend:
        logger.warning("dossier van student %s: %d bestanden ontbreken in de opslag", student_id, len(ontbrekend))

    moment = tijd.nu()
    inhoud = manifest.manifest(
        portfolio=portfolio,
        cohort=cohort,
        bewijs=bewijs,
        verborgen=verborgen,
        resultaten=resultaten,
        besluiten=besluiten,
        ontbrekend=ontbrekend,
        samengesteld_voor=gebruiker,
        moment=moment,
    )
    samenvatting = partial(
        render_pdf,
        "dossier/samenvatting.html",
        {
            "portfolio": portfolio,
            "cohort": cohort,
            "resultaten": resultaten,
            "besluiten": besluiten,
            "verborgen": verborgen,
            "moment": moment,
            "vervangen": {b.vervangt_id for b in portfolio.beoordelingen if b.vervangt_id is not None},
        },
    )

    # On the record before a byte leaves, in a short transaction of its own.
    schrijft_voortaan(session)
    audit.registreer(
        session,
        gebruiker,
        "dossier_geexporteerd",
        "gebruiker",
        student_id,
        bestanden=len(aanwezig),
        ontbrekend=len(ontbrekend),
        bytes=sum(b.grootte for b in aanwezig),
    )
    tussentijds_vastleggen(session)

    kenmerk = portfolio.student.studentnummer or str(student_id)
    return DossierExport(
        bestandsnaam=f"dossier-{kenmerk}-{tijd.vandaag().isoformat()}.zip",
        manifest=manifest.als_json(inhoud),
        samenvatting=samenvatting,
        bestanden=tuple(aanwezig),
    )


def _aanwezig(storage: Storage, bestand: DossierBestand) -> bool:
    """Stored, and as large as recorded: a file cut short would break the ZIP halfway through the download."""
    try:
        return storage.size(bestand.opslag_sleutel) == bestand.grootte
    except Exception:  # a key storage refuses counts as missing; the export goes on without it
        logger.exception("bestand %s niet te controleren", bestand.pad)
        return False
