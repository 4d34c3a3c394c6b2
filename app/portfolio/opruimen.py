"""The daily clean-up of uploads a crash or a dropped connection left half-written in storage."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from app import taken
from app.opslag import GRACE, get_storage

logger = logging.getLogger("portfolio.opslag")


@taken.taak("opslag.tijdelijk_opruimen", dagelijks=True)
def ruim_tijdelijke_bestanden_op(_session: Session) -> None:
    """Remove unfinished uploads older than the grace an upload in progress may take."""
    opslag = get_storage()
    weg = list(opslag.iter_stale_temp(GRACE))
    for naam in weg:
        opslag.delete_temp(naam)
    if weg:
        logger.info("tijdelijke bestanden opgeruimd", extra={"fields": {"aantal": len(weg)}})
