"""A limit on public verifications per client address: a sliding window kept in the worker's memory.

The login throttle (app.accounts) records attempts in the database, because a
login is rare and must count across workers. A verification is an anonymous
GET that anyone may send in bulk: writing a row for each would turn the limit
itself into a way to fill the database. In memory the limit holds per worker
process, which is enough to stop a script walking through diplomanummers.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

from fastapi import Request

from app.config import get_settings
from app.errors import DomainError
from app.ops.proxy import client_adres

VENSTER_SECONDEN = 60.0
# How many addresses are remembered at most; the least recently seen goes first.
MAX_ADRESSEN = 10_000


class TeVeelVerzoeken(DomainError):
    status_code = 429


class Drempel:
    def __init__(self, maximum: int, venster: float = VENSTER_SECONDEN, klok=time.monotonic) -> None:  # noqa: ANN001
        self.maximum = maximum
        self.venster = venster
        self._klok = klok
        self._lock = threading.Lock()
        self._per_adres: OrderedDict[str, deque[float]] = OrderedDict()

    def toegestaan(self, adres: str) -> bool:
        """Count this request; False when the address already made `maximum` in the window."""
        nu = self._klok()
        with self._lock:
            tijden = self._per_adres.pop(adres, None) or deque()
            while tijden and tijden[0] <= nu - self.venster:
                tijden.popleft()
            self._per_adres[adres] = tijden
            while len(self._per_adres) > MAX_ADRESSEN:
                self._per_adres.popitem(last=False)
            if len(tijden) >= self.maximum:
                return False
            tijden.append(nu)
            return True


def controleer(request: Request) -> None:
    """Route dependency for the public verification: 429 (problem JSON or Dutch page) above the limit."""
    drempel = getattr(request.app.state, "verificatiedrempel", None)
    if drempel is None:
        drempel = request.app.state.verificatiedrempel = Drempel(get_settings().verificatie_max_per_minuut)
    if not drempel.toegestaan(client_adres(request)):
        raise TeVeelVerzoeken("Te veel verificaties vanaf dit adres. Probeer het over een minuut opnieuw.")
