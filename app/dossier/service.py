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

from sqlalchemy.orm import Session, sessionmaker

from app import tijd
from app.audit import service as audit
from app.besluit import service as besluit_service
from app.db import schrijft_voortaan, tussentijds_vastleggen
from app.diploma.pdf import DiplomaGegevens
from app.dossier import manifest, samenvatting
from app.dossier.rules import DossierBestand, diploma_pad
from app.models import DiplomaPdf, Gebruiker
from app.opslag import Storage
from app.portfolio import overzicht
from app.toegang import policy

logger = logging.getLogger("portfolio.dossier")


@dataclass(frozen=True)
class DossierExport:
    bestandsnaam: str  # of the ZIP, for Content-Disposition
    manifest: bytes
    # Gives samenvatting.pdf (stored, or rendered by a worker); called when the ZIP reaches it, as its last
    # entry, so the download starts at once and the files stream while the PDF is made.
    samenvatting: Callable[[], bytes]
    bestanden: tuple[DossierBestand, ...]  # present in storage, in manifest order
    diplomas: tuple[DiplomaInDossier, ...] = ()


@dataclass(frozen=True)
class DiplomaInDossier:
    """The PDF of a diploma set by the examencommissie, as it stands (a revoked one says so on the PDF)."""

    pad: str
    gegevens: DiplomaGegevens  # to render it when no worker stored it yet
    opgeslagen: DiplomaPdf | None


def dossier_exporteren(
    session: Session, storage: Storage, gebruiker: Gebruiker, student_id: int, maker: sessionmaker[Session]
) -> DossierExport:
    """The whole dossier of the student, ready to stream; the export is in the audit trail when this returns.

    `maker` opens the short sessions the stream needs later for its summary (app.dossier.samenvatting)."""
    policy.vereis_mag_dossier_exporteren(session, gebruiker, student_id)
    context = samenvatting.context_van(session, gebruiker, student_id)
    portfolio, cohort, verborgen = context["portfolio"], context["cohort"], context["verborgen"]
    diplomas = tuple(
        DiplomaInDossier(
            diploma_pad(b.diplomanummer), *besluit_service.diploma_pdf(session, gebruiker, b.diplomanummer)
        )
        for b in context["besluiten"]
        if b.diplomanummer
    )
    # Everything is loaded: give the connection back before touching storage or rendering the PDF.
    tussentijds_vastleggen(session)

    bewijs = [manifest.bewijs_van(b) for b in portfolio.bewijsstukken if overzicht.inhoud_zichtbaar(gebruiker, b)]
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
        resultaten=context["resultaten"],
        besluiten=[b.model_dump(mode="json") for b in context["besluiten"]],
        diplomas=[(d.pad, d.gegevens) for d in diplomas],
        ontbrekend=ontbrekend,
        samengesteld_voor=gebruiker,
        moment=moment,
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
        samenvatting=samenvatting.leverancier(maker, storage, context, student_id, gebruiker.id),
        bestanden=tuple(aanwezig),
        diplomas=diplomas,
    )


def _aanwezig(storage: Storage, bestand: DossierBestand) -> bool:
    """Stored, and as large as recorded: a file cut short would break the ZIP halfway through the download."""
    try:
        return storage.size(bestand.opslag_sleutel) == bestand.grootte
    except Exception:  # a key storage refuses counts as missing; the export goes on without it
        logger.exception("bestand %s niet te controleren", bestand.pad)
        return False
