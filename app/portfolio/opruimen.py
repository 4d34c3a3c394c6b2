"""The daily clean-up of uploads a crash or a dropped connection left half-written in storage (temp files on disk,
multipart uploads on S3)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from app import taken
from app.opslag import GRACE, get_storage
from app.opslag.storage import Onvoltooid

logger = logging.getLogger("portfolio.opslag")


@taken.taak("opslag.tijdelijk_opruimen", dagelijks=True)
def ruim_tijdelijke_bestanden_op(_session: Session) -> None:
    """Remove unfinished uploads older than the grace an upload in progress may take."""
    opslag = get_storage()
    if not isinstance(opslag, Onvoltooid):
        return
    weg = list(opslag.unfinished(GRACE))
    for naam in weg:
        opslag.remove_unfinished(naam)
    if weg:
        logger.info("tijdelijke bestanden opgeruimd", extra={"fields": {"aantal": len(weg)}})
