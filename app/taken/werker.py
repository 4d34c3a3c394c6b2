"""Running jobs: claim one with a lease, run its function, then mark it klaar, retry it later, or mislukt.

The same worker runs on both databases. On PostgreSQL several `portfolio worker`
processes claim with `FOR UPDATE SKIP LOCKED`, so each job goes to one of them; on
SQLite (one machine) a thread of the serving process runs it, and the claim is a
write transaction (BEGIN IMMEDIATE), which excludes every other writer anyway.

A claim is a short transaction of its own; the job then runs without any lock
held (an SMTP conversation never blocks a request), and its outcome is written in
the job function's own transaction. A worker that dies mid-job leaves the job
`bezig` with a lease in the past: the next claim after the lease takes it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings
from app.db import als_schrijver
from app.models import Taak, TaakStatus
from app.taken import dagelijkse_taken, enqueue, registratie
from app.tijd import nu, vandaag

logger = logging.getLogger("portfolio.taken")

_VERLOPEN = "De werker stopte tijdens de laatste poging (zijn claim verliep zonder uitkomst)."


@dataclass(frozen=True)
class Geclaimd:
    id: int
    naam: str
    argumenten: dict
    poging: int
    max_pogingen: int


def wachttijd(poging: int) -> dt.timedelta:
    """Back-off after the n-th failed try: 30 s, 2 min, 8 min, 32 min … (PORTFOLIO_TAAK_WACHT_SECONDEN × 4^(n-1))."""
    return dt.timedelta(seconds=get_settings().taak_wacht_seconden * 4 ** (poging - 1))


def _neembaar(moment: dt.datetime) -> ColumnElement[bool]:
    """Due and waiting, or claimed by a worker whose lease ran out."""
    return or_(
        and_(Taak.status == TaakStatus.wachtend, Taak.uitvoeren_na <= moment),
        and_(Taak.status == TaakStatus.bezig, Taak.geclaimd_tot < moment),
    )


def werkernaam() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Werker:
    def __init__(self, maker: sessionmaker[Session], naam: str | None = None) -> None:
        self.maker = maker
        self.naam = naam or werkernaam()
        self._gepland_op: dt.date | None = None

    def _sessie(self) -> Session:
        return als_schrijver(self.maker())

    def claim(self) -> Geclaimd | None:
        """Take the oldest due job (or one whose worker's lease ran out) for this worker; commits the claim."""
        moment = nu()
        if not self._iets_te_doen(moment):
            return None
        with self._sessie() as session:
            # A job whose last try never came back is failed, not retried for ever.
            session.execute(
                update(Taak)
                .where(Taak.status == TaakStatus.bezig, Taak.geclaimd_tot < moment)
                .where(Taak.pogingen >= Taak.max_pogingen)
                .values(status=TaakStatus.mislukt, laatste_fout=_VERLOPEN, geclaimd_door=None, geclaimd_tot=None)
            )
            taak = session.scalars(
                select(Taak)
                .where(_neembaar(moment))
                .order_by(Taak.uitvoeren_na, Taak.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if taak is None:
                session.commit()
                return None
            taak.status = TaakStatus.bezig
            taak.pogingen += 1
            taak.geclaimd_door = self.naam
            taak.geclaimd_tot = moment + dt.timedelta(seconds=get_settings().taak_lease_seconden)
            geclaimd = Geclaimd(taak.id, taak.naam, dict(taak.argumenten), taak.pogingen, taak.max_pogingen)
            session.commit()
            return geclaimd

    def _iets_te_doen(self, moment: dt.datetime) -> bool:
        """A read first: an idle poll takes no write lock (on SQLite, no request's write waits for it)."""
        with self.maker() as session:
            return session.scalar(select(Taak.id).where(_neembaar(moment)).limit(1)) is not None

    def voer_uit(self, geclaimd: Geclaimd) -> bool:
        """Run a claimed job; True when it succeeded. Its outcome is written only if this worker still holds it."""
        registratie_ = registratie(geclaimd.naam)
        with self._sessie() as session:
            if not self._houdt_nog(session, geclaimd):
                logger.warning("taak %s: claim verlopen en door een andere werker genomen", geclaimd.id)
                return False
            try:
                if registratie_ is None:
                    raise LookupError(f"onbekende taak '{geclaimd.naam}'")
                registratie_.functie(session, **geclaimd.argumenten)
                waarden: dict = {"status": TaakStatus.klaar, "voltooid_op": nu(), "laatste_fout": None}
                if registratie_.vergeet_argumenten:
                    waarden["argumenten"] = {}
                # The worker's name stays with a finished job: who ran it, for the beheerder and for tests.
                session.execute(self._van_mij(geclaimd).values(geclaimd_tot=None, **waarden))
                session.commit()
                return True
            except Exception as fout:  # any failure of a job is its retry, never the worker's end
                session.rollback()
                logger.warning("taak %s (%s) mislukt: %s", geclaimd.id, geclaimd.naam, fout)
                self._mislukt(session, geclaimd, fout)
                return False

    def _houdt_nog(self, session: Session, geclaimd: Geclaimd) -> bool:
        """This worker still holds the claim (a read; ends its transaction, so the job runs without one)."""
        houder = session.execute(
            select(Taak.status, Taak.geclaimd_door, Taak.pogingen).where(Taak.id == geclaimd.id)
        ).first()
        session.rollback()
        return houder is not None and tuple(houder) == (TaakStatus.bezig, self.naam, geclaimd.poging)

    def _van_mij(self, geclaimd: Geclaimd):  # noqa: ANN202
        return update(Taak).where(
            Taak.id == geclaimd.id, Taak.status == TaakStatus.bezig, Taak.geclaimd_door == self.naam
        )

    def _mislukt(self, session: Session, geclaimd: Geclaimd, fout: Exception) -> None:
        tekst = f"{type(fout).__name__}: {fout}"[:4000]
        laatste = geclaimd.poging >= geclaimd.max_pogingen
        waarden: dict = {"laatste_fout": tekst, "geclaimd_door": None, "geclaimd_tot": None}
        if laatste:
            waarden["status"] = TaakStatus.mislukt
        else:
            waarden.update(status=TaakStatus.wachtend, uitvoeren_na=nu() + wachttijd(geclaimd.poging))
        session.execute(self._van_mij(geclaimd).values(**waarden))
        session.commit()

    def plan_dagelijks(self) -> None:
        """Enqueue today's daily jobs; every worker tries, the key lets one of them through."""
        vandaag_ = vandaag()
        if self._gepland_op == vandaag_ or not dagelijkse_taken():
            return
        with self._sessie() as session:
            for naam in dagelijkse_taken():
                enqueue(session, naam, sleutel=f"{naam}:{vandaag_.isoformat()}")
            session.commit()
        self._gepland_op = vandaag_

    def draai_een(self) -> bool:
        """Claim and run one job; False when nothing was due."""
        geclaimd = self.claim()
        if geclaimd is None:
            return False
        self.voer_uit(geclaimd)
        return True

    def draai_tot_leeg(self) -> int:
        """Run due jobs until none is left (tests, `portfolio worker --tot-leeg`); how many ran."""
        aantal = 0
        while self.draai_een():
            aantal += 1
        return aantal

    def draai(self, stop: threading.Event, wacht: float = 1.0) -> None:
        """Poll until `stop` is set: plan the daily jobs, run what is due, else wait a moment."""
        logger.info("werker %s gestart", self.naam)
        while not stop.is_set():
            try:
                self.plan_dagelijks()
                if self.draai_een():
                    continue
            except Exception:  # the database away for a moment: try again after the pause
                logger.exception("werker %s: wachtrij niet bereikbaar", self.naam)
            stop.wait(wacht)
        logger.info("werker %s gestopt", self.naam)


class Achtergrond:
    """The SQLite worker: a daemon thread of the serving process, started and stopped with the app."""

    def __init__(self, maker: sessionmaker[Session]) -> None:
        self.werker = Werker(maker)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.werker.draai, args=(self._stop,), daemon=True, name="taken")

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout)
