"""Storing a bewijsstuk's files: storage first, then the rows, and nothing left behind when it fails.

Files are stored before their rows are added. Whatever fails before the request
commits removes the files stored for it again (here, and via `db.bij_rollback`
when the commit itself fails); a crash in between leaves at most an orphan that
`portfolio storage check` reports. Files of a deleted concept are removed only
after the commit, and only when no other version still refers to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import bij_rollback, na_commit
from app.errors import DomainError, OngeldigeInvoer
from app.models import Bestand, BewijsstukVersie, Gebruiker
from app.opslag import Storage, StoredFile, bewaar, sanitize_filename
from app.opslag.storage import MiB, leesbare_grootte
from app.portfolio import repository
from app.portfolio.schemas import Upload

MAX_BESTANDEN = 20  # per upload


class PortfolioVol(DomainError):
    status_code = 413

    def __init__(self, over: int, totaal: int):
        super().__init__(
            f"Er is niet genoeg ruimte meer in je portfolio: je hebt nog {leesbare_grootte(max(over, 0))} "
            f"van de {leesbare_grootte(totaal)}. Verklein het bestand of vraag de beheerder om meer ruimte."
        )


def max_bestand_bytes() -> int:
    return get_settings().max_bestand_mb * MiB


def max_student_bytes() -> int:
    return get_settings().max_student_mb * MiB


def ruimte_over(session: Session, student_id: int) -> int:
    return max_student_bytes() - repository.gebruikte_ruimte(session, student_id)


def controleer_aangekondigde_grootte(session: Session, gebruiker: Gebruiker, content_length: int | None) -> None:
    """Refuse an upload by its announced size, before a byte of it is read."""
    if content_length is None:
        return
    over = ruimte_over(session, gebruiker.id)
    # A little room for the text fields and the multipart framing.
    if content_length > over + MiB:
        raise PortfolioVol(over, max_student_bytes())
    if content_length > MAX_BESTANDEN * max_bestand_bytes() + MiB:
        raise OngeldigeInvoer(f"Upload hoogstens {MAX_BESTANDEN} bestanden tegelijk.")


@contextmanager
def nieuwe_bestanden(
    session: Session, storage: Storage, uploads: list[Upload]
) -> Iterator[list[tuple[Upload, StoredFile]]]:
    """Store the files, then let the caller add their rows: all of it, or none of it.

    Called before the use case's first query: copying and hashing a large file holds no
    database connection and no lock. The caller checks the space (`controleer_ruimte`)
    once it holds its locks.
    """
    if len(uploads) > MAX_BESTANDEN:
        raise OngeldigeInvoer(f"Upload hoogstens {MAX_BESTANDEN} bestanden tegelijk.")
    opgeslagen: list[tuple[Upload, StoredFile]] = []
    # If the request's commit fails after this block, the request's rollback removes the files.
    bij_rollback(session, lambda: _verwijder(storage, [s.key for _, s in opgeslagen]))
    try:
        for upload in uploads:
            opgeslagen.append((upload, _bewaar(storage, upload)))
        yield opgeslagen
    except BaseException:
        _verwijder(storage, [s.key for _, s in opgeslagen])
        raise


def controleer_ruimte(session: Session, student_id: int, opgeslagen: list[tuple[Upload, StoredFile]]) -> None:
    """Do the stored files fit in the student's space? Checked under the student's lock, so parallel uploads
    are counted one after the other, and the lock is held until the rows are committed."""
    if not opgeslagen:
        return
    repository.vergrendel_ruimte(session, student_id)
    over = ruimte_over(session, student_id)
    if sum(stored.size for _, stored in opgeslagen) > over:
        raise PortfolioVol(over, max_student_bytes())


def _bewaar(storage: Storage, upload: Upload) -> StoredFile:
    """Store one file; a refusal names the file, so the student knows which one of several it was."""
    try:
        return bewaar(storage, upload.stream, max_bestand_bytes())
    except DomainError as fout:
        naam = sanitize_filename(upload.naam)
        melding = f"{naam}: {fout.detail[:1].lower()}{fout.detail[1:]}"
        fout.detail = melding
        fout.errors = [{"veld": "bestanden", "melding": melding, "bestand": naam}]
        raise


def voeg_bestanden_toe(versie: BewijsstukVersie, opgeslagen: list[tuple[Upload, StoredFile]]) -> list[Bestand]:
    volgende = max((b.volgorde for b in versie.bestanden), default=-1) + 1
    nieuw = [
        Bestand(
            volgorde=nummer,
            opslag_sleutel=stored.key,
            naam=sanitize_filename(upload.naam),
            grootte=stored.size,
            mediatype=stored.mediatype,
            sha256=stored.sha256,
        )
        for nummer, (upload, stored) in enumerate(opgeslagen, start=volgende)
    ]
    versie.bestanden.extend(nieuw)
    return nieuw


def verwijder_na_commit(session: Session, storage: Storage, sleutels: set[str]) -> None:
    """Remove stored files no version refers to any more, once the deletion of their rows is committed."""
    ongebruikt = sleutels - repository.sleutels_in_gebruik(session, sleutels)
    if ongebruikt:
        na_commit(session, lambda: _verwijder(storage, sorted(ongebruikt)))


def _verwijder(storage: Storage, sleutels: list[str]) -> None:
    for sleutel in sleutels:
        storage.delete(sleutel)
